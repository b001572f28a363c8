package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/graphmock/graphmock/mockserver/internal/validate/fastschema"
	"github.com/graphmock/graphmock/schemas"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// schemaBase is the URL the embedded schema files are registered under. Nothing is ever fetched
// from it: the compiler refuses every URL it was not given.
const schemaBase = "https://schemas.graphmock.invalid/"

// validator holds the compiled schema of every entity type that scenarios seed and clients
// write. Schemas compile once, in New; validation never reads or compiles a schema again.
type validator struct {
	byType map[string]*jsonschema.Schema
	// fast accepts valid bodies without decoding them; jsonschema decides (and explains)
	// whatever it does not accept.
	fast *fastschema.Set
}

// sharedValidator is the validator every server in the process uses: the schemas never change, a
// compiled schema is safe for concurrent use, and compiling them is most of what New used to cost.
// It is built on first use and never changes after.
var sharedValidator = sync.OnceValues(newValidator)

// newValidator compiles the embedded schemas. A broken schema is an error naming the file.
func newValidator() (*validator, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schema %s is not embedded; graphmock fetches nothing", u)
	}
	names, err := fs.Glob(schemas.FS(), "*.schema.json")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, name := range names {
		data, err := fs.ReadFile(schemas.FS(), name)
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(schemaBase+name, bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		files[name] = data
	}
	fast, err := fastschema.Compile(files)
	if err != nil {
		return nil, err
	}
	v := &validator{byType: map[string]*jsonschema.Schema{}, fast: fast}
	for _, t := range model.All() {
		s, err := c.Compile(schemaBase + "microsoft.graph.callRecords.schema.json#/$defs/" + t.Name())
		if err != nil {
			return nil, fmt.Errorf("schema for %s: %w", t.Name(), err)
		}
		v.byType[t.Name()] = s
	}
	return v, nil
}

// check validates one entity's JSON and returns its violations, each with a JSON pointer relative
// to the entity and a message that says which field and why.
func (v *validator) check(t model.EntityType, raw []byte) []violation {
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
		return []violation{{code: "invalidValue", message: "a number's exponent is beyond every Edm range (Int64, Single, Double)"}}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keeps Int64 values and exact decimals for the range checks
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return []violation{{code: "invalidJson", message: "not valid JSON: " + err.Error()}}
	}
	err := validateSafely(s, doc)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []violation{{code: "invalidValue", message: err.Error()}}
	}
	var out []violation
	seen := map[violation]bool{}
	for _, leaf := range leaves(ve) {
		for _, vi := range describe(leaf, doc) {
			if !seen[vi] {
				seen[vi] = true
				out = append(out, vi)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pointer < out[j].pointer })
	return out
}

// leaves returns the innermost causes of a validation error: the failures a person can act on.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// describe turns one failed keyword into a violation with a readable message. The library's own
// messages lack the property and type names (and print Int32 bounds as floats), so the common
// keywords are reworded from the schema location.
func describe(e *jsonschema.ValidationError, doc any) []violation {
	ptr := e.InstanceLocation
	if strings.HasSuffix(e.KeywordLocation, "/required") {
		// "missing properties: 'a', 'b'": one violation per missing property, at its pointer.
		var out []violation
		list := e.Message[strings.Index(e.Message, ":")+1:]
		for _, name := range strings.Split(list, ",") {
			name = strings.Trim(name, " '")
			out = append(out, violation{"required", ptr + "/" + escapePointer(name), fmt.Sprintf("%s is required on %s", name, ownerDef(e.AbsoluteKeywordLocation))})
		}
		return out
	}
	return []violation{describeOne(e, doc)}
}

// describeOne words a failure of any keyword but required.
func describeOne(e *jsonschema.ValidationError, doc any) violation {
	ptr := e.InstanceLocation
	keyword := e.KeywordLocation[strings.LastIndex(e.KeywordLocation, "/")+1:]
	def := ownerDef(e.AbsoluteKeywordLocation)
	value, _ := lookupPointer(doc, ptr)
	prop := ptr[strings.LastIndex(ptr, "/")+1:]
	switch keyword {
	case "unevaluatedProperties", "additionalProperties":
		return violation{"unknownProperty", ptr, fmt.Sprintf("unknown property '%s' on %s", unescapeToken(prop), def)}
	case "type":
		if value == nil {
			return violation{"nullNotAllowed", ptr, fmt.Sprintf("%s may be absent but not null: it is not nullable", unescapeToken(prop))}
		}
		return violation{"invalidType", ptr, fmt.Sprintf("%s: %s", unescapeToken(prop), e.Message)}
	case "enum", "const":
		if prop == "@odata.type" {
			return violation{"invalidType", ptr, fmt.Sprintf("%s is not a type allowed here; %s", jsonText(value), e.Message)}
		}
		return violation{"invalidValue", ptr, fmt.Sprintf("%s is not a member of %s; %s", jsonText(value), def, e.Message)}
	case "pattern":
		switch def {
		case "Edm.DateTimeOffset":
			return violation{"invalidValue", ptr, fmt.Sprintf("%s is not an Edm.DateTimeOffset: use ISO 8601 with 0 to 7 fractional digits and Z or an offset, such as 2026-11-20T10:15:42.4170000Z", jsonText(value))}
		case "Edm.Duration":
			return violation{"invalidValue", ptr, fmt.Sprintf("%s is not an Edm.Duration: use ISO 8601, such as PT0.016S or PT1M30S", jsonText(value))}
		}
	case "minimum", "maximum":
		if strings.HasPrefix(def, "Edm.") {
			return violation{"invalidValue", ptr, fmt.Sprintf("%s is out of the %s range", jsonText(value), def)}
		}
	}
	return violation{"invalidValue", ptr, fmt.Sprintf("%s: %s", unescapeToken(prop), e.Message)}
}

// ownerDef is the name of the innermost $defs entry a schema location points into.
func ownerDef(loc string) string {
	i := strings.LastIndex(loc, "/$defs/")
	if i < 0 {
		return ""
	}
	name := loc[i+len("/$defs/"):]
	if j := strings.IndexByte(name, '/'); j >= 0 {
		name = name[:j]
	}
	return name
}

// lookupPointer resolves a JSON pointer in a decoded document.
func lookupPointer(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	cur := doc
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = unescapeToken(tok)
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

func unescapeToken(s string) string {
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
}

// jsonText renders a value for a message, as JSON.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// validateSafely runs jsonschema/v5, which panics (inside math/big) on a number such as
// 1e999999999: that becomes a violation, so a client's number can never crash a request.
func validateSafely(s *jsonschema.Schema, doc any) (err error) {
	defer func() {
		if recover() != nil {
			err = fmt.Errorf("a number in the document is too large to check: keep numbers within the Edm ranges")
		}
	}()
	return s.Validate(doc)
}

// maxExponent is more than any Edm number needs (Double reaches about 1.8e308).
const maxExponent = 400

// hugeExponent reports whether the JSON holds a number whose exponent is beyond maxExponent.
func hugeExponent(raw []byte) bool {
	inString, escaped := false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case (c == 'e' || c == 'E') && i > 0 && raw[i-1] >= '0' && raw[i-1] <= '9':
			j := i + 1
			if j < len(raw) && (raw[j] == '+' || raw[j] == '-') {
				j++
			}
			n := 0
			for ; j < len(raw) && raw[j] >= '0' && raw[j] <= '9'; j++ {
				n = n*10 + int(raw[j]-'0')
				if n > maxExponent {
					return true
				}
			}
			i = j - 1
		}
	}
	return false
}
