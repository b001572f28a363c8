package schemas_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/graphmock/graphmock/schemas"
)

// The report rows (more-facts §3.4, §3.5): pstnCallLogRow has 23 properties and
// directRoutingLogRow 21, every one nullable in the CSDL, so none is required.
var rowProperties = map[string][]string{
	defPstnRow: {"callDurationSource", "calleeNumber", "callerNumber", "callId", "callType", "charge", "conferenceId",
		"connectionCharge", "currency", "destinationContext", "destinationName", "duration", "endDateTime", "id",
		"inventoryType", "licenseCapability", "operator", "startDateTime", "tenantCountryCode", "usageCountryCode",
		"userDisplayName", "userId", "userPrincipalName"},
	defDirectRow: {"calleeNumber", "callEndSubReason", "callerNumber", "callType", "correlationId", "duration",
		"endDateTime", "failureDateTime", "finalSipCode", "finalSipCodePhrase", "id", "inviteDateTime",
		"mediaBypassEnabled", "mediaPathLocation", "signalingLocation", "startDateTime", "successfulCall",
		"trunkFullyQualifiedDomainName", "userDisplayName", "userId", "userPrincipalName"},
}

// TestRowSchemaFiles checks each report row's file: its $id is its bare name, it defines its
// one type under the full name, declares exactly the documented properties (and @odata.type),
// requires none and admits null for every one.
func TestRowSchemaFiles(t *testing.T) {
	t.Parallel()
	for def, want := range rowProperties {
		file := def[len(cr):] + ".json"
		data, err := fs.ReadFile(schemas.FS(), file)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Schema string                    `json:"$schema"`
			ID     string                    `json:"$id"`
			Defs   map[string]map[string]any `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if doc.ID != file || doc.Schema != "https://json-schema.org/draft/2020-12/schema" || len(doc.Defs) != 1 {
			t.Fatalf("%s: $id %q, $schema %q, %d definitions; want its bare name, draft 2020-12, one", file, doc.ID, doc.Schema, len(doc.Defs))
		}
		s := doc.Defs[def]
		if s == nil || s["title"] != def || s["unevaluatedProperties"] != false || s["required"] != nil {
			t.Fatalf("%s: $defs/%s = %v; want it titled, closed, nothing required", file, def, s)
		}
		props := s["properties"].(map[string]any)
		var got []string
		for name, p := range props {
			if name == "@odata.type" {
				continue
			}
			got = append(got, name)
			if !admitsNull(p.(map[string]any)) {
				t.Errorf("%s: %s does not admit null; the CSDL makes every property nullable", def, name)
			}
		}
		sort.Strings(got)
		wantSorted := slices.Sorted(slices.Values(want))
		if !slices.Equal(got, wantSorted) {
			t.Errorf("%s declares %v, want %v", def, got, wantSorted)
		}
	}
}

// TestRowValues checks what a row accepts and refuses, against the docs' own rows.
func TestRowValues(t *testing.T) {
	t.Parallel()
	rowOf := func(file string) any {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		return decode(t, string(data)).(map[string]any)["value"].([]any)[0]
	}
	pstn := rowOf("callrecord-getpstncalls.pstnCallLogRow-list.json")
	direct := rowOf("callrecord-getdirectroutingcalls.directRoutingLogRow-list.json")
	allNull := func(def string) any {
		doc := map[string]any{}
		for _, p := range rowProperties[def] {
			doc[p] = nil
		}
		return doc
	}
	tests := []struct {
		name string
		def  string
		doc  any
		ok   bool
	}{
		{"pstn/docs row", defPstnRow, pstn, true},
		{"pstn/every property null", defPstnRow, allNull(defPstnRow), true},
		{"pstn/empty", defPstnRow, decode(t, `{}`), true},
		{"pstn/@odata.type", defPstnRow, apply(t, pstn, edit{"/@odata.type", `"#microsoft.graph.callRecords.pstnCallLogRow"`}), true},
		{"pstn/operator duration", defPstnRow, apply(t, pstn, edit{"/callDurationSource", `"operator"`}, edit{"/charge", "0.0525"}), true},
		{"pstn/charge as a string", defPstnRow, apply(t, pstn, edit{"/charge", `"0.05"`}), false},
		{"pstn/connectionCharge as a string", defPstnRow, apply(t, pstn, edit{"/connectionCharge", `"0"`}), false},
		{"pstn/unknown duration source", defPstnRow, apply(t, pstn, edit{"/callDurationSource", `"carrier"`}), false},
		{"pstn/duration beyond Int32", defPstnRow, apply(t, pstn, edit{"/duration", "2147483648"}), false},
		{"pstn/duration with a fraction", defPstnRow, apply(t, pstn, edit{"/duration", "2.5"}), false},
		{"pstn/start not a date-time", defPstnRow, apply(t, pstn, edit{"/startDateTime", `"2019-11-01"`}), false},
		{"pstn/unknown property", defPstnRow, apply(t, pstn, edit{"/trunk", `"x"`}), false},
		{"pstn/the other row's type", defPstnRow, apply(t, pstn, edit{"/@odata.type", `"#microsoft.graph.callRecords.directRoutingLogRow"`}), false},
		{"direct/docs row", defDirectRow, direct, true},
		{"direct/every property null", defDirectRow, allNull(defDirectRow), true},
		{"direct/failed call", defDirectRow, apply(t, direct, edit{"/successfulCall", "false"}, edit{"/finalSipCode", "487"},
			edit{"/endDateTime", "null"}, edit{"/failureDateTime", `"2019-11-01T00:00:29.5+01:00"`}), true},
		{"direct/successfulCall as a string", defDirectRow, apply(t, direct, edit{"/successfulCall", `"true"`}), false},
		{"direct/sip code as a string", defDirectRow, apply(t, direct, edit{"/finalSipCode", `"200"`}), false},
		{"direct/invite not a date-time", defDirectRow, apply(t, direct, edit{"/inviteDateTime", `"yesterday"`}), false},
		{"direct/a PSTN member", defDirectRow, apply(t, direct, edit{"/charge", "0"}), false},
	}
	for _, tc := range tests {
		err := schemaFor(t, tc.def).Validate(tc.doc)
		if (err == nil) != tc.ok {
			t.Errorf("%s: valid=%v, want %v (%v)", tc.name, err == nil, tc.ok, err)
		}
	}
}
