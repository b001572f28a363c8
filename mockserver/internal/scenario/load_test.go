package scenario

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

const twoRecords = `name: two
description: two records, one session
callRecords:
  - id: r1
    startDateTime: 2026-11-20T09:59:59.1234567Z
    endDateTime: 2026-11-20T11:00:00Z
    organizer_v2: {id: o1}
    participants_v2: [{id: p1}, {id: p1}]
    sessions:
      - id: s1
        startDateTime: 2026-11-20T10:00:00Z
        endDateTime: 2026-11-20T10:30:00Z
        segments:
          - {id: g1, startDateTime: 2026-11-20T10:00:00Z, endDateTime: 2026-11-20T10:10:00Z, media: [{x: 9007199254740993}]}
  - id: r2
    organizer_v2: null
faults:
  - {id: f1, status: 429}
  - {preset: graph-throttling}
`

// problems loads data and returns its problems as strings (nil when it loads).
func problems(t *testing.T, data string, check Checker, faults FaultChecker) []string {
	t.Helper()
	_, err := Load("s.yaml", []byte(data), check, faults)
	if err == nil {
		return nil
	}
	var se *Error
	if !errors.As(err, &se) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("err %T %v is not an *Error matching ErrInvalid", err, err)
	}
	var out []string
	for _, p := range se.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestLoadBuildsTheStore(t *testing.T) {
	t.Parallel()
	l, err := Load("s.yaml", []byte(twoRecords), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Info{Name: "two", Description: "two records, one session", Source: "s.yaml", CallRecords: 2, Sessions: 1, Segments: 1, Participants: 2}
	if l.Info != want {
		t.Fatalf("info = %+v, want %+v", l.Info, want)
	}
	g, err := l.Store.Segment("r1", "s1", "g1")
	if err != nil || !strings.Contains(string(g.Raw), `"media":[{"x":9007199254740993}]`) {
		t.Fatalf("segment %s %v", g.Raw, err)
	}
	if org, err := l.Store.Organizer("r1"); err != nil || string(org) != `{"id":"o1"}` {
		t.Fatalf("organizer %s %v", org, err)
	}
	if _, err := l.Store.Organizer("r2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("null organizer: %v", err)
	}
	if p, _ := l.Store.Participants("r1", store.Position{Size: 10}); p.Total != 2 {
		t.Fatalf("a repeated participant id must load both: %d", p.Total)
	}
	if len(l.Faults) != 2 || string(l.Faults[0]) != `{"id":"f1","status":429}` || string(l.Faults[1]) != `{"preset":"graph-throttling"}` {
		t.Fatalf("faults = %q", l.Faults)
	}
}

func TestLoadReportsCheckerViolationsAtTheirLine(t *testing.T) {
	t.Parallel()
	check := CheckFunc(func(tp model.EntityType, raw []byte) []model.Violation {
		if tp == model.Segment() && strings.Contains(string(raw), `"media"`) {
			return []model.Violation{{Pointer: "/media/0/x", Code: "invalidValue", Message: "x is not allowed"}}
		}
		if tp == model.Organizer() {
			return []model.Violation{{Pointer: "/id", Code: "invalidValue", Message: "organizers are refused"}}
		}
		return nil
	})
	got := problems(t, twoRecords, check, nil)
	want := []string{
		"s.yaml:14: /callRecords/0/sessions/0/segments/0/media/0/x: x is not allowed",
		"s.yaml:7: /callRecords/0/organizer_v2/id: organizers are refused",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadAsksTheFaultChecker(t *testing.T) {
	t.Parallel()
	var seen []string
	faults := func(raw []byte) ([]string, error) {
		seen = append(seen, string(raw))
		if strings.Contains(string(raw), "preset") {
			return nil, errors.New("no presets here")
		}
		return []string{"f1"}, nil
	}
	data := twoRecords + "  - {id: f1, status: 503}\n"
	got := problems(t, data, nil, faults)
	want := []string{
		"s.yaml:19: /faults/1: no presets here",
		"s.yaml:20: /faults/2/id: fault rule id \"f1\" is used twice",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(seen) != 3 {
		t.Fatalf("problems:\n%s\nwant:\n%s\nchecker saw %q", strings.Join(got, "\n"), strings.Join(want, "\n"), seen)
	}
	if got := problems(t, "faults: {}\n", nil, faults); fmt.Sprint(got) != "[s.yaml:1: /faults: faults must be a list, found a mapping]" {
		t.Fatalf("faults not a list: %v", got)
	}
}

func TestLoadStopsListingAfterMaxProblems(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("callRecords:\n")
	for range maxProblems + 10 {
		b.WriteString("  - {version: 1}\n")
	}
	got := problems(t, b.String(), nil, nil)
	if len(got) != maxProblems+1 || got[maxProblems] != "s.yaml: too many problems; stopped listing them here" {
		t.Fatalf("%d problems, last %q", len(got), got[len(got)-1])
	}
}

func TestProblemIsOneLine(t *testing.T) {
	t.Parallel()
	p := Problem{File: "a\nb.yaml", Line: 3, Pointer: "/x\u2028y", Message: "bad\x00value"}
	if got := p.String(); got != `a\nb.yaml:3: /x\u2028y: bad\x00value` {
		t.Fatalf("String() = %q", got)
	}
	if got := (Problem{File: "f", Message: "m"}).String(); got != "f: m" {
		t.Fatalf("without line and pointer: %q", got)
	}
	e := &Error{Problems: []Problem{{File: "f", Line: 1, Message: "a"}, {File: "f", Line: 2, Message: "b"}}}
	if e.Error() != "f:1: a\nf:2: b" {
		t.Fatalf("Error() = %q", e.Error())
	}
}
