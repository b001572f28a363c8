package validate

import (
	"io/fs"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/scenarios"
)

// TestAcceptTakesStoredEntitiesButNoControlAnnotation: every entity of the default scenario, as
// stored (compact, canonical), is accepted; with a control annotation added it is not, because
// the scenario loader's fast path relies on the closed schemas refusing them (it does not strip
// them from what Accept took).
func TestAcceptTakesStoredEntitiesButNoControlAnnotation(t *testing.T) {
	t.Parallel()
	v := compiled(t)
	data, err := fs.ReadFile(scenarios.FS(), "default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := scenario.Load("default.yaml", data, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	// Every stored entity is canonical (the loader made it so): the verdict must say so, or the
	// loader of a generated scenario would walk each entity again.
	try := func(et model.EntityType, raw []byte, evolvable bool) {
		t.Helper()
		seen[et.Name()]++
		ok, verdict := v.Accept(et, raw, 200, nil)
		if !ok {
			t.Errorf("%s not accepted: %.200s", et.Name(), raw)
		} else if !verdict.Canonical || evolvable && !verdict.Evolvable {
			t.Errorf("%s: verdict %+v for a stored entity (evolvable %v): %.200s", et.Name(), verdict, evolvable, raw)
		}
		for _, control := range []string{"@odata.context", "@odata.etag", "sessions@odata.nextLink", "@odata.id"} {
			with := append([]byte(`{"`+control+`":"x",`), raw[1:]...)
			if ok, _ := v.Accept(et, with, 200, nil); ok {
				t.Errorf("%s accepted with %s: %.200s", et.Name(), control, with)
			}
		}
	}
	for _, rd := range l.Store.Snapshot() {
		try(model.CallRecord(), rd.Obj.Raw, rd.Obj.Evolvable)
		if rd.Organizer != nil {
			try(model.Organizer(), rd.Organizer, false)
		}
		for _, p := range rd.Participants {
			try(model.Participant(), p.Obj.Raw, p.Obj.Evolvable)
		}
		for _, s := range rd.Sessions {
			try(model.Session(), s.Obj.Raw, s.Obj.Evolvable)
			for _, g := range s.Segments {
				try(model.Segment(), g.Obj.Raw, g.Obj.Evolvable)
			}
		}
	}
	for _, et := range []model.EntityType{model.CallRecord(), model.Organizer(), model.Participant(), model.Session(), model.Segment()} {
		if seen[et.Name()] == 0 {
			t.Errorf("the default scenario holds no %s: the test checks nothing for it", et.Name())
		}
	}
}
