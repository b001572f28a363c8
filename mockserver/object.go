package mockserver

import (
	"encoding/json"
	"fmt"
	"strings"
)

// object is one stored Graph JSON object: its compact bytes, exactly as seeded or written (key
// order, number spelling and explicit nulls kept), and its top-level members as slices of those
// bytes. An object is immutable once built: updates build a new one, so readers may keep the
// bytes after the store's lock is released.
type object struct {
	raw    []byte
	fields []field
}

// field is one top-level member of an object; value is a slice of the object's raw bytes.
type field struct {
	name  string
	value []byte
}

// parseObject builds an object from JSON bytes that must hold a single JSON object (with no
// duplicate member names), in one pass.
func parseObject(data []byte) (object, error) {
	compact, fields, isObject, err := scanObject(data, 0)
	if err != nil {
		return object{}, err
	}
	if !isObject {
		return object{}, fmt.Errorf("expected a JSON object")
	}
	return object{raw: compact, fields: fields}, nil
}

// get returns the raw value of the named member, or nil when absent.
func (o object) get(name string) []byte {
	for _, f := range o.fields {
		if f.name == name {
			return f.value
		}
	}
	return nil
}

// getString returns the named member when it is a JSON string; ok is false otherwise.
func (o object) getString(name string) (string, bool) {
	v := o.get(name)
	if len(v) == 0 || v[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

// without returns a copy of the object with the named members removed (the stored form of an
// entity leaves out its navigation properties and OData control annotations).
func (o object) without(drop func(name string) bool) object {
	out := object{raw: []byte{'{'}}
	for _, f := range o.fields {
		if drop(f.name) {
			continue
		}
		out.raw = appendMember(out.raw, f.name)
		out.raw = append(out.raw, f.value...)
	}
	out.raw = append(out.raw, '}')
	// Re-slice fields against the new bytes so the result shares nothing with o.
	res, _ := parseObject(out.raw)
	return res
}

// with returns a copy of o where each member of patch replaces the member of the same name (or
// is appended when new): Graph's PATCH semantics, where a complex value is replaced whole.
func (o object) with(patch object) object {
	out := []byte{'{'}
	seen := make(map[string]bool, len(patch.fields))
	for _, f := range o.fields {
		if v := patch.get(f.name); v != nil {
			seen[f.name] = true
			out = append(appendMember(out, f.name), v...)
			continue
		}
		out = append(appendMember(out, f.name), f.value...)
	}
	for _, f := range patch.fields {
		if !seen[f.name] {
			out = append(appendMember(out, f.name), f.value...)
		}
	}
	out = append(out, '}')
	res, _ := parseObject(out)
	return res
}

// isControlAnnotation reports whether a member name is an OData control annotation that a pasted
// Graph response may carry (@odata.context, sessions@odata.nextLink, ...). @odata.type is data:
// it selects the derived type, so it is kept.
func isControlAnnotation(name string) bool {
	i := strings.Index(name, "@odata.")
	if i < 0 {
		return false
	}
	return name != "@odata.type"
}
