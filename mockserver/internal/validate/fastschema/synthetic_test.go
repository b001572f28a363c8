package fastschema

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Keyword semantics beyond the shapes the embedded files use: a synthetic schema file, compared
// with jsonschema/v5 on every combination of its definitions and a set of values. Here the two
// must agree both ways (none of the values is a doubt case).

const syntheticSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "t.json",
  "title": "synthetic",
  "$defs": {
    "constNum": {"const": 1.5},
    "constInt": {"const": 100},
    "constStr": {"const": "a\"b\u00e9"},
    "constObj": {"const": {"a": [1, "x", null, true], "b": {"c": 2.0}}},
    "constArr": {"const": [1, {"a": false}]},
    "constNull": {"const": null},
    "enumMixed": {"enum": [null, true, 0, "a\nb", "\u00e9", [1, 2], {"k": "v"}, 1e2]},
    "bounds": {"allOf": [{"minimum": -2.5}, {"maximum": 1e30}]},
    "boundsInt": {"type": "integer", "minimum": 0.5, "maximum": 10},
    "boundsNeg": {"minimum": -1e30, "maximum": -2.5},
    "boundsHuge": {"minimum": 1e30},
    "boundsTiny": {"maximum": -1e30},
    "boundsFrac": {"minimum": 0.25, "maximum": 0.75},
    "notString": {"not": {"type": "string"}},
    "ifElse": {"if": {"type": "integer"}, "then": {"minimum": 5}, "else": {"type": "string"}},
    "ifOnly": {"if": {"properties": {"a": {"type": "integer"}}}, "unevaluatedProperties": false},
    "thenWithoutIf": {"then": false},
    "unevalSchema": {"properties": {"a": true}, "unevaluatedProperties": {"type": "integer"}},
    "unevalIf": {"if": {"properties": {"k": {"const": "x"}}, "required": ["k"]}, "then": {"properties": {"x": true}}, "else": {"properties": {"y": true}}, "unevaluatedProperties": false},
    "unevalNot": {"not": {"not": {"properties": {"a": true}}}, "unevaluatedProperties": false},
    "unevalNested": {"allOf": [{"properties": {"a": true}, "unevaluatedProperties": false}], "properties": {"b": true}},
    "unevalRef": {"$ref": "#/$defs/unevalSchema", "properties": {"z": {"type": "string"}}, "unevaluatedProperties": false},
    "unevalTrue": {"allOf": [{"unevaluatedProperties": true}], "unevaluatedProperties": false},
    "unevalFailedBranch": {"allOf": [{"if": {"properties": {"a": {"type": "string"}}}, "then": true}], "unevaluatedProperties": false},
    "unevalItemsSchema": {"type": "array", "items": {"$ref": "#/$defs/unevalIf"}},
    "items": {"type": "array", "items": {"type": ["integer", "null"], "maximum": 3}},
    "patternEsc": {"type": "string", "pattern": "^a\tb$"},
    "patternOther": {"pattern": "^[a-c]+$"},
    "alwaysFalse": false,
    "alwaysTrue": true,
    "propsSmall": {"properties": {"p": {"type": "string"}}, "required": ["q"]},
    "propsBig": {"properties": {"a": {"type": "integer"}, "b": {"type": "string"}, "c": {"const": null}, "d\u00e9": {"type": "boolean"}}, "unevaluatedProperties": false},
    "typeArr": {"type": ["number", "boolean"]},
    "typeInt": {"type": "integer"},
    "refFar": {"$ref": "t2.json#/$defs/far"}
  }
}`

const syntheticSchema2 = `{"$defs": {"far": {"type": "object", "required": ["a"], "$comment": "in a file without $id or $schema", "deprecated": true}}}`

func syntheticValues() []string {
	atoms := []string{`null`, `true`, `false`, `0`, `-0`, `0.0`, `1`, `1.5`, `1.50`, `15e-1`, `100`, `1e2`, `100.0`, `3`, `3.5`, `-2.5`, `-2.4`, `-2.6`,
		`-3`, `10`, `10.5`, `0.5`, `0.25`, `0.2`, `0.75`, `0.7500001`, `1e30`, `1e31`, `-1e30`, `-1e31`, `9.99e29`, `1e-30`, `5`, `4`,
		`123456789012345678901234567890`, `-123456789012345678901234567890.5`,
		`""`, `"a"`, `"abc"`, `"abd"`, `"x"`, `"a\nb"`, `"a\u000ab"`, `"\u00e9"`, `"é"`, `"a\tb"`, `"a\u0009b"`, `"a\"b\u00e9"`, `"a\u0022bé"`, `"\ud83d\ude00"`, `"\ud800"`, `"\/"`, `"\\"`,
		`[]`, `[1, 2]`, `[1.0, 2e0]`, `[1, {"a": false}]`, `[1.0, {"a": false}]`, `[1, {"a": false, "b": 1}]`, `[null]`, `[1, 4]`, `[3, null, -1]`, `[[]]`,
		`{}`, `{"k": "v"}`, `{"k": "w"}`, `{"\u006b": "\u0076"}`, `{"a": [1, "x", null, true], "b": {"c": 2}}`, `{"b": {"c": 2.0}, "a": [1.0, "x", null, true]}`,
		`{"a": [1, "x", null, false], "b": {"c": 2}}`}
	keys := []string{"a", "b", "c", "k", "x", "y", "z", "p", "q", "dé", `d\u00e9`}
	vals := []string{`1`, `"x"`, `null`, `true`, `2.5`, `{}`}
	out := append([]string{}, atoms...)
	rng := rand.New(rand.NewSource(3))
	for n := 0; n < 3000; n++ {
		m := rng.Intn(4) + 1
		used := map[string]bool{}
		var b strings.Builder
		b.WriteString("{")
		for k := 0; k < m; k++ {
			key := keys[rng.Intn(len(keys))]
			norm := strings.ReplaceAll(key, `\u00e9`, "é")
			if used[norm] {
				continue
			}
			used[norm] = true
			if b.Len() > 1 {
				b.WriteString(",")
			}
			b.WriteString(`"` + key + `":`)
			if rng.Intn(3) == 0 {
				b.WriteString(atoms[rng.Intn(len(atoms))])
			} else {
				b.WriteString(vals[rng.Intn(len(vals))])
			}
		}
		b.WriteString("}")
		out = append(out, b.String())
		if rng.Intn(4) == 0 {
			out = append(out, "["+b.String()+","+atoms[rng.Intn(len(atoms))]+"]")
		}
	}
	return out
}

func TestSyntheticSemantics(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{"t.json": []byte(syntheticSchema), "t2.json": []byte(syntheticSchema2)}
	set, err := Compile(files)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	for name, data := range files {
		if err := c.AddResource(refBase+name, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
	}
	var doc struct {
		Defs map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(files["t.json"], &doc); err != nil {
		t.Fatal(err)
	}
	values := syntheticValues()
	agree, valid := 0, 0
	for def := range doc.Defs {
		s, err := c.Compile(refBase + "t.json#/$defs/" + def)
		if err != nil {
			t.Fatalf("%s: %v", def, err)
		}
		r := &reference{byDef: map[string]*jsonschema.Schema{def: s}}
		for _, v := range values {
			if !wellFormed([]byte(v)) {
				continue
			}
			want, _ := r.verdict(def, []byte(v))
			got := set.Valid(def, []byte(v))
			if got != want {
				t.Errorf("%s %s: fastschema %v, jsonschema/v5 %v", def, v, got, want)
				continue
			}
			agree++
			if got {
				valid++
			}
		}
	}
	t.Logf("%d verdicts agree (%d valid)", agree, valid)

	// An empty enum means "no value" in JSON Schema and "any value" to jsonschema/v5.
	empty := map[string][]byte{"t.json": []byte(`{"$defs": {"e": {"enum": []}}}`)}
	if _, err := Compile(empty); err == nil || !strings.Contains(err.Error(), "enum") {
		t.Errorf("Compile with an empty enum: %v", err)
	}
}
