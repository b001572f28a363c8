package scenario

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// lineAt finds the line of the node a JSON pointer (relative to n) names, or n's own line when
// the pointer does not resolve (for a missing member, the parent is the best place to look).
func (l *loader) lineAt(n *yaml.Node, pointer string) int {
	cur := resolve(n)
	line := n.Line
	if pointer == "" {
		return line
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch cur.Kind {
		case yaml.MappingNode:
			ps, err := l.conv.pairs(cur)
			if err != nil {
				return line
			}
			found := false
			for _, p := range ps {
				if p.key == tok {
					line = p.node.Line
					cur = resolve(p.value)
					found = true
					break
				}
			}
			if !found {
				return line
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(cur.Content) {
				return line
			}
			cur = resolve(cur.Content[i])
			line = cur.Line
		default:
			return line
		}
	}
	return line
}
