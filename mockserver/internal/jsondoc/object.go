// Package jsondoc holds graphmock's JSON documents: an Object is the compact bytes of one JSON
// object as it was handed in (member order, number spelling and explicit nulls kept: jsondoc
// never re-encodes; package canon decides the form entities are stored in) with its
// top-level members as slices of those bytes, checked and split by one hand-written scanner; the
// Append functions write the few generated strings responses need. It is internal to mockserver:
// responses are assembled from stored bytes instead of re-encoded, and this is what makes that
// safe and fast.
package jsondoc

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Object is one stored JSON object: its compact bytes and its top-level members. An Object is
// immutable once built: updates build a new one, so readers may keep the bytes after a lock is
// released.
type Object struct {
	Raw []byte
	// Fields indexes the top-level members. It is nil in an unindexed object (see Unindexed),
	// so code reading members of an object it did not scan itself uses Members (or Get), which
	// scans when needed.
	Fields []Field
	// Evolvable records that the object holds a member of an evolvable enum (one listed after
	// unknownFutureValue), which Graph shows as unknownFutureValue unless the client asks for
	// unknown members. The canonical-form package sets it when it builds the stored form, so a
	// read of an object without one never scans for it; jsondoc only carries it.
	Evolvable bool
}

// Field is one top-level member of an Object; Value is a slice of the Object's Raw bytes.
type Field struct {
	Name  string
	Value []byte
	start int // where Value starts in Raw (set by Scan), so members can be moved without a rescan
}

// Parse builds an Object from JSON bytes that must hold a single JSON object (with no duplicate
// member names), in one pass.
func Parse(data []byte) (Object, error) {
	compact, fields, isObject, err := Scan(data, 0)
	if err != nil {
		return Object{}, err
	}
	if !isObject {
		return Object{}, fmt.Errorf("expected a JSON object")
	}
	return Object{Raw: compact, Fields: fields}, nil
}

// Unindexed returns o without its member index (Fields): the form a store keeps entities it holds
// by the million in, a few hundred bytes smaller each. Copying an unindexed object's bytes needs
// nothing more; Members, and everything that reads members, scans them again.
func (o Object) Unindexed() Object { return Object{Raw: o.Raw, Evolvable: o.Evolvable} }

// Members returns o's top-level members: its Fields, or for an unindexed object its bytes
// scanned again (not kept: o is a value).
func (o Object) Members() []Field {
	if o.Fields != nil || len(o.Raw) <= 2 {
		return o.Fields
	}
	_, fields, _, err := Scan(o.Raw, 0)
	if err != nil {
		return nil
	}
	return fields
}

// Indexed returns o with its member index, scanning an unindexed object's bytes once.
func (o Object) Indexed() Object {
	if o.Fields == nil {
		o.Fields = o.Members()
	}
	return o
}

// Get returns the raw value of the named member, or nil when absent. An unindexed object is
// read in place for it, without building its index.
func (o Object) Get(name string) []byte {
	if o.Fields == nil {
		return Member(o.Raw, name)
	}
	for _, f := range o.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return nil
}

// GetString returns the named member when it is a JSON string; ok is false otherwise.
func (o Object) GetString(name string) (string, bool) {
	v := o.Get(name)
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	if bytes.IndexByte(v, '\\') < 0 {
		// Scan checked the literal (valid UTF-8, no control bytes): without escapes its bytes
		// are the string's.
		return string(v[1 : len(v)-1]), true
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

// With returns a copy of o where each member of patch replaces the member of the same name (or
// is appended when new): Graph's PATCH semantics, where a complex value is replaced whole.
func (o Object) With(patch Object) Object {
	o, patch = o.Indexed(), patch.Indexed()
	out := []byte{'{'}
	seen := make(map[string]bool, len(patch.Fields))
	for _, f := range o.Fields {
		if v := patch.Get(f.Name); v != nil {
			seen[f.Name] = true
			out = append(AppendMember(out, f.Name), v...)
			continue
		}
		out = append(AppendMember(out, f.Name), f.Value...)
	}
	for _, f := range patch.Fields {
		if !seen[f.Name] {
			out = append(AppendMember(out, f.Name), f.Value...)
		}
	}
	out = append(out, '}')
	res, _ := Parse(out)
	return res
}

// WithFirst returns a copy of o with a member name: value put first, without scanning again: the
// other members keep their bytes at a fixed shift. o must not already have the member.
func (o Object) WithFirst(name string, value []byte) Object {
	o = o.Indexed()
	var tmp [64]byte // the prefix is built on the stack: raw and fields are the only allocations
	prefix := AppendMember(append(tmp[:0], '{'), name)
	prefix = append(prefix, value...)
	raw := make([]byte, 0, len(prefix)+len(o.Raw)+1)
	raw = append(raw, prefix...)
	if len(o.Fields) > 0 {
		raw = append(raw, ',')
	}
	shift := len(raw) - 1 // where o.Raw[1] lands
	raw = append(raw, o.Raw[1:]...)
	fields := make([]Field, 0, len(o.Fields)+1)
	fields = append(fields, Field{Name: name, Value: raw[len(prefix)-len(value) : len(prefix) : len(prefix)]})
	fields[0].start = len(prefix) - len(value)
	for _, f := range o.Fields {
		start := f.start + shift
		fields = append(fields, Field{Name: f.Name, Value: raw[start : start+len(f.Value) : start+len(f.Value)], start: start})
	}
	return Object{Raw: raw, Fields: fields, Evolvable: o.Evolvable}
}

// WithValues returns a copy of o where the members named in names take the values in values
// (raw JSON, one per name), those o lacks appended after the others, without scanning again:
// the other members keep their bytes and names. It is With for a few generated values (a call
// record's version and lastModifiedDateTime on every write under it) in two allocations.
func (o Object) WithValues(names []string, values [][]byte) Object {
	o = o.Indexed()
	size := len(o.Raw) + 1
	for i, n := range names {
		size += len(values[i]) + len(n) + 4
	}
	raw := make([]byte, 0, size)
	fields := make([]Field, 0, len(o.Fields)+len(names))
	var endBuf [32]int // where each value ends; on the stack for records of up to 32 members
	ends := endBuf[:0]
	var setBuf [4]bool
	set := append(setBuf[:0], make([]bool, len(names))...)
	raw = append(raw, '{')
	add := func(name string, value []byte) {
		raw = AppendMember(raw, name)
		fields = append(fields, Field{Name: name, start: len(raw)})
		raw = append(raw, value...)
		ends = append(ends, len(raw))
	}
	for _, f := range o.Fields {
		v := f.Value
		for i, n := range names {
			if n == f.Name {
				v, set[i] = values[i], true
				break
			}
		}
		add(f.Name, v)
	}
	for i, n := range names {
		if !set[i] {
			add(n, values[i])
		}
	}
	raw = append(raw, '}')
	for i := range fields { // values slice raw only now that it no longer grows
		fields[i].Value = raw[fields[i].start:ends[i]:ends[i]]
	}
	return Object{Raw: raw, Fields: fields, Evolvable: o.Evolvable}
}
