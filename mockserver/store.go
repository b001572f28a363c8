package mockserver

import (
	"sort"
	"sync"
	"time"
)

// entry is one stored entity: its id (unique within its parent only: Graph reuses a GUID across
// levels), an insertion sequence number that fixes the stable listing order and that paging
// tokens point at, its JSON without navigation properties, and the times the server orders and
// filters by.
type entry struct {
	id    string
	seq   uint64
	obj   object
	start time.Time
	end   time.Time
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
	c.byID[v.base().id] = v
}

// addKeepFirst appends v; when its id is already present, the id keeps naming the first child.
func (c *collection[T]) addKeepFirst(v T) {
	c.list = append(c.list, v)
	if _, ok := c.byID[v.base().id]; !ok {
		c.byID[v.base().id] = v
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
// participants and its sessions.
type record struct {
	entry
	organizer    []byte
	participants collection[*entry]
	sessions     collection[*session]
}

// store holds the call records in memory. mu guards recs, nextSeq and everything reachable
// from the records (collections, entries). Entries' objects are immutable, so readers copy the
// object headers under the read lock and encode after releasing it.
type store struct {
	mu      sync.RWMutex
	recs    collection[*record]
	nextSeq uint64
}

func newStore() *store {
	return &store{recs: newCollection[*record](0)}
}

// seq hands out the next sequence number; callers hold mu for writing.
func (s *store) seq() uint64 {
	s.nextSeq++
	return s.nextSeq
}

// replace swaps in the contents of another store built off-line (scenario loading), so a load is
// all-or-nothing and readers never see a half-loaded state.
func (s *store) replace(from *store) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recs = from.recs
	s.nextSeq = from.nextSeq
}

// page is a slice of a collection: the items, the sequence number of the last one (where the next
// page continues), whether more follow, and the collection's total size for $count.
type page[T any] struct {
	items   []T
	lastSeq uint64
	more    bool
	total   int
}

// pageOf copies up to n children that follow position after (skipping skip of them first) and
// keep(...) accepts. keep may be nil.
func pageOf[T keyed, R any](c *collection[T], after uint64, skip, n int, keep func(T) bool, view func(T) R) page[R] {
	p := page[R]{items: make([]R, 0, min(n, len(c.list)))}
	i := c.indexAfter(after)
	if keep == nil {
		p.total = len(c.list)
		i += skip
		for ; i < len(c.list) && len(p.items) < n; i++ {
			p.items = append(p.items, view(c.list[i]))
			p.lastSeq = c.list[i].base().seq
		}
		p.more = i < len(c.list)
		return p
	}
	for _, v := range c.list {
		if keep(v) {
			p.total++
		}
	}
	for ; i < len(c.list); i++ {
		v := c.list[i]
		if !keep(v) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if len(p.items) == n {
			p.more = true
			break
		}
		p.items = append(p.items, view(v))
		p.lastSeq = v.base().seq
	}
	return p
}

// clone copies the store's structure so that writes to the copy never reach the original.
// Objects are immutable and shared; entries, collections and indexes are new.
func (s *store) clone() *store {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := &store{recs: newCollection[*record](len(s.recs.list)), nextSeq: s.nextSeq}
	for _, r := range s.recs.list {
		nr := &record{entry: r.entry, organizer: r.organizer}
		nr.participants = newCollection[*entry](len(r.participants.list))
		for _, p := range r.participants.list {
			np := *p
			nr.participants.addKeepFirst(&np)
		}
		nr.sessions = newCollection[*session](len(r.sessions.list))
		for _, ses := range r.sessions.list {
			ns := &session{entry: ses.entry, segments: newCollection[*entry](len(ses.segments.list))}
			for _, g := range ses.segments.list {
				ng := *g
				ns.segments.add(&ng)
			}
			nr.sessions.add(ns)
		}
		out.recs.add(nr)
	}
	return out
}
