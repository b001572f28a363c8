package explorer

import (
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Source is the engine as the explorer reads and changes it: the plain data of one namespace's
// state (the explorer works out counts and table rows itself) and the two state forms' actions.
// It is an interface so the explorer never imports mockserver nor touches the store's internals;
// mockserver implements it in one file, and tests implement it with fakes.
//
// Paged reads return up to n items after skipping skip, and the collection's total; n = 0 asks
// for the total only. A read's error means the item does not exist (any more): the explorer
// answers 404 and shows the error's text, so it should be the message Graph would give.
type Source interface {
	// Info describes the loaded scenario, for every page's header.
	Info() Info
	// Records pages the call records in listing order.
	Records(skip, n int) Page[Record]
	// Record reads one call record.
	Record(id string) (Record, error)
	// Participants pages a call record's participants_v2.
	Participants(recordID string, skip, n int) (Page[jsondoc.Object], error)
	// Sessions pages a call record's sessions (without their segments).
	Sessions(recordID string, skip, n int) (Page[jsondoc.Object], error)
	// Session reads one session (without its segments).
	Session(recordID, sessionID string) (jsondoc.Object, error)
	// Segments pages a session's segments.
	Segments(recordID, sessionID string, skip, n int) (Page[jsondoc.Object], error)
	// Segment reads one segment.
	Segment(recordID, sessionID, segmentID string) (jsondoc.Object, error)
	// LoadScenario replaces the state with a scenario file (name is for problem lines), all or
	// nothing. An error of type Problems is listed line by line; any other is shown as one line.
	LoadScenario(name string, data []byte) error
	// Reset returns the state to the scenario as loaded.
	Reset()
}

// Page is one page of a collection and the collection's size, which the pager needs.
type Page[T any] struct {
	Items []T
	Total int
}

// Record is a call record as stored: its own JSON and its organizer_v2 JSON (nil without one),
// the two things a row of the call record table reads, and (from Source.Record) when it became
// available: Available, zero when it was there from the start, and AvailableAfter as its
// scenario wrote it ("25m"), for the timeline.
type Record struct {
	JSON           jsondoc.Object
	Organizer      []byte
	Available      time.Time
	AvailableAfter string
}

// Info is the loaded scenario as every page's header names it.
type Info struct {
	Name, Description, Source                     string
	CallRecords, Sessions, Segments, Participants int
}

// Problems is why a scenario did not load, one line per problem (file:line: /pointer: reason).
// Source.LoadScenario returns it so the home page can list each problem on its own line.
type Problems []string

// Error lists the problems, one per line.
func (p Problems) Error() string { return strings.Join(p, "\n") }
