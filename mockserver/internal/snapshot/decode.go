package snapshot

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// Decode loads a snapshot made by Encode. A snapshot that does not decode (made by another
// version, or damaged) is an error naming the line; it is never half loaded. It reads the head
// and never the body: each deferred entity's JSON is sliced out of the body by the lengths in
// the head, so the body's pages (most of a snapshot) are first touched when an entity in them is
// read. A body whose lengths add up but whose JSON is damaged is therefore not noticed here: its
// entity reads as an object without members (store.Defer), and the test that keeps the embedded
// snapshots current is what refuses one. It never writes into data, and the entities it returns
// alias it (each capped at its end): data may be read-only memory, and must not change
// afterwards.
func Decode(data []byte) (*scenario.Loaded, error) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(first) != header {
		return nil, fmt.Errorf("scenario snapshot: the first line is not %q", header)
	}
	d := &snapshotDecoder{out: &scenario.Loaded{}}
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
		d, err := scenario.ParseSpan(out.Retention)
		if err != nil {
			return nil, fmt.Errorf("scenario snapshot: retention: %w", err)
		}
		out.Store.SetRetention(d)
	}
	return out, nil
}

// snapshotDecoder is what Decode has read so far. The sessions and segments of all
// records are kept in one list each, sized by the summary's counts, and handed to the records by
// tree at the end: a list per session, grown line by line, was most of what decoding allocated.
type snapshotDecoder struct {
	out      *scenario.Loaded
	records  []store.RecordData
	sessions []store.SessionData
	segments []store.Entry
	parts    []store.Entry        // the participants
	recFrom  []int                // the index in sessions of each record's first session
	recParts []int                // the index in parts of each record's first participant
	sesFrom  []int                // the index in segments of each session's first segment
	rows     [2][]reports.Pending // their Raw set by fill
	bodies   []snapshotBody       // the deferred entities, in body order
	sc       jsondoc.Scanner      // one scanner's memory for every entity of the head
}

// snapshotBody is an entity whose JSON is in the body: its kind ('P', 'S', 'G', 'C', 'D'),
// evolvable mark and length, and where it goes: its index in parts, sessions, segments or
// rows[kind].
type snapshotBody struct {
	kind      byte
	evolvable bool
	size      int
	at        int
}

// sized makes room for the counts the summary gives (the I line comes first), so the lists are
// allocated once.
func (d *snapshotDecoder) sized(info scenario.Info) {
	d.records = make([]store.RecordData, 0, info.CallRecords)
	d.recFrom = make([]int, 0, info.CallRecords)
	d.recParts = make([]int, 0, info.CallRecords)
	d.parts = make([]store.Entry, 0, info.Participants)
	d.sessions = make([]store.SessionData, 0, info.Sessions)
	d.sesFrom = make([]int, 0, info.Sessions)
	d.segments = make([]store.Entry, 0, info.Segments)
	d.rows[reports.PSTN] = make([]reports.Pending, 0, info.PstnCalls)
	d.rows[reports.DirectRouting] = make([]reports.Pending, 0, info.DirectRoutingCalls)
	d.bodies = make([]snapshotBody, 0, info.Participants+info.Sessions+info.Segments+info.PstnCalls+info.DirectRoutingCalls)
}

// tree hands each record its participants and sessions, and each session its segments.
func (d *snapshotDecoder) tree() []store.RecordData {
	for i := range d.sessions {
		d.sessions[i].Segments = run(d.segments, d.sesFrom, i)
	}
	for i := range d.records {
		d.records[i].Sessions = run(d.sessions, d.recFrom, i)
		d.records[i].Participants = run(d.parts, d.recParts, i)
	}
	return d.records
}

// run is the i-th of the runs starts cuts items into (starts[i] up to the next start, or to the
// end for the last), capped so that appending to it never reaches the next; nil when empty.
func run[T any](items []T, starts []int, i int) []T {
	to := len(items)
	if i+1 < len(starts) {
		to = starts[i+1]
	}
	if from := starts[i]; from < to {
		return items[from:to:to]
	}
	return nil
}

// errNotKind is a head line without the shape "KIND[+] REST".
var errNotKind = errors.New("not KIND JSON or KIND LENGTH")

// line reads one head line (not the B line).
func (d *snapshotDecoder) line(line []byte) error {
	if string(line) == "U" { // a record without people
		return d.inline('U', nil, false)
	}
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
	case 'P', 'S', 'G', 'C', 'D':
		return d.deferred(kind, rest, evolvable)
	}
	return d.inline(kind, rest, evolvable)
}

// deferred reads the rest of a head line of an entity whose JSON is in the body, "N" or
// "N ID START END", and notes where its JSON goes.
func (d *snapshotDecoder) deferred(kind byte, rest []byte, evolvable bool) error {
	size, i := 0, 0
	for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9' && i < 10; i++ {
		size = size*10 + int(rest[i]-'0')
	}
	if i == 0 || i < len(rest) && rest[i] != ' ' {
		return fmt.Errorf("a %q line without the length of its JSON", kind)
	}
	body := snapshotBody{kind: kind, evolvable: evolvable, size: size}
	if k := strings.IndexByte(rowKinds, kind); k >= 0 {
		if i < len(rest) {
			return fmt.Errorf("a %q line with more than the length of its JSON", kind)
		}
		body.at = len(d.rows[k])
		d.rows[k] = append(d.rows[k], reports.Pending{Evolvable: evolvable})
		d.bodies = append(d.bodies, body)
		return nil
	}
	if len(d.records) == 0 {
		return fmt.Errorf("a %q line before the first call record", kind)
	}
	if i == len(rest) {
		return fmt.Errorf("a %q line without its key", kind)
	}
	e, err := keyEntry(rest[i+1:])
	if err != nil {
		return err
	}
	switch kind {
	case 'P':
		body.at = len(d.parts)
		d.parts = append(d.parts, e)
	case 'S':
		body.at = len(d.sessions)
		d.sessions = append(d.sessions, store.SessionData{Entry: e})
		d.sesFrom = append(d.sesFrom, len(d.segments))
	default:
		if len(d.sessions) == d.recFrom[len(d.recFrom)-1] {
			return fmt.Errorf("a segment before its record's first session")
		}
		body.at = len(d.segments)
		d.segments = append(d.segments, e)
	}
	d.bodies = append(d.bodies, body)
	return nil
}

// keyEntry makes an entity whose JSON is deferred from its key: "ID START END".
func keyEntry(key []byte) (store.Entry, error) {
	var toks [3][]byte
	for i := range toks {
		tok, rest, ok, err := nextToken(key)
		if err != nil || !ok {
			return store.Entry{}, fmt.Errorf("a key that is not ID START END: %w", cmp.Or(err, errToken))
		}
		toks[i], key = tok, rest
	}
	if len(key) > 0 {
		return store.Entry{}, fmt.Errorf("a key that is not ID START END: %w", errToken)
	}
	e := store.Entry{ID: string(toks[0])}
	var err error
	if e.Start, err = tokenTime(toks[1], toks[0], "startDateTime"); err != nil {
		return store.Entry{}, err
	}
	if e.End, err = tokenTime(toks[2], toks[0], "endDateTime"); err != nil {
		return store.Entry{}, err
	}
	return e, nil
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
		case 'P':
			d.parts[b.at].Deferred = store.Defer(raw, b.evolvable)
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

// inline reads a line that holds all it says: the summary, the clock, a fault rule, a call
// record and what belongs to the record itself.
func (d *snapshotDecoder) inline(kind byte, raw []byte, evolvable bool) error {
	out := d.out
	switch kind {
	case 'I':
		info, err := decodeInfo(&d.sc, raw)
		if err != nil {
			return err
		}
		out.Info = info
		if d.records == nil && d.bodies == nil { // the first line, as Encode writes it
			d.sized(out.Info)
		}
		return nil
	case 'F':
		out.Faults = append(out.Faults, json.RawMessage(raw))
		return nil
	case 'T':
		ts, err := decodeTimes(&d.sc, raw)
		out.Clock, out.Retention = ts.Clock, ts.Retention
		return err
	case 'R':
		e, err := d.entry(raw, evolvable)
		d.records = append(d.records, store.RecordData{Entry: e})
		d.recFrom = append(d.recFrom, len(d.sessions))
		d.recParts = append(d.recParts, len(d.parts))
		return err
	}
	if len(d.records) == 0 {
		return fmt.Errorf("a %q line before the first call record", kind)
	}
	r := &d.records[len(d.records)-1]
	switch kind {
	case 'A':
		st, err := decodeTiming(&d.sc, raw)
		r.Timing = store.Timing(st)
		return err
	case 'O':
		r.Organizer = raw
		return nil
	case 'U':
		r.People = []string{} // found when the snapshot was made: none to look for
		for len(raw) > 0 {
			id, rest, _, err := nextToken(raw)
			if err != nil {
				return err
			}
			r.People, raw = append(r.People, string(id)), rest
		}
		return nil
	}
	return fmt.Errorf("unknown kind %q", kind)
}

// entry rebuilds a call record from its JSON and its evolvable mark: its id and the times the
// store orders and filters by come from the JSON itself, as when it was first loaded.
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
