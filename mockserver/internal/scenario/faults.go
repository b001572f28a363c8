package scenario

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// faultRules reads the faults: section: a list of fault rules in the admin API's JSON form, or
// {preset: graph-throttling}.
func (l *loader) faultRules(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		l.add(n.Line, "/faults", "faults must be a list, found %s", kindName(n))
		return
	}
	for i, item := range n.Content {
		ptr := fmt.Sprintf("/faults/%d", i)
		raw, err := l.conv.appendJSON(nil, item, 1)
		if err != nil {
			l.addErr(item, ptr, err)
			continue
		}
		var ids []string
		if l.faultOK != nil {
			if ids, err = l.faultOK(raw); err != nil {
				l.add(resolve(item).Line, ptr, "%v", err)
				continue
			}
		}
		for _, id := range ids {
			for _, prev := range l.faultIDs {
				if id != "" && id == prev {
					l.add(l.lineAt(item, "/id"), ptr+"/id", "fault rule id %q is used twice", id)
				}
			}
		}
		l.faultIDs = append(l.faultIDs, ids...)
		l.faults = append(l.faults, raw)
	}
}
