package scenario

import (
	"fmt"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"gopkg.in/yaml.v3"
)

// reportRows reads a pstnCalls: or directRoutingCalls: list: each item one row of the report,
// in Graph's own JSON (the value of a getPstnCalls response pasted in loads as it is), checked
// against the row's schema and kept in canonical form.
func (l *loader) reportRows(k reports.Kind, n *yaml.Node) {
	key := k.ScenarioKey()
	if n.Kind != yaml.SequenceNode {
		l.add(n.Line, "/"+key, "%s must be a list, found %s", key, kindName(n))
		return
	}
	rows := make([]reports.Row, 0, len(n.Content))
	for i, item := range n.Content {
		ptr := fmt.Sprintf("/%s/%d", key, i)
		obj, ok := l.entityParts(item, ptr, k.Type(), nil)
		if !ok || !l.checked(item, ptr, k.Type(), obj) {
			continue
		}
		obj, err := canon.Canonical(k.Type(), obj)
		if err != nil {
			l.add(item.Line, ptr, "%v", err)
			continue
		}
		row, err := reports.NewRow(obj)
		if err != nil {
			l.add(l.lineAt(item, "/startDateTime"), ptr+"/startDateTime", "%v", err)
			continue
		}
		rows = append(rows, row)
	}
	l.rows[k] = rows
}
