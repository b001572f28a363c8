package console

import (
	"strings"
	"testing"
)

func TestGoSDKSnippets(t *testing.T) {
	t.Parallel()
	const base = "http://127.0.0.1:8080"
	tests := []struct {
		name string
		r    Request
		want []string
	}{
		{"list with options", Request{Method: "GET", Target: "/v1.0/communications/callRecords/R/sessions?$select=id,modalities&$top=3&$expand=segments($select=id,media)&$count=true",
			Headers: []Header{{"Prefer", "odata.maxpagesize=10"}, {"Accept", "application/json"}}}, []string{
			`adapter.SetBaseUrl("http://127.0.0.1:8080/v1.0")`,
			`top := int32(3)`, `count := true`,
			`headers.Add("Prefer", "odata.maxpagesize=10")`,
			`config := &communications.CallRecordsItemSessionsRequestBuilderGetRequestConfiguration{Headers: headers, QueryParameters: &communications.CallRecordsItemSessionsRequestBuilderGetQueryParameters{Select: []string{"id", "modalities"}, Top: &top, Expand: []string{"segments($select=id,media)"}, Count: &count}}`,
			`result, err := client.Communications().CallRecords().ByCallRecordId("R").Sessions().Get(ctx, config)`,
		}},
		{"a count with a filter", Request{Method: "GET", Target: "/v1.0/communications/callRecords/$count?$filter=type%20eq%20'groupCall'"}, []string{
			`filter := "type eq 'groupCall'"`,
			`client.Communications().CallRecords().Count().Get(ctx, config)`,
			`communications.CallRecordsCountRequestBuilderGetRequestConfiguration{QueryParameters: &communications.CallRecordsCountRequestBuilderGetQueryParameters{Filter: &filter}}`,
		}},
		{"a skip token goes as a URL", Request{Method: "GET", Target: "/_ns/job/v1.0/communications/callRecords/R/sessions?$skiptoken=abc"}, []string{
			`adapter.SetBaseUrl("http://127.0.0.1:8080/_ns/job/v1.0")`,
			`client.Communications().CallRecords().ByCallRecordId("R").Sessions().WithUrl("http://127.0.0.1:8080/_ns/job/v1.0/communications/callRecords/R/sessions?$skiptoken=abc").Get(ctx, nil)`,
		}},
		{"a segment created", Request{Method: "POST", Target: "/beta/communications/callRecords/R/sessions/S/segments", Body: `{"id":"x"}`, Headers: []Header{{"Content-Type", "application/json"}}}, []string{
			`github.com/microsoftgraph/msgraph-beta-sdk-go`,
			"jsonserialization.NewJsonParseNode([]byte(`{\"id\":\"x\"}`))",
			`node.GetObjectValue(callrecords.CreateSegmentFromDiscriminatorValue)`,
			`body := parsed.(callrecords.Segmentable)`,
			`result, err := client.Communications().CallRecords().ByCallRecordId("R").Sessions().BySessionId("S").Segments().Post(ctx, body, nil)`,
		}},
		{"a segment deleted, with escaped ids", Request{Method: "DELETE", Target: "/v1.0/communications/callRecords/R/sessions/S/segments/a%2Fb"}, []string{
			`err := client.Communications().CallRecords().ByCallRecordId("R").Sessions().BySessionId("S").Segments().BySegmentId("a/b").Delete(ctx, nil)`,
		}},
		{"participants and organizer", Request{Method: "GET", Target: "/v1.0/communications/callRecords/R/participants_v2/$count"}, []string{
			`ByCallRecordId("R").Participants_v2().Count().Get(ctx, nil)`,
		}},
		{"an unknown segment goes as a URL", Request{Method: "GET", Target: "/v1.0/communications/callRecordz"}, []string{
			`client.Communications().CallRecords().WithUrl("http://127.0.0.1:8080/v1.0/communications/callRecordz").Get(ctx, nil)`,
		}},
		{"the admin API", Request{Method: "POST", Target: "/_mock/faults", Body: `{"a":1}`, Headers: []Header{{"Content-Type", "application/json"}}, Token: "t"}, []string{
			`not a Graph API request`, `http.NewRequestWithContext(ctx, "POST", "http://127.0.0.1:8080/_mock/faults", strings.NewReader("{\"a\":1}"))`,
			`req.Header.Add("Content-Type", "application/json")`, `req.Header.Set("Authorization", "Bearer t")`,
		}},
		{"PUT", Request{Method: "PUT", Target: "/v1.0/communications/callRecords/R"}, []string{`sends no PUT`}},
		{"DELETE on a collection", Request{Method: "DELETE", Target: "/v1.0/communications/callRecords"}, []string{`has no Delete for this path`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := GoSDK(tt.r, base)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %s\n---\n%s", w, got)
				}
			}
		})
	}
}

func TestJSClientSnippets(t *testing.T) {
	t.Parallel()
	got := JSClient(Request{Method: "PATCH", Target: "/_ns/job/beta/communications/callRecords/R/sessions/S/segments/G?$select=id",
		Headers: []Header{{"Prefer", "return=minimal"}}, Body: `{"failureInfo":null}`, Token: "tok"}, "http://h:1")
	for _, w := range []string{
		`baseUrl: "http://h:1/_ns/job",`,
		`client.api("/communications/callRecords/R/sessions/S/segments/G?$select=id")`,
		`.version("beta")`, `.header("Prefer", "return=minimal")`, `.header("Authorization", "Bearer tok")`,
		`.patch({"failureInfo":null});`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("lacks %s\n---\n%s", w, got)
		}
	}
	admin := JSClient(Request{Method: "DELETE", Target: "/_mock/faults"}, "http://h:1")
	if !strings.Contains(admin, `fetch("http://h:1/_mock/faults", { method: "DELETE" });`) {
		t.Errorf("admin snippet:\n%s", admin)
	}
	if got := JSClient(Request{Method: "GET", Target: "/v1.0/communications/callRecords"}, "http://h"); !strings.HasSuffix(got, "  .get();") {
		t.Errorf("GET snippet:\n%s", got)
	}
}

func TestSamples(t *testing.T) {
	t.Parallel()
	all := Samples(IDs{Record: "r", Session: "s", Segment: "g", Group: "m", Participant: "p", Paged: "b", Long: "l", LongSession: "ls"})
	few := Samples(IDs{})
	if len(few) >= len(all) || len(few) == 0 {
		t.Errorf("%d samples without ids, %d with", len(few), len(all))
	}
	groups := map[string]bool{}
	for _, s := range all {
		groups[s.Group] = true
		if _, err := FromForm(s.Request.Values()); err != nil {
			t.Errorf("sample %q does not read back: %v", s.Title, err)
		}
		if s.Want == 0 {
			t.Errorf("sample %q has no expected status", s.Title)
		}
	}
	for _, g := range []string{"Call records", "Sessions", "Segments", "Preferences and versions", "Faults", "Namespaces", "Errors", "Writes", "Admin API"} {
		if !groups[g] {
			t.Errorf("no sample in %s", g)
		}
	}
}
