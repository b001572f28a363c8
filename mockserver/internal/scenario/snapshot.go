package scenario

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
)

// A snapshot is a loaded scenario in the form that is quickest to load again: a head of one line
// per entity, in store order, after a line with the summary and a line per fault rule, then a
// body. An entity's line holds its JSON as the loader left it (canonical), or, for the kinds a
// process may never read (sessions, segments, report rows: nine tenths of a scenario's bytes),
// the length of its JSON in the body and the key members the store needs; the body holds those
// JSONs, one a line, in the order of their head lines. A '+' after the kind marks an entity that
// holds an evolvable enum member (jsondoc.Object.Evolvable), so loading needs no schema to know
// it. Loading reads the head once, with no YAML parser and none of the loader's checks, and
// never reads the body: it slices each deferred entity's JSON out of it by the lengths and
// stores it unscanned (store.Defer, reports.NewDeferredBook), to be scanned on its first read.
// So a process touches only the pages of the head (a tenth of the file) at start-up, and those
// of the entities it serves. A snapshot is only for scenarios that passed the loader's checks
// when it was made: the embedded ones, whose snapshots are generated at build time and checked
// by a test. One line per entity (a deferred one: its head line and its body line) also keeps a
// regenerated snapshot's diff as small as the change to its YAML.
//
//	graphmock-snapshot 5
//	I {"name":…}      the summary (Info)
//	T {"clock":…}     where the clock starts and the retention, when the scenario says
//	F {…}             a faults: entry
//	R {…}             a call record; the lines up to the next R belong to it:
//	A {"available":…} its availableAfter as written, and when that is
//	O {…}             its organizer_v2 (or null)
//	P {…}             a participant
//	S N {key}         a session: its JSON is the next N bytes of the body; key holds its id,
//	                  startDateTime and endDateTime (as its JSON has them). The G lines up to
//	                  the next S or R are its segments
//	G N {key}         a segment, likewise (G+ N {key}: one with an evolvable enum member)
//	C N               a getPstnCalls row (pstnCalls:), after the call records; its JSON in the body
//	D N               a getDirectRoutingCalls row (directRoutingCalls:)
//	B                 the end of the head: the body follows, each JSON followed by a newline
const snapshotHeader = "graphmock-snapshot 5"

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

// EncodeSnapshot writes a loaded scenario as a snapshot.
func EncodeSnapshot(l *Loaded) ([]byte, error) {
	info, err := json.Marshal(l.Info)
	if err != nil {
		return nil, err
	}
	var head, body bytes.Buffer
	kindOf := func(kind byte, evolvable bool) {
		head.WriteByte(kind)
		if evolvable {
			head.WriteByte('+')
		}
		head.WriteByte(' ')
	}
	line := func(kind byte, raw []byte) {
		kindOf(kind, false)
		head.Write(raw)
		head.WriteByte('\n')
	}
	entity := func(kind byte, o jsondoc.Object) {
		kindOf(kind, o.Evolvable)
		head.Write(o.Raw)
		head.WriteByte('\n')
	}
	// deferred writes a head line with the length of o's JSON (and key, unless nil), and the
	// JSON to the body.
	deferred := func(kind byte, o jsondoc.Object, key []byte) {
		kindOf(kind, o.Evolvable)
		head.WriteString(strconv.Itoa(len(o.Raw)))
		if key != nil {
			head.WriteByte(' ')
			head.Write(key)
		}
		head.WriteByte('\n')
		body.Write(o.Raw)
		body.WriteByte('\n')
	}
	keyed := func(kind byte, o jsondoc.Object) {
		key := []byte{'{'}
		for _, name := range [...]string{"id", "startDateTime", "endDateTime"} { // what the store needs
			if v := o.Get(name); v != nil {
				key = append(jsondoc.AppendMember(key, name), v...)
			}
		}
		deferred(kind, o, append(key, '}'))
	}
	head.WriteString(snapshotHeader + "\n")
	line('I', info)
	if !l.Clock.IsZero() || l.Retention != "" {
		raw, err := json.Marshal(snapshotTimes{Clock: l.Clock, Retention: l.Retention})
		if err != nil {
			return nil, err
		}
		line('T', raw)
	}
	for _, f := range l.Faults {
		var compact bytes.Buffer
		if err := json.Compact(&compact, f); err != nil {
			return nil, err
		}
		line('F', compact.Bytes())
	}
	for _, rd := range l.Store.Snapshot() {
		entity('R', rd.Obj)
		if rd.Timing.Available != "" {
			raw, err := json.Marshal(snapshotTiming(rd.Timing))
			if err != nil {
				return nil, err
			}
			line('A', raw)
		}
		if rd.Organizer != nil {
			line('O', rd.Organizer)
		}
		for _, p := range rd.Participants {
			entity('P', p.Obj)
		}
		for _, sd := range rd.Sessions {
			keyed('S', sd.Obj)
			for _, g := range sd.Segments {
				keyed('G', g.Obj)
			}
		}
	}
	for _, k := range reports.Kinds() {
		for _, r := range l.Reports.Rows(k) {
			deferred(rowKinds[k], r.Obj, nil)
		}
	}
	head.WriteString("B\n")
	head.Write(body.Bytes())
	return head.Bytes(), nil
}

// rowKinds are the kinds of the report rows' lines, by reports.Kind.
const rowKinds = "CD"
