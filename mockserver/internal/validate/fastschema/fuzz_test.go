package fastschema

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDifferential feeds fastschema and jsonschema/v5 the same JSON: the seed instances with
// their bytes mutated by the fuzzer and, selected by a and b, one value replaced by a copy of
// another. Whenever fastschema accepts, jsonschema/v5 must accept too.
func FuzzDifferential(f *testing.F) {
	set, r := fast(f), ref(f)
	st := readSchemasTest(f)
	c := newCorpus(f)
	c.givenDocuments(st)
	defIndex := map[string]uint8{}
	for i, d := range r.defs {
		defIndex[d] = uint8(i)
	}
	for _, it := range c.items {
		if len(it.raw) < 20000 {
			f.Add(it.raw, defIndex[it.def], uint16(0), uint16(0))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, sel uint8, a, b uint16) {
		def := r.defs[int(sel)%len(r.defs)]
		check := func(raw []byte) {
			if !wellFormed(raw) {
				return
			}
			fv := set.Valid(def, raw)
			if !fv {
				return
			}
			if rv, panicked := r.verdict(def, raw); !rv {
				t.Fatalf("fastschema accepts what jsonschema/v5 rejects (%s, panicked %v):\n%s", def, panicked, raw)
			}
		}
		check(raw)
		if a == 0 && b == 0 || !wellFormed(raw) {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var doc any
		if dec.Decode(&doc) != nil {
			return
		}
		ps := paths(doc)
		from, to := ps[int(b)%len(ps)], ps[int(a)%len(ps)]
		var val any = from.val
		del := false
		if a&0x8000 != 0 {
			del = true
		}
		mutated, ok := setPointer(doc, to.ptr, val, del)
		if !ok {
			return
		}
		out, err := json.Marshal(mutated)
		if err != nil {
			return
		}
		check(out)
	})
}
