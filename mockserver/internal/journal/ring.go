package journal

import "sync"

// Ring is a bounded journal: it keeps the newest entries up to its size and drops the oldest.
// It is safe for concurrent use; mu guards entries, next and full.
type Ring struct {
	mu      sync.Mutex
	entries []Entry
	next    int
	full    bool
}

// New returns an empty ring that keeps size entries; size must be positive (the server's
// option checks it).
func New(size int) *Ring {
	return &Ring{entries: make([]Entry, size)}
}

// Add stores an entry, overwriting the oldest when the ring is full.
func (j *Ring) Add(e Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries[j.next] = e
	j.next++
	if j.next == len(j.entries) {
		j.next, j.full = 0, true
	}
}

// List copies the entries that pass the filter, oldest first. The copies share nothing with the
// ring, so callers may change them.
func (j *Ring) List(f Filter) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []Entry
	visit := func(e *Entry) {
		if f.matches(e) {
			out = append(out, e.clone())
		}
	}
	if j.full {
		for i := j.next; i < len(j.entries); i++ {
			visit(&j.entries[i])
		}
	}
	for i := 0; i < j.next; i++ {
		visit(&j.entries[i])
	}
	return out
}

// Clear drops every entry.
func (j *Ring) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.entries)
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
		size = len(j.entries)
	}
	out := make([]Entry, 0, min(n, size))
	for i := 1; i <= size && len(out) < n; i++ {
		e := j.entries[(j.next-i+len(j.entries))%len(j.entries)]
		e.Header, e.Problems, e.body = nil, nil, nil
		out = append(out, e)
	}
	return out
}
