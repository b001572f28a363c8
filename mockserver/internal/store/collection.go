package store

import (
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

// entry is a stored Entry with its insertion sequence number, which fixes the stable listing
// order and is what paging positions point at.
type entry struct {
	Entry
	seq uint64
}

func (e *entry) base() *entry { return e }

// keyed is what a collection holds: anything with an entry.
type keyed interface{ base() *entry }

// collection is an ordered set of children of one parent, in sequence order, with an id index.
type collection[T keyed] struct {
	list []T
	byID map[string]T
}

func newCollection[T keyed](capacity int) collection[T] {
	return collection[T]{list: make([]T, 0, capacity), byID: make(map[string]T, capacity)}
}

func (c *collection[T]) add(v T) {
	c.list = append(c.list, v)
	c.byID[v.base().ID] = v
}

// addKeepFirst appends v; when its id is already present, the id keeps naming the first child.
func (c *collection[T]) addKeepFirst(v T) {
	c.list = append(c.list, v)
	if _, ok := c.byID[v.base().ID]; !ok {
		c.byID[v.base().ID] = v
	}
}

func (c *collection[T]) get(id string) (T, bool) {
	v, ok := c.byID[id]
	return v, ok
}

// remove deletes the child with the given id; it reports whether there was one.
func (c *collection[T]) remove(id string) bool {
	v, ok := c.byID[id]
	if !ok {
		return false
	}
	delete(c.byID, id)
	i := c.indexAfter(v.base().seq - 1)
	c.list = append(c.list[:i], c.list[i+1:]...)
	return true
}

// indexAfter returns the index of the first child whose sequence number is greater than seq:
// where a page that continues after seq starts. It is a binary search, so a page costs the same
// wherever it is in the collection.
func (c *collection[T]) indexAfter(seq uint64) int {
	return sort.Search(len(c.list), func(i int) bool { return c.list[i].base().seq > seq })
}

// session is a stored session and its segments.
type session struct {
	entry
	segments collection[*entry]
}

// record is a stored call record with its organizer (kept as JSON, auto-expanded on reads), its
// participants and its sessions; when it may be read (timing); the user ids of the people in it,
// which its change events carry; and whether its created event went out.
type record struct {
	entry
	organizer    []byte
	participants collection[*entry]
	sessions     collection[*session]
	timing       Timing
	people       []string
	announced    bool
}
