package store

import (
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// entry is an Entry as the store keeps it, with its insertion sequence number, which fixes the
// stable listing order and is what paging positions point at. A million segments are a million
// entries, so it is kept small (96 bytes against an Entry's 128 and the sequence number): the
// JSON without a member index (stored entities are read unindexed: jsondoc.Object.Unindexed),
// and the times as seconds and nanoseconds in UTC, which is how the loader and the writes hand
// them in (read from canonical JSON); a time that would not come back the same that way (another
// location, a monotonic reading) is kept whole in zoned.
type entry struct {
	ID       string
	raw      []byte    // the JSON (empty when deferred)
	deferred *Deferred // the JSON unscanned (see Defer), or nil
	// startSec and endSec are Unix seconds, startNsec and endNsec the nanoseconds in the second.
	startSec, endSec   int64
	startNsec, endNsec int32
	seq                uint64
	zoned              *[2]time.Time // start and end as given, when they are not plain UTC times
	evolvable          bool          // jsondoc.Object.Evolvable
}

// newEntry stores e with sequence number seq.
func newEntry(e Entry, seq uint64) entry {
	n := entry{ID: e.ID, seq: seq}
	n.set(e)
	return n
}

// set stores e's JSON and times in place of the entry's own; its id and sequence number stay.
func (e *entry) set(from Entry) {
	e.raw, e.deferred, e.evolvable = from.Obj.Raw, from.Deferred, from.Obj.Evolvable
	e.startSec, e.startNsec = from.Start.Unix(), int32(from.Start.Nanosecond())
	e.endSec, e.endNsec = from.End.Unix(), int32(from.End.Nanosecond())
	e.zoned = nil
	if e.start() != from.Start || e.end() != from.End {
		e.zoned = &[2]time.Time{from.Start, from.End}
	}
}

// setObject replaces the entry's JSON with obj (a write's), keeping its times.
func (e *entry) setObject(obj jsondoc.Object) {
	e.raw, e.deferred, e.evolvable = obj.Raw, nil, obj.Evolvable
}

// start is the entity's startDateTime (zero: none).
func (e *entry) start() time.Time {
	if e.zoned != nil {
		return e.zoned[0]
	}
	return time.Unix(e.startSec, int64(e.startNsec)).In(time.UTC)
}

// end is the entity's endDateTime (zero: none).
func (e *entry) end() time.Time {
	if e.zoned != nil {
		return e.zoned[1]
	}
	return time.Unix(e.endSec, int64(e.endNsec)).In(time.UTC)
}

// object returns the entity's JSON, the deferred JSON scanned on its first read.
func (e *entry) object() jsondoc.Object {
	if e.deferred != nil {
		return e.deferred.object()
	}
	return jsondoc.Object{Raw: e.raw, Evolvable: e.evolvable}
}

// rawJSON returns the entry's JSON without scanning a deferred entry's.
func (e *entry) rawJSON() []byte {
	if e.deferred != nil {
		return e.deferred.raw
	}
	return e.raw
}

// resolved returns the entry as a plain value with its JSON scanned, for callers outside the store.
func (e *entry) resolved() Entry {
	return Entry{ID: e.ID, Obj: e.object(), Start: e.start(), End: e.end()}
}

// size is what the entity counts against the budget: its JSON's length, deferred or not.
func (e *entry) size() int64 { return int64(len(e.rawJSON())) }
