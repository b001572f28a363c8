package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// jsClientBatch is what the Graph JS client 3.0.7 sends for a batch built from absolute URLs,
// byte for byte (more-facts §2.7, verified): it keeps /v1.0/ in each url.
const jsClientBatch = `{"requests":[{"url":"/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)","method":"GET","id":"1"},` +
	`{"url":"/v1.0/subscriptions","method":"POST","headers":{"content-type":"application/json"},"body":{"changeType":"created","resource":"/communications/callRecords"},"id":"2","dependsOn":["1"]},` +
	`{"url":"/v1.0/me/photo/$value","method":"PUT","headers":{"content-type":"image/png"},"id":"3","dependsOn":["1"]}]}`

// batchGoldenCases are batches against testdata/basic.yaml whose whole answers are kept under
// testdata/golden/, like TestGolden's single requests.
func batchGoldenCases() []struct{ name, target, body string } {
	s1 := strings.TrimPrefix(group, "/v1.0") + "/sessions/s1"
	return []struct{ name, target, body string }{
		{"batch-parallel-reads", "/v1.0/$batch", `{"requests":[
			{"id":"list","method":"GET","url":"communications/callRecords?$select=id,type"},
			{"id":"session","method":"GET","url":"` + s1 + `?$expand=segments($select=id)","headers":{"Prefer":"omit-values=nulls"}},
			{"id":"count","method":"GET","url":"` + s1 + `/segments/$count"},
			{"id":"missing","method":"GET","url":"/communications/callRecords/nope"},
			{"id":"no-route","method":"GET","url":"/communications/callRecordz"},
			{"id":"wrong-method","method":"PUT","url":"/communications/callRecords"}]}`},
		{"batch-serial-writes", "/v1.0/$batch", `{"requests":[
			{"id":"1","method":"POST","url":"` + s1 + `/segments","headers":{"Content-Type":"application/json"},"body":{"id":"g9","startDateTime":"2026-11-21T09:03:00Z","endDateTime":"2026-11-21T09:04:00Z"}},
			{"id":"2","method":"PATCH","url":"` + s1 + `/segments/g9","headers":{"Content-Type":"application/json","Prefer":"return=minimal"},"body":{"endDateTime":"2026-11-21T09:05:00Z"},"dependsOn":["1"]},
			{"id":"3","method":"GET","url":"` + s1 + `/segments/g9?$select=id,endDateTime","dependsOn":["2"]},
			{"id":"4","method":"DELETE","url":"` + s1 + `/segments/g9","dependsOn":["3"]},
			{"id":"5","method":"GET","url":"` + s1 + `/segments/g9","dependsOn":["4"]},
			{"id":"6","method":"GET","url":"` + s1 + `/segments/g1","dependsOn":["5"]}]}`},
		{"batch-same-dependency-fails", "/v1.0/$batch", `{"requests":[
			{"id":"a","method":"GET","url":"` + s1 + `/segments/nope"},
			{"id":"b","method":"GET","url":"` + s1 + `","dependsOn":["A"]},
			{"id":"c","method":"GET","url":"` + s1 + `/segments","dependsOn":["a"]}]}`},
		{"batch-faults", "/v1.0/$batch", `{"requests":[
			{"id":"throttled","method":"GET","url":"` + s1 + `","headers":{"X-Graphmock-Fault":"status=429; retry-after=2"}},
			{"id":"unavailable","method":"GET","url":"` + s1 + `","headers":{"X-Graphmock-Fault":"status=503; header=X-Reason: maintenance"}},
			{"id":"garbage","method":"GET","url":"` + s1 + `","headers":{"X-Graphmock-Fault":"garbage"}},
			{"id":"reset","method":"GET","url":"` + s1 + `","headers":{"X-Graphmock-Fault":"reset"}}]}`},
		{"batch-js-client", "/v1.0/$batch", jsClientBatch},
		{"batch-beta", "/beta/$batch", `{"requests":[{"id":"1","method":"GET","url":"` + s1 + `?$select=id"}]}`},
	}
}

// TestGoldenBatch compares each batch's status, content type and whole answer with
// testdata/golden/NAME.golden; `go test ./mockserver -run TestGolden -update` regenerates them.
func TestGoldenBatch(t *testing.T) {
	t.Parallel()
	for _, tc := range batchGoldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := send(t, newServer(t), http.MethodPost, tc.target, tc.body, nil)
			body := requestIDs.ReplaceAll(r.body, []byte(`"$1":"<guid>"`))
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, body, "", "  "); err != nil {
				t.Fatalf("the answer is not JSON: %v\n%s", err, r.body)
			}
			got := []byte("POST " + tc.target + "\nstatus: " + http.StatusText(r.status) + "\ncontent-type: " + r.header.Get("Content-Type") +
				"\n\n" + pretty.String() + "\n")
			checkGolden(t, tc.name, got)
		})
	}
}
