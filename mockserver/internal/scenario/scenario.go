// Package scenario reads and writes graphmock's scenario files: YAML or JSON holding call records
// in Graph's own JSON shape (sessions and segments nested) and optional fault rules. Loading
// converts the YAML node by node, so key order, scalars as written and every node's line
// survive; checks every entity (ids, times, nesting, and whatever the injected Checker says) and
// reports each problem as file:line: /pointer: reason; and builds the store the scenario
// describes, all or nothing. Export writes a store back as a scenario that loads to the same
// state. It knows nothing of HTTP, schemas or fault rules beyond what is injected.
package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Scenario is seed data for the mock, in Graph's own JSON shape: each call record is the JSON
// Graph returns for GET /communications/callRecords/{id}?$expand=sessions($expand=segments),
// with its sessions (and their segments) nested, and optionally organizer_v2 and
// participants_v2; PstnCalls and DirectRoutingCalls are the rows getPstnCalls and
// getDirectRoutingCalls answer with (pstnCallLogRow, directRoutingLogRow), as in the value of
// their responses. It is the Go-value form of a scenario file, for tests that build their data
// in code (mockserver's WithScenario).
type Scenario struct {
	Name               string            `json:"name"`
	Description        string            `json:"description,omitempty"`
	CallRecords        []json.RawMessage `json:"callRecords"`
	PstnCalls          []json.RawMessage `json:"pstnCalls,omitempty"`
	DirectRoutingCalls []json.RawMessage `json:"directRoutingCalls,omitempty"`
}

// Problem is one thing wrong with a scenario: where (file, line, JSON pointer) and why.
type Problem struct {
	File    string
	Line    int
	Pointer string
	Message string
}

// String formats the problem as `file:line: /pointer: reason`, the form editors and CI logs link.
// It is always one line: control characters in the parts (a key named "a\nb" makes a pointer
// with a newline) are written as Go escapes.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(oneLine(p.File))
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Pointer != "" {
		b.WriteString(oneLine(p.Pointer))
		b.WriteString(": ")
	}
	b.WriteString(oneLine(p.Message))
	return b.String()
}

// oneLine escapes the control characters and line separators of s (\n, \x00, \u2028), so s
// cannot break a line-oriented report.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, breaksLine) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if breaksLine(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// breaksLine reports the runes oneLine escapes.
func breaksLine(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }

// ErrInvalid is what every *Error matches with errors.Is: a scenario did not load, and nothing
// was changed. mockserver exports it as ErrInvalidScenario.
var ErrInvalid = errors.New("invalid scenario")

// Error reports every problem found while loading a scenario. Loading is all-or-nothing: when
// it is returned, the server's state has not changed. It matches ErrInvalid. mockserver exports
// it as ScenarioError.
type Error struct {
	Problems []Problem
	// Subject is what was not loaded, for messages: "" is a scenario; "call record" is one
	// record added through the admin API (LoadRecord).
	Subject string
}

// Error lists the problems, one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Info summarises a loaded scenario: what a start-up line or a readiness check reports.
// mockserver exports it as ScenarioInfo.
type Info struct {
	Name         string `json:"name"`
	Description  string `json:"description,omitempty"`
	Source       string `json:"source"`
	CallRecords  int    `json:"callRecords"`
	Sessions     int    `json:"sessions"`
	Segments     int    `json:"segments"`
	Participants int    `json:"participants"`
	// PstnCalls and DirectRoutingCalls count the rows of the two reports.
	PstnCalls          int `json:"pstnCalls"`
	DirectRoutingCalls int `json:"directRoutingCalls"`
}

// String is a one-line summary for logs; the reports' rows are counted when there are any.
func (i Info) String() string {
	s := fmt.Sprintf("scenario %q from %s: %d call records, %d sessions, %d segments, %d participants",
		i.Name, i.Source, i.CallRecords, i.Sessions, i.Segments, i.Participants)
	if i.PstnCalls > 0 || i.DirectRoutingCalls > 0 {
		s += fmt.Sprintf(", %d PSTN calls, %d Direct Routing calls", i.PstnCalls, i.DirectRoutingCalls)
	}
	return s
}
