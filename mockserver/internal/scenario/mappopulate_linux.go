package scenario

import "syscall"

// madvPopulateRead is MADV_POPULATE_READ (Linux 5.14): fault the range in, readable, now.
const madvPopulateRead = 22

// populateMapping makes the pages of a mapped scenario file present in one system call, before
// the reader walks them: a page fault for each 64 KiB of it would cost more, on the reader's
// time. On a kernel without the call it does nothing, and the pages fault in as they are read.
func populateMapping(data []byte) {
	if len(data) > 0 {
		_ = syscall.Madvise(data, madvPopulateRead)
	}
}
