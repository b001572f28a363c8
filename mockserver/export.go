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
	if rules := n.Faults(); len(rules) > 0 {
		list := make([]Fault, len(rules))
		for i, r := range rules {
			list[i] = r.Fault
		}
		raw, err := json.Marshal(list)
		if err != nil {
			return nil, err
		}
		faults = raw
	}
	return scenario.Export(info.Name, info.Description, n.store.Snapshot(), faults)
}
