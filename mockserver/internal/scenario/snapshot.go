package scenario

import (
	"encoding/json"
	"fmt"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// A snapshot is a loaded scenario in the form that is quickest to load again: every entity's
// JSON as the loader left it, in store order, plus the summary and the fault rules. It skips the
// YAML parser and every check, so it is only for scenarios that passed them when the snapshot was
// made: the embedded ones, whose snapshots are generated at build time and checked by a test.

// snapshotDoc is a snapshot's JSON.
type snapshotDoc struct {
	Info    Info              `json:"info"`
	Faults  []json.RawMessage `json:"faults,omitempty"`
	Records []snapshotRecord  `json:"records"`
}

type snapshotRecord struct {
	Obj          json.RawMessage   `json:"obj"`
	Organizer    json.RawMessage   `json:"organizer,omitempty"`
	Participants []json.RawMessage `json:"participants,omitempty"`
	Sessions     []snapshotSession `json:"sessions,omitempty"`
}

type snapshotSession struct {
	Obj      json.RawMessage   `json:"obj"`
	Segments []json.RawMessage `json:"segments,omitempty"`
}

// EncodeSnapshot writes a loaded scenario as a snapshot.
func EncodeSnapshot(l *Loaded) ([]byte, error) {
	doc := snapshotDoc{Info: l.Info, Faults: l.Faults}
	for _, rd := range l.Store.Snapshot() {
		r := snapshotRecord{Obj: rd.Obj.Raw, Organizer: rd.Organizer}
		for _, p := range rd.Participants {
			r.Participants = append(r.Participants, p.Obj.Raw)
		}
		for _, sd := range rd.Sessions {
			ses := snapshotSession{Obj: sd.Obj.Raw}
			for _, g := range sd.Segments {
				ses.Segments = append(ses.Segments, g.Obj.Raw)
			}
			r.Sessions = append(r.Sessions, ses)
		}
		doc.Records = append(doc.Records, r)
	}
	return json.Marshal(doc)
}

// DecodeSnapshot loads a snapshot made by EncodeSnapshot. A snapshot that does not decode (made
// by another version, or damaged) is an error naming what is wrong; it is never half loaded.
func DecodeSnapshot(data []byte) (*Loaded, error) {
	var doc snapshotDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("scenario snapshot: %w", err)
	}
	records := make([]store.RecordData, len(doc.Records))
	for i, r := range doc.Records {
		e, err := snapshotEntry(r.Obj)
		if err != nil {
			return nil, err
		}
		rd := store.RecordData{Entry: e, Organizer: r.Organizer}
		for _, raw := range r.Participants {
			p, err := snapshotEntry(raw)
			if err != nil {
				return nil, err
			}
			rd.Participants = append(rd.Participants, p)
		}
		for _, s := range r.Sessions {
			se, err := snapshotEntry(s.Obj)
			if err != nil {
				return nil, err
			}
			sd := store.SessionData{Entry: se, Segments: make([]store.Entry, 0, len(s.Segments))}
			for _, raw := range s.Segments {
				g, err := snapshotEntry(raw)
				if err != nil {
					return nil, err
				}
				sd.Segments = append(sd.Segments, g)
			}
			rd.Sessions = append(rd.Sessions, sd)
		}
		records[i] = rd
	}
	return &Loaded{Store: store.Build(records), Info: doc.Info, Faults: doc.Faults}, nil
}

// snapshotEntry rebuilds one stored entity from its JSON: its id and the times the store orders
// and filters by come from the JSON itself, as when it was first loaded.
func snapshotEntry(raw []byte) (store.Entry, error) {
	obj, err := jsondoc.Parse(raw)
	if err != nil {
		return store.Entry{}, fmt.Errorf("scenario snapshot: %w", err)
	}
	id, _ := obj.GetString("id")
	e := store.Entry{ID: id, Obj: obj}
	if e.Start, err = store.TimeMember(obj, "startDateTime"); err != nil {
		return store.Entry{}, fmt.Errorf("scenario snapshot: %s: %w", id, err)
	}
	if e.End, err = store.TimeMember(obj, "endDateTime"); err != nil {
		return store.Entry{}, fmt.Errorf("scenario snapshot: %s: %w", id, err)
	}
	return e, nil
}
