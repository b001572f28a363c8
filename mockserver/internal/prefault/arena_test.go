package prefault_test

import (
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/prefault"
)

// TestArenaBuffersAreDistinct: every buffer has the length and capacity asked for, is zeroed,
// and writing one (to its capacity) never shows in another, small or large.
func TestArenaBuffersAreDistinct(t *testing.T) {
	t.Parallel()
	var a prefault.Arena
	var bufs [][]byte
	for i, size := range []int{0, 1, 4097, 100, prefault.ChunkSize / 4, prefault.ChunkSize/4 + 1, 3000, prefault.ChunkSize / 5, 7} {
		b := a.Alloc(size/2, size)
		if len(b) != size/2 || cap(b) != size {
			t.Fatalf("Alloc(%d, %d): len %d cap %d", size/2, size, len(b), cap(b))
		}
		b = b[:cap(b)]
		for j := range b {
			if b[j] != 0 {
				t.Fatalf("buffer %d is not zeroed at %d", i, j)
			}
			b[j] = byte(i + 1)
		}
		bufs = append(bufs, b)
	}
	for i, b := range bufs {
		for j, c := range b {
			if c != byte(i+1) {
				t.Fatalf("buffer %d was overwritten at %d", i, j)
			}
		}
	}
}
