package scenarios

import _ "embed" // the snapshots as strings

// The snapshots as strings as well as files: a string is the embedded bytes themselves, where
// reading a file from FS copies them, and copying the default snapshot (1.3 MB) was a third of a
// cold start-up.
var (
	//go:embed default.snapshot
	defaultSnapshot string
	//go:embed small.snapshot
	smallSnapshot string
	//go:embed empty.snapshot
	emptySnapshot string
)

// Snapshot returns NAME.snapshot, the same bytes FS holds, without copying them; ok is false for
// a scenario embedded only as a file (then read it from FS). TestSnapshotStrings keeps the two
// in step.
func Snapshot(name string) (data string, ok bool) {
	switch name {
	case "default":
		return defaultSnapshot, true
	case "small":
		return smallSnapshot, true
	case "empty":
		return emptySnapshot, true
	}
	return "", false
}
