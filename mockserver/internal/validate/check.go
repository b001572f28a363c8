package validate

import (
	"bytes"
	"encoding/json"
	"sort"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// Check validates one entity's JSON against the schema of its type and returns every
// violation, each with a JSON pointer relative to the entity and a message that names the field
// and says why, ordered by pointer; nil means valid. Its shape is the checker scenario loading
// takes, so a scenario file and a request body are judged alike. A type without a schema
// checks nothing.
func (v *Validator) Check(t model.EntityType, raw []byte) []model.Violation {
	s := v.byType[t.Name()]
	if s == nil {
		return nil
	}
	if v.fast != nil && v.fast.Valid(t.Name(), raw) {
		return nil
	}
	if hugeExponent(raw) {
		// jsonschema/v5 reads numbers with math/big: 1e9999999 would take it seconds and
		// gigabytes. No Edm type reaches such a number, so it is refused before that.
		return []model.Violation{{Code: "invalidValue", Message: "a number's exponent is beyond every Edm range (Int64, Single, Double)"}}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keeps Int64 values and exact decimals for the range checks
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return []model.Violation{{Code: "invalidJson", Message: "not valid JSON: " + err.Error()}}
	}
	err := validateSafely(s, doc)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []model.Violation{{Code: "invalidValue", Message: err.Error()}}
	}
	var out []model.Violation
	seen := map[model.Violation]bool{}
	for _, leaf := range leaves(ve) {
		for _, vi := range describe(leaf, doc) {
			if !seen[vi] {
				seen[vi] = true
				out = append(out, vi)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return out
}

// CheckBody validates a request body as an entity of type t: nil when it is valid, otherwise a
// *model.InvalidError carrying every violation, which the HTTP layer answers as Graph's 400
// with one error.details entry per violation.
func (v *Validator) CheckBody(t model.EntityType, raw []byte) error {
	if vs := v.Check(t, raw); len(vs) > 0 {
		return &model.InvalidError{Type: t, Violations: vs}
	}
	return nil
}

// Accept reports that raw is a compact JSON object, free of what jsondoc.Scan with maxDepth
// refuses or rewrites, and valid as an entity of type t: one pass that lets a caller holding
// such input (a generated scenario, a client's compact body) skip its scan and Check, and, when
// the verdict says it is canonical, canon's walk too. False says nothing: scan, Check and make
// canonical as usual. Each of want gets the value of raw's member of its Name, as written (nil:
// absent), so a caller need not read raw again for its id or times.
func (v *Validator) Accept(t model.EntityType, raw []byte, maxDepth int, want []jsondoc.Field) (bool, canon.Verdict) {
	if v.fast == nil || v.byType[t.Name()] == nil {
		return false, canon.Verdict{}
	}
	return v.fast.Accept(t.Name(), raw, maxDepth, want)
}
