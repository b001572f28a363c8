package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// DecodeSnapshot loads a snapshot made by EncodeSnapshot. A snapshot that does not decode (made
// by another version, or damaged) is an error naming the line; it is never half loaded. It reads
// the head and never the body: each deferred entity's JSON is sliced out of the body by the
// lengths in the head, so the body's pages (most of a snapshot) are first touched when an entity
// in them is read. A body whose lengths add up but whose JSON is damaged is therefore not
// noticed here: its entity reads as an object without members (store.Defer), and the test that
// keeps the embedded snapshots current is what refuses one. It never writes into data, and the
// entities it returns alias it (each capped at its end): data may be read-only memory, and must
// not change afterwards.
func DecodeSnapshot(data []byte) (*Loaded, error) {
	header, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(header) != snapshotHeader {
		return nil, fmt.Errorf("scenario snapshot: the first line is not %q", snapshotHeader)
	}
	d := &snapshotDecoder{out: &Loaded{}}
	for n := 2; ; n++ {
		if len(rest) == 0 {
			return nil, fmt.Errorf("scenario snapshot: line %d: the snapshot ends before its B line", n)
		}
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if string(line) == "B" {
			break
		}
		if err := d.line(line[:len(line):len(line)]); err != nil { // an append to an entity's bytes never reaches the next line
			return nil, fmt.Errorf("scenario snapshot: line %d: %w", n, err)
		}
	}
	if err := d.fill(rest); err != nil {
		return nil, fmt.Errorf("scenario snapshot: %w", err)
	}
	out := d.out
	out.Store = store.Build(d.tree())
	out.Reports = reports.NewDeferredBook(d.rows[reports.PSTN], d.rows[reports.DirectRouting])
	if out.Retention != "" {
		d, err := ParseSpan(out.Retention)
		if err != nil {
			return nil, fmt.Errorf("scenario snapshot: retention: %w", err)
		}
		out.Store.SetRetention(d)
	}
	return out, nil
}

// snapshotDecoder is what DecodeSnapshot has read so far. The sessions and segments of all
// records are kept in one list each, sized by the summary's counts, and handed to the records by
// tree at the end: a list per session, grown line by line, was most of what decoding allocated.
type snapshotDecoder struct {
	out      *Loaded
	records  []store.RecordData
	sessions []store.SessionData
	segments []store.Entry
	recFrom  []int                // the index in sessions of each record's first session
	sesFrom  []int                // the index in segments of each session's first segment
	rows     [2][]reports.Pending // their Raw set by fill
	bodies   []snapshotBody       // the deferred entities, in body order
	sc       jsondoc.Scanner      // one scanner's memory for every entity of the head
}

// snapshotBody is a deferred entity whose JSON is in the body: its kind ('S', 'G', 'C', 'D'),
// evolvable mark and length, and where it goes: its index in sessions, segments or rows[kind].
type snapshotBody struct {
	kind      byte
	evolvable bool
	size      int
	at        int
}

// sized makes room for the counts the summary gives (the I line comes first), so the lists are
// allocated once.
func (d *snapshotDecoder) sized(info Info) {
	d.records = make([]store.RecordData, 0, info.CallRecords)
	d.recFrom = make([]int, 0, info.CallRecords)
	d.sessions = make([]store.SessionData, 0, info.Sessions)
	d.sesFrom = make([]int, 0, info.Sessions)
	d.segments = make([]store.Entry, 0, info.Segments)
	d.rows[reports.PSTN] = make([]reports.Pending, 0, info.PstnCalls)
	d.rows[reports.DirectRouting] = make([]reports.Pending, 0, info.DirectRoutingCalls)
	d.bodies = make([]snapshotBody, 0, info.Sessions+info.Segments+info.PstnCalls+info.DirectRoutingCalls)
}

// tree hands each record its sessions and each session its segments.
func (d *snapshotDecoder) tree() []store.RecordData {
	for i := range d.sessions {
		to := len(d.segments)
		if i+1 < len(d.sessions) {
			to = d.sesFrom[i+1]
		}
		if from := d.sesFrom[i]; from < to {
			d.sessions[i].Segments = d.segments[from:to:to]
		}
	}
	for i := range d.records {
		to := len(d.sessions)
		if i+1 < len(d.records) {
			to = d.recFrom[i+1]
		}
		if from := d.recFrom[i]; from < to {
			d.records[i].Sessions = d.sessions[from:to:to]
		}
	}
	return d.records
}

// errNotKind is a head line without the shape "KIND[+] REST".
var errNotKind = errors.New("not KIND JSON or KIND LENGTH")

// line reads one head line (not the B line).
func (d *snapshotDecoder) line(line []byte) error {
	if len(line) < 2 {
		return errNotKind
	}
	kind, rest := line[0], line[1:]
	evolvable := rest[0] == '+'
	if evolvable {
		rest = rest[1:]
	}
	if len(rest) < 2 || rest[0] != ' ' {
		return errNotKind
	}
	rest = rest[1:]
	switch kind {
	case 'S', 'G', 'C', 'D':
		return d.deferred(kind, rest, evolvable)
	}
	return d.inline(kind, rest, evolvable)
}

// deferred reads the rest of a head line of a deferred entity, "LENGTH" or "LENGTH {key}", and
// notes where its JSON goes.
func (d *snapshotDecoder) deferred(kind byte, rest []byte, evolvable bool) error {
	size, key := 0, []byte(nil)
	i := 0
	for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9' && i < 10; i++ {
		size = size*10 + int(rest[i]-'0')
	}
	if i == 0 || i < len(rest) && rest[i] != ' ' {
		return fmt.Errorf("a %q line without the length of its JSON", kind)
	}
	if i < len(rest) {
		key = rest[i+1:]
	}
	body := snapshotBody{kind: kind, evolvable: evolvable, size: size}
	if k := strings.IndexByte(rowKinds, kind); k >= 0 {
		body.at = len(d.rows[k])
		d.rows[k] = append(d.rows[k], reports.Pending{Evolvable: evolvable})
		d.bodies = append(d.bodies, body)
		return nil
	}
	if len(d.records) == 0 {
		return fmt.Errorf("a %q line before the first call record", kind)
	}
	if key == nil {
		return fmt.Errorf("a %q line without its key", kind)
	}
	e, err := d.entry(key, false)
	if err != nil {
		return err
	}
	e.Obj = jsondoc.Object{} // the key's; the entity's own JSON is deferred
	if kind == 'S' {
		body.at = len(d.sessions)
		d.sessions = append(d.sessions, store.SessionData{Entry: e})
		d.sesFrom = append(d.sesFrom, len(d.segments))
	} else {
		if len(d.sessions) == 0 || len(d.sessions) == d.recFrom[len(d.recFrom)-1] {
			return fmt.Errorf("a segment before its record's first session")
		}
		body.at = len(d.segments)
		d.segments = append(d.segments, e)
	}
	d.bodies = append(d.bodies, body)
	return nil
}

// fill gives each deferred entity its JSON from the body, without reading it.
func (d *snapshotDecoder) fill(body []byte) error {
	off := 0
	for _, b := range d.bodies {
		end := off + b.size
		if end >= len(body) { // its JSON and the newline after it
			return fmt.Errorf("the body (%d bytes) is shorter than the head's lengths", len(body))
		}
		raw := body[off:end:end]
		off = end + 1
		switch b.kind {
		case 'S':
			d.sessions[b.at].Deferred = store.Defer(raw, b.evolvable)
		case 'G':
			d.segments[b.at].Deferred = store.Defer(raw, b.evolvable)
		default:
			d.rows[strings.IndexByte(rowKinds, b.kind)][b.at].Raw = raw
		}
	}
	if off != len(body) {
		return fmt.Errorf("the body holds %d bytes, the head's lengths %d", len(body), off)
	}
	return nil
}

// inline adds the entity of a line that holds its JSON.
func (d *snapshotDecoder) inline(kind byte, raw []byte, evolvable bool) error {
	out := d.out
	switch kind {
	case 'I':
		if err := json.Unmarshal(raw, &out.Info); err != nil {
			return err
		}
		if d.records == nil && d.bodies == nil { // the first line, as EncodeSnapshot writes it
			d.sized(out.Info)
		}
		return nil
	case 'F':
		out.Faults = append(out.Faults, json.RawMessage(raw))
		return nil
	case 'T':
		var ts snapshotTimes
		err := json.Unmarshal(raw, &ts)
		out.Clock, out.Retention = ts.Clock, ts.Retention
		return err
	case 'R':
		e, err := d.entry(raw, evolvable)
		d.records = append(d.records, store.RecordData{Entry: e})
		d.recFrom = append(d.recFrom, len(d.sessions))
		return err
	}
	if len(d.records) == 0 {
		return fmt.Errorf("a %q line before the first call record", kind)
	}
	r := &d.records[len(d.records)-1]
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
		e, err := d.entry(raw, evolvable)
		r.Participants = append(r.Participants, e)
		return err
	}
	return fmt.Errorf("unknown kind %q", kind)
}

// entry rebuilds one stored entity from its JSON (or a deferred one's key) and its evolvable mark:
// its id and the times the store orders and filters by come from the JSON itself, as when it
// was first loaded.
func (d *snapshotDecoder) entry(raw []byte, evolvable bool) (store.Entry, error) {
	obj, err := d.sc.Parse(raw)
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
