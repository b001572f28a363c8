package mockserver_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// Faults inside a batch: each request meets the fault engine as it would on its own (its own
// X-Graphmock-Fault header, the rules of its route, rate limits counted per request), and a
// fault on one request is that request's answer in a 200.

// injectAll adds fault rules to a server or fails the test.
func injectAll(t *testing.T, s *mockserver.Server, rules ...mockserver.Fault) {
	t.Helper()
	for _, f := range rules {
		if _, err := s.InjectFault(f); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBatchFaultRules(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		rules []mockserver.Fault
		want  []string
	}{
		{"a rule on the requests' route", []mockserver.Fault{{Route: "getSession", Status: 429, RetryAfter: 3 * time.Second, Times: 2}},
			[]string{"1:429", "2:429", "3:200", "4:200"}},
		{"a rate limit counts every request", []mockserver.Fault{{Route: "getSession", RateLimit: &mockserver.RateLimit{Limit: 2, Window: time.Minute}}},
			[]string{"1:200", "2:200", "3:429", "4:429"}},
		{"a rule for every route meets the requests, not the batch", []mockserver.Fault{{Status: 503, Times: 1}},
			[]string{"1:503", "2:200", "3:200", "4:200"}},
		{"Graph's throttling preset", mockserver.GraphThrottling(), []string{"1:200", "2:200", "3:200", "4:200"}},
		{"every third request", []mockserver.Fault{{Route: "getSession", Status: 500, Every: 3}}, []string{"1:200", "2:200", "3:500", "4:200"}},
	} {
		s := newServer(t)
		injectAll(t, s, c.rules...)
		_, items := postBatch(t, s, batchURL, gets(4), nil)
		if got := statuses(items); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		for _, it := range items {
			if *it.Status == 429 || *it.Status == 503 {
				if it.Headers["Retry-After"] == "" {
					t.Errorf("%s: item %s is %d without its own Retry-After: %v", c.name, it.ID, *it.Status, it.Headers)
				}
			}
		}
	}
}

// TestBatchRateLimitRetryAfter: each throttled request carries the wait of its own bucket, and
// the journal keeps it per request.
func TestBatchRateLimitRetryAfter(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	injectAll(t, s, mockserver.Fault{Route: "getSession", RateLimit: &mockserver.RateLimit{Limit: 1, Window: 20 * time.Second}})
	_, items := postBatch(t, s, batchURL, gets(3), nil)
	if got := statuses(items); !slices.Equal(got, []string{"1:200", "2:429", "3:429"}) {
		t.Fatalf("statuses %v", got)
	}
	// The bucket refills in 20 s; Retry-After is whole seconds, rounded up.
	if ra := items[1].Headers["Retry-After"]; ra != "20" && ra != "21" {
		t.Errorf("Retry-After %q, want the bucket's 20 s", ra)
	}
	for _, e := range s.Requests(mockserver.RequestFilter{Status: 429}) {
		if e.Batch == "" || e.RetryAfter < 20*time.Second || e.RetryAfter > 21*time.Second {
			t.Errorf("journal: %+v", e)
		}
	}
}

// TestBatchEnvelopeFaults: only a rule naming the route batch, or the batch's own fault header,
// fails the batch as a whole.
func TestBatchEnvelopeFaults(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	injectAll(t, s, mockserver.Fault{Route: "batch", Status: 429, Times: 1})
	if r := send(t, s, http.MethodPost, batchURL, gets(2), nil); r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Errorf("a rule on the batch route: %d %s", r.status, r.body)
	}
	postBatch(t, s, batchURL, gets(2), nil) // the rule fired its one time
	r := send(t, s, http.MethodPost, batchURL, gets(2), http.Header{"Content-Type": {"application/json"}, mockserver.FaultHeader: {"status=503"}})
	if r.status != http.StatusServiceUnavailable {
		t.Errorf("the batch's own fault header: %d %s", r.status, r.body)
	}
	if n := len(s.Requests(mockserver.RequestFilter{Route: "getSession"})); n != 2 {
		t.Errorf("%d requests ran inside the batches, want the 2 of the one that was not failed", n)
	}
}

// TestBatchSeededReplay: with the same seed, the same batch meets the same probabilistic faults
// on the same requests, however its requests are scheduled; another seed meets others.
func TestBatchSeededReplay(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) []string {
		s := newServer(t, mockserver.WithSeed(seed))
		injectAll(t, s, mockserver.Fault{Route: "getSession", Status: 500, Probability: 0.5},
			mockserver.Fault{Route: "getSession", Delay: &mockserver.Latency{Min: time.Millisecond, Max: 3 * time.Millisecond}})
		var all []string
		for range 3 {
			_, items := postBatch(t, s, batchURL, gets(20), nil)
			all = append(all, statuses(items)...)
		}
		return all
	}
	first := run(42)
	for range 3 {
		if again := run(42); !slices.Equal(again, first) {
			t.Fatalf("seed 42 replayed differently:\n%v\n%v", first, again)
		}
	}
	if !slices.Contains(first, "1:200") && !slices.Contains(first, "1:500") || slices.Equal(first, run(43)) {
		t.Errorf("seed 42 gave %v; seed 43 the same", first)
	}
	failed := 0
	for _, st := range first {
		if strings.HasSuffix(st, ":500") {
			failed++
		}
	}
	if failed < 10 || failed > 50 {
		t.Errorf("%d of 60 failed at probability 0.5", failed)
	}
}

// TestBatchWireFaults: a fault that cuts or garbles an answer gives that request's body as the
// bytes sent, in base64, never broken JSON in the batch's answer.
func TestBatchWireFaults(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r, items := postBatch(t, s, batchURL, batchOf(
		getItem("truncate", s1, `,"headers":{"X-Graphmock-Fault":"truncate"}`),
		getItem("garbage", s1, `,"headers":{"X-Graphmock-Fault":"garbage"}`),
		getItem("dribble", s1, `,"headers":{"X-Graphmock-Fault":"dribble=3/3ms"}`),
		getItem("plain", s1)), nil)
	if !json.Valid(r.body) {
		t.Fatalf("the batch's answer is not JSON: %s", r.body)
	}
	var plain string
	for _, it := range items {
		switch it.ID {
		case "truncate", "garbage":
			var b64 string
			raw, err := []byte(nil), json.Unmarshal(it.Body, &b64)
			if err == nil {
				raw, err = base64.StdEncoding.DecodeString(b64)
			}
			if err != nil || json.Valid(raw) {
				t.Errorf("%s: body %s, want base64 of what was sent", it.ID, it.Body)
			}
		case "dribble":
			plain = string(it.Body)
		case "plain":
			if string(it.Body) != plain || plain == "" {
				t.Errorf("a dribbled answer differs from the plain one:\n%s\n%s", plain, it.Body)
			}
		}
	}
}
