// Package prefault hands out memory whose pages are already present. On the virtual machines
// graphmock runs on in CI, the first write to a fresh page of memory is a page fault that costs
// 10 to 20 µs (as much as validating a segment), and faulting a range in with one system call
// costs about half as much a page. Memory a server keeps (created segments, the blocks a loaded
// scenario is stored in) is fresh by nature, so it is taken from here; a scenario file mapped to
// be read is made present the same way (PopulateRead).
package prefault
