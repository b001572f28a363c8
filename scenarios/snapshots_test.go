package scenarios_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/scenarios"
)

// TestSnapshotStrings checks that every snapshot served as a string is the file FS holds, and that
// every embedded snapshot has its string, so none starts up by copying.
func TestSnapshotStrings(t *testing.T) {
	t.Parallel()
	names, err := fs.Glob(scenarios.FS(), "*.snapshot")
	if err != nil || len(names) == 0 {
		t.Fatalf("no snapshots embedded: %v", err)
	}
	for _, file := range names {
		name := strings.TrimSuffix(file, ".snapshot")
		want, err := fs.ReadFile(scenarios.FS(), file)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := scenarios.Snapshot(name)
		if !ok {
			t.Errorf("%s has no string in scenarios.Snapshot: add it to snapshots.go", file)
			continue
		}
		if got != string(want) {
			t.Errorf("scenarios.Snapshot(%q) is not %s", name, file)
		}
	}
	if _, ok := scenarios.Snapshot("no-such-scenario"); ok {
		t.Error("Snapshot answered for a scenario that is not embedded")
	}
}
