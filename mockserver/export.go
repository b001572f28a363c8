package mockserver

import (
	"encoding/json"

	"github.com/graphmock/graphmock/mockserver/internal/scenario"
)

// ExportScenario writes the namespace's current state (every call record with its organizer,
// participants, sessions, segments and availableAfter, the PSTN and Direct Routing report rows,
// plus its fault rules, and the scenario's clock start and retention) as a scenario YAML that
// loads back to the same state: the same JSON, member for member, numbers and date-times as
// stored.
func (n *Namespace) ExportScenario() ([]byte, error) {
	info := n.ScenarioInfo()
	var faults []byte
	var list []Fault
	for _, r := range n.Faults() {
		// Rules an X-Graphmock-Fault header made belong to the requests that carried it; as a
		// scenario rule one would fail every request.
		if r.Source != "header" {
			list = append(list, r.Fault)
		}
	}
	if len(list) > 0 {
		raw, err := json.Marshal(list)
		if err != nil {
			return nil, err
		}
		faults = raw
	}
	n.mu.Lock() // the timeline keys as loaded: the clock where it started, so exports are stable
	h := scenario.Header{Name: info.Name, Description: info.Description, Clock: n.loaded.clock, Retention: n.loaded.retention}
	n.mu.Unlock()
	return scenario.Export(h, n.store.Snapshot(), n.reports.Load(), faults)
}
