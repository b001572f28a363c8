package scenario

import (
	"fmt"
	"strings"
	"testing"
)

func TestExportLoadsBackToTheSameState(t *testing.T) {
	t.Parallel()
	first, err := Load("s.yaml", []byte(twoRecords), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Export(Header{Name: first.Info.Name, Description: first.Info.Description}, first.Store.Snapshot(), first.Reports, []byte(`[{"id":"f1","status":429}]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"name: two\n",
		`startDateTime: "2026-11-20T09:59:59.1234567Z"`,
		"x: 9007199254740993",
		"organizer_v2: null",
		"faults:\n  - id: f1\n    status: 429",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	again, err := Load("export.yaml", out, nil, nil)
	if err != nil {
		t.Fatalf("the export does not load: %v\n%s", err, out)
	}
	if fmt.Sprint(again.Store.Snapshot()) != fmt.Sprint(first.Store.Snapshot()) {
		t.Fatalf("the export loads to another state:\n%s", out)
	}
	if len(again.Faults) != 1 || string(again.Faults[0]) != `{"id":"f1","status":429}` {
		t.Fatalf("faults after the round trip: %q", again.Faults)
	}
	if again.Info.Description != first.Info.Description || again.Info.Segments != 1 {
		t.Fatalf("info after the round trip: %+v", again.Info)
	}
	plain, err := Export(Header{Name: "empty"}, nil, nil, nil)
	if err != nil || string(plain) != "name: empty\ncallRecords: []\n" {
		t.Fatalf("empty export: %q %v", plain, err)
	}
}
