package fastschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// draft2020 is the only $schema the files may declare.
const draft2020 = "https://json-schema.org/draft/2020-12/schema"

// compiler is the state of one Compile: the files given, the definitions found in each, and the
// $refs to resolve once every file is read.
type compiler struct {
	files map[string]bool
	defs  map[string]map[string]*schema // file -> name -> schema
	refs  []pendingRef
}

// pendingRef is a $ref of schema s found in file, resolved after all definitions are known.
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
				return nil, &Error{Loc: s.loc + "/" + jsondoc.EscapePointerToken(k), Msg: err.Error()}
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
