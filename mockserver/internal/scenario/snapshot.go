package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// A snapshot is a loaded scenario in the form that is quickest to load again: one line per
// entity, its JSON as the loader left it (canonical), in store order, after a line with the
// summary and a line per fault rule. A '+' after the kind marks an entity that holds an evolvable
// enum member (jsondoc.Object.Evolvable), so loading needs no schema to know it. Loading it reads each entity's JSON once, with no YAML parser and none of
// the loader's checks, so a snapshot is only for scenarios that passed them when it was made: the
// embedded ones, whose snapshots are generated at build time and checked by a test. One line per
// entity also keeps a regenerated snapshot's diff as small as the change to its YAML.
//
//	graphmock-snapshot 4
//	I {"name":…}      the summary (Info)
//	T {"clock":…}     where the clock starts and the retention, when the scenario says
//	F {…}             a faults: entry
//	R {…}             a call record; the lines up to the next R belong to it:
//	A {"available":…} its availableAfter as written, and when that is
//	O {…}             its organizer_v2 (or null)
//	P {…}             a participant
//	S {…}             a session; the G lines up to the next S or R are its segments
//	G {key}\t{…}      a segment (G+ …: one with an evolvable enum member)
//	C {…}             a getPstnCalls row (pstnCalls:), after the call records
//	D {…}             a getDirectRoutingCalls row (directRoutingCalls:)
//
// A segment's line starts with its key members (id, startDateTime, endDateTime, as its JSON has
// them) and a tab, which compact JSON never holds: loading reads only the key and stores the rest
// unscanned (store.Defer), because segments are nine tenths of a scenario's bytes and a process
// may serve few of them. Report rows load unscanned too (reports.NewDeferredBook): the whole
// book is scanned on a process's first call of a report.
const snapshotHeader = "graphmock-snapshot 4"

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
	var b bytes.Buffer
	line := func(kind byte, raw []byte) {
		b.WriteByte(kind)
		b.WriteByte(' ')
		b.Write(raw)
		b.WriteByte('\n')
	}
	entity := func(kind byte, o jsondoc.Object) {
		if o.Evolvable {
			b.WriteByte(kind)
			kind = '+'
		}
		line(kind, o.Raw)
	}
	b.WriteString(snapshotHeader + "\n")
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
	segment := func(o jsondoc.Object) {
		key := []byte{'{'}
		for _, name := range [...]string{"id", "startDateTime", "endDateTime"} { // what the store needs
			if v := o.Get(name); v != nil {
				key = append(jsondoc.AppendMember(key, name), v...)
			}
		}
		key = append(key, '}')
		entity('G', jsondoc.Object{Raw: append(append(key, '\t'), o.Raw...), Evolvable: o.Evolvable})
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
			entity('S', sd.Obj)
			for _, g := range sd.Segments {
				segment(g.Obj)
			}
		}
	}
	for _, k := range reports.Kinds() {
		for _, r := range l.Reports.Rows(k) {
			entity(rowKinds[k], r.Obj)
		}
	}
	return b.Bytes(), nil
}

// DecodeSnapshot loads a snapshot made by EncodeSnapshot. A snapshot that does not decode (made
// by another version, or damaged) is an error naming the line; it is never half loaded. It never
// writes into data, and the entities it returns alias it (each line capped at its end): data may
// be read-only memory, and must not change afterwards.
func DecodeSnapshot(data []byte) (*Loaded, error) {
	header, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(header) != snapshotHeader {
		return nil, fmt.Errorf("scenario snapshot: the first line is not %q", snapshotHeader)
	}
	out := &Loaded{}
	var records []store.RecordData
	var rows [2][]reports.Pending
	for n := 2; len(rest) > 0; n++ {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		line = line[:len(line):len(line)] // an append to an entity's bytes never reaches the next line
		line = line[:len(line):len(line)]
		kind, rest := line[0], line[1:]
		evolvable := len(rest) > 0 && rest[0] == '+'
		if evolvable {
			rest = rest[1:]
		}
		if len(rest) < 2 || rest[0] != ' ' {
			return nil, fmt.Errorf("scenario snapshot: line %d is not KIND JSON", n)
		}
		if k := strings.IndexByte(rowKinds, kind); k >= 0 {
			rows[k] = append(rows[k], reports.Pending{Raw: rest[1:], Evolvable: evolvable})
			continue
		}
		if err := addSnapshotLine(out, &records, kind, rest[1:], evolvable); err != nil {
			return nil, fmt.Errorf("scenario snapshot: line %d: %w", n, err)
		}
	}
	out.Store = store.Build(records)
	out.Reports = reports.NewDeferredBook(rows[reports.PSTN], rows[reports.DirectRouting])
	if out.Retention != "" {
		d, err := ParseSpan(out.Retention)
		if err != nil {
			return nil, fmt.Errorf("scenario snapshot: retention: %w", err)
		}
		out.Store.SetRetention(d)
	}
	return out, nil
}

// rowKinds are the kinds of the report rows' lines, by reports.Kind.
const rowKinds = "CD"

// addSnapshotLine adds one line's entity to what is being loaded.
func addSnapshotLine(out *Loaded, records *[]store.RecordData, kind byte, raw []byte, evolvable bool) error {
	switch kind {
	case 'I':
		return json.Unmarshal(raw, &out.Info)
	case 'F':
		out.Faults = append(out.Faults, json.RawMessage(raw))
		return nil
	case 'T':
		var ts snapshotTimes
		err := json.Unmarshal(raw, &ts)
		out.Clock, out.Retention = ts.Clock, ts.Retention
		return err
	case 'R':
		e, err := snapshotEntry(raw, evolvable)
		*records = append(*records, store.RecordData{Entry: e})
		return err
	}
	if len(*records) == 0 {
		return fmt.Errorf("a %q line before the first call record", kind)
	}
	r := &(*records)[len(*records)-1]
	switch kind {
	case 'A':
		var st snapshotTiming
		err := json.Unmarshal(raw, &st)
		r.Timing = store.Timing(st)
		return err
	case 'O':
		r.Organizer = raw
		return nil
	case 'P':
		e, err := snapshotEntry(raw, evolvable)
		r.Participants = append(r.Participants, e)
		return err
	case 'S':
		e, err := snapshotEntry(raw, evolvable)
		r.Sessions = append(r.Sessions, store.SessionData{Entry: e})
		return err
	case 'G':
		if len(r.Sessions) == 0 {
			return fmt.Errorf("a segment before its record's first session")
		}
		key, rest, ok := bytes.Cut(raw, []byte("\t"))
		if !ok {
			return fmt.Errorf("a segment without its key")
		}
		e, err := snapshotEntry(key, false)
		e.Obj, e.Deferred = jsondoc.Object{}, store.Defer(rest, evolvable)
		s := &r.Sessions[len(r.Sessions)-1]
		s.Segments = append(s.Segments, e)
		return err
	}
	return fmt.Errorf("unknown kind %q", kind)
}

// snapshotEntry rebuilds one stored entity from its JSON and its evolvable mark: its id and the
// times the store orders and filters by come from the JSON itself, as when it was first loaded.
func snapshotEntry(raw []byte, evolvable bool) (store.Entry, error) {
	obj, err := jsondoc.Parse(raw)
	if err != nil {
		return store.Entry{}, err
	}
	obj.Evolvable = evolvable
	id, _ := obj.GetString("id")
	e := store.Entry{ID: id, Obj: obj}
	if e.Start, err = store.TimeMember(obj, "startDateTime"); err != nil {
		return store.Entry{}, fmt.Errorf("%s: %w", id, err)
	}
	if e.End, err = store.TimeMember(obj, "endDateTime"); err != nil {
		return store.Entry{}, fmt.Errorf("%s: %w", id, err)
	}
	return e, nil
}
