package jsondoc

import (
	"testing"
)

func TestWithValues(t *testing.T) {
	t.Parallel()
	o, err := Parse([]byte(`{"id":"r","version":9,"a\"b":[1,{"x":2}],"lastModifiedDateTime":"2026-11-20T10:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	o.Evolvable = true
	got := o.WithValues([]string{"version", "lastModifiedDateTime", "new"}, [][]byte{[]byte("10"), []byte(`"2026-11-28T12:00:00Z"`), []byte("null")})
	want := `{"id":"r","version":10,"a\"b":[1,{"x":2}],"lastModifiedDateTime":"2026-11-28T12:00:00Z","new":null}`
	if string(got.Raw) != want || !got.Evolvable {
		t.Fatalf("got %s", got.Raw)
	}
	again, err := Parse(got.Raw)
	if err != nil || len(again.Fields) != len(got.Fields) {
		t.Fatalf("reparse: %v", err)
	}
	for i, f := range again.Fields {
		if got.Fields[i].Name != f.Name || string(got.Fields[i].Value) != string(f.Value) || got.Fields[i].start != f.start {
			t.Fatalf("field %d: %q=%s (at %d), scanned %q=%s (at %d)", i, got.Fields[i].Name, got.Fields[i].Value, got.Fields[i].start, f.Name, f.Value, f.start)
		}
	}
	if v, _ := got.GetString("lastModifiedDateTime"); v != "2026-11-28T12:00:00Z" || string(o.Get("version")) != "9" {
		t.Fatal("the copy shares state with the original")
	}
}

// BenchmarkWithValues shows the two allocations of a call record's stamp (raw bytes and fields).
func BenchmarkWithValues(b *testing.B) {
	o, err := Parse([]byte(`{"id":"r","version":9,"type":"groupCall","modalities":["audio"],"lastModifiedDateTime":"2026-11-20T10:00:00Z","startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:30:00Z","joinWebUrl":null}`))
	if err != nil {
		b.Fatal(err)
	}
	names, values := []string{"version", "lastModifiedDateTime"}, [][]byte{[]byte("10"), []byte(`"2026-11-28T12:00:00Z"`)}
	b.ReportAllocs()
	for b.Loop() {
		o.WithValues(names, values)
	}
}
