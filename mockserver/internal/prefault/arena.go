package prefault

// Arena cuts small buffers out of populated chunks, for memory that is likely to be kept (a
// created segment is stored in the buffer its body was read into). A chunk lives as long as any
// buffer cut from it, so an Arena is for buffers that are mostly kept: memory that turns out not
// to be is only reclaimed with its chunk. The zero value is ready; an Arena is not safe for
// concurrent use.
type Arena struct {
	chunk []byte
}

// ChunkSize is the size of an Arena's chunks; a buffer of more than a quarter of it is
// allocated (and populated) on its own.
const ChunkSize = 256 << 10

// Alloc returns a zeroed buffer of length n and capacity c (0 <= n <= c), its pages present.
func (a *Arena) Alloc(n, c int) []byte {
	if c > ChunkSize/4 {
		return Block(n, c)
	}
	if len(a.chunk) < c {
		a.chunk = Block(ChunkSize, ChunkSize)
	}
	b := a.chunk[:n:c]
	a.chunk = a.chunk[c:]
	return b
}

// Block allocates a buffer of length n and capacity c (0 <= n <= c) with its pages present.
func Block(n, c int) []byte {
	b := make([]byte, c)
	Populate(b)
	return b[:n]
}
