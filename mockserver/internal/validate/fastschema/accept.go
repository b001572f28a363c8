package fastschema

import (
	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Accept reports whether raw is a JSON object written compactly (no whitespace between tokens)
// that jsondoc.Scan with maxDepth would accept as it is (no duplicate member names, no lone
// surrogate escapes, nesting at most maxDepth deep) and that is valid against $defs/def. True
// lets a caller skip scanning and the full validator for input that is already in the form it
// stores, in one pass; false says nothing (the caller scans and validates as usual).
//
// When it accepts, the verdict says, from the same pass, what canon.CanonicalClean would make of
// raw: every value met at a definition with a canonical form (canon.LeafOf: date-times,
// integers, floats, enums) is checked as it is validated, so an entity already canonical needs
// no walk of its own. A value met only under a failed if or a not may make the verdict more
// cautious (not canonical, evolvable), never less.
//
// When it accepts, Accept also sets the Value of each of want to the value of the object's member
// of that Name as written (sharing raw; nil when there is none): what a caller would otherwise
// find by reading the object again (its id, its times).
func (set *Set) Accept(def string, raw []byte, maxDepth int, want []jsondoc.Field) (bool, canon.Verdict) {
	s := set.defs[def]
	if s == nil || len(raw) == 0 || raw[0] != '{' || maxDepth < 1 {
		return false, canon.Verdict{}
	}
	v := set.pool.Get().(*vm)
	ok := v.run(s, raw, true, maxDepth)
	verdict := v.verdict
	if ok {
		for k := range want {
			want[k].Value = nil
			if _, j := v.find(0, want[k].Name); j > 0 {
				t := &v.tape[j]
				if t.kind == kString {
					want[k].Value = raw[t.off-1 : t.end+1]
				} else {
					want[k].Value = raw[t.off:t.end]
				}
			}
		}
	}
	v.data = nil
	set.release(v)
	if !ok {
		return false, canon.Verdict{}
	}
	return true, verdict
}

// leaf checks the canonical form of the value t, met at the definition s.
func (v *vm) leaf(s *schema, t *tok) {
	var lit []byte
	switch t.kind {
	case kString:
		lit = v.data[t.off-1 : t.end+1]
	case kNumber:
		lit = v.data[t.off:t.end]
	default:
		return
	}
	canonical, evolvable := s.leaf.Check(lit)
	v.verdict.Canonical = v.verdict.Canonical && canonical
	v.verdict.Evolvable = v.verdict.Evolvable || evolvable
}
