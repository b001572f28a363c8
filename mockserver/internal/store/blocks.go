package store

// blocks hands out room for a few values at a time, carved from shared chunks: a Builder stores
// a million segments, 150,000 sessions and their lists in a few thousand allocations instead of
// several per session, each of which the runtime would have to size, mark with its type and
// round up to its size class. A chunk lives as long as anything carved from it, which in a
// built store is as long as the store.
type blocks[T any] struct{ chunk []T }

// blockChunk is how many values a chunk holds; a request for more than an eighth of that gets
// room of its own.
const blockChunk = 1024

// take returns an empty slice with room for exactly n values (appending past them moves to new
// memory, never into a neighbour's room). A nil blocks allocates each request on its own.
func (c *blocks[T]) take(n int) []T {
	if c == nil || n > blockChunk/8 {
		return make([]T, 0, n)
	}
	if cap(c.chunk)-len(c.chunk) < n {
		c.chunk = make([]T, 0, blockChunk)
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
