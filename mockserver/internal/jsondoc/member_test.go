package jsondoc_test

import (
	"slices"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

func TestMember(t *testing.T) {
	t.Parallel()
	doc := []byte(` { "a" : 1, "b\u0022q":{"x":[1,{"y":"}"}]} , "c":"s\"t", "d":[ ], "e" : null, "f":true} `)
	for _, tc := range []struct{ name, want string }{
		{"a", "1"}, {`b"q`, `{"x":[1,{"y":"}"}]}`}, {"c", `"s\"t"`}, {"d", "[ ]"}, {"e", "null"}, {"f", "true"}, {"g", ""}, {"x", ""},
	} {
		if got := string(jsondoc.Member(doc, tc.name)); got != tc.want {
			t.Errorf("Member(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, bad := range []string{``, `[]`, `{`, `{"a"`, `{"a":`, `{"a":"x`, `{"a":[1,2`} {
		if got := jsondoc.Member([]byte(bad), "a"); got != nil {
			t.Errorf("Member(%q) = %q, want nil", bad, got)
		}
	}
	if s, ok := jsondoc.StringValue(jsondoc.Member(doc, "c")); !ok || s != `s"t` {
		t.Errorf("StringValue = %q, %v", s, ok)
	}
	if _, ok := jsondoc.StringValue([]byte("12")); ok {
		t.Error("StringValue accepted a number")
	}
	var items []string
	jsondoc.EachItem([]byte(` [ 1 , "a,b" , {"k":[2,3]}, [] ] `), func(v []byte) { items = append(items, string(v)) })
	if want := []string{"1", `"a,b"`, `{"k":[2,3]}`, "[]"}; !slices.Equal(items, want) {
		t.Errorf("EachItem = %q, want %q", items, want)
	}
	jsondoc.EachItem([]byte(`{"a":1}`), func([]byte) { t.Error("EachItem called on an object") })
}

// FuzzMember: on any object Parse accepts, Member finds every member's value as Parse indexed
// it (in the compact form Parse keeps), and nothing for a name the object lacks.
func FuzzMember(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"b":[{"c":"}"}],"d":null}`, ` { "x" : "y\"z" , "w":{ } } `, `{"a\u00e9":true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		obj, err := jsondoc.Parse(raw)
		if err != nil {
			return
		}
		for _, fl := range obj.Fields { // Parse made it compact: Member reads the same bytes
			if got := jsondoc.Member(obj.Raw, fl.Name); string(got) != string(fl.Value) {
				t.Fatalf("Member(%q) = %q, want %q in %s", fl.Name, got, fl.Value, obj.Raw)
			}
		}
		if got := jsondoc.Member(raw, "\x00absent"); got != nil {
			t.Fatalf("Member found an absent name: %q in %s", got, raw)
		}
	})
}
