package jsondoc

import (
	"slices"
	"testing"
)

// An unindexed object (what a store keeps a million of) behaves as the indexed one in every
// method that reads members.
func TestUnindexedObjectsReadLikeIndexedOnes(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{`{}`, `{"id":"g1","startDateTime":"2026-11-20T10:00:00Z","media":[{"x":1}],"n":null}`, `{"a\"b":{"c":[1,2]}}`} {
		full, err := Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		bare := full.Unindexed()
		if bare.Fields != nil {
			t.Fatalf("%s: Unindexed kept the index", doc)
		}
		same := func(what string, a, b Object) {
			t.Helper()
			if string(a.Raw) != string(b.Raw) || !slices.EqualFunc(a.Members(), b.Members(), func(x, y Field) bool { return x.Name == y.Name && string(x.Value) == string(y.Value) }) {
				t.Errorf("%s %s: %s vs %s", doc, what, a.Raw, b.Raw)
			}
		}
		same("Members", full, bare)
		same("Indexed", full, bare.Indexed())
		for _, name := range []string{"id", "media", "n", "a\"b", "absent"} {
			if string(full.Get(name)) != string(bare.Get(name)) {
				t.Errorf("%s: Get(%q) differs", doc, name)
			}
		}
		patch, _ := Parse([]byte(`{"id":"g2","extra":true}`))
		same("With", full.With(patch), bare.With(patch))
		same("With (unindexed patch)", full.With(patch), full.With(patch.Unindexed()))
		same("WithFirst", full.WithFirst("first", []byte(`1`)), bare.WithFirst("first", []byte(`1`)))
		names, values := []string{"version", "id"}, [][]byte{[]byte(`2`), []byte(`"v"`)}
		same("WithValues", full.WithValues(names, values), bare.WithValues(names, values))
	}
}

// ScanInto finds what Scan finds, in the caller's buffer.
func TestScanIntoMatchesScan(t *testing.T) {
	t.Parallel()
	var sc Scanner
	buf := make([]Field, 0, 1)
	for _, doc := range []string{`{ "a" : 1 , "b" : [ 2 ] }`, `[1]`, `{}`, `{"x":"y","z":{"w":null}}`, `{"a":1,"a":2}`} {
		c1, f1, o1, e1 := Scan([]byte(doc), 0)
		c2, f2, o2, e2 := sc.ScanInto(buf, []byte(doc), 0)
		if string(c1) != string(c2) || o1 != o2 || (e1 == nil) != (e2 == nil) || len(f1) != len(f2) {
			t.Fatalf("%s: Scan %s %v %v, ScanInto %s %v %v", doc, c1, o1, e1, c2, o2, e2)
		}
		for i := range f1 {
			if f1[i].Name != f2[i].Name || string(f1[i].Value) != string(f2[i].Value) {
				t.Fatalf("%s: member %d: %v vs %v", doc, i, f1[i], f2[i])
			}
		}
		buf = f2[:0]
	}
}
