//go:build unix

package scenario

import (
	"os"
	"syscall"

	"github.com/graphmock/graphmock/mockserver/internal/prefault"
)

// mapFile maps size bytes of f read-only and privately; false when the system refuses (the
// caller then reads the file instead). The mapping is never unmapped: what is loaded from it
// lives in it (see LoadFile).
func mapFile(f *os.File, size int64) ([]byte, bool) {
	if int64(int(size)) != size {
		return nil, false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, false
	}
	prefault.PopulateRead(data)
	return data, true
}
