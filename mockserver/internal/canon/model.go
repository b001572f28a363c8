// Package canon holds Graph's canonical form of entity JSON and the ways a response may show it.
// Which members are DateTimeOffset, Int32/Int64, Single/Double or enums, and which enum members
// are evolvable (listed after unknownFutureValue), is derived from the embedded JSON Schemas,
// never written by hand, so the canonical form follows the schemas when they change: at build
// time, into types_gen.go (go generate; TestTypeTableIsCurrent fails when it is not what the
// schemas give), so that a process does not decode the schemas to learn it.
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
	"sync"

	"github.com/graphmock/graphmock/mockserver/internal/model"
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

//go:generate go test -run ^TestTypeTableIsCurrent$ -update .

// shared is the canonical-form model of the process, made on first use from the table generated
// from the schemas (types_gen.go): a few hundred nodes and their maps, where decoding the
// schemas took 2 ms and 390 KB at a process's first write.
var shared = sync.OnceValues(generatedTypes)

// typeOf returns the node of an entity type, building the model on first use.
func typeOf(t model.EntityType) (*node, error) {
	m, err := shared()
	if err != nil {
		return nil, err
	}
	return m[t.Name()], nil
}

// Ready makes the model if it is not made yet, and reports a failure to. A server calls it where
// it can return the error; the other functions treat a model they cannot have as "nothing to
// canonicalize". (Made from a generated table, it cannot fail; the error is the contract's.)
func Ready() error {
	_, err := shared()
	return err
}
