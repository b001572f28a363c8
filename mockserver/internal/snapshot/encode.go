// Package snapshot writes and reads a loaded scenario in the form that is quickest to load
// again: what the embedded scenarios are shipped as (scenarios/NAME.snapshot, generated at build
// time), so that a process, and the binary's start-up, neither parses YAML nor decodes most of
// the scenario's JSON before its first request.
package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// A snapshot is a loaded scenario in the form that is quickest to load again: a head of one line
// per entity, in store order, after a line with the summary and a line per fault rule, then a
// body. A call record's line holds its JSON as the loader left it (canonical); the other entities
// (participants, sessions, segments, report rows: nearly all of a scenario's bytes) have their
// JSON in the body, one a line in the order of their head lines, and their head line gives its
// length and what the store keys and orders them by. A '+' after the kind marks an entity that
// holds an evolvable enum member (jsondoc.Object.Evolvable), so loading needs no schema to know
// it. Loading reads the head once, with no YAML parser, no JSON decoding but of the records and
// none of the loader's checks, and never reads the body: it slices each entity's JSON out of it
// by the lengths and stores it unscanned (store.Defer, reports.NewDeferredBook), to be scanned on
// its first read. So a process touches only the pages of the head (a fortieth of the default
// snapshot) at start-up, and those of the entities it serves. A snapshot is only for scenarios
// that passed the loader's checks when it was made: the embedded ones, whose snapshots are
// generated at build time and checked by a test. One line per entity (in the body, another)
// also keeps a regenerated snapshot's diff as small as the change to its YAML.
//
//	graphmock-snapshot 5
//	I {"name":…}      the summary (Info)
//	T {"clock":…}     where the clock starts and the retention, when the scenario says
//	F {…}             a faults: entry
//	R {…}             a call record; the lines up to the next R belong to it:
//	A {"available":…} its availableAfter as written, and when that is
//	O {…}             its organizer_v2 (or null)
//	U ID…             the user ids of its people, which a subscription's participants filter
//	                  matches (store.RecordData.People)
//	P N ID - -        a participant: its JSON is the next N bytes of the body
//	S N ID START END  a session, likewise: its id, startDateTime and endDateTime ("-": absent or
//	                  null). The G lines up to the next S or R are its segments
//	G N ID START END  a segment (G+ …: one with an evolvable enum member)
//	C N               a getPstnCalls row (pstnCalls:), after the call records
//	D N               a getDirectRoutingCalls row (directRoutingCalls:)
//	B                 the end of the head: the body follows, each JSON followed by a newline
//
// ID, START and END are tokens: a string as it is when it is printable ASCII without spaces or
// quotes (and not "-"), else as a JSON string literal.
const header = "graphmock-snapshot 5"

// snapshotTimes is a T line: the scenario's clock and retention.
type snapshotTimes struct {
	Clock     time.Time `json:"clock,omitzero"`
	Retention string    `json:"retention,omitempty"`
}

// snapshotTiming is an A line: a record's availability.
type snapshotTiming struct {
	Available string    `json:"available"`
	From      time.Time `json:"from"`
}

// Encode writes a loaded scenario as a snapshot.
func Encode(l *scenario.Loaded) ([]byte, error) {
	info, err := json.Marshal(l.Info)
	if err != nil {
		return nil, err
	}
	e := &snapshotEncoder{}
	e.head.WriteString(header + "\n")
	e.line('I', info)
	if !l.Clock.IsZero() || l.Retention != "" {
		raw, err := json.Marshal(snapshotTimes{Clock: l.Clock, Retention: l.Retention})
		if err != nil {
			return nil, err
		}
		e.line('T', raw)
	}
	for _, f := range l.Faults {
		var compact bytes.Buffer
		if err := json.Compact(&compact, f); err != nil {
			return nil, err
		}
		e.line('F', compact.Bytes())
	}
	for _, rd := range l.Store.Snapshot() {
		if err := e.record(rd); err != nil {
			return nil, err
		}
	}
	for _, k := range reports.Kinds() {
		for _, r := range l.Reports.Rows(k) {
			e.deferred(rowKinds[k], r.Obj, nil)
		}
	}
	e.head.WriteString("B\n")
	e.head.Write(e.body.Bytes())
	return e.head.Bytes(), nil
}

// rowKinds are the kinds of the report rows' lines, by reports.Kind.
const rowKinds = "CD"

// snapshotEncoder holds the head and the body of a snapshot being written.
type snapshotEncoder struct{ head, body bytes.Buffer }

// kind starts a head line: the kind, '+' when evolvable, a space.
func (e *snapshotEncoder) kind(kind byte, evolvable bool) {
	e.head.WriteByte(kind)
	if evolvable {
		e.head.WriteByte('+')
	}
	e.head.WriteByte(' ')
}

// line writes a head line holding raw.
func (e *snapshotEncoder) line(kind byte, raw []byte) {
	e.kind(kind, false)
	e.head.Write(raw)
	e.head.WriteByte('\n')
}

// deferred writes a head line with the length of o's JSON and key after it (unless nil), and the
// JSON to the body.
func (e *snapshotEncoder) deferred(kind byte, o jsondoc.Object, key []byte) {
	e.kind(kind, o.Evolvable)
	e.head.WriteString(strconv.Itoa(len(o.Raw)))
	if key != nil {
		e.head.WriteByte(' ')
		e.head.Write(key)
	}
	e.head.WriteByte('\n')
	e.body.Write(o.Raw)
	e.body.WriteByte('\n')
}

// record writes a call record and everything under it.
func (e *snapshotEncoder) record(rd store.RecordData) error {
	e.kind('R', rd.Obj.Evolvable)
	e.head.Write(rd.Obj.Raw)
	e.head.WriteByte('\n')
	if rd.Timing.Available != "" {
		raw, err := json.Marshal(snapshotTiming(rd.Timing))
		if err != nil {
			return err
		}
		e.line('A', raw)
	}
	if rd.Organizer != nil {
		e.line('O', rd.Organizer)
	}
	e.head.WriteByte('U')
	for _, id := range rd.People {
		e.head.WriteByte(' ')
		e.head.Write(appendToken(nil, id))
	}
	e.head.WriteByte('\n')
	keyed := func(kind byte, en store.Entry) error {
		key := appendToken(nil, en.ID)
		for _, name := range [...]string{"startDateTime", "endDateTime"} { // what the store orders by
			key = append(key, ' ')
			v := en.Obj.Get(name)
			if v == nil || string(v) == "null" {
				key = append(key, '-')
				continue
			}
			s, ok := en.Obj.GetString(name)
			if !ok || s == "-" {
				return fmt.Errorf("%c %s: %s is not a date-time string", kind, en.ID, name)
			}
			key = appendToken(key, s)
		}
		e.deferred(kind, en.Obj, key)
		return nil
	}
	for _, p := range rd.Participants {
		if err := keyed('P', p); err != nil {
			return err
		}
	}
	for _, sd := range rd.Sessions {
		if err := keyed('S', sd.Entry); err != nil {
			return err
		}
		for _, g := range sd.Segments {
			if err := keyed('G', g); err != nil {
				return err
			}
		}
	}
	return nil
}
