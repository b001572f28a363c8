package mockserver

import (
	"io/fs"
	"sync"

	"github.com/graphmock/graphmock/scenarios"
)

// embeddedLoads holds every embedded scenario, parsed once per process. A loaded scenario is
// never changed (namespaces reset from a clone of its store), so every server shares it: this is
// what makes New with the default scenario cost microseconds after the first.
var embeddedLoads = sync.OnceValues(loadEmbedded)

// loadEmbedded parses every scenarios/*.yaml with every check but the schemas'. The embedded
// scenarios are part of the build and TestEmbeddedScenariosPassTheSchemas validates them against
// the schemas, so checking them again at run time would only make every process (and the binary's
// start-up) compile the schemas before its first request; they compile on the first write instead.
func loadEmbedded() (map[string]*loaded, error) {
	out := map[string]*loaded{}
	for _, name := range EmbeddedScenarios() {
		file := "scenarios/" + name + ".yaml"
		data, err := fs.ReadFile(scenarios.FS(), name+".yaml")
		if err != nil {
			return nil, err
		}
		l, err := loadScenario(file, data, nil)
		if err != nil {
			return nil, err
		}
		out[name] = l
	}
	return out, nil
}

// embeddedScenario returns the shared, already loaded embedded scenario called name.
func embeddedScenario(name string) (*loaded, error) {
	all, err := embeddedLoads()
	if err != nil {
		return nil, err
	}
	return all[name], nil
}
