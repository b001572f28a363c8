package store

import (
	"maps"
	"sort"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Entry is one entity as the store keeps it: its id (unique within its parent only: Graph
// reuses a GUID across levels), its JSON without navigation properties (in the canonical form
// the loader or the write handler made, immutable), and the times the server orders and filters by. It is a plain value: what a
// scenario seeds and a write hands in, and what a read hands out, never a handle on live state.
type Entry struct {
	ID    string
	Obj   jsondoc.Object
	Start time.Time
	End   time.Time
	// Deferred, when set, holds the JSON unscanned and Obj is empty (see Defer); the store
	// resolves it before handing an Entry out.
	Deferred *Deferred
}

func (e *entry) base() *entry { return e }

// keyed is what a collection holds: anything with an entry.
type keyed interface{ base() *entry }

// collection is an ordered set of children of one parent, in sequence order. Most collections
// are small (a session has one segment or two), and a map per collection would cost more than
// the children themselves at a million segments: so a collection is searched in order until it
// holds more than indexFrom children, and only then gets an id index.
type collection[T keyed] struct {
	list []T
	byID map[string]T // nil until the collection grows past indexFrom
}

// indexFrom is the size from which a collection keeps an id index.
const indexFrom = 8

func newCollection[T keyed](capacity int) collection[T] {
	return collection[T]{list: make([]T, 0, capacity)}
}

// add appends v; it is the caller's job that its id is not taken.
func (c *collection[T]) add(v T) {
	c.list = append(c.list, v)
	if c.byID != nil {
		c.byID[v.base().ID] = v
	} else if len(c.list) > indexFrom {
		c.index()
	}
}

// addKeepFirst appends v; when its id is already present, the id keeps naming the first child.
func (c *collection[T]) addKeepFirst(v T) {
	c.list = append(c.list, v)
	if c.byID != nil {
		if _, ok := c.byID[v.base().ID]; !ok {
			c.byID[v.base().ID] = v
		}
	} else if len(c.list) > indexFrom {
		c.index()
	}
}

// index builds the id index, the first child of each id keeping it.
func (c *collection[T]) index() {
	c.byID = make(map[string]T, 2*len(c.list))
	for _, v := range c.list {
		if _, ok := c.byID[v.base().ID]; !ok {
			c.byID[v.base().ID] = v
		}
	}
}

// get finds the (first) child with the given id.
func (c *collection[T]) get(id string) (T, bool) {
	if c.byID != nil {
		v, ok := c.byID[id]
		return v, ok
	}
	for _, v := range c.list {
		if v.base().ID == id {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// remove deletes the child with the given id; it reports whether there was one.
func (c *collection[T]) remove(id string) bool {
	v, ok := c.get(id)
	if !ok {
		return false
	}
	i := c.indexAfter(v.base().seq - 1)
	c.list = append(c.list[:i], c.list[i+1:]...)
	if c.byID != nil {
		delete(c.byID, id)
		for _, w := range c.list[i:] { // a later child with the same id takes it over
			if w.base().ID == id {
				c.byID[id] = w
				break
			}
		}
	}
	return true
}

// clone copies the collection (its list and index, not the children), for a copy-on-write. The
// index is copied as it is (maps.Clone copies its tables whole, where rebuilding it would hash
// every id again: the 50,000 records of the million).
func (c *collection[T]) clone() collection[T] {
	return collection[T]{list: append(make([]T, 0, len(c.list)+1), c.list...), byID: maps.Clone(c.byID)}
}

// replace puts v where old is (the same id and sequence number), for a copy-on-write.
func (c *collection[T]) replace(old, v T) {
	c.list[c.indexAfter(old.base().seq-1)] = v
	if c.byID != nil {
		if cur, ok := c.byID[v.base().ID]; ok && cur.base() == old.base() {
			c.byID[v.base().ID] = v
		}
	}
}

// indexAfter returns the index of the first child whose sequence number is greater than seq:
// where a page that continues after seq starts. It is a binary search, so a page costs the same
// wherever it is in the collection.
func (c *collection[T]) indexAfter(seq uint64) int {
	return sort.Search(len(c.list), func(i int) bool { return c.list[i].base().seq > seq })
}

// session is a stored session and its segments. owner is the store that may change it in place
// (see Store.own).
type session struct {
	entry
	segments collection[*entry]
	owner    *owner
}

// record is a stored call record with its organizer (kept as JSON, auto-expanded on reads), its
// participants and its sessions; when it may be read (timing); the user ids of the people in it,
// which its change events carry; and the store that may change it in place (owner: see
// Store.own). Whether its created event went out is the store's to say (Store.announced).
type record struct {
	entry
	organizer    []byte
	participants collection[*entry]
	sessions     collection[*session]
	timing       Timing
	people       []string
	owner        *owner
	// fields is the member index of the record's JSON when it was given one (a write's stamp
	// makes one): every write under a record stamps it again (jsondoc.Object.WithValues),
	// which would otherwise scan it each time.
	fields []jsondoc.Field
}

// object returns the record's JSON, with its member index when it has one.
func (r *record) object() jsondoc.Object {
	o := r.entry.object()
	if r.deferred == nil {
		o.Fields = r.fields
	}
	return o
}

// setObject replaces the record's JSON with obj (a write's), keeping its times.
func (r *record) setObject(obj jsondoc.Object) {
	r.entry.setObject(obj)
	r.fields = obj.Fields
}
