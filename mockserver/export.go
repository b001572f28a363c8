package mockserver

import (
	"encoding/json"

	"github.com/graphmock/graphmock/mockserver/internal/scenario"
)

// ExportScenario writes the namespace's current state (every call record with its organizer,
// participants, sessions and segments, plus its fault rules) as a scenario YAML that loads back to
// the same state: the same JSON, member for member, numbers and date-times as stored.
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
	return scenario.Export(info.Name, info.Description, n.store.Snapshot(), faults)
}
