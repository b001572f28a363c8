//go:build !linux

package scenario

// populateMapping does nothing where the system has no call to make pages present in advance.
func populateMapping([]byte) {}
