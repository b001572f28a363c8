package fastschema

import (
	"sync"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
)

// JSON types as bits of schema.types.
const (
	tNull uint8 = 1 << iota
	tBoolean
	tObject
	tArray
	tNumber
	tString
	tInteger
)

// typeBit maps a JSON Schema type name to its bit.
func typeBit(name string) (uint8, bool) {
	switch name {
	case "null":
		return tNull, true
	case "boolean":
		return tBoolean, true
	case "object":
		return tObject, true
	case "array":
		return tArray, true
	case "number":
		return tNumber, true
	case "string":
		return tString, true
	case "integer":
		return tInteger, true
	}
	return 0, false
}

// schema is one compiled schema object (or boolean schema).
type schema struct {
	loc string // file#pointer, for errors

	always int8 // +1: the boolean schema true; -1: false; 0: a schema object

	types uint8 // 0: no type keyword

	hasConst bool
	constv   cval

	hasEnum   bool
	enumStrs  map[string]struct{} // the string members
	enumOther []cval              // the other members

	required []string

	// properties: props for lookup by member name, propList (sorted by name) for small sets
	// that are cheaper to find by scanning the instance's members.
	props    propTable
	propList []prop

	items *schema

	min, max *bound

	pattern *pattern

	ref    *schema
	refStr string

	not   *schema
	allOf []*schema
	// dispatch is allOf's branches by @odata.type value, when it chooses a derived type.
	dispatch *dispatch
	ifS      *schema
	thenS    *schema
	elseS    *schema
	uneval   *schema

	// leaf is the canonical form of a $defs entry's values (zero elsewhere), checked by Accept.
	leaf canon.Leaf
}

type prop struct {
	name string
	s    *schema
}

// smallProps is the largest properties keyword that is applied by looking each name up in the
// instance instead of looking each instance member up in the keyword.
const smallProps = 2

// Error is a schema that Compile cannot compile: Loc is the file and JSON pointer of the
// offending keyword or subschema.
type Error struct {
	Loc string
	Msg string
}

// Error says which keyword or subschema Compile refused, and why.
func (e *Error) Error() string { return "fastschema: " + e.Loc + ": " + e.Msg }

// Set is a compiled set of schema files. It is safe for concurrent use.
type Set struct {
	defs map[string]*schema // by $defs name; nil when two files define the name
	pool sync.Pool
}
