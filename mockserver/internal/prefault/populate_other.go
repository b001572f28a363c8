//go:build !linux

package prefault

// Populate does nothing where the system has no call to make pages present in advance.
func Populate([]byte) {}

// PopulateRead does nothing where the system has no call to make pages present in advance.
func PopulateRead([]byte) {}
