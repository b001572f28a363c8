package scenario

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"gopkg.in/yaml.v3"
)

// The YAML → JSON conversion works node by node instead of decoding into `any`, because that
// would turn `2020-02-25T18:52:21.2169889Z` into a time.Time (losing the digits as written) and
// maps into map[string]any (losing key order). Scalars are kept as written, and every node keeps
// its line for error messages.

// Aliases let a few bytes of YAML stand for any amount of JSON (a "billion laughs" file: 1.4 KB
// loaded as 430 MB). The converter counts the JSON bytes and the values it makes, as it makes
// them, against a budget that grows with the file: a scenario may expand to expansionBase bytes
// plus expansionFactor times its own size, and to valueBase values plus one per byte of the file
// (a file without aliases stays far below both), and never past maxAliasExpansion. A file past
// the budget is refused as soon as it passes it, so what a refused file costs is bounded by the
// budget, not by what its aliases stand for; and an accepted file costs a small multiple of the
// JSON it loads (converting, parsing and validating it once each).
const (
	expansionBase     = 16 << 20
	expansionFactor   = 8
	valueBase         = 256 << 10
	maxAliasExpansion = 512 << 20
)

// budgetFor is the converter for a scenario file of size bytes: its byte and value budgets.
func budgetFor(size int) converter {
	return converter{maxBytes: min(maxAliasExpansion, expansionBase+expansionFactor*size), maxValues: valueBase + size}
}

// maxNesting bounds how deep a scenario's values may nest.
const maxNesting = 200

// maxMergeWork bounds the work merge keys (`<<`) may cause in one scenario: every merge source
// resolved and every member it copies counts one. Merges of merges of merges re-resolve their
// sources each time, so without a bound a few hundred bytes of YAML take exponential time.
const maxMergeWork = 1 << 20

// isJSONNumber reports whether s follows the JSON number grammar; YAML scalars that do are
// copied as written, so Int64 values and exact decimals survive.
func isJSONNumber(s string) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// pair is one resolved member of a YAML mapping: merge keys (`<<`) already applied.
type pair struct {
	key   string
	node  *yaml.Node // the key node, for its line
	value *yaml.Node
}

// converter turns YAML nodes into compact JSON and counts the bytes it wrote (containers
// included), the values it made and the merge work done, each against its bound. Zero bounds
// are maxAliasExpansion bytes and as many values.
type converter struct {
	written, maxBytes int
	values, maxValues int
	merges            int
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// pairs returns a mapping's members in order, with merge keys applied as YAML defines them:
// explicit keys win over merged ones, earlier merges over later ones. A key given twice is an
// error, and so is merge work past maxMergeWork.
func (c *converter) pairs(n *yaml.Node) ([]pair, error) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return nil, lineError(n, "expected a mapping, found %s", kindName(n))
	}
	explicit := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode {
			return nil, lineError(k, "mapping keys must be strings")
		}
		if k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0) {
			continue
		}
		if explicit[k.Value] {
			return nil, lineError(k, "key %q is defined twice", k.Value)
		}
		explicit[k.Value] = true
	}
	out := make([]pair, 0, len(n.Content)/2)
	merged := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !(k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0)) {
			out = append(out, pair{key: k.Value, node: k, value: v})
			continue
		}
		sources := []*yaml.Node{resolve(v)}
		if sources[0].Kind == yaml.SequenceNode {
			sources = sources[0].Content
		}
		for _, src := range sources {
			ps, err := c.pairs(src)
			if err != nil {
				return nil, err
			}
			if c.merges += 1 + len(ps); c.merges > maxMergeWork {
				return nil, lineError(k, "merge keys (<<) copy more than %d members in this scenario (merges of merges?)", maxMergeWork)
			}
			for _, p := range ps {
				if explicit[p.key] || merged[p.key] {
					continue
				}
				merged[p.key] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// appendJSON appends the JSON form of a YAML node.
func (c *converter) appendJSON(b []byte, n *yaml.Node, depth int) ([]byte, error) {
	if depth > maxNesting {
		return nil, lineError(n, "values nest deeper than %d levels", maxNesting)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return append(b, "null"...), nil
		}
		return c.appendJSON(b, n.Content[0], depth)
	case yaml.AliasNode:
		return c.appendJSON(b, n.Alias, depth+1)
	case yaml.MappingNode:
		ps, err := c.pairs(n)
		if err != nil {
			return nil, err
		}
		size := 2
		for _, p := range ps {
			size += len(p.key) + 4 // quotes, colon, comma
		}
		if err := c.grow(n, size); err != nil {
			return nil, err
		}
		b = append(b, '{')
		for i, p := range ps {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsondoc.AppendString(b, p.key)
			b = append(b, ':')
			if b, err = c.appendJSON(b, p.value, depth+1); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case yaml.SequenceNode:
		if err := c.grow(n, 2+len(n.Content)); err != nil {
			return nil, err
		}
		b = append(b, '[')
		var err error
		for i, item := range n.Content {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = c.appendJSON(b, item, depth+1); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case yaml.ScalarNode:
		if err := c.grow(n, len(n.Value)+2); err != nil {
			return nil, err
		}
		return appendScalar(b, n)
	}
	return nil, lineError(n, "unsupported YAML node")
}

// grow counts one more value and k more bytes of JSON written for n, before they are written.
// Containers count as well as scalars, so aliases repeating aliases of empty lists ([], {}) are
// bounded like any other expansion.
func (c *converter) grow(n *yaml.Node, k int) error {
	c.written += k
	c.values++
	maxBytes, maxValues := c.maxBytes, c.maxValues
	if maxBytes == 0 {
		maxBytes, maxValues = maxAliasExpansion, maxAliasExpansion
	}
	over := ""
	switch {
	case c.written > maxBytes:
		over = sizeText(maxBytes) + " of JSON"
	case c.values > maxValues:
		over = fmt.Sprintf("%d values", maxValues)
	default:
		return nil
	}
	return lineError(n, "the scenario expands to more than %s, more than a file of this size may (aliases repeating aliases?): "+
		"a scenario may expand to %d MiB of JSON plus %d times its size, and to %d values plus one per byte",
		over, expansionBase>>20, expansionFactor, valueBase)
}

// sizeText writes a byte count for a message: in MiB, or in bytes below one MiB.
func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// appendScalar appends a YAML scalar as JSON, keeping numbers and date-times as written.
func appendScalar(b []byte, n *yaml.Node) ([]byte, error) {
	switch n.ShortTag() {
	case "!!str", "!!timestamp", "!!binary":
		return jsondoc.AppendString(b, n.Value), nil
	case "!!null":
		return append(b, "null"...), nil
	case "!!bool":
		if strings.EqualFold(n.Value, "true") {
			return append(b, "true"...), nil
		}
		return append(b, "false"...), nil
	case "!!int", "!!float":
		v := strings.ReplaceAll(n.Value, "_", "")
		v = strings.TrimPrefix(v, "+")
		if isJSONNumber(v) {
			return append(b, v...), nil
		}
		if strings.HasPrefix(v, ".") || strings.HasPrefix(v, "-.") {
			if f := strings.Replace(v, ".", "0.", 1); isJSONNumber(f) {
				return append(b, f...), nil
			}
		}
		if i, ok := new(big.Int).SetString(v, 0); ok {
			return i.Append(b, 10), nil
		}
		return nil, lineError(n, "the number %q cannot be written in JSON", n.Value)
	}
	return nil, lineError(n, "unsupported YAML tag %s", n.Tag)
}

// lineErr is a conversion error that knows the line it is about.
type lineErr struct {
	line int
	msg  string
}

func (e *lineErr) Error() string { return e.msg }

func lineError(n *yaml.Node, format string, args ...any) error {
	return &lineErr{line: n.Line, msg: fmt.Sprintf(format, args...)}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "null"
		}
		return fmt.Sprintf("the scalar %q", n.Value)
	}
	return "an empty document"
}
