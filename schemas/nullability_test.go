package schemas_test

import (
	"encoding/json"
	"io/fs"
	"slices"
	"sort"
	"testing"

	"github.com/graphmock/graphmock/schemas"
)

// Graph always sends a property its metadata declares Nullable="false" (api-facts §6 trap 10), so
// a body or scenario without one is not Graph's data: each must be required where it is declared.
// The two exemptions are not data Graph omits: id is the key (a created segment gets one from the
// server, and the scenario loader requires it itself), and @odata.type is an annotation.
var requiredExempt = []string{"id", "@odata.type"}

// nonNullableInCSDL lists the Nullable="false" properties of the v1.0 CSDL reachable from a call
// record (api-facts §5.2 and §6 trap 10), as type.property, so that a schema that made one of them
// nullable is caught too.
var nonNullableInCSDL = []string{
	"callRecord.endDateTime", "callRecord.lastModifiedDateTime", "callRecord.modalities", "callRecord.startDateTime",
	"callRecord.type", "callRecord.version",
	"session.endDateTime", "session.modalities", "session.startDateTime",
	"segment.endDateTime", "segment.startDateTime",
	"failureInfo.stage",
	"networkInfo.connectionType", "networkInfo.networkTransportProtocol", "networkInfo.traceRouteHops",
	"networkInfo.wifiBand", "networkInfo.wifiRadioType",
	"mediaStream.streamDirection",
	"clientUserAgent.platform", "clientUserAgent.productFamily",
	"serviceUserAgent.role",
	"userFeedback.rating",
}

// admitsNull reports whether a property's schema lets its value be null, by the schemas'
// conventions: "null" among its types, or the nullable-enum form `if: {type: null}`.
func admitsNull(p map[string]any) bool {
	switch t := p["type"].(type) {
	case string:
		if t == "null" {
			return true
		}
	case []any:
		if slices.Contains(t, any("null")) {
			return true
		}
	}
	cond, _ := p["if"].(map[string]any)
	return cond != nil && cond["type"] == "null"
}

// objectSchema is one schema that declares properties: a definition, or an inline branch of a
// polymorphic definition (where it says what is accepted without @odata.type).
type objectSchema struct {
	where string
	s     map[string]any
}

// objectSchemas walks every schema file (the report rows' too) for every schema with properties.
func objectSchemas(t *testing.T) []objectSchema {
	t.Helper()
	var out []objectSchema
	names, err := fs.Glob(schemas.FS(), "*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("schema files %v: %v", names, err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(schemas.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Defs map[string]map[string]any `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for def, s := range doc.Defs {
			out = append(out, objectSchema{def, s})
			branches, _ := s["allOf"].([]any)
			for i, br := range branches {
				then, _ := br.(map[string]any)["then"].(map[string]any)
				if then != nil && then["properties"] != nil {
					out = append(out, objectSchema{def + "/allOf/" + string(rune('0'+i)) + "/then", then})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].where < out[j].where })
	return out
}

// TestNonNullableMembersAreRequired walks every schema that declares properties and checks that
// each property that does not admit null is required there, and that the CSDL's non-nullable
// properties are all non-nullable and required in the schemas.
func TestNonNullableMembersAreRequired(t *testing.T) {
	t.Parallel()
	requiredBy := map[string]bool{}
	for _, o := range objectSchemas(t) {
		props, _ := o.s["properties"].(map[string]any)
		var required []string
		list, _ := o.s["required"].([]any)
		for _, r := range list {
			required = append(required, r.(string))
		}
		for name, p := range props {
			pm, _ := p.(map[string]any)
			if slices.Contains(requiredExempt, name) || admitsNull(pm) {
				continue
			}
			if !slices.Contains(required, name) {
				t.Errorf("%s: %s is not nullable but not required: Graph always sends it", o.where, name)
			}
			requiredBy[o.where+"."+name] = true
		}
	}
	for _, prop := range nonNullableInCSDL {
		if !requiredBy["microsoft.graph.callRecords."+prop] {
			t.Errorf("microsoft.graph.callRecords.%s is Nullable=false in the CSDL but nullable or not required in the schema", prop)
		}
	}
}
