package batch

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// parse reads a batch body as the adapter does: checked by jsondoc first.
func parse(t *testing.T, body string) (*Batch, error) {
	t.Helper()
	doc, err := jsondoc.Parse([]byte(body))
	if err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, body)
	}
	return Parse(doc)
}

// items builds a batch body of n GETs with ids 1..n.
func items(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"id":"%d","method":"GET","url":"/communications/callRecords"}`, i+1)
	}
	return `{"requests":[` + strings.Join(parts, ",") + `]}`
}

func TestParseReadsEveryMember(t *testing.T) {
	t.Parallel()
	b, err := parse(t, `{"requests":[
		{"id":"a","method":"get","url":"communications/callRecords?$top=1#frag","headers":{"accept":"application/json","X-Graphmock-Fault":"status=429"},"body":null,"dependsOn":[]},
		{"url":"/communications/callRecords/r/sessions/s/segments","method":"POST","headers":{"content-type":"application/json"},"body":{"id":"g","n":[1,{"x":"\"}]"}]},"id":"B","dependsOn":["A"]},
		{"id":"c\u00e9","method":"PUT","url":"/x/photo/$value","headers":{"Content-Type":"image/png"},"body":"iVBORw0KGgo=","dependsOn":["a"],"unknown":{"ignored":true}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	r := b.Requests
	if r[0].ID != "a" || r[0].Method != "GET" || r[0].Target.RequestURI() != "/communications/callRecords?$top=1" || r[0].Body != nil || len(r[0].DependsOn) != 0 {
		t.Errorf("request 0 = %+v", r[0])
	}
	if r[0].Header.Get("Accept") != "application/json" || r[0].Header.Get("X-Graphmock-Fault") != "status=429" {
		t.Errorf("request 0 headers = %v", r[0].Header)
	}
	if string(r[1].Body) != `{"id":"g","n":[1,{"x":"\"}]"}]}` || r[1].Header.Get("Content-Type") != "application/json" {
		t.Errorf("request 1 body %s headers %v", r[1].Body, r[1].Header)
	}
	if p, ok := r[1].After(); !ok || p != 0 {
		t.Errorf("request 1 runs after %d %v, want 0 (ids compare without case)", p, ok)
	}
	if r[2].ID != "cé" || string(r[2].Body) != "\x89PNG\r\n\x1a\n" {
		t.Errorf("request 2 id %q body %q", r[2].ID, r[2].Body)
	}
}

func TestParseURLForms(t *testing.T) {
	t.Parallel()
	for url, want := range map[string]string{
		"/communications/callRecords":  "/communications/callRecords",
		"communications/callRecords":   "/communications/callRecords",
		"users?$select=id,displayName": "/users?$select=id,displayName",
		"/v1.0/communications/x":       "/v1.0/communications/x", // the engine answers Graph's 400 for the segment
		"/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime=2019-11-01T00%3A00%3A00Z,toDateTime=2019-12-01T00%3A00%3A00Z)": "/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime=2019-11-01T00%3A00%3A00Z,toDateTime=2019-12-01T00%3A00%3A00Z)",
	} {
		b, err := parse(t, `{"requests":[{"id":"1","method":"GET","url":`+quote(url)+`}]}`)
		if err != nil {
			t.Errorf("%s: %v", url, err)
			continue
		}
		if got := b.Requests[0].Target.RequestURI(); got != want {
			t.Errorf("%s: target %s, want %s", url, got, want)
		}
	}
}

func quote(s string) string { return string(jsondoc.AppendString(nil, s)) }

// TestParseRefuses is the matrix of batches Graph refuses as a whole: the message (Graph's text
// where known) and the pointer to what is wrong.
func TestParseRefuses(t *testing.T) {
	t.Parallel()
	get := func(id, more string) string {
		return `{"id":"` + id + `","method":"GET","url":"/communications/callRecords"` + more + `}`
	}
	batch := func(reqs ...string) string { return `{"requests":[` + strings.Join(reqs, ",") + `]}` }
	for _, c := range []struct {
		name, body, msg, pointer string
	}{
		{"no requests", `{"request":[]}`, msgFormat, "/requests"},
		{"requests not an array", `{"requests":{}}`, msgFormat, "/requests"},
		{"empty", `{"requests":[]}`, msgFormat, "/requests"},
		{"21 requests", items(21), msgTooMany, "/requests/20"},
		{"request not an object", batch(`"x"`), msgFormat, "/requests/0"},
		{"no id", batch(`{"method":"GET","url":"/x"}`), msgFormat, "/requests/0/id"},
		{"numeric id", batch(`{"id":1,"method":"GET","url":"/x"}`), msgFormat, "/requests/0/id"},
		{"empty id", batch(get("", "")), msgFormat, "/requests/0/id"},
		{"no method", batch(`{"id":"1","url":"/x"}`), msgFormat, "/requests/0/method"},
		{"method not a token", batch(`{"id":"1","method":"G T","url":"/x"}`), msgFormat, "/requests/0/method"},
		{"no url", batch(`{"id":"1","method":"GET"}`), msgFormat, "/requests/0/url"},
		{"absolute url", batch(`{"id":"1","method":"GET","url":"https://graph.microsoft.com/v1.0/me"}`), msgFormat, "/requests/0/url"},
		{"scheme-relative url", batch(`{"id":"1","method":"GET","url":"//graph.microsoft.com/v1.0/me"}`), msgFormat, "/requests/0/url"},
		{"another scheme", batch(`{"id":"1","method":"GET","url":"mailto:a@b"}`), msgFormat, "/requests/0/url"},
		{"bad escape", batch(`{"id":"1","method":"GET","url":"/a%zz"}`), msgFormat, "/requests/0/url"},
		{"nested batch", batch(`{"id":"1","method":"POST","url":"/$batch","headers":{"Content-Type":"application/json"},"body":{"requests":[]}}`), msgFormat, "/requests/0/url"},
		{"nested batch encoded", batch(`{"id":"1","method":"POST","url":"%24BATCH"}`), msgFormat, "/requests/0/url"},
		{"headers not an object", batch(get("1", `,"headers":["a"]`)), msgFormat, "/requests/0/headers"},
		{"header value not a string", batch(get("1", `,"headers":{"Accept":1}`)), msgFormat, "/requests/0/headers/Accept"},
		{"header name not a token", batch(get("1", `,"headers":{"a b":"c"}`)), msgFormat, "/requests/0/headers/a b"},
		{"header value with a newline", batch(get("1", `,"headers":{"A":"b\nC: d"}`)), msgFormat, "/requests/0/headers/A"},
		{"body without content type", batch(get("1", `,"body":{}`)), msgFormat, "/requests/0/headers"},
		{"body a number", batch(get("1", `,"body":1,"headers":{"Content-Type":"text/plain"}`)), msgFormat, "/requests/0/body"},
		{"body not base64", batch(get("1", `,"body":"%%%","headers":{"Content-Type":"text/plain"}`)), msgFormat, "/requests/0/body"},
		{"dependsOn not an array", batch(get("1", ""), get("2", `,"dependsOn":"1"`)), msgFormat, "/requests/1/dependsOn"},
		{"dependsOn holds a number", batch(get("1", ""), get("2", `,"dependsOn":[1]`)), msgFormat, "/requests/1/dependsOn/0"},
		{"duplicate id", batch(get("1", ""), get("2", ""), get("1", "")), "Request Id 1 has to be unique in a batch.", "/requests/2/id"},
		{"duplicate id in another case", batch(get("A", ""), get("a", "")), "Request Id a has to be unique in a batch.", "/requests/1/id"},
		{"unknown dependency", batch(get("1", ""), get("2", `,"dependsOn":["3"]`)), "Request 2 depends on request 3, which is not in the batch.", "/requests/1/dependsOn/0"},
		{"self dependency", batch(get("1", `,"dependsOn":["1"]`)), "Request 1 depends on itself.", "/requests/0/dependsOn"},
		{"cycle", batch(get("1", `,"dependsOn":["3"]`), get("2", `,"dependsOn":["1"]`), get("3", `,"dependsOn":["2"]`)),
			"The dependsOn of requests 1 → 3 → 2 → 1 form a cycle: none of them can run.", "/requests/0/dependsOn"},
		{"two cycles, the first found", batch(get("1", ""), get("2", `,"dependsOn":["3"]`), get("3", `,"dependsOn":["2"]`)),
			"The dependsOn of requests 2 → 3 → 2 form a cycle: none of them can run.", "/requests/1/dependsOn"},
		{"two independent dependencies", batch(get("1", ""), get("2", ""), get("3", `,"dependsOn":["1","2"]`)), msgShape, "/requests/2/dependsOn"},
		{"mixed parallel and serial", batch(get("1", ""), get("2", `,"dependsOn":["1"]`), get("3", "")), msgShape, "/requests/1/dependsOn"},
		{"a tree", batch(get("1", ""), get("2", `,"dependsOn":["1"]`), get("3", `,"dependsOn":["1"]`), get("4", `,"dependsOn":["2"]`)), msgShape, "/requests/3/dependsOn"},
	} {
		_, err := parse(t, c.body)
		var be *Error
		if !errors.As(err, &be) {
			t.Errorf("%s: err = %v, want an *Error", c.name, err)
			continue
		}
		if be.Message != c.msg || be.Pointer != c.pointer {
			t.Errorf("%s: %q at %s, want %q at %s (%s)", c.name, be.Message, be.Pointer, c.msg, c.pointer, be.Detail)
		}
	}
}

func TestParseTakesTwentyRequests(t *testing.T) {
	t.Parallel()
	b, err := parse(t, items(MaxRequests))
	if err != nil || len(b.Requests) != MaxRequests {
		t.Fatalf("%v, %d requests", err, len(b.Requests))
	}
}
