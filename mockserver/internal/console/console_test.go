package console

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"
)

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestFromForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        url.Values
		field     string // the FormError's field, "" for none
		target    string
		from      string
		headers   []Header
		withAdded bool
	}{
		{"a path", form("url", " /v1.0/communications/callRecords?$top=2 "), "", "/v1.0/communications/callRecords?$top=2", "", nil, false},
		{"spaces and quotes are encoded", form("url", `/v1.0/x?$filter=a eq 'b"'`), "", `/v1.0/x?$filter=a%20eq%20'b%22'`, "", nil, false},
		{"a pasted next link", form("url", "http://127.0.0.1:8080/v1.0/communications/callRecords?$skiptoken=abc"), "", "/v1.0/communications/callRecords?$skiptoken=abc", "http://127.0.0.1:8080", nil, false},
		{"a host and a path", form("url", "https://graph.test:9000/v1.0"), "", "/v1.0", "https://graph.test:9000", nil, false},
		{"a bare host is the explorer", form("url", "https://graph.test"), "url", "", "", nil, false},
		{"headers in order", form("url", "/v1.0/x", "headers", "Prefer: odata.maxpagesize=10\r\n\r\nX-Graphmock-Fault: status=429; times=1\n"), "", "/v1.0/x", "",
			[]Header{{"Prefer", "odata.maxpagesize=10"}, {"X-Graphmock-Fault", "status=429; times=1"}}, false},
		{"a body gets a content type", form("method", "post", "url", "/v1.0/x", "body", "{\r\n}"), "", "/v1.0/x", "", []Header{{"Content-Type", "application/json"}}, true},
		{"no path", form("url", "  "), "url", "", "", nil, false},
		{"a relative path", form("url", "v1.0/x"), "url", "", "", nil, false},
		{"a scheme-relative path", form("url", "//evil.example/x"), "url", "", "", nil, false},
		{"bad escape", form("url", "/v1.0/x%zz"), "url", "", "", nil, false},
		{"an explorer page", form("url", "/_mock/ui/console"), "url", "", "", nil, false},
		{"the home page in a namespace", form("url", "/_ns/a/?x=1"), "url", "", "", nil, false},
		{"an unknown method", form("method", "TRACE", "url", "/v1.0/x"), "method", "", "", nil, false},
		{"a header without colon", form("url", "/v1.0/x", "headers", "Prefer"), "headers", "", "", nil, false},
		{"a bad header name", form("url", "/v1.0/x", "headers", "Bad Name: v"), "headers", "", "", nil, false},
		{"Host", form("url", "/v1.0/x", "headers", "Host: evil.example"), "headers", "", "", nil, false},
		{"Content-Length", form("url", "/v1.0/x", "headers", "content-length: 3"), "headers", "", "", nil, false},
		{"a token twice", form("url", "/v1.0/x", "headers", "Authorization: Bearer a", "token", "b"), "token", "", "", nil, false},
		{"a token with a space", form("url", "/v1.0/x", "token", "Bearer a b"), "token", "", "", nil, false},
		{"a body too large", form("url", "/v1.0/x", "body", strings.Repeat("x", MaxBody+1)), "body", "", "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := FromForm(tt.in)
			if tt.field != "" {
				fe, ok := err.(*FormError)
				if !ok || fe.Field != tt.field || fe.Reason == "" {
					t.Fatalf("error %v, want a FormError on %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Target != tt.target || r.From != tt.from || (r.Added != "") != tt.withAdded {
				t.Errorf("target %q from %q added %q", r.Target, r.From, r.Added)
			}
			if tt.headers != nil && !reflect.DeepEqual(r.Headers, tt.headers) {
				t.Errorf("headers %+v, want %+v", r.Headers, tt.headers)
			}
			if r.Body != "" && strings.Contains(r.Body, "\r") {
				t.Errorf("body keeps CR: %q", r.Body)
			}
		})
	}
	r, err := FromForm(form("url", "/v1.0/x", "token", "bearer abc.def"))
	if err != nil || r.Token != "abc.def" {
		t.Errorf("token %q, %v: the Bearer prefix is dropped", r.Token, err)
	}
}

// TestSignedLinks checks that a link runs only with the signature of the exact request, and that
// links never carry a token.
func TestSignedLinks(t *testing.T) {
	t.Parallel()
	s, other := NewSigner(), NewSigner()
	r, err := FromForm(form("method", "POST", "url", "/v1.0/x", "headers", "Authorization: Bearer secret\nPrefer: a", "body", "{}"))
	if err != nil {
		t.Fatal(err)
	}
	link := s.Link(r)
	if strings.Contains(link.Encode(), "secret") {
		t.Errorf("a link carries the Authorization header: %s", link.Encode())
	}
	back, err := FromForm(link)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Verify(back, link.Get("run")) {
		t.Errorf("a link does not verify")
	}
	if other.Verify(back, link.Get("run")) {
		t.Errorf("another server's key verifies the link")
	}
	for _, field := range []string{"method", "url", "headers", "body"} {
		tampered := url.Values{}
		for k, v := range link {
			tampered[k] = v
		}
		tampered.Set(field, tampered.Get(field)+"x")
		if field == "method" {
			tampered.Set(field, "DELETE")
		}
		r2, _ := FromForm(tampered)
		if s.Verify(r2, link.Get("run")) {
			t.Errorf("a link with a changed %s verifies", field)
		}
	}
	if s.Verify(back, "") || s.Verify(back, "!!") {
		t.Errorf("an empty or malformed signature verifies")
	}
}

// TestRun runs requests through a handler that echoes what it got.
func TestRun(t *testing.T) {
	t.Parallel()
	var got *http.Request
	var gotBody string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		w.Header().Set("Request-Id", "1")
		w.WriteHeader(http.StatusCreated)
		w.Header().Set("X-Late", "not sent")
		_, _ = w.Write([]byte(strings.Repeat("a", MaxShown+10)))
	})
	outer := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:9/_mock/ui/console", nil)
	r, err := FromForm(form("method", "PATCH", "url", "/v1.0/x?$top=1", "headers", "Prefer: a\nPrefer: b", "body", `{"a":1}`, "token", "tok"))
	if err != nil {
		t.Fatal(err)
	}
	x := Run(outer, h, r, "console-1")
	if x.Err != nil || x.Status != http.StatusCreated || x.Header.Get("Request-Id") != "1" || x.Header.Get("X-Late") != "" {
		t.Errorf("exchange %d %v %v", x.Status, x.Header, x.Err)
	}
	if !x.Truncated || x.Size != MaxShown+10 || len(x.Body) != MaxShown {
		t.Errorf("body %d of %d bytes, truncated %v", len(x.Body), x.Size, x.Truncated)
	}
	if got.Method != "PATCH" || got.Host != "127.0.0.1:9" || got.RemoteAddr != "console-1" || got.RequestURI != "/v1.0/x?$top=1" ||
		got.URL.RawQuery != "$top=1" || gotBody != `{"a":1}` || got.Header.Get("Authorization") != "Bearer tok" ||
		strings.Join(got.Header.Values("Prefer"), ",") != "a,b" || got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("the handler got %s %s %s %q %v body %q", got.Method, got.Host, got.RemoteAddr, got.RequestURI, got.Header, gotBody)
	}
	// A handler that never answers leaves the console with status 0 once the time is up.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	hang := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	x = Run(outer.WithContext(ctx), hang, Request{Method: "GET", Target: "/v1.0/x"}, "console-2")
	if x.Status != 0 || x.Err != nil {
		t.Errorf("a hung request: %d, %v", x.Status, x.Err)
	}
}

func TestPrettyLinksNextLinks(t *testing.T) {
	t.Parallel()
	body := `{"@odata.context":"c","value":[{"id":"a","sessions@odata.nextLink":"http://h/v1.0/x?$skiptoken=1"}],"@odata.nextLink":"http://h/v1.0/y?$skiptoken=2&a=\u0026"}`
	pieces, isJSON := Pretty([]byte(body), "application/json;odata.metadata=minimal")
	if !isJSON {
		t.Fatal("not shown as JSON")
	}
	if got := NextLinks(pieces); !reflect.DeepEqual(got, []string{"http://h/v1.0/x?$skiptoken=1", "http://h/v1.0/y?$skiptoken=2&a=&"}) {
		t.Errorf("links %q", got)
	}
	var text strings.Builder
	for _, p := range pieces {
		text.WriteString(p.Text)
	}
	if !strings.Contains(text.String(), "\n  \"value\": [\n") || !strings.Contains(text.String(), `"@odata.nextLink": "http://h/v1.0/y`) {
		t.Errorf("not indented, or text lost:\n%s", text.String())
	}
	if p, isJSON := Pretty([]byte("12"), "text/plain"); isJSON || len(p) != 1 || p[0].Text != "12" {
		t.Errorf("text body: %+v", p)
	}
	if p, _ := Pretty([]byte{0xff, 0xfe}, "application/octet-stream"); !strings.Contains(p[0].Text, "not UTF-8") {
		t.Errorf("binary body: %+v", p)
	}
	if p, isJSON := Pretty([]byte("{broken"), "application/json"); isJSON || p[0].Text != "{broken" {
		t.Errorf("broken JSON: %+v", p)
	}
}

// TestCurlQuoting runs the curl command's words through sh and checks they come back as the
// arguments CurlArgs gives.
func TestCurlQuoting(t *testing.T) {
	t.Parallel()
	r := Request{Method: "POST", Target: "/v1.0/x?$filter=a%20eq%20'b'&$expand=s($expand=g)",
		Headers: []Header{{"X-Graphmock-Fault", `message="it's; down"`}}, Body: "{\"a\": \"it's\",\n \"b\": \"$HOME `x`\"}", Token: "t"}
	cmd := Curl(r, "http://127.0.0.1:8080")
	echo := "printf '%s\\0' " + strings.TrimPrefix(cmd, "curl ")
	out, err := exec.Command("sh", "-c", echo).Output()
	if err != nil {
		t.Fatalf("sh: %v\n%s", err, cmd)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if want := CurlArgs(r, "http://127.0.0.1:8080")[1:]; !reflect.DeepEqual(got, want) {
		t.Errorf("the shell reads\n%q\nwant\n%q\nfrom\n%s", got, want, cmd)
	}
	for _, tt := range []struct {
		r    Request
		want string
	}{
		{Request{Method: "GET", Target: "/v1.0/x"}, "curl -g -i http://h/v1.0/x"},
		{Request{Method: "HEAD", Target: "/v1.0/x"}, "curl -g -I"},
		{Request{Method: "DELETE", Target: "/v1.0/x"}, "-X DELETE"},
		{Request{Method: "GET", Target: "/v1.0/x", Body: "{}"}, "-X GET"},
	} {
		if got := strings.ReplaceAll(Curl(tt.r, "http://h"), " \\\n  ", " "); !strings.Contains(got, tt.want) {
			t.Errorf("%s %s: %q lacks %q", tt.r.Method, tt.r.Target, got, tt.want)
		}
	}
}
