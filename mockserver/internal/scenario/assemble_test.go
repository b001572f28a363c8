package scenario

import (
	"fmt"
	"strings"
	"testing"
)

// manyChildren is a scenario whose record has more sessions, and whose session more segments,
// than the assembler searches in order (idSetList), with repeated ids among both, and a second
// record with few of each (its two segments the same id when dupShort is set): ids are judged per
// parent whichever way they are kept.
func manyChildren(dupSession, dupSegment, dupShort bool) string {
	var b strings.Builder
	seg := func(id string) string {
		return fmt.Sprintf(`{"id": %q, "startDateTime": "2026-11-20T09:00:00Z", "endDateTime": "2026-11-20T09:10:00Z", "media": []}`, id)
	}
	b.WriteString(`{"callRecords": [` + "\n" + `{"id": "r1", "sessions": [` + "\n")
	for s := range 20 {
		if s > 0 {
			b.WriteString(",\n")
		}
		id := fmt.Sprintf("s%d", s)
		if dupSession && s == 19 {
			id = "s3"
		}
		fmt.Fprintf(&b, `{"id": %q, "segments": [`, id)
		n := 2
		if s == 0 {
			n = 40
		}
		for g := range n {
			if g > 0 {
				b.WriteString(",\n")
			}
			gid := fmt.Sprintf("g%d", g)
			if dupSegment && g == 39 {
				gid = "g17"
			}
			b.WriteString(seg(gid))
		}
		b.WriteString("]}")
	}
	b.WriteString("],\n" + `"participants_v2": [{"id": "p1"}, {"id": "p2"}]},` + "\n")
	second := "g1"
	if dupShort {
		second = "g0"
	}
	b.WriteString(`{"id": "r2", "sessions": [{"id": "s0", "segments": [` + seg("g0") + ",\n" + seg(second) + "]}]}\n]}")
	return b.String()
}

// The JSON loader's assembler reports repeated session and segment ids, in long and short lists
// alike, as the YAML loader does, and stores what it stores.
func TestAssemblerJudgesIDsPerParent(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		doc  string
		want int
	}{
		{"distinct", manyChildren(false, false, false), 0},
		{"short", manyChildren(false, false, true), 1},
		{"repeated session", manyChildren(true, false, true), 2},
		{"repeated segment", manyChildren(false, true, false), 1},
		{"all", manyChildren(true, true, true), 3},
	} {
		want := loaded(t, func() (*Loaded, error) { return loadYAML("s.json", []byte(c.doc), nil, nil) })
		got := loaded(t, func() (*Loaded, error) { return Load("s.json", []byte(c.doc), nil, nil) })
		if got != want {
			t.Errorf("%s: the JSON loader says\n%.2000s\nthe YAML loader says\n%.2000s", c.name, got, want)
		}
		if n := strings.Count(got, "is used twice"); n != c.want {
			t.Errorf("%s: %d repeated ids reported, want %d:\n%.2000s", c.name, n, c.want, got)
		}
	}
	// Without repeated ids the store is built: every entity.
	l, err := Load("s.json", []byte(manyChildren(false, false, false)), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Info.Sessions != 21 || l.Info.Segments != 40+19*2+2 || l.Info.Participants != 2 || l.Info.CallRecords != 2 {
		t.Fatalf("info %+v", l.Info)
	}
	var segments int
	for _, r := range l.Store.Snapshot() {
		for _, s := range r.Sessions {
			segments += len(s.Segments)
		}
	}
	if segments != l.Info.Segments {
		t.Fatalf("%d segments stored, %d counted", segments, l.Info.Segments)
	}
}
