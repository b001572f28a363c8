package fastschema

import "reflect"

// dispatch is an allOf most of whose branches read `if {properties: {P: {const: C}}, required:
// [P]} then X`: how the schemas choose a derived type by @odata.type, one branch per derived type
// (ten for an identity). On an object, eval finds P once and applies only the branches whose C
// is its value, where the allOf tried every if in turn; the answer and the annotations are the
// same, since a branch whose if fails contributes nothing. Values that are not objects (every
// if passes on them) and the other branches (rest) are evaluated as any allOf.
type dispatch struct {
	prop    string
	byValue map[string][]*schema // C -> the then schemas of its branches
	rest    []*schema            // the other entries of the allOf
}

// newDispatch recognizes a dispatch among an allOf's entries; nil when fewer than two branches
// are of that form.
func newDispatch(allOf []*schema) *dispatch {
	d := &dispatch{byValue: map[string][]*schema{}}
	n := 0
	for _, b := range allOf {
		if prop, value, ok := typeBranch(b); ok && (d.prop == "" || d.prop == prop) {
			d.prop = prop
			d.byValue[value] = append(d.byValue[value], b.thenS)
			n++
		} else {
			d.rest = append(d.rest, b)
		}
	}
	if n < 2 {
		return nil
	}
	return d
}

// typeBranch reads a branch of the form `if {properties: {P: {const: C}}, required: [P]} then X`
// (C a string, and no other keyword at any of the three levels).
func typeBranch(b *schema) (prop, value string, ok bool) {
	if b.ifS == nil || b.thenS == nil || !only(b, func(c *schema) { c.ifS, c.thenS = nil, nil }) {
		return "", "", false
	}
	f := b.ifS
	if len(f.required) != 1 || len(f.propList) != 1 || f.propList[0].name != f.required[0] ||
		!only(f, func(c *schema) { c.required, c.propList, c.props = nil, nil, propTable{} }) {
		return "", "", false
	}
	p := f.propList[0].s
	if !p.hasConst || p.constv.kind != kString || !only(p, func(c *schema) { c.hasConst, c.constv = false, cval{} }) {
		return "", "", false
	}
	return f.required[0], p.constv.str, true
}

// only reports that s is a schema object with no keyword but those clear removes.
func only(s *schema, clear func(*schema)) bool {
	c := *s
	clear(&c)
	c.loc = ""
	return reflect.DeepEqual(c, schema{})
}

// evalDispatch is the allOf of s applied to the object tape[i] through its dispatch.
func (v *vm) evalDispatch(d *dispatch, i int32) (ok bool, evaluated uint64) {
	for _, sub := range d.rest {
		ok, ev := v.eval(sub, i)
		if !ok {
			return false, 0
		}
		evaluated |= ev
	}
	k, j := v.find(i, d.prop)
	if k < 0 || v.tape[j].kind != kString {
		return true, evaluated // every if fails: it requires P, a string
	}
	for _, then := range d.byValue[string(v.strBytes(j))] {
		ok, ev := v.eval(then, i)
		if !ok {
			return false, 0
		}
		// The if that passed evaluated P; then, what its schema did.
		evaluated |= bit(k) | ev
	}
	return true, evaluated
}
