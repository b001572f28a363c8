package mockserver

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// Fuzz targets that need the package's internals: what a fault header asks for (to bound the
// time a request may take and to know the answer it must get).

// fzHeldMax is the most a fuzzed fault header may ask the server to hold a request (delay, dribble
// or hang); inputs asking for more are skipped so fuzzing never sleeps for long.
const fzHeldMax = 50 * time.Millisecond

// fzHeldFor is the longest a rule asks a request to be held; a lognormal delay, whose samples have
// no useful bound, counts as forever.
func fzHeldFor(f Fault) time.Duration {
	var d time.Duration
	if l := f.Delay; l != nil {
		switch {
		case l.Fixed > 0:
			d = l.Fixed
		case l.Max > 0:
			d = l.Max
		default:
			return time.Hour // longer than any fuzz input may take
		}
	}
	if f.Dribble != nil {
		d += f.Dribble.Over
	}
	if f.Connection == ConnectionHang {
		if f.HangMax == 0 {
			return 30 * time.Second // the default HangMax
		}
		d += f.HangMax
	}
	return d
}

// fzEnvelope is Graph's error envelope as the fuzz targets check it.
type fzEnvelope struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		InnerError struct {
			Date      string `json:"date"`
			RequestID string `json:"request-id"`
		} `json:"innerError"`
	} `json:"error"`
}

// fzDecodeError decodes an error answer and checks the envelope's required members.
func fzDecodeError(t *testing.T, rec *httptest.ResponseRecorder) fzEnvelope {
	t.Helper()
	var e fzEnvelope
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("%d answer is not JSON: %v: %q", rec.Code, err, rec.Body.Bytes())
	}
	if e.Error.Code == "" || e.Error.InnerError.Date == "" || e.Error.InnerError.RequestID != rec.Header().Get("request-id") {
		t.Fatalf("incomplete error envelope (request-id header %q): %s", rec.Header().Get("request-id"), rec.Body.Bytes())
	}
	return e
}

// fzAsJSON is s as a JSON string reads back: invalid UTF-8 bytes become U+FFFD, as the envelope
// writes them.
func fzAsJSON(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out)
	return out
}

// FuzzFaultHeader sends random X-Graphmock-Fault values with a GET of a sessions list, in-process.
// Properties: a header that does not parse (or names an invalid rule) is a 400 whose message
// names X-Graphmock-Fault; otherwise the request is served: untouched when the rule does not fire,
// else exactly as the rule asked (its status with Graph's envelope and Retry-After on 429/503;
// the 503 of a connection fault that needs a real connection; half the body for truncate; a body
// that is not JSON for garbage; the full body, late, for delay and dribble). A 5xx only ever comes
// from a rule that fired and asked for it, and no request takes much longer than the rule asked
// (inputs asking to hold a request over 50ms are skipped). A fired status carries the rule's
// message (empty when the header says message=) or the status's default, and the rule's headers.
func FuzzFaultHeader(f *testing.F) {
	s, err := New(WithScenarioFile("testdata/basic.yaml"), WithSeed(7), WithSidecar(Sidecar{JournalSize: 16}))
	if err != nil {
		f.Fatal(err)
	}
	const target = "/v1.0/communications/callRecords/a0f1c9e2-1111-4c2b-9d6e-000000000002/sessions"
	ref := httptest.NewRecorder()
	s.ServeHTTP(ref, httptest.NewRequest(http.MethodGet, target, nil))
	if ref.Code != http.StatusOK {
		f.Fatalf("reference GET: %d", ref.Code)
	}
	normal := ref.Body.Bytes()
	for _, v := range []string{
		"status=429",
		"status=429; retry-after=1.5; times=1; key=abc",
		"status=503; code=serviceNotAvailable; message=down for maintenance",
		"status=500",
		"status=418; header=X-Teapot: yes",
		"status=404; message=",
		"status=599",
		"status=200",
		"status=600",
		"status=abc",
		"status=",
		"status=429; reset",
		"delay=10ms",
		"delay=uniform(1ms,5ms)",
		"delay=uniform(5ms,1ms)",
		"delay=lognormal(1ms,0.5)",
		"delay=lognormal(1ms,NaN)",
		"delay=NaN",
		"delay=-1s",
		"delay=0",
		"delay=1e-300",
		"delay=uniform(1ms",
		"delay=poisson(1ms,2ms)",
		"dribble=3/10ms",
		"dribble=100000000/10ms", // regression: one wait per chunk, however many, took minutes
		"dribble=0/10ms",
		"dribble=3",
		"dribble=3/Inf",
		"reset",
		"close",
		"truncate",
		"garbage",
		"hang=10ms",
		"hang",
		"hang=-1s",
		"reset=1",
		"truncate; garbage",
		"times=1",
		"status=429; times=-1",
		"status=429; after=1; every=2",
		"status=429; probability=0.5",
		"status=429; probability=2",
		"status=429; probability=NaN",
		"status=429; key=",
		"status=429; apply-then-fail",
		"header=NoColon",
		"nope=1",
		";;; ;",
		" ",
		"STATUS = 503 ; Retry-After = 0",
		"status=429; retry-after=1000h",
		"status=429; retry-after=-1",
		"status=503\x00; code=\xff\xfe",
		"message=\"quoted\\\"\n\"; status=400",
		// issue 13 §3: quoting, empty messages, repeated items, owned headers, number forms
		"status=429; message=",
		"status=503; message=\"\"",
		"status=503; message=\"a; b = \\\"c\\\" \"; times=3",
		"status=500; message=\"unterminated",
		"status=500; message=\"a\" b",
		"status=500; message=\"\\",
		"status=500; message=a=b=c",
		"status=500; header=\"X-A: x;y\"; header=X-B:z",
		"status=500; header=Bad Name:v",
		"status=500; header=Content-Type:text/html",
		"status=500; header=Request-Id:x",
		"status=500; header=X-A:1; header=x-a:2",
		"status=500; header=X-A:\x01",
		"status=429; status=503",
		"reset; reset",
		"status=429; retry-after=1e3",
		"status=429; retry-after=1e30",
		"status=429; retry-after=NaN",
		"status=418",
		"status=421",
		"status=499",
		"key=\"a;b\"; status=429; times=1",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, value string) {
		rule, perr := faults.ParseHeader(value)
		bound := time.Duration(0)
		if perr == nil && strings.TrimSpace(value) != "" {
			if bound = fzHeldFor(rule); bound > fzHeldMax {
				t.Skip("asks to hold the request too long for fuzzing")
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req := httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx)
		req.Header.Set(FaultHeader, value)
		rec := httptest.NewRecorder()
		start := time.Now()
		s.ServeHTTP(rec, req)
		if elapsed := time.Since(start); ctx.Err() != nil || elapsed > bound+3*time.Second {
			t.Fatalf("%q held the request %s; it asked for at most %s", value, elapsed, bound)
		}
		if value == "" {
			return // no header at all
		}
		if perr != nil {
			e := fzDecodeError(t, rec)
			if rec.Code != http.StatusBadRequest || e.Error.Code != "BadRequest" || !strings.Contains(e.Error.Message, FaultHeader) {
				t.Fatalf("invalid header %q (%v): %d %s", value, perr, rec.Code, rec.Body.Bytes())
			}
			return
		}
		fired := ""
		for _, e := range s.Requests() {
			if e.RequestID == rec.Header().Get("request-id") {
				fired = e.Fault
			}
		}
		body := rec.Body.Bytes()
		if fired == "" {
			if rec.Code != http.StatusOK || !bytes.Equal(body, normal) {
				t.Fatalf("%q did not fire, yet the answer is %d %s", value, rec.Code, body)
			}
			return
		}
		switch {
		case rule.Status != 0:
			e := fzDecodeError(t, rec)
			if rec.Code != rule.Status {
				t.Fatalf("%q: status %d, want %d", value, rec.Code, rule.Status)
			}
			if code := (Fault{Status: rule.Status}).Answer().Code; e.Error.Code != code && e.Error.Code != fzAsJSON(rule.Code) {
				t.Fatalf("%q: code %q, want %q or the default %q", value, e.Error.Code, rule.Code, code)
			}
			if (rule.Status == 429 || rule.Status == 503) && rec.Header().Get("Retry-After") == "" {
				t.Fatalf("%q: %d without Retry-After", value, rec.Code)
			}
			// The message is the rule's (an empty one included) or the status's default, and
			// every header the rule asked for is sent as asked.
			if want := fzAsJSON(rule.Answer().Message); e.Error.Message != want {
				t.Fatalf("%q: message %q, want %q", value, e.Error.Message, want)
			}
			for k, v := range rule.Headers {
				if got := rec.Header().Get(k); got != v {
					t.Fatalf("%q: header %s is %q, want %q", value, k, got, v)
				}
			}
		case rule.Connection == ConnectionReset, rule.Connection == ConnectionClose, rule.Connection == ConnectionHang:
			if e := fzDecodeError(t, rec); rec.Code != http.StatusServiceUnavailable || !strings.Contains(e.Error.Message, "real connection") {
				t.Fatalf("%q in-process: %d %s, want the 503 that says it needs a real connection", value, rec.Code, body)
			}
		case rule.Connection == ConnectionTruncate:
			if rec.Code != http.StatusOK || !bytes.Equal(body, normal[:len(normal)/2]) {
				t.Fatalf("%q: %d with %d bytes, want 200 with the first half of %d", value, rec.Code, len(body), len(normal))
			}
		case rule.Connection == ConnectionGarbage:
			if rec.Code != http.StatusOK || json.Valid(body) {
				t.Fatalf("%q: %d %q, want 200 with a body that is not JSON", value, rec.Code, body)
			}
		default: // delay and dribble: the real answer, late
			if rec.Code != http.StatusOK || !bytes.Equal(body, normal) {
				t.Fatalf("%q: %d %s, want the normal answer", value, rec.Code, body)
			}
		}
	})
}
