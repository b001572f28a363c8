package mockserver

import (
	"fmt"
	"io/fs"
	"sync"
	"unsafe"

	"github.com/graphmock/graphmock/mockserver/internal/snapshot"
	"github.com/graphmock/graphmock/scenarios"
)

// embeddedLoads holds every embedded scenario, loaded once per process on first use. A loaded scenario is
// never changed (namespaces reset from a clone of its store), so every server shares it: this is
// what makes New with the default scenario cost microseconds after the first.
var embeddedLoads = sync.OnceValues(loadEmbedded)

//go:generate go test -run ^TestEmbeddedSnapshotsAreCurrent$ -update .

// loadEmbedded prepares a loader per embedded scenario; each loads on first use, from its
// snapshot (scenarios/NAME.snapshot): the YAML already parsed and checked, generated at
// build time. TestEmbeddedSnapshotsAreCurrent fails when a snapshot no longer matches its YAML,
// and TestEmbeddedScenariosPassTheSchemas validates the YAML with every check, schemas included,
// so a process (and the binary's start-up) neither parses YAML nor compiles the schemas before
// its first request; the schemas compile on the first write instead.
func loadEmbedded() (map[string]func() (*loaded, error), error) {
	out := map[string]func() (*loaded, error){}
	for _, name := range EmbeddedScenarios() {
		out[name] = sync.OnceValues(func() (*loaded, error) {
			data, err := embeddedSnapshot(name)
			if err != nil {
				return nil, err
			}
			l, err := snapshot.Decode(data)
			if err != nil {
				return nil, err
			}
			l.Info.Source = "scenarios/" + name + ".yaml"
			return fromScenario(l)
		})
	}
	return out, nil
}

// embeddedScenario returns the shared, already loaded embedded scenario called name.
func embeddedScenario(name string) (*loaded, error) {
	all, err := embeddedLoads()
	if err != nil {
		return nil, err
	}
	load, ok := all[name]
	if !ok {
		return nil, fmt.Errorf("%w: no embedded scenario %q", ErrInvalidScenario, name)
	}
	return load()
}

// embeddedSnapshot returns scenarios/NAME.snapshot. Its bytes are the binary's own, read-only, not
// a copy: snapshot.Decode never writes into its input and hands out lines whose capacity ends with
// them, and no stored entity is ever changed in place (a loaded embedded scenario is shared by
// every server in the process, so one that did would already be a bug). Not copying 1.3 MB and
// not faulting in its pages twice is what brings a cold New down from about 19 ms to 13.
func embeddedSnapshot(name string) ([]byte, error) {
	if s, ok := scenarios.Snapshot(name); ok {
		return unsafe.Slice(unsafe.StringData(s), len(s)), nil
	}
	return fs.ReadFile(scenarios.FS(), name+".snapshot")
}
