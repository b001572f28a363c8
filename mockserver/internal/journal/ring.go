package journal

import "sync"

// Ring is a bounded journal: it keeps the newest entries up to its size and drops the oldest.
// Its slots are allocated once and reused, headers included, so recording a request allocates
// nothing: what callers read (List) is built when they read it. It is safe for concurrent use;
// mu guards slots, next and full.
type Ring struct {
	mu    sync.Mutex
	slots []slot
	next  int
	full  bool
}

// slot is one entry as the ring keeps it: the entry without its Header (nil), and the header's
// values, redacted, in a slice the slot reuses.
type slot struct {
	entry  Entry
	header []headerField
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
	s := &j.slots[j.next]
	s.header = appendRedacted(s.header[:0], e.Header)
	e.Header = nil
	s.entry = e
	j.next++
	if j.next == len(j.slots) {
		j.next, j.full = 0, true
	}
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

// Clear drops every entry.
func (j *Ring) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.slots)
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
		e.Header, e.Problems, e.body = nil, nil, nil
		out = append(out, e)
	}
	return out
}
