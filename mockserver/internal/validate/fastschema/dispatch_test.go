package fastschema

import "testing"

// TestDispatchIsCompiled: the polymorphic positions of the schemas choose their derived type
// through a dispatch (else every derived type's if is tried in turn), and a document of each
// derived identity type is judged alike by the dispatch and by trying every branch.
func TestDispatchIsCompiled(t *testing.T) {
	t.Parallel()
	files, err := loadFiles()
	if err != nil {
		t.Fatal(err)
	}
	set, err := Compile(files) // its own: the test turns a dispatch off and on
	if err != nil {
		t.Fatal(err)
	}
	id := set.defs["microsoft.graph.identity"]
	if id == nil || id.dispatch == nil || len(id.dispatch.byValue) < 9 || id.dispatch.prop != "@odata.type" {
		t.Fatalf("microsoft.graph.identity has no dispatch over its derived types: %+v", id.dispatch)
	}
	for value := range id.dispatch.byValue {
		for _, doc := range []string{
			`{"@odata.type":"` + value + `","id":"x","displayName":"y"}`,
			`{"@odata.type":"` + value + `","id":7}`,
			`{"displayName":"y","@odata.type":"` + value + `","tenantId":"t"}`,
		} {
			got := set.Valid("microsoft.graph.identity", []byte(doc))
			d := id.dispatch
			id.dispatch = nil // every branch tried in turn
			want := set.Valid("microsoft.graph.identity", []byte(doc))
			id.dispatch = d
			if got != want {
				t.Errorf("%s: %v through the dispatch, %v trying every branch", doc, got, want)
			}
		}
	}
}
