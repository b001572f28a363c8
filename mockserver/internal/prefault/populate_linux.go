package prefault

import "syscall"

// MADV_POPULATE_READ and MADV_POPULATE_WRITE (Linux 5.14): fault the range in now, readable
// (a read-only mapping can take only this one) or writable.
const (
	madvPopulateRead  = 22
	madvPopulateWrite = 23
)

// Populate makes b's pages present in one system call. On a kernel without the call it does
// nothing, and the pages are faulted in as they are first written, as they would have been.
func Populate(b []byte) {
	if len(b) > 0 {
		_ = syscall.Madvise(b, madvPopulateWrite)
	}
}

// PopulateRead makes the pages of b, which is only read (a read-only mapping of a file), present
// in one system call, before a reader walks them: a page fault for each 64 KiB would cost more,
// on the reader's time. Without the call it does nothing, and the pages fault in as they are read.
func PopulateRead(b []byte) {
	if len(b) > 0 {
		_ = syscall.Madvise(b, madvPopulateRead)
	}
}
