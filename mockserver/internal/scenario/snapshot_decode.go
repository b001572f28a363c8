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
	out.Store = store.Build(d.records)
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

// snapshotDecoder is what DecodeSnapshot has read so far.
type snapshotDecoder struct {
	out     *Loaded
	records []store.RecordData
	rows    [2][]reports.Pending // their Raw set by fill
	bodies  []snapshotBody       // the deferred entities, in body order
	sc      jsondoc.Scanner      // one scanner's memory for every entity of the head
}

// snapshotBody is a deferred entity whose JSON is in the body: its kind ('S', 'G', 'C', 'D'),
// evolvable mark and length, and where it goes: records[rec].Sessions[ses] for a session, its
// Segments[seg] for a segment, rows[kind][seg] for a report row.
type snapshotBody struct {
	kind          byte
	evolvable     bool
	size          int
	rec, ses, seg int
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
		body.seg = len(d.rows[k])
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
	body.rec = len(d.records) - 1
	r := &d.records[body.rec]
	if kind == 'S' {
		body.ses, body.seg = len(r.Sessions), -1
		r.Sessions = append(r.Sessions, store.SessionData{Entry: e})
	} else {
		if len(r.Sessions) == 0 {
			return fmt.Errorf("a segment before its record's first session")
		}
		body.ses = len(r.Sessions) - 1
		s := &r.Sessions[body.ses]
		body.seg = len(s.Segments)
		s.Segments = append(s.Segments, e)
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
			d.records[b.rec].Sessions[b.ses].Deferred = store.Defer(raw, b.evolvable)
		case 'G':
			d.records[b.rec].Sessions[b.ses].Segments[b.seg].Deferred = store.Defer(raw, b.evolvable)
		default:
			d.rows[strings.IndexByte(rowKinds, b.kind)][b.seg].Raw = raw
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
		e, err := d.entry(raw, evolvable)
		d.records = append(d.records, store.RecordData{Entry: e})
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
