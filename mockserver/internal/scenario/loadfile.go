package scenario

import (
	"fmt"
	"io"
	"os"
)

// mapAtLeast is the size from which LoadFile maps a JSON scenario instead of reading it. Below
// it a copy is cheap; above it the first touch of freshly allocated memory for a copy costs
// more than the rest of the load (about 3.5 s a GB on a small VM), while a mapping reads the
// page cache where it is.
const mapAtLeast = 64 << 20

// LoadFile is Load for the file at path. A JSON scenario of 64 MiB or more is mapped read-only
// where the system allows it (Unix) and its entities are stored in place, in the mapping, which
// is never unmapped: the bytes are the kernel's page cache, shared with the file, not a copy on
// the heap. So such a file must be replaced (a new file renamed over it, as `graphmock generate
// -o` writes) rather than rewritten in place while it is loaded: a file truncated under a
// mapping takes the process down when a removed page is read. Other files are read as a
// stream (see LoadFrom).
func LoadFile(path string, check Checker, faults FaultChecker) (*Loaded, error) {
	return loadFile(path, check, faults, mapAtLeast)
}

// loadFile is LoadFile mapping JSON files of mapAt bytes or more.
func loadFile(path string, check Checker, faults FaultChecker, mapAt int64) (*Loaded, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reopen := func() (io.ReadCloser, error) { return os.Open(path) }
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() < mapAt || info.Size() == 0 {
		return LoadFrom(path, f, reopen, check, faults)
	}
	head := make([]byte, 4<<10)
	n, _ := io.ReadFull(f, head)
	if !startsJSON(head[:n]) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return LoadFrom(path, f, reopen, check, faults)
	}
	data, mapped := mapFile(f, info.Size())
	if !mapped {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return LoadFrom(path, f, reopen, check, faults)
	}
	l, err := loadJSON(path, newJSONStable(data), check, faults)
	if err != errNotPlainJSON {
		return l, err
	}
	// Not plain JSON: the YAML loader reads it and reports what is wrong, from a copy it owns.
	return loadYAML(path, append([]byte(nil), data...), check, faults)
}
