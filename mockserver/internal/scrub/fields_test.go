package scrub

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestEveryStringFieldIsClassified fails when the schemas have a string field (a string,
// date-time, duration or enum, in any definition) that the classification table does not name,
// or when the table names a field the schemas no longer have. A new field is personal until
// someone decides otherwise: add it to table() in fields.go and to docs/import.md.
func TestEveryStringFieldIsClassified(t *testing.T) {
	t.Parallel()
	model, err := shared()
	if err != nil {
		t.Fatalf("%v\n(classify each field in table() in fields.go, and list it in docs/import.md)", err)
	}
	inTable := map[string]Kind{}
	for _, f := range Fields() {
		key := f.Type + "." + f.Property
		if _, dup := inTable[key]; dup {
			t.Errorf("the table classifies %s twice", key)
		}
		if f.Kind == 0 {
			t.Errorf("the table gives %s a kind that does not exist", key)
		}
		inTable[key] = f.Kind
	}
	for _, f := range model.strings {
		if _, ok := inTable[f]; !ok {
			t.Errorf("%s is a string field of the schemas the table does not classify", f)
		}
		delete(inTable, f)
	}
	for _, f := range slices.Sorted(maps.Keys(inTable)) {
		t.Errorf("the table classifies %s, which is no string field of the schemas", f)
	}
	if len(model.strings) < 90 {
		t.Errorf("found only %d string fields in the schemas; the reader of the schemas is broken", len(model.strings))
	}
}

// TestAnUnclassifiedFieldIsAnError drops one field from the table and builds the model again:
// the error names the field, so a schema change cannot let personal data through unscrubbed.
func TestAnUnclassifiedFieldIsAnError(t *testing.T) {
	t.Parallel()
	b := &builder{defs: map[string]map[string]any{}, nodes: map[string]*node{}, kinds: classification(), seen: map[string]bool{}}
	delete(b.kinds, "microsoft.graph.callRecords.networkInfo.macAddress")
	b.defs["microsoft.graph.callRecords.networkInfo"] = map[string]any{
		"properties": map[string]any{"macAddress": map[string]any{"type": []any{"string", "null"}}, "port": map[string]any{"type": "integer"}},
	}
	b.def("microsoft.graph.callRecords.networkInfo")
	if len(b.missing) != 1 || b.missing[0] != "callRecords.networkInfo.macAddress" {
		t.Fatalf("missing = %v, want [callRecords.networkInfo.macAddress]", b.missing)
	}
}

// TestDocsListEveryField checks that docs/import.md lists every classified field in the row of
// its type, as `field` (kind), so the documented list is the table.
func TestDocsListEveryField(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "import.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		if m := regexp.MustCompile("^\\| `([A-Za-z.]+)` \\|").FindStringSubmatch(line); m != nil {
			rows[m[1]] = line
		}
	}
	for _, f := range Fields() {
		row, ok := rows[f.Type]
		if !ok {
			t.Errorf("docs/import.md has no row for the type `%s`", f.Type)
			continue
		}
		if want := "`" + f.Property + "` (" + f.Kind.String() + ")"; !strings.Contains(row, want) {
			t.Errorf("docs/import.md's row for `%s` lacks %s", f.Type, want)
		}
	}
}
