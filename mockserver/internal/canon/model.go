// Package canon holds Graph's canonical form of entity JSON and the ways a response may show it.
// Which members are DateTimeOffset, Int32/Int64, Single/Double or enums, and which enum members
// are evolvable (listed after unknownFutureValue), is read from the embedded JSON Schemas once per
// process, never written by hand, so the canonical form follows the schemas when they change.
//
// Canonical rewrites an entity as graphmock stores it: date-times in UTC with Z (the instant and
// the fractional digits kept as written), integers as plain integers, Single and Double in their
// shortest round-trip form, enum members without escapes, control annotations dropped. Show
// rewrites stored JSON the way a request's Prefer header asks (omit-values=nulls, evolvable enum
// members as unknownFutureValue unless include-unknown-enum-members). Neither validates: a value
// the schemas would refuse is left as written, for the validator to report (or to keep, when a
// server runs without request validation).
package canon

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/schemas"
)

// kind is what canonical form a JSON position has.
type kind uint8

const (
	kindOther    kind = iota // strings, booleans, durations: kept as written
	kindDateTime             // Edm.DateTimeOffset
	kindInt                  // Edm.Int32, Edm.Int64 (and the other Edm integers)
	kindSingle               // Edm.Single
	kindDouble               // Edm.Double
	kindEnum                 // an enum type
	kindObject               // an entity or complex type
	kindArray                // a collection
)

// node is the canonical-form description of one position of an entity's JSON. A nil *node is a
// position with nothing to canonicalize (an open type's undeclared member, a string).
type node struct {
	kind kind
	// evolvable holds an enum's members that come after unknownFutureValue (nil when none).
	evolvable map[string]bool
	// items is a collection's item.
	items *node
	// props are an object's declared members when it has no (known) @odata.type; variants are
	// the derived types by @odata.type value.
	props    map[string]*node
	variants map[string]*node
	// mayEvolve reports whether an evolvable enum member can occur anywhere in the value.
	mayEvolve bool
}

// types maps each entity type's name to its node; it is built once per process and never changed.
type types map[string]*node

// shared is the canonical-form model of the process, built from the schemas on first use.
var shared = sync.OnceValues(build)

// typeOf returns the node of an entity type, building the model on first use.
func typeOf(t model.EntityType) (*node, error) {
	m, err := shared()
	if err != nil {
		return nil, err
	}
	return m[t.Name()], nil
}

// Ready builds the model from the embedded schemas if it is not built yet, and reports a schema
// it cannot read. A server calls it where it can return the error; the other functions treat an
// unreadable schema as "nothing to canonicalize".
func Ready() error {
	_, err := shared()
	return err
}

// builder turns the schemas' $defs into nodes, each definition once (recursion-safe).
type builder struct {
	defs  map[string]map[string]any
	nodes map[string]*node
}

// build reads every embedded schema file and makes the node of each entity type.
func build() (types, error) {
	b := &builder{defs: map[string]map[string]any{}, nodes: map[string]*node{}}
	names, err := fs.Glob(schemas.FS(), "*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		data, err := fs.ReadFile(schemas.FS(), name)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Defs map[string]map[string]any `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		for def, s := range doc.Defs {
			b.defs[def] = s
		}
	}
	out := types{}
	for _, t := range model.All() {
		if b.defs[t.Name()] == nil {
			return nil, fmt.Errorf("the schemas define no %s", t.Name())
		}
		out[t.Name()] = b.def(t.Name())
	}
	for _, n := range b.nodes {
		markEvolving(n, map[*node]bool{})
	}
	return out, nil
}

// def returns the node of a $defs entry by name.
func (b *builder) def(name string) *node {
	if n, ok := b.nodes[name]; ok {
		return n
	}
	n := &node{}
	b.nodes[name] = n
	s := b.defs[name]
	switch name {
	case "Edm.DateTimeOffset":
		n.kind = kindDateTime
	case "Edm.Int64", "Edm.Int32", "Edm.Int16", "Edm.Byte", "Edm.SByte":
		n.kind = kindInt
	case "Edm.Single":
		n.kind = kindSingle
	case "Edm.Double":
		n.kind = kindDouble
	default:
		if members, ok := s["enum"].([]any); ok {
			n.kind = kindEnum
			after := false
			for _, m := range members {
				name, _ := m.(string)
				if after {
					if n.evolvable == nil {
						n.evolvable = map[string]bool{}
					}
					n.evolvable[name] = true
				}
				after = after || name == "unknownFutureValue"
			}
		} else if s != nil && !strings.HasPrefix(name, "Edm.") {
			b.object(n, s)
		}
	}
	return n
}

// schema returns the node of a schema at a use site: a $ref, a collection, the else of a nullable
// enum (`if null / else $ref`), or an inline object; nil when it holds nothing to canonicalize.
func (b *builder) schema(s map[string]any) *node {
	if ref, ok := s["$ref"].(string); ok {
		_, name, found := strings.Cut(ref, "#/$defs/")
		if !found || b.defs[name] == nil {
			return nil
		}
		return b.def(name)
	}
	if items, ok := s["items"].(map[string]any); ok {
		return &node{kind: kindArray, items: b.schema(items)}
	}
	if els, ok := s["else"].(map[string]any); ok {
		return b.schema(els)
	}
	if s["properties"] != nil || s["allOf"] != nil {
		n := &node{}
		b.object(n, s)
		return n
	}
	return nil
}

// object fills an object node from a definition: its properties, and for a polymorphic position
// the derived types its allOf dispatches to on @odata.type. A branch that also applies without
// @odata.type adds its properties to the base.
func (b *builder) object(n *node, s map[string]any) {
	n.kind = kindObject
	n.props = map[string]*node{}
	b.addProps(n, s)
	branches, _ := s["allOf"].([]any)
	for _, br := range branches {
		brm, _ := br.(map[string]any)
		cond, _ := brm["if"].(map[string]any)
		then, _ := brm["then"].(map[string]any)
		if cond == nil || then == nil {
			continue
		}
		target := b.schema(then)
		if t := odataTypeConst(cond); t != "" && target != nil {
			if n.variants == nil {
				n.variants = map[string]*node{}
			}
			n.variants[t] = target
		}
		if _, required := cond["required"]; (!required || cond["not"] != nil) && target != nil {
			for name, p := range target.props {
				n.props[name] = p
			}
		}
	}
}

// addProps adds the nodes of a definition's properties.
func (b *builder) addProps(n *node, s map[string]any) {
	props, _ := s["properties"].(map[string]any)
	for name, p := range props {
		if pm, ok := p.(map[string]any); ok {
			if c := b.schema(pm); c != nil {
				n.props[name] = c
			}
		}
	}
}

// odataTypeConst reads `properties/@odata.type/const` from an if schema.
func odataTypeConst(cond map[string]any) string {
	props, _ := cond["properties"].(map[string]any)
	t, _ := props["@odata.type"].(map[string]any)
	c, _ := t["const"].(string)
	return c
}

// markEvolving sets mayEvolve on n and every node below it; inProgress breaks cycles.
func markEvolving(n *node, inProgress map[*node]bool) bool {
	if n == nil || inProgress[n] {
		return n != nil && n.mayEvolve
	}
	inProgress[n] = true
	ev := n.evolvable != nil
	if markEvolving(n.items, inProgress) {
		ev = true
	}
	for _, p := range n.props {
		if markEvolving(p, inProgress) {
			ev = true
		}
	}
	for _, v := range n.variants {
		if markEvolving(v, inProgress) {
			ev = true
		}
	}
	n.mayEvolve = ev
	return ev
}
