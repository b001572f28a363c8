package fastschema

import (
	"bytes"
	"strings"
	"testing"
)

// TestCompileRejects checks that Compile refuses what the fast path does not implement.
func TestCompileRejects(t *testing.T) {
	t.Parallel()
	files := schemaFiles(t)
	if _, err := Compile(files); err != nil {
		t.Fatalf("the embedded schemas do not compile: %v", err)
	}
	change := func(file, old, new string) map[string][]byte {
		out := map[string][]byte{}
		for k, v := range files {
			out[k] = v
		}
		if !bytes.Contains(out[file], []byte(old)) {
			t.Fatalf("%s does not contain %s", file, old)
		}
		out[file] = bytes.Replace(out[file], []byte(old), []byte(new), 1)
		return out
	}
	cases := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"unknown keyword", change(crFile, `"id": {"type": "string"},`, `"id": {"type": "string", "minLength": 1},`), `"minLength"`},
		{"additionalProperties", change(crFile, `"unevaluatedProperties": false`, `"additionalProperties": false`), `"additionalProperties"`},
		{"format", change(gFile, `"tenantId": {"type": ["string", "null"]}`, `"tenantId": {"type": ["string", "null"], "format": "uuid"}`), `"format"`},
		{"oneOf", change(crFile, `"allOf": [`, `"oneOf": [`), `"oneOf"`},
		{"misspelt keyword", change(crFile, `"required": ["startDateTime", "endDateTime"]`, `"requried": ["startDateTime", "endDateTime"]`), `"requried"`},
		{"dangling $ref", change(crFile, `"#/$defs/Edm.Int32"`, `"#/$defs/Edm.Int31"`), "no such definition"},
		{"$ref to another file", change(crFile, `"microsoft.graph.schema.json#/$defs/microsoft.graph.identity"`, `"other.json#/$defs/microsoft.graph.identity"`), "not given"},
		{"$ref by pointer", change(crFile, `"#/$defs/Edm.Int32"`, `"#/$defs/Edm.Int64/maximum"`), "escaping"},
		{"other draft", change(crFile, `"https://json-schema.org/draft/2020-12/schema"`, `"http://json-schema.org/draft-07/schema#"`), "$schema"},
		{"$id not the file name", change(gFile, `"$id": "microsoft.graph.schema.json"`, `"$id": "https://example.com/g.json"`), "$id"},
		{"type typo", change(crFile, `"id": {"type": "string"},`, `"id": {"type": "strin"},`), "unknown type"},
		{"items as an array", change(crFile, `"items": {"$ref": "#/$defs/microsoft.graph.callRecords.modality"}`, `"items": [{"$ref": "#/$defs/microsoft.graph.callRecords.modality"}]`), "schema must be"},
		{"loop", change(crFile, `"title": "Edm.Int32",`, `"title": "Edm.Int32", "allOf": [{"$ref": "#/$defs/Edm.Int32"}],`), "loop"},
		{"bad pattern", change(crFile, `"pattern": "^\\d{4}`, `"pattern": "(?=T)^\\d{4}`), "pattern"},
	}
	for _, tc := range cases {
		_, err := Compile(tc.files)
		if err == nil {
			t.Errorf("%s: Compile succeeded", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not mention %s", tc.name, err, tc.want)
		}
		t.Logf("%s: %v", tc.name, err)
	}
}
