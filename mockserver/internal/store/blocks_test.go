package store

import (
	"fmt"
	"testing"
)

// Room carved from a chunk is exactly what was asked for: filling it, and appending past it,
// never reaches a neighbour's; large requests and a nil blocks get room of their own.
func TestBlocksNeverShareRoom(t *testing.T) {
	t.Parallel()
	var c blocks[int]
	a, b := c.take(3), c.take(2)
	for i := range 4 { // one past a's room
		a = append(a, 10+i)
	}
	b = append(b, 20, 21)
	if a[0] != 10 || a[3] != 13 || b[0] != 20 || b[1] != 21 || cap(b) != 2 {
		t.Fatalf("a %v, b %v", a, b)
	}
	if big := c.take(blockChunk); cap(big) != blockChunk || len(c.chunk) != 5 {
		t.Fatalf("a large request was carved: cap %d, chunk %d", cap(big), len(c.chunk))
	}
	var none *blocks[int]
	if s := none.take(4); cap(s) != 4 {
		t.Fatalf("nil blocks: cap %d", cap(s))
	}
	// A chunk filled up moves on to the next, each twice the last, from blockFirst up to blockChunk.
	sizes := []int{cap(c.chunk)}
	for range 4 * blockChunk / 8 {
		if c.take(8); len(c.chunk) == 8 { // a new chunk was started
			sizes = append(sizes, cap(c.chunk))
		}
	}
	want := []int{blockFirst}
	for want[len(want)-1] < blockChunk {
		want = append(want, 2*want[len(want)-1])
	}
	for len(want) < len(sizes) {
		want = append(want, blockChunk) // then chunks of blockChunk, one after another
	}
	if fmt.Sprint(sizes) != fmt.Sprint(want) || len(sizes) < len(want) {
		t.Fatalf("chunk sizes %v, want %v", sizes, want)
	}
}
