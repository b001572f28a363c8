package store

import (
	"sync"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Deferred is an entity's JSON kept unscanned until something reads it. Scanning is most of what
// loading a snapshot costs, and segments are most of a scenario's bytes, while a test or a
// start-up probe reads a few of them: so a snapshot's segments are stored deferred, and a process
// scans each one at most once (clones of a store share it), on its first read.
//
// Only JSON that was checked when it was stored may be deferred: a snapshot's, made by the
// loader from a scenario that passed every check and tested against its YAML at build time.
// Should such JSON still not scan, the entity reads as an object without members (its bytes are
// kept, so an export writes them back unchanged).
type Deferred struct {
	raw       []byte
	evolvable bool
	once      sync.Once
	obj       jsondoc.Object
}

// Defer wraps compact JSON of one object for a deferred Entry; evolvable is what
// jsondoc.Object.Evolvable will say. raw is kept, not copied, and must not change.
func Defer(raw []byte, evolvable bool) *Deferred {
	return &Deferred{raw: raw, evolvable: evolvable}
}

// object scans the JSON on the first call and returns the same object on every call.
func (d *Deferred) object() jsondoc.Object {
	d.once.Do(func() {
		obj, err := jsondoc.Parse(d.raw)
		if err != nil {
			obj = jsondoc.Object{Raw: d.raw}
		}
		obj.Evolvable = d.evolvable
		d.obj = obj
	})
	return d.obj
}

// entrySize is what an entity counts against the budget: its JSON's length, deferred or not.
func entrySize(e *Entry) int64 {
	if e.Deferred != nil {
		return int64(len(e.Deferred.raw))
	}
	return int64(len(e.Obj.Raw))
}
