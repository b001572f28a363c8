package fastschema

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// keyword compiles keyword k, with value v, of the schema object at file#ptr into s. Every
// keyword Compile supports is a case here; any other is an error.
func (c *compiler) keyword(s *schema, k string, v any, file, ptr string, root bool) error {
	here := ptr + "/" + jsondoc.EscapePointerToken(k)
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
			ds, err := c.sub(d, file, here+"/"+jsondoc.EscapePointerToken(name))
			if err != nil {
				return err
			}
			dm, _ := d.(map[string]any)
			ds.leaf = canon.LeafOf(name, dm)
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
			ps, err := c.sub(d, file, here+"/"+jsondoc.EscapePointerToken(name))
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
		s.dispatch = newDispatch(s.allOf)
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
