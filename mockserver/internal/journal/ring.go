package journal

import "sync"

// Ring is a bounded journal: it keeps the newest entries up to its size and drops the oldest.
// Its slots are allocated once and reused, headers included, so recording a request allocates
// nothing: what callers read (List) is built when they read it. It is safe for concurrent use;
// mu guards slots, next, full and seq.
type Ring struct {
	mu    sync.Mutex
	slots []slot
	next  int
	full  bool
	seq   uint64 // the number of entries ever stored
}

// slot is one entry as the ring keeps it: the entry without its Header (nil), the header's
// values, redacted, in a slice the slot reuses, and the number it was stored under (0: empty).
type slot struct {
	entry  Entry
	header []headerField
	seq    uint64
}

// Ticket names an entry stored with Begin, so that its outcome can be filled in later (Put).
// The zero Ticket names no entry.
type Ticket struct {
	slot int
	seq  uint64
}

// New returns an empty ring that keeps size entries; size must be positive (the server's
// option checks it).
func New(size int) *Ring {
	return &Ring{slots: make([]slot, size)}
}

// Add stores an entry, overwriting the oldest when the ring is full. e.Header is the request's
// own header: the ring keeps its values redacted (RedactHeader's rules) and never changes or
// keeps the map.
func (j *Ring) Add(e Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.store(e)
}

// Begin stores the entry of a request whose answer is not yet known or not yet complete (a
// fault delays, dribbles, hangs or breaks it), marked Pending, and returns the ticket under
// which Put completes it. The request is listed from now on, so a test that reads the journal
// while the answer is held back sees it.
func (j *Ring) Begin(e Entry) Ticket {
	e.Pending = true
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.store(e)
}

// Put stores e: as a new entry (Add) for the zero Ticket, else in place of the entry Begin
// stored under t (its outcome so far, or its final one when e.Pending is false), keeping its
// position in the ring. It reports false, storing nothing, when that entry is gone: cleared, or
// overwritten because the ring wrapped while the answer was held back.
func (j *Ring) Put(t Ticket, e Entry) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case t.seq == 0:
		j.store(e)
	case j.slots[t.slot].seq != t.seq:
		return false
	default:
		j.fill(&j.slots[t.slot], e)
	}
	return true
}

// store puts an entry in the next slot and numbers it; callers hold mu.
func (j *Ring) store(e Entry) Ticket {
	j.seq++
	t := Ticket{slot: j.next, seq: j.seq}
	s := &j.slots[j.next]
	j.fill(s, e)
	s.seq = j.seq
	j.next++
	if j.next == len(j.slots) {
		j.next, j.full = 0, true
	}
	return t
}

// fill keeps e in a slot, its header redacted into the slot's own storage; callers hold mu.
func (j *Ring) fill(s *slot, e Entry) {
	s.header = appendRedacted(s.header[:0], e.Header)
	e.Header = nil
	s.entry = e
}

// List copies the entries that pass the filter, oldest first. The copies share nothing with the
// ring, so callers may change them.
func (j *Ring) List(f Filter) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []Entry
	visit := func(s *slot) {
		if f.matches(&s.entry) {
			e := s.entry.clone()
			e.Header = headerOf(s.header)
			out = append(out, e)
		}
	}
	if j.full {
		for i := j.next; i < len(j.slots); i++ {
			visit(&j.slots[i])
		}
	}
	for i := 0; i < j.next; i++ {
		visit(&j.slots[i])
	}
	return out
}

// Clear drops every entry. It clears only the slots in use (the others are zero already): a new
// namespace clears its fresh ring, and writing zeros over all of it would touch every page of
// memory the runtime got zeroed from the system (1,000 slots: a third of a megabyte of page faults at
// every start-up).
func (j *Ring) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	used := j.next
	if j.full {
		used = len(j.slots)
	}
	clear(j.slots[:used])
	j.next, j.full = 0, false
}

// Recent returns up to n of the newest entries, newest first, without copying the rest of the
// ring (the explorer reads it on every home page). Its entries carry no Header, Problems or
// Body: only the value fields a summary shows.
func (j *Ring) Recent(n int) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	size := j.next
	if j.full {
		size = len(j.slots)
	}
	out := make([]Entry, 0, min(n, size))
	for i := 1; i <= size && len(out) < n; i++ {
		e := j.slots[(j.next-i+len(j.slots))%len(j.slots)].entry
		e.Header, e.Problems, e.bodyHead, e.body = nil, nil, "", nil
		out = append(out, e)
	}
	return out
}
