package canon

import (
	"bytes"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Leaf is the canonical form of the values of one schema definition: a DateTimeOffset, an Edm
// integer, a Single or Double, an enum, or nothing (the zero Leaf). A validator that walks an
// entity against the schemas meets every such value at its definition, so it can tell, in the
// same pass, whether Canonical would change the entity: the million entities of a generated
// scenario, already canonical, then skip a walk of their own.
type Leaf struct {
	kind      kind
	evolvable map[string]bool
}

// LeafOf is the canonical form of the values of the $defs entry name, def as decoded from the
// schema file (its enum keyword's string members, in order, name the enum's members): the one
// reading of the schemas that the canonical-form model is generated from and the fast validator
// checks values with.
func LeafOf(name string, def map[string]any) Leaf {
	switch name {
	case "Edm.DateTimeOffset":
		return Leaf{kind: kindDateTime}
	case "Edm.Int64", "Edm.Int32", "Edm.Int16", "Edm.Byte", "Edm.SByte":
		return Leaf{kind: kindInt}
	case "Edm.Single":
		return Leaf{kind: kindSingle}
	case "Edm.Double":
		return Leaf{kind: kindDouble}
	}
	enum, _ := def["enum"].([]any)
	l := Leaf{}
	after := false
	for _, x := range enum {
		m, isString := x.(string)
		if !isString {
			continue
		}
		l.kind = kindEnum
		if after {
			if l.evolvable == nil {
				l.evolvable = map[string]bool{}
			}
			l.evolvable[m] = true
		}
		after = after || m == "unknownFutureValue"
	}
	return l
}

// IsZero reports a definition whose values have no canonical form to check.
func (l Leaf) IsZero() bool { return l.kind == kindOther }

// Check reads one value of the definition, a JSON literal as written (a string with its quotes,
// a number; any other kind is left as written by Canonical, so it is canonical). canonical says
// Canonical leaves it as written; false may also mean only that it cannot tell without the
// conversion, so a caller then runs Canonical. evolvable says it is an evolvable enum member.
func (l Leaf) Check(lit []byte) (canonical, evolvable bool) {
	if len(lit) == 0 {
		return true, false
	}
	switch l.kind {
	case kindDateTime:
		// appendDateTime keeps a literal that ends in Z and has no escape.
		if lit[0] != '"' {
			return true, false
		}
		s := lit[1 : len(lit)-1]
		return len(s) > 0 && s[len(s)-1] == 'Z' && bytes.IndexByte(s, '\\') < 0, false
	case kindInt:
		if !isNumber(lit) {
			return true, false
		}
		return bytes.IndexAny(lit, ".eE") < 0 && string(lit) != "-0", false
	case kindSingle, kindDouble:
		if !isNumber(lit) {
			return true, false
		}
		single := l.kind == kindSingle
		if shortestFloat(lit, single) {
			return true, false
		}
		// A Single such as 142.7316 needs more digits than any Single always round-trips;
		// only the conversion tells whether the literal is its shortest form.
		var buf [48]byte
		return bytes.Equal(appendFloat(buf[:0], lit, single), lit), false
	case kindEnum:
		if lit[0] != '"' {
			return true, false
		}
		member := lit[1 : len(lit)-1]
		if bytes.IndexByte(member, '\\') >= 0 { // written again without escapes, and maybe evolvable
			return false, l.evolvable[string(jsondoc.AppendUnescaped(nil, member))]
		}
		return true, l.evolvable[string(member)]
	}
	return true, false
}

// Verdict is what a validator's single pass over an entity learned of its canonical form.
// Canonical says CanonicalClean would return the entity unchanged; Evolvable says it may hold an
// evolvable enum member (jsondoc.Object.Evolvable; it may also be set for a member the model
// would not have counted, which costs a response only a needless look).
type Verdict struct {
	Canonical bool
	Evolvable bool
}
