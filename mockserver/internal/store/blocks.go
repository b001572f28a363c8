package store

import (
	"unsafe"

	"github.com/graphmock/graphmock/mockserver/internal/prefault"
)

// blocks hands out room for a few values at a time, carved from shared chunks: a Builder stores
// a million segments, 150,000 sessions and their lists in a few thousand allocations instead of
// several per session, each of which the runtime would have to size, mark with its type and
// round up to its size class. A chunk lives as long as anything carved from it, which in a
// built store is as long as the store. Chunks, and large requests, are memory the store keeps,
// fresh by nature: their pages are made present in one system call (see prefault) rather than
// faulted in one by one as the entities are first written.
type blocks[T any] struct {
	chunk []T
	size  int // the size of the last chunk: each is twice the last, up to blockChunk
}

// blockChunk is how many values a chunk holds at most; a request for more than an eighth of that
// gets room of its own. The first chunk holds blockFirst: a small store (the default scenario's)
// neither allocates nor populates room it will not use, at start-up, where every page counts.
const (
	blockChunk = 1024
	blockFirst = 32
)

// take returns an empty slice with room for exactly n values (appending past them moves to new
// memory, never into a neighbour's room). A nil blocks allocates each request on its own.
func (c *blocks[T]) take(n int) []T {
	switch {
	case c == nil:
		return make([]T, 0, n)
	case n > blockChunk/8:
		return fresh[T](n)
	case cap(c.chunk)-len(c.chunk) < n:
		c.size = min(max(2*c.size, blockFirst), blockChunk)
		c.chunk = fresh[T](max(c.size, n))
	}
	l := len(c.chunk)
	c.chunk = c.chunk[:l+n]
	return c.chunk[l : l : l+n]
}

// carver is the chunks a Builder carves a store's records from (see blocks).
type carver struct {
	records  blocks[record]
	sessions blocks[session]
	entries  blocks[entry]
	sesList  blocks[*session]
	entList  blocks[*entry]
}

// The chunks of each kind; a nil carver gives nil blocks, which allocate every request.
func (c *carver) ents() *blocks[entry] {
	if c == nil {
		return nil
	}
	return &c.entries
}

func (c *carver) entLists() *blocks[*entry] {
	if c == nil {
		return nil
	}
	return &c.entList
}

func (c *carver) sesLists() *blocks[*session] {
	if c == nil {
		return nil
	}
	return &c.sesList
}

// fresh allocates room for n values, its pages made present at once when it is large enough to
// have pages of its own (a small allocation shares its pages, and is not page-aligned).
func fresh[T any](n int) []T {
	s := make([]T, 0, n)
	var zero T
	if size := int(unsafe.Sizeof(zero)) * n; size >= 64<<10 {
		prefault.Populate(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), size))
	}
	return s
}
