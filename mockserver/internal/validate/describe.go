package validate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

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
func describe(e *jsonschema.ValidationError, doc any) []model.Violation {
	ptr := e.InstanceLocation
	if strings.HasSuffix(e.KeywordLocation, "/required") {
		// "missing properties: 'a', 'b'": one violation per missing property, at its pointer.
		var out []model.Violation
		list := e.Message[strings.Index(e.Message, ":")+1:]
		for _, name := range strings.Split(list, ",") {
			name = strings.Trim(name, " '")
			out = append(out, model.Violation{Code: "required", Pointer: ptr + "/" + jsondoc.EscapePointerToken(name), Message: fmt.Sprintf("%s is required on %s", name, ownerDef(e.AbsoluteKeywordLocation))})
		}
		return out
	}
	return []model.Violation{describeOne(e, doc)}
}

// describeOne words a failure of any keyword but required.
func describeOne(e *jsonschema.ValidationError, doc any) model.Violation {
	ptr := e.InstanceLocation
	keyword := e.KeywordLocation[strings.LastIndex(e.KeywordLocation, "/")+1:]
	def := ownerDef(e.AbsoluteKeywordLocation)
	value, _ := lookupPointer(doc, ptr)
	prop := ptr[strings.LastIndex(ptr, "/")+1:]
	at := func(code, format string, args ...any) model.Violation {
		return model.Violation{Code: code, Pointer: ptr, Message: fmt.Sprintf(format, args...)}
	}
	switch keyword {
	case "unevaluatedProperties", "additionalProperties":
		return at("unknownProperty", "unknown property '%s' on %s", jsondoc.UnescapePointerToken(prop), def)
	case "type":
		if value == nil {
			return at("nullNotAllowed", "%s may not be null: it is not nullable", jsondoc.UnescapePointerToken(prop))
		}
		if n, isNumber := value.(json.Number); isNumber && strings.HasPrefix(e.Message, "expected integer") {
			return at("invalidType", "%s: %s is not an integer: Edm.Int32 and Edm.Int64 values have no fraction", jsondoc.UnescapePointerToken(prop), n)
		}
		return at("invalidType", "%s: %s", jsondoc.UnescapePointerToken(prop), e.Message)
	case "enum", "const":
		if prop == "@odata.type" {
			return at("invalidType", "%s is not a type allowed here; %s", jsonText(value), e.Message)
		}
		return at("invalidValue", "%s is not a member of %s; %s", jsonText(value), def, e.Message)
	case "pattern":
		switch def {
		case "Edm.DateTimeOffset":
			return at("invalidValue", "%s is not an Edm.DateTimeOffset: use ISO 8601 with 0 to 7 fractional digits and Z or an offset, such as 2026-11-20T10:15:42.4170000Z", jsonText(value))
		case "Edm.Duration":
			return at("invalidValue", "%s is not an Edm.Duration: use ISO 8601, such as PT0.016S or PT1M30S", jsonText(value))
		}
	case "minimum", "maximum":
		if strings.HasPrefix(def, "Edm.") {
			return at("invalidValue", "%s is out of the %s range", jsonText(value), def)
		}
	}
	return at("invalidValue", "%s: %s", jsondoc.UnescapePointerToken(prop), e.Message)
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
		tok = jsondoc.UnescapePointerToken(tok)
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
