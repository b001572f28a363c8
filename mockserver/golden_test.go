package mockserver_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

const (
	p2p   = "/v1.0/communications/callRecords/e523d2ed-2966-4b6b-925b-754a88034cc5"
	group = "/v1.0/communications/callRecords/a0f1c9e2-1111-4c2b-9d6e-000000000002"
)

// goldenCases is one request per route and per notable option, against testdata/basic.yaml.
func goldenCases() []struct {
	name   string
	target string
	header http.Header
} {
	maxPage := http.Header{"Prefer": {"odata.maxpagesize=2"}}
	return []struct {
		name   string
		target string
		header http.Header
	}{
		{"list-callrecords", "/v1.0/communications/callRecords", nil},
		{"list-callrecords-select-count", "/v1.0/communications/callRecords?$select=id,type,startDateTime&$count=true", nil},
		{"list-callrecords-filter", "/v1.0/communications/callRecords?$filter=startDateTime%20ge%202026-11-21T00:00:00Z", nil},
		{"list-callrecords-filter-participant", "/v1.0/communications/callRecords?$filter=participants_v2/any(p:p/id%20eq%20'f69e2c00-0000-0000-0000-185e5f5f5d8a')", nil},
		{"list-callrecords-page", "/v1.0/communications/callRecords", http.Header{"Prefer": {"odata.maxpagesize=1"}}},
		{"count-callrecords", "/v1.0/communications/callRecords/$count", nil},
		{"get-callrecord", p2p, nil},
		{"get-callrecord-select", p2p + "?$select=id,version,modalities", nil},
		{"get-callrecord-expand-sessions", group + "?$expand=sessions", nil},
		{"get-callrecord-expand-sessions-segments", p2p + "?$expand=sessions($expand=segments)", nil},
		{"get-callrecord-expand-sessions-paged", group + "?$expand=sessions($expand=segments)", maxPage},
		{"get-callrecord-expand-participants", p2p + "?$expand=participants_v2", nil},
		{"get-callrecord-beta", "/beta/communications/callRecords/e523d2ed-2966-4b6b-925b-754a88034cc5?expand=sessions", nil},
		{"get-organizer", p2p + "/organizer_v2", nil},
		{"list-participants", p2p + "/participants_v2", nil},
		{"get-participant", p2p + "/participants_v2/f69e2c00-0000-0000-0000-185e5f5f5d8a", nil},
		{"list-sessions", group + "/sessions", nil},
		{"list-sessions-expand-page", group + "/sessions?$expand=segments&$count=true", maxPage},
		{"list-sessions-select-top", group + "/sessions?$select=id,modalities&$top=2", nil},
		{"get-session", group + "/sessions/s1", nil},
		{"get-session-expand", group + "/sessions/s1?$expand=segments($select=id)", nil},
		{"count-sessions", group + "/sessions/$count", nil},
		{"list-segments", group + "/sessions/s1/segments?$count=true", maxPage},
		{"get-segment", p2p + "/sessions/e523d2ed-2966-4b6b-925b-754a88034cc5/segments/e523d2ed-2966-4b6b-925b-754a88034cc5", nil},
		{"get-segment-select", group + "/sessions/s1/segments/g2?$select=id,endDateTime", nil},
		{"count-segments", group + "/sessions/s1/segments/$count", nil},
		{"get-pstn-calls", "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-12-01)", nil},
		{"get-pstn-calls-sdk-beta-top", "/beta/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime=2026-11-01T00%3A00%3A00Z,toDateTime=2026-12-01T00%3A00%3A00Z)?$top=1&$skip=1", nil},
		{"get-direct-routing-calls", "/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2026-11-01,toDateTime=2026-12-01)", nil},
		{"get-direct-routing-calls-paged", "/v1.0/communications/callRecords/microsoft.graph.callRecords.getDirectRoutingCalls(fromDateTime=2026-11-01T00%3A00%3A00Z,toDateTime=2026-12-02T00%3A00%3A00Z)",
			http.Header{"Prefer": {"odata.maxpagesize=1"}}},
		{"error-pstn-calls-no-values", "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=,toDateTime=)", nil},
		{"error-pstn-calls-over-90-days", "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-06-01,toDateTime=2026-12-01)", nil},
		{"error-unknown-record", "/v1.0/communications/callRecords/nope", nil},
		{"error-unknown-segment", "/v1.0/communications/callRecordz", nil},
		{"error-bad-query", "/v1.0/communications/callRecords?$top=61", http.Header{"Client-Request-Id": {"7d5f8a86-6f3b-4bb1-a0a1-0123456789ab"}}},
		{"healthz", "/_mock/healthz", nil},
	}
}

// requestIDs matches generated GUIDs in bodies, which differ on every run.
var requestIDs = regexp.MustCompile(`"(request-id|client-request-id)":"[0-9a-f-]{36}"`)

// TestGolden compares each route's status, OData headers and body with testdata/golden/NAME.json.
// Run `go test ./mockserver -run TestGolden -update` to regenerate after an intended change.
func TestGolden(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, s, tc.target, tc.header)
			body := requestIDs.ReplaceAll(r.body, []byte(`"$1":"<guid>"`))
			var pretty bytes.Buffer
			if json.Valid(body) {
				if err := json.Indent(&pretty, body, "", "  "); err != nil {
					t.Fatal(err)
				}
			} else {
				pretty.Write(body)
			}
			got := []byte("GET " + tc.target + "\nstatus: " + http.StatusText(r.status) + "\ncontent-type: " + r.header.Get("Content-Type") +
				"\npreference-applied: " + r.header.Get("Preference-Applied") + "\n\n" + pretty.String() + "\n")
			checkGolden(t, tc.name, got)
		})
	}
}

// checkGolden compares got with testdata/golden/NAME.golden, or writes it there with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("answer differs from %s (run with -update if intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
