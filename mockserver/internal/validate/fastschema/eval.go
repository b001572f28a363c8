package fastschema

import (
	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// vm is the state of one Valid call; vms are pooled.
type vm struct {
	data    []byte
	tape    []tok
	keybuf  []byte // unescaped member names
	scratch []byte // an unescaped string value, for one comparison at a time
	numbuf  []byte // a number's digits, for one comparison at a time
	// doubt is set when the answer cannot be given with certainty; Valid then says false.
	// It must be a flag rather than a failed result: under not or if a failure turns into a
	// success.
	doubt bool
	// strict (Accept) also refuses what jsondoc.Scan refuses or rewrites: duplicate names, lone
	// surrogate escapes, nesting deeper than depthLimit; spaced notes whitespace between tokens.
	strict     bool
	spaced     bool
	depthLimit int
	names      []int32 // the name tokens of the objects open in strict mode, outermost first
	// verdict (strict mode) is what the leaves met so far say of the canonical form: see Accept.
	verdict canon.Verdict
}

// Valid reports whether raw, one JSON value, is valid against the definition $defs/def of the
// compiled files (def being a full name such as "microsoft.graph.callRecords.segment"). raw
// must be syntactically valid JSON with no duplicate member names (as jsondoc.Scan checks);
// Valid does not look for duplicates. False means invalid, unknown def, or not certain.
func (set *Set) Valid(def string, raw []byte) bool {
	s := set.defs[def]
	if s == nil {
		return false
	}
	return set.run(s, raw, false, 0)
}

// run parses raw onto a pooled vm's tape and evaluates s on it.
func (set *Set) run(s *schema, raw []byte, strict bool, depthLimit int) bool {
	v := set.pool.Get().(*vm)
	ok := v.run(s, raw, strict, depthLimit)
	v.data = nil
	set.release(v)
	return ok
}

// run parses raw onto v's tape and evaluates s on it.
func (v *vm) run(s *schema, raw []byte, strict bool, depthLimit int) bool {
	v.data, v.tape, v.keybuf, v.doubt = raw, v.tape[:0], v.keybuf[:0], false
	v.strict, v.spaced, v.depthLimit, v.names = strict, false, depthLimit, v.names[:0]
	v.verdict = canon.Verdict{Canonical: true}
	ok := v.parse() && !(strict && v.spaced)
	if ok {
		ok, _ = v.eval(s, 0)
		ok = ok && !v.doubt
	}
	return ok
}

// release gives v back to the pool, unless a huge input made its buffers too big to keep.
func (set *Set) release(v *vm) {
	if cap(v.tape) <= 1<<16 && cap(v.keybuf) <= 1<<16 && cap(v.scratch) <= 1<<16 {
		set.pool.Put(v)
	}
}

// keyBytes is the (unescaped) name of the member whose name token is tape[j].
func (v *vm) keyBytes(j int32) []byte {
	t := &v.tape[j]
	if t.flags&fKeyBuf != 0 {
		return v.keybuf[t.off:t.end]
	}
	return v.data[t.off:t.end]
}

// strBytes is the unescaped contents of the string tape[j]; an escaped one is unescaped into
// scratch, so the result is only good until the next call.
func (v *vm) strBytes(j int32) []byte {
	t := &v.tape[j]
	if t.flags&fEscaped == 0 {
		return v.data[t.off:t.end]
	}
	v.scratch = jsondoc.AppendUnescaped(v.scratch[:0], v.data[t.off:t.end])
	return v.scratch
}

// num reads the number tape[j]; ok is false (and doubt set) when it is out of the range
// handled exactly. The digits are only good until the next call.
func (v *vm) num(j int32) (decimal, bool) {
	t := &v.tape[j]
	d, ok := parseDecimal(v.data[t.off:t.end], v.numbuf)
	if !ok {
		v.doubt = true
		return decimal{}, false
	}
	if d.digits != nil {
		v.numbuf = d.digits[:0]
	}
	return d, true
}

// find returns the member ordinal and the value index of the member name in the object
// tape[i], or -1.
func (v *vm) find(i int32, name string) (int, int32) {
	j := i + 1
	for k := 0; k < int(v.tape[i].n); k++ {
		if string(v.keyBytes(j)) == name {
			return k, j + 1
		}
		j = v.tape[j+1].next
	}
	return -1, 0
}

func bit(k int) uint64 {
	if k >= 64 {
		return 0
	}
	return 1 << uint(k)
}

// eval applies s to the value tape[i]. When the value is an object, evaluated has bit k set
// for each member k (k < 64) that s or its successful in-place subschemas evaluated, the
// annotation that unevaluatedProperties reads.
func (v *vm) eval(s *schema, i int32) (ok bool, evaluated uint64) {
	if s.always != 0 {
		return s.always > 0, 0
	}
	t := &v.tape[i]
	if v.strict && !s.leaf.IsZero() {
		v.leaf(s, t)
	}
	if s.types != 0 && !v.typeOK(s.types, i) {
		return false, 0
	}
	if s.hasConst && !v.equal(i, &s.constv) {
		return false, 0
	}
	if s.hasEnum && !v.inEnum(s, i) {
		return false, 0
	}
	switch t.kind {
	case kObject:
		for _, name := range s.required {
			if k, _ := v.find(i, name); k < 0 {
				return false, 0
			}
		}
		if len(s.propList) > 0 {
			if len(s.propList) <= smallProps {
				for _, p := range s.propList {
					k, val := v.find(i, p.name)
					if k < 0 {
						continue
					}
					if ok, _ := v.eval(p.s, val); !ok {
						return false, 0
					}
					evaluated |= bit(k)
				}
			} else {
				j := i + 1
				for k := 0; k < int(t.n); k++ {
					if ps := s.props.get(v.keyBytes(j)); ps != nil {
						if ok, _ := v.eval(ps, j+1); !ok {
							return false, 0
						}
						evaluated |= bit(k)
					}
					j = v.tape[j+1].next
				}
			}
		}
	case kArray:
		if s.items != nil {
			j := i + 1
			for k := 0; k < int(t.n); k++ {
				if ok, _ := v.eval(s.items, j); !ok {
					return false, 0
				}
				j = v.tape[j].next
			}
		}
	case kString:
		if s.pattern != nil && !s.pattern.match(v.strBytes(i)) {
			return false, 0
		}
	case kNumber:
		if (s.min != nil || s.max != nil) && !v.inBounds(s, i) {
			return false, 0
		}
	}
	if s.ref != nil {
		ok, ev := v.eval(s.ref, i)
		if !ok {
			return false, 0
		}
		evaluated |= ev
	}
	if s.not != nil {
		if ok, _ := v.eval(s.not, i); ok {
			return false, 0
		}
	}
	if s.dispatch != nil && t.kind == kObject {
		ok, ev := v.evalDispatch(s.dispatch, i)
		if !ok {
			return false, 0
		}
		evaluated |= ev
	} else {
		for _, sub := range s.allOf {
			ok, ev := v.eval(sub, i)
			if !ok {
				return false, 0
			}
			evaluated |= ev
		}
	}
	if s.ifS != nil {
		if ok, ev := v.eval(s.ifS, i); ok {
			// The annotations of a successful if count, as do those of then.
			evaluated |= ev
			if s.thenS != nil {
				ok, ev := v.eval(s.thenS, i)
				if !ok {
					return false, 0
				}
				evaluated |= ev
			}
		} else if s.elseS != nil {
			ok, ev := v.eval(s.elseS, i)
			if !ok {
				return false, 0
			}
			evaluated |= ev
		}
	}
	if s.uneval != nil && t.kind == kObject {
		n := int(t.n)
		if n > 64 {
			// Too wide to track here; let the full validator decide.
			v.doubt = true
			return false, 0
		}
		j := i + 1
		for k := 0; k < n; k++ {
			if evaluated&bit(k) == 0 {
				if ok, _ := v.eval(s.uneval, j+1); !ok {
					return false, 0
				}
			}
			j = v.tape[j+1].next
		}
		// unevaluatedProperties evaluates every member it was applied to.
		if n == 64 {
			evaluated = ^uint64(0)
		} else {
			evaluated = 1<<uint(n) - 1
		}
	}
	return true, evaluated
}

// inBounds reports whether the number tape[i] is within s's minimum and maximum: by the integer
// thresholds when they decide, else exactly.
func (v *vm) inBounds(s *schema, i int32) bool {
	t := &v.tape[i]
	lo, hi, quick := quickRange(v.data[t.off:t.end])
	minOK := quick && s.min != nil && s.min.decisive && lo >= s.min.threshold
	maxOK := quick && s.max != nil && s.max.decisive && hi <= s.max.threshold
	if (minOK || s.min == nil) && (maxOK || s.max == nil) {
		return true
	}
	d, ok := v.num(i)
	if !ok {
		return false
	}
	return (s.min == nil || cmpDecimal(d, s.min.d) >= 0) && (s.max == nil || cmpDecimal(d, s.max.d) <= 0)
}

// typeOK reports whether tape[i] is of one of the types in mask.
func (v *vm) typeOK(mask uint8, i int32) bool {
	switch v.tape[i].kind {
	case kNull:
		return mask&tNull != 0
	case kFalse, kTrue:
		return mask&tBoolean != 0
	case kObject:
		return mask&tObject != 0
	case kArray:
		return mask&tArray != 0
	case kString:
		return mask&tString != 0
	case kNumber:
		if mask&tNumber != 0 {
			return true
		}
		if mask&tInteger != 0 {
			t := &v.tape[i]
			if lo, hi, ok := quickRange(v.data[t.off:t.end]); ok {
				return lo == hi
			}
			d, ok := v.num(i)
			return ok && d.isInt()
		}
	}
	return false
}

func (v *vm) inEnum(s *schema, i int32) bool {
	if v.tape[i].kind == kString {
		_, ok := s.enumStrs[string(v.strBytes(i))]
		return ok
	}
	for k := range s.enumOther {
		if v.equal(i, &s.enumOther[k]) {
			return true
		}
	}
	return false
}

// equal reports whether tape[i] equals c as JSON Schema compares values: numbers by value,
// strings after unescaping, objects regardless of member order.
func (v *vm) equal(i int32, c *cval) bool {
	t := &v.tape[i]
	if t.kind != c.kind {
		return false
	}
	switch t.kind {
	case kNull, kFalse, kTrue:
		return true
	case kString:
		return string(v.strBytes(i)) == c.str
	case kNumber:
		d, ok := v.num(i)
		return ok && cmpDecimal(d, c.num) == 0
	case kArray:
		if int(t.n) != len(c.arr) {
			return false
		}
		j := i + 1
		for k := range c.arr {
			if !v.equal(j, &c.arr[k]) {
				return false
			}
			j = v.tape[j].next
		}
		return true
	case kObject:
		if int(t.n) != len(c.obj) {
			return false
		}
		j := i + 1
		for k := 0; k < int(t.n); k++ {
			m, ok := c.obj[string(v.keyBytes(j))]
			if !ok || !v.equal(j+1, &m) {
				return false
			}
			j = v.tape[j+1].next
		}
		return true
	}
	return false
}
