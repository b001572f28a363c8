package scrub

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/schemas"
)

// node describes one position of a call record's JSON, read from the schemas: an object with
// its declared members (and the derived types @odata.type selects), a collection, or a string
// field with its classification. A nil *node is a position the schemas say nothing about, such
// as an undeclared member of an open type; its strings are scrubbed as ids.
type node struct {
	kind     Kind             // a string field: its classification
	items    *node            // a collection: its item
	props    map[string]*node // an object: its declared members
	variants map[string]*node // an object: the derived types by @odata.type
	// extra is the node of an undeclared member whose value is an object: an identity set's
	// undeclared members (acsUser, spoolUser) are identities.
	extra *node
}

// types is what the schemas say about a call record: the root node, and every string field
// found (type.property), which the table must classify.
type types struct {
	record  *node
	strings []string
}

// shared is the model of the process, built from the embedded schemas on first use and never
// changed.
var shared = sync.OnceValues(build)

// builder turns the schemas' $defs into nodes, each definition once (recursion-safe).
type builder struct {
	defs    map[string]map[string]any
	nodes   map[string]*node
	kinds   map[string]Kind
	seen    map[string]bool
	missing []string
}

// build reads the schemas and makes the call record's node. A string field the table does not
// classify is an error naming it.
func build() (*types, error) {
	defs, err := schemas.Defs("*.schema.json")
	if err != nil {
		return nil, err
	}
	b := &builder{defs: defs, nodes: map[string]*node{}, kinds: classification(), seen: map[string]bool{}}
	// Every definition, not only those a call record reaches today, so the table covers the
	// whole model.
	defNames := make([]string, 0, len(b.defs))
	for name := range b.defs {
		defNames = append(defNames, name)
	}
	slices.Sort(defNames)
	for _, name := range defNames {
		if b.isObject(name) {
			b.def(name)
		}
	}
	t := &types{record: b.def(model.CallRecord().Name())}
	for field := range b.seen {
		t.strings = append(t.strings, field)
	}
	slices.Sort(t.strings)
	if len(b.missing) > 0 {
		slices.Sort(b.missing)
		return nil, fmt.Errorf("scrub: string fields of the model that the classification table does not name: %s", strings.Join(slices.Compact(b.missing), ", "))
	}
	return t, nil
}

// isObject reports whether a definition is an entity or complex type (not an enum or Edm type).
func (b *builder) isObject(name string) bool {
	s := b.defs[name]
	return s != nil && s["enum"] == nil && !strings.HasPrefix(name, "Edm.") && (s["properties"] != nil || s["allOf"] != nil)
}

// def returns the node of an entity or complex type.
func (b *builder) def(name string) *node {
	if n, ok := b.nodes[name]; ok {
		return n
	}
	n := &node{props: map[string]*node{}}
	b.nodes[name] = n
	if strings.HasSuffix(strings.ToLower(name), "identityset") {
		n.extra = b.def(typePrefix + "identity")
	}
	b.object(n, name, b.defs[name])
	return n
}

// object fills an object node: its properties, and for a polymorphic position the derived types
// its allOf dispatches to on @odata.type. A branch that also applies without @odata.type adds
// its properties to the base; an inline branch's properties belong to the definition owner.
func (b *builder) object(n *node, owner string, s map[string]any) {
	b.addProps(n, owner, s)
	for _, br := range schemas.Branches(s) {
		then := br.Then
		var target *node
		if ref, ok := then["$ref"].(string); ok {
			if name := refName(ref); b.isObject(name) {
				target = b.def(name)
			}
		} else {
			target = &node{props: map[string]*node{}}
			b.addProps(target, owner, then)
			target.extra = n.extra
		}
		if target == nil {
			continue
		}
		if br.Type != "" {
			if n.variants == nil {
				n.variants = map[string]*node{}
			}
			n.variants[br.Type] = target
		}
		if br.Base {
			for name, p := range target.props {
				n.props[name] = p
			}
		}
	}
}

// addProps adds the nodes of a schema's properties, declared by owner.
func (b *builder) addProps(n *node, owner string, s map[string]any) {
	props, _ := s["properties"].(map[string]any)
	for name, p := range props {
		pm, ok := p.(map[string]any)
		if !ok || name == "@odata.type" {
			continue
		}
		if c := b.prop(owner, name, pm); c != nil {
			n.props[name] = c
		}
	}
}

// prop returns the node of a property's schema: an object, a collection, or a string field (a
// string, date-time, duration or enum); nil for numbers and booleans.
func (b *builder) prop(owner, name string, s map[string]any) *node {
	if items, ok := s["items"].(map[string]any); ok {
		if item := b.prop(owner, name, items); item != nil {
			return &node{items: item}
		}
		return nil
	}
	ref, _ := s["$ref"].(string)
	if els, ok := s["else"].(map[string]any); ok && ref == "" {
		ref, _ = els["$ref"].(string)
	}
	target := refName(ref)
	if b.isObject(target) {
		return b.def(target)
	}
	stringish := target == "Edm.DateTimeOffset" || target == "Edm.Duration" || (b.defs[target] != nil && b.defs[target]["enum"] != nil)
	switch t := s["type"].(type) {
	case string:
		stringish = stringish || t == "string"
	case []any:
		stringish = stringish || slices.Contains(t, any("string"))
	}
	if !stringish {
		return nil
	}
	field := owner + "." + name
	b.seen[strings.TrimPrefix(field, typePrefix)] = true
	k := b.kinds[field]
	if k == 0 {
		b.missing = append(b.missing, strings.TrimPrefix(field, typePrefix))
	}
	return &node{kind: k}
}

// refName is the definition a $ref names ("" when it names none): "#/$defs/X" or
// "file.json#/$defs/X".
func refName(ref string) string {
	_, name, found := strings.Cut(ref, "#/$defs/")
	if !found {
		return ""
	}
	return name
}
