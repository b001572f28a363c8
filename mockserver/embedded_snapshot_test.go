package mockserver_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/snapshot"
	"github.com/graphmock/graphmock/scenarios"
)

// TestEmbeddedSnapshotsAreCurrent checks that each embedded scenario's snapshot is what loading
// its YAML gives today (go generate ./mockserver, or this test with -update, rewrites them), and
// that a server started from the snapshot exports the same scenario as one loaded from the YAML.
func TestEmbeddedSnapshotsAreCurrent(t *testing.T) {
	t.Parallel()
	for _, name := range mockserver.EmbeddedScenarios() {
		data, err := fs.ReadFile(scenarios.FS(), name+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := scenario.Load("scenarios/"+name+".yaml", data, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := snapshot.Encode(fresh)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "scenarios", name+".snapshot")
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := fs.ReadFile(scenarios.FS(), name+".snapshot")
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: the snapshot is not what %s.yaml loads to (err %v): run go generate ./mockserver", path, name, err)
			continue
		}
		fromYAML, err := mockserver.New(mockserver.WithScenarioBytes("scenarios/"+name+".yaml", data))
		if err != nil {
			t.Fatal(err)
		}
		fromSnapshot, err := mockserver.New(mockserver.WithScenarioName(name))
		if err != nil {
			t.Fatal(err)
		}
		a, errA := fromYAML.ExportScenario()
		b, errB := fromSnapshot.ExportScenario()
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: the snapshot's server exports another scenario than the YAML's (%v, %v)", name, errA, errB)
		}
		if fromYAML.ScenarioInfo() != fromSnapshot.ScenarioInfo() {
			t.Errorf("%s: info %+v from the YAML, %+v from the snapshot", name, fromYAML.ScenarioInfo(), fromSnapshot.ScenarioInfo())
		}
	}
}
