package mockserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// TestFaultHeaderGrammar is the regression test for the X-Graphmock-Fault items that were
// silently dropped or altered (issue 13 §3): each now does what the grammar says, or is a 400
// naming the item and the reason.
func TestFaultHeaderGrammar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
		status      int
		code        string
		msg         string            // the whole error.message for a fired rule, part of it for a 400
		header      map[string]string // response headers the answer must carry
	}{
		// Graph's empty 429/503 messages: message= and message="" send "", not the default.
		{"empty message", "status=429; message=", 429, "TooManyRequests", "", map[string]string{"Retry-After": "1"}},
		{"empty quoted message", `status=503; message=""`, 503, "serviceNotAvailable", "", nil},
		{"no message is the default", "status=429", 429, "TooManyRequests", "Please retry again later.", nil},
		// Quoting: ';', '=', quotes and outer spaces in a value.
		{"quoted message", `status=503; message="down; back at 10:00 = soon, \"really\" "; times=5`, 503, "serviceNotAvailable", `down; back at 10:00 = soon, "really" `, nil},
		{"backslash escapes", `status=500; message="a\\b\c"`, 500, "generalException", `a\bc`, nil},
		{"'=' needs no quotes", "status=500; message=a=b", 500, "generalException", "a=b", nil},
		{"quoted header value", `status=500; header="X-Trace: a;b"; header=X-Other:c`, 500, "generalException", "An unspecified error has occurred.", map[string]string{"X-Trace": "a;b", "X-Other": "c"}},
		// retry-after in any number form: 1e3 is 1000 seconds.
		{"retry-after 1e3", "status=429; retry-after=1e3", 429, "TooManyRequests", "Please retry again later.", map[string]string{"Retry-After": "1000"}},
		{"retry-after past ten minutes", "status=503; retry-after=3600", 503, "serviceNotAvailable", "", map[string]string{"Retry-After": "3600"}},
		// Statuses without a Graph default get a code made of their HTTP name, or a generic one.
		{"418", "status=418", 418, "ImATeapot", "I'm a teapot.", nil},
		{"421", "status=421", 421, "MisdirectedRequest", "Misdirected Request.", nil},
		{"505", "status=505", 505, "HTTPVersionNotSupported", "HTTP Version Not Supported.", nil},
		{"unnamed 4xx", "status=499", 499, "invalidRequest", "", nil},
		{"unnamed 5xx", "status=599", 599, "generalException", "", nil},

		// Refused, naming the item and why.
		{"header name with a space", "status=500; header=Bad Name:v", 400, "BadRequest", `"header=Bad Name:v": "Bad Name" is not a header name`, nil},
		{"header Content-Type", "status=500; header=Content-Type:text/html", 400, "BadRequest", `"header=Content-Type:text/html": a fault cannot set Content-Type`, nil},
		{"header Request-Id", "status=500; header=request-id:x", 400, "BadRequest", `"header=request-id:x": a fault cannot set Request-Id`, nil},
		{"header Retry-After", "status=429; header=Retry-After:5", 400, "BadRequest", "use retry-after=", nil},
		{"header Transfer-Encoding", "status=500; header=Transfer-Encoding:chunked", 400, "BadRequest", "connection fault", nil},
		{"repeated status", "status=429; status=503", 400, "BadRequest", `"status=503": status is given twice (first as "status=429")`, nil},
		{"repeated flag", "reset; reset", 400, "BadRequest", "reset is given twice", nil},
		{"repeated header", "status=500; header=X-A:1; header=x-a:2", 400, "BadRequest", "header X-A is given twice", nil},
		{"unterminated quote", `status=500; message="oops`, 400, "BadRequest", "no closing", nil},
		{"text after a quote", `status=500; message="a" b`, 400, "BadRequest", "after the closing", nil},
		{"retry-after NaN", "status=429; retry-after=NaN", 400, "BadRequest", "retry-after=NaN", nil},
	}
	s := newServer(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := get(t, s, group+"/sessions", http.Header{mockserver.FaultHeader: {tc.value}})
			if r.status != tc.status {
				t.Fatalf("%d, want %d: %s", r.status, tc.status, r.body)
			}
			e := decodeError(t, r)
			if e.Error.Code != tc.code {
				t.Fatalf("code %q, want %q", e.Error.Code, tc.code)
			}
			if tc.status == 400 {
				if !strings.Contains(e.Error.Message, mockserver.FaultHeader) || !strings.Contains(e.Error.Message, tc.msg) {
					t.Fatalf("message %q, want one naming %s and %q", e.Error.Message, mockserver.FaultHeader, tc.msg)
				}
			} else if tc.msg != "" || strings.Contains(tc.value, "message=") {
				if e.Error.Message != tc.msg {
					t.Fatalf("message %q, want %q", e.Error.Message, tc.msg)
				}
			}
			for k, v := range tc.header {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}
}

// TestFaultRulesKeepAnEmptyMessage: a rule's "message": "" (admin API, scenario) sends an empty
// message, survives export, and refuses the headers graphmock writes, like the header does.
func TestFaultRulesKeepAnEmptyMessage(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if r := send(t, s, http.MethodPost, "/_mock/faults", `{"route":"listSessions","status":503,"message":""}`, nil); r.status != 201 {
		t.Fatalf("POST: %d %s", r.status, r.body)
	}
	r := get(t, s, group+"/sessions", nil)
	if e := decodeError(t, r); r.status != 503 || e.Error.Message != "" {
		t.Fatalf("%d %s, want 503 with an empty message", r.status, r.body)
	}
	exported := exportOf(t, s)
	if !strings.Contains(string(exported), `message: ""`) {
		t.Fatalf("export lost the empty message:\n%s", exported)
	}
	again, err := mockserver.New(mockserver.WithScenarioBytes("exported.yaml", exported))
	if err != nil {
		t.Fatal(err)
	}
	if r := get(t, again, group+"/sessions", nil); r.status != 503 || decodeError(t, r).Error.Message != "" {
		t.Fatalf("reloaded export: %d %s", r.status, r.body)
	}
	for _, bad := range []string{`{"status":500,"headers":{"Content-Type":"text/html"}}`, `{"status":500,"headers":{"Bad Name":"x"}}`, `{"status":500,"headers":{"X-A":"a\nb"}}`} {
		r := send(t, s, http.MethodPost, "/_mock/faults", bad, nil)
		var e graphError
		if r.status != 400 || json.Unmarshal(r.body, &e) != nil || !strings.Contains(e.Error.Message, "header") {
			t.Errorf("%s: %d %s", bad, r.status, r.body)
		}
	}
	if _, err := s.InjectFault(mockserver.Fault{Status: 500, Headers: map[string]string{"date": "yesterday"}}); err == nil || !strings.Contains(err.Error(), "Date") {
		t.Errorf("InjectFault with a Date header: %v", err)
	}
}
