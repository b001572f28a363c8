// Package fastschema is a fast accept path for graphmock's JSON Schemas (draft 2020-12). It
// compiles the subset of keywords the embedded schema files use into Go structures and checks a
// JSON value by walking its bytes, without decoding into map[string]any.
//
// It only answers "certainly valid": Valid returns true when the value is valid against the
// definition with exactly JSON Schema 2020-12 semantics (as github.com/santhosh-tekuri/jsonschema/v5
// implements them), and false when it is invalid or when anything is in doubt (numbers with
// enormous exponents, strings with invalid UTF-8, objects too wide to track). A caller runs the
// full validator after a false, both to decide and to explain.
//
// Compile refuses every keyword it does not implement, so that a schema edit that adds one
// fails loudly instead of being ignored by the fast path.
//
// Semantics, as in JSON Schema 2020-12 and jsonschema/v5:
//
//   - A value is valid when every keyword of the schema object holds; $ref sits beside the
//     other keywords (it does not replace them).
//   - unevaluatedProperties applies to the members of an object that no keyword evaluated at
//     the same position: properties (the members it names), and, when they succeeded, the $ref
//     target, each allOf branch, if (when it passed) with then, and else (when if failed), each
//     counting what its own keywords and in-place subschemas evaluated. not contributes
//     nothing. A successful unevaluatedProperties evaluates all members, for the schemas
//     around it.
//   - type "integer" accepts any number with an integral value (27288.0, 1e2); minimum,
//     maximum, const and enum compare numbers exactly by value, whatever their spelling.
//   - const and enum compare strings after unescaping and objects regardless of member order.
//   - pattern matches the unescaped string with Go's regexp (RE2), as jsonschema/v5 does; the
//     patterns of Edm.DateTimeOffset and Edm.Duration use equivalent hand-written matchers.
package fastschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// draft2020 is the only $schema the files may declare.
const draft2020 = "https://json-schema.org/draft/2020-12/schema"

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

	not    *schema
	allOf  []*schema
	ifS    *schema
	thenS  *schema
	elseS  *schema
	uneval *schema
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

func (e *Error) Error() string { return "fastschema: " + e.Loc + ": " + e.Msg }

// Set is a compiled set of schema files. It is safe for concurrent use.
type Set struct {
	defs map[string]*schema // by $defs name; nil when two files define the name
	pool sync.Pool
}

type compiler struct {
	files map[string]bool
	defs  map[string]map[string]*schema // file -> name -> schema
	refs  []pendingRef
}

type pendingRef struct {
	s    *schema
	file string
}

// Compile compiles the schema files, keyed by file name (which must also be each file's $id,
// when it has one). Only these keywords are implemented: type, $ref (to "#/$defs/NAME" or
// "FILE#/$defs/NAME"), properties, required, enum (non-empty: jsonschema/v5 ignores an empty
// one), const, if, then, else, allOf, not, items (one schema), minimum, maximum, pattern and
// unevaluatedProperties; title, $comment and deprecated are ignored annotations; $schema
// (draft 2020-12 only), $id and $defs are allowed at a file's root. Any other keyword is an
// *Error naming it and its location, as are dangling references and $ref or allOf loops that
// would apply a schema to the same value forever.
func Compile(files map[string][]byte) (*Set, error) {
	c := &compiler{files: map[string]bool{}, defs: map[string]map[string]*schema{}}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
		c.files[name] = true
	}
	sort.Strings(names)
	for _, name := range names {
		dec := json.NewDecoder(bytes.NewReader(files[name]))
		dec.UseNumber()
		var doc any
		if err := dec.Decode(&doc); err != nil {
			return nil, fmt.Errorf("fastschema: %s: %v", name, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("fastschema: %s: data after the schema", name)
		}
		root, ok := doc.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("fastschema: %s: the root is not a JSON object", name)
		}
		c.defs[name] = map[string]*schema{}
		if _, err := c.compile(root, name, "", true); err != nil {
			return nil, err
		}
	}
	for _, p := range c.refs {
		target, err := c.resolve(p.file, p.s.refStr)
		if err != nil {
			return nil, &Error{Loc: p.s.loc + "/$ref", Msg: err.Error()}
		}
		p.s.ref = target
	}
	set := &Set{defs: map[string]*schema{}}
	seen := map[string]bool{}
	for _, file := range names {
		for name, s := range c.defs[file] {
			if seen[name] {
				set.defs[name] = nil // ambiguous: Valid answers false
				continue
			}
			seen[name] = true
			set.defs[name] = s
		}
	}
	if err := checkCycles(c.defs); err != nil {
		return nil, err
	}
	set.pool.New = func() any { return new(vm) }
	return set, nil
}

// compile compiles the schema v found at file#ptr.
func (c *compiler) compile(v any, file, ptr string, root bool) (*schema, error) {
	s := &schema{loc: file + "#" + ptr}
	switch v := v.(type) {
	case bool:
		s.always = -1
		if v {
			s.always = 1
		}
		return s, nil
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := c.keyword(s, k, v[k], file, ptr, root); err != nil {
				if _, ok := err.(*Error); ok {
					return nil, err // from a subschema: already located
				}
				return nil, &Error{Loc: s.loc + "/" + escapeToken(k), Msg: err.Error()}
			}
		}
		return s, nil
	default:
		return nil, &Error{Loc: s.loc, Msg: "a schema must be an object or a boolean, not " + jsonKind(v)}
	}
}

// sub compiles the subschema at ptr.
func (c *compiler) sub(v any, file, ptr string) (*schema, error) {
	return c.compile(v, file, ptr, false)
}

func (c *compiler) keyword(s *schema, k string, v any, file, ptr string, root bool) error {
	here := ptr + "/" + escapeToken(k)
	switch k {
	case "title", "$comment":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("must be a string")
		}
	case "deprecated":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("must be a boolean")
		}
	case "$schema":
		if !root {
			return fmt.Errorf("$schema is only supported at a file's root")
		}
		if v != draft2020 {
			return fmt.Errorf("only %s is supported, not %v", draft2020, v)
		}
	case "$id":
		if !root {
			return fmt.Errorf("$id is only supported at a file's root")
		}
		if v != file {
			return fmt.Errorf("the $id %v is not the file name %s", v, file)
		}
	case "$defs":
		if !root {
			return fmt.Errorf("$defs is only supported at a file's root")
		}
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("must be an object")
		}
		for name, d := range m {
			ds, err := c.sub(d, file, here+"/"+escapeToken(name))
			if err != nil {
				return err
			}
			c.defs[file][name] = ds
		}
	case "type":
		switch t := v.(type) {
		case string:
			bit, ok := typeBit(t)
			if !ok {
				return fmt.Errorf("unknown type %q", t)
			}
			s.types = bit
		case []any:
			if len(t) == 0 {
				return fmt.Errorf("empty type array")
			}
			for _, x := range t {
				name, _ := x.(string)
				bit, ok := typeBit(name)
				if !ok {
					return fmt.Errorf("unknown type %v", x)
				}
				if s.types&bit != 0 {
					return fmt.Errorf("type %s repeated", name)
				}
				s.types |= bit
			}
		default:
			return fmt.Errorf("must be a string or an array")
		}
	case "$ref":
		r, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a string")
		}
		s.refStr = r
		c.refs = append(c.refs, pendingRef{s, file})
	case "properties":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("must be an object")
		}
		for name, d := range m {
			ps, err := c.sub(d, file, here+"/"+escapeToken(name))
			if err != nil {
				return err
			}
			s.propList = append(s.propList, prop{name, ps})
		}
		sort.Slice(s.propList, func(i, j int) bool { return s.propList[i].name < s.propList[j].name })
		s.props = newPropTable(s.propList)
	case "required":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("must be an array")
		}
		seen := map[string]bool{}
		for _, x := range arr {
			name, ok := x.(string)
			if !ok || seen[name] {
				return fmt.Errorf("must be an array of distinct strings")
			}
			seen[name] = true
			s.required = append(s.required, name)
		}
	case "enum":
		arr, ok := v.([]any)
		if !ok || len(arr) == 0 {
			// jsonschema/v5 ignores an empty enum, where JSON Schema rejects every value.
			return fmt.Errorf("must be a non-empty array")
		}
		s.hasEnum = true
		s.enumStrs = map[string]struct{}{}
		for _, x := range arr {
			cv, err := newCval(x)
			if err != nil {
				return err
			}
			if cv.kind == kString {
				s.enumStrs[cv.str] = struct{}{}
			} else {
				s.enumOther = append(s.enumOther, cv)
			}
		}
	case "const":
		cv, err := newCval(v)
		if err != nil {
			return err
		}
		s.hasConst, s.constv = true, cv
	case "if":
		sub, err := c.sub(v, file, here)
		if err != nil {
			return err
		}
		s.ifS = sub
	case "then":
		sub, err := c.sub(v, file, here)
		if err != nil {
			return err
		}
		s.thenS = sub
	case "else":
		sub, err := c.sub(v, file, here)
		if err != nil {
			return err
		}
		s.elseS = sub
	case "not":
		sub, err := c.sub(v, file, here)
		if err != nil {
			return err
		}
		s.not = sub
	case "items":
		sub, err := c.sub(v, file, here)
		if err != nil {
			return err
		}
		s.items = sub
	case "unevaluatedProperties":
		sub, err := c.sub(v, file, here)
		if err != nil {
			return err
		}
		s.uneval = sub
	case "allOf":
		arr, ok := v.([]any)
		if !ok || len(arr) == 0 {
			return fmt.Errorf("must be a non-empty array")
		}
		for i, x := range arr {
			sub, err := c.sub(x, file, fmt.Sprintf("%s/%d", here, i))
			if err != nil {
				return err
			}
			s.allOf = append(s.allOf, sub)
		}
	case "minimum", "maximum":
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("must be a number")
		}
		b, err := newBound(n.String(), k == "minimum")
		if err != nil {
			return err
		}
		if k == "minimum" {
			s.min = b
		} else {
			s.max = b
		}
	case "pattern":
		p, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a string")
		}
		pat, err := compilePattern(p)
		if err != nil {
			return err
		}
		s.pattern = pat
	default:
		return fmt.Errorf("unsupported keyword %q", k)
	}
	return nil
}

// resolve finds the target of a $ref found in file. Only "#/$defs/NAME" and
// "FILE#/$defs/NAME" (FILE one of the compiled files) are supported.
func (c *compiler) resolve(file, ref string) (*schema, error) {
	hash := strings.IndexByte(ref, '#')
	if hash < 0 {
		return nil, fmt.Errorf("unsupported $ref %q: only FILE#/$defs/NAME and #/$defs/NAME are supported", ref)
	}
	target, frag := ref[:hash], ref[hash+1:]
	if target != "" {
		if !c.files[target] {
			return nil, fmt.Errorf("$ref %q names a file that was not given", ref)
		}
		file = target
	}
	const prefix = "/$defs/"
	if !strings.HasPrefix(frag, prefix) {
		return nil, fmt.Errorf("unsupported $ref %q: only FILE#/$defs/NAME and #/$defs/NAME are supported", ref)
	}
	name := frag[len(prefix):]
	if strings.ContainsAny(name, "/~%") {
		return nil, fmt.Errorf("unsupported $ref %q: the definition name must not need escaping", ref)
	}
	s, ok := c.defs[file][name]
	if !ok {
		return nil, fmt.Errorf("$ref %q: no such definition", ref)
	}
	return s, nil
}

// checkCycles rejects schemas that apply themselves to the same value without end through the
// in-place applicators $ref, allOf, if, then, else and not: evaluating them would never
// terminate.
func checkCycles(defs map[string]map[string]*schema) error {
	const (
		white = iota
		grey
		black
	)
	color := map[*schema]int{}
	var visit func(s *schema) error
	visit = func(s *schema) error {
		switch color[s] {
		case grey:
			return &Error{Loc: s.loc, Msg: "the schema applies itself to the same value in a loop (through $ref, allOf, if, then, else or not)"}
		case black:
			return nil
		}
		color[s] = grey
		next := append([]*schema{s.ref, s.not, s.ifS, s.thenS, s.elseS}, s.allOf...)
		for _, n := range next {
			if n != nil {
				if err := visit(n); err != nil {
					return err
				}
			}
		}
		color[s] = black
		return nil
	}
	// Every schema reachable through in-place applicators from any definition is checked;
	// properties, items and unevaluatedProperties move to another value, so they are walked
	// from fresh starting points.
	var all []*schema
	seen := map[*schema]bool{}
	var collect func(s *schema)
	collect = func(s *schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		all = append(all, s)
		for _, p := range s.propList {
			collect(p.s)
		}
		for _, n := range append([]*schema{s.ref, s.not, s.ifS, s.thenS, s.elseS, s.items, s.uneval}, s.allOf...) {
			collect(n)
		}
	}
	files := make([]string, 0, len(defs))
	for f := range defs {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		names := make([]string, 0, len(defs[f]))
		for n := range defs[f] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			collect(defs[f][n])
		}
	}
	for _, s := range all {
		if err := visit(s); err != nil {
			return err
		}
	}
	return nil
}

// escapeToken escapes s as a JSON pointer token.
func escapeToken(s string) string { return strings.NewReplacer("~", "~0", "/", "~1").Replace(s) }

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// cval is a compiled const or enum member.
type cval struct {
	kind kind
	str  string
	num  decimal
	arr  []cval
	obj  map[string]cval
}

func newCval(v any) (cval, error) {
	switch v := v.(type) {
	case nil:
		return cval{kind: kNull}, nil
	case bool:
		if v {
			return cval{kind: kTrue}, nil
		}
		return cval{kind: kFalse}, nil
	case string:
		return cval{kind: kString, str: v}, nil
	case json.Number:
		d, ok := parseDecimal([]byte(v.String()), nil)
		if !ok {
			return cval{}, fmt.Errorf("the number %s is out of the supported range", v)
		}
		return cval{kind: kNumber, num: d}, nil
	case []any:
		out := cval{kind: kArray, arr: make([]cval, len(v))}
		for i, x := range v {
			cv, err := newCval(x)
			if err != nil {
				return cval{}, err
			}
			out.arr[i] = cv
		}
		return out, nil
	case map[string]any:
		out := cval{kind: kObject, obj: make(map[string]cval, len(v))}
		for k, x := range v {
			cv, err := newCval(x)
			if err != nil {
				return cval{}, err
			}
			out.obj[k] = cv
		}
		return out, nil
	}
	return cval{}, fmt.Errorf("unexpected value %T", v)
}

// pattern is a compiled pattern keyword: a hand-written matcher for the two patterns of the
// Edm types, Go's regexp for any other.
type pattern struct {
	re    *regexp.Regexp
	match func([]byte) bool
}

func compilePattern(p string) (*pattern, error) {
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %v", p, err)
	}
	out := &pattern{re: re, match: re.Match}
	switch p {
	case dateTimeOffsetPattern:
		out.match = matchDateTimeOffset
	case durationPattern:
		out.match = matchDuration
	}
	return out, nil
}
