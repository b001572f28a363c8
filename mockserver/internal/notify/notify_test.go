package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
)

// receiver is a webhook endpoint for tests: it answers validation requests by echoing the
// decoded token (unless told otherwise) and notifications with what answer says, and keeps every
// request.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	requests []seen
	// answer, when set, answers a notification (not a validation request).
	answer func(w http.ResponseWriter, r *http.Request)
	// validate, when set, answers validation requests instead of the echo.
	validate func(w http.ResponseWriter, r *http.Request)
}

type seen struct {
	method, rawQuery, contentType string
	body                          []byte
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.requests = append(rc.requests, seen{r.Method, r.URL.RawQuery, r.Header.Get("Content-Type"), body})
		answer, validate := rc.answer, rc.validate
		rc.mu.Unlock()
		if tok := r.URL.Query().Get("validationToken"); tok != "" {
			if validate != nil {
				validate(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, tok)
			return
		}
		if answer != nil {
			answer(w, r)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// set replaces the notification answer.
func (rc *receiver) set(answer func(w http.ResponseWriter, r *http.Request)) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.answer = answer
}

// request returns the i-th request received.
func (rc *receiver) request(i int) seen {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.requests[i]
}

// notifications returns the notification bodies received so far.
func (rc *receiver) notifications() [][]byte {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out [][]byte
	for _, r := range rc.requests {
		if !strings.Contains(r.rawQuery, "validationToken=") {
			out = append(out, r.body)
		}
	}
	return out
}

// createBody is a valid create body for url.
func createBody(url string, extra string) []byte {
	return []byte(`{"changeType":"created,updated","notificationUrl":"` + url + `","resource":"/communications/callRecords",` +
		`"expirationDateTime":"2026-11-29T12:00:00Z","clientState":"secret"` + extra + `}`)
}

func TestHandshake(t *testing.T) {
	t.Parallel()
	n, clock := newTestNotifier(t, Config{ValidationTimeout: 100 * time.Millisecond})
	cases := []struct {
		name     string
		validate func(w http.ResponseWriter, r *http.Request)
		code     string // "" success, else the error's message part
	}{
		{name: "echo", code: ""},
		{name: "echo with charset", validate: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = io.WriteString(w, r.URL.Query().Get("validationToken"))
		}},
		{name: "202", validate: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) }, code: "must respond with 200 OK"},
		{name: "redirect is not followed", validate: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/elsewhere?"+r.URL.RawQuery, http.StatusFound)
		}, code: "must respond with 200 OK"},
		{name: "token not decoded", validate: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, strings.TrimPrefix(r.URL.RawQuery, "validationToken="))
		}, code: "must exactly match"},
		{name: "token with a newline", validate: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, r.URL.Query().Get("validationToken")+"\n")
		}, code: "must exactly match"},
		{name: "JSON", validate: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, r.URL.Query().Get("validationToken"))
		}, code: "text/plain"},
		{name: "too slow", validate: func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		}, code: "timed out"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t)
			rc.validate = c.validate
			h := n.NewHub("", clock, nil)
			sub, err := h.Create(context.Background(), createBody(rc.URL+"/hook?tenant=a%20b", ""), subscriptions.Owner{TenantID: "t"}, nil)
			log := h.Attempts(Filter{Kind: KindValidation})
			if len(log) != 1 {
				t.Fatalf("log %+v", log)
			}
			if c.code == "" {
				if err != nil || sub.ID == "" || log[0].Outcome != Validated || len(h.List()) != 1 {
					t.Fatalf("sub %+v, err %v, log %+v", sub, err, log)
				}
				r := rc.request(0)
				if r.method != http.MethodPost || r.contentType != "text/plain; charset=utf-8" || len(r.body) != 0 ||
					!strings.HasPrefix(r.rawQuery, "tenant=a%20b&validationToken=Validation%3A+Testing+") {
					t.Fatalf("validation request %+v", r)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.code) || len(h.List()) != 0 || log[0].Outcome != Refused {
				t.Fatalf("err %v, subscriptions %d, log %+v", err, len(h.List()), log)
			}
			var ve *ValidationError
			var te *TimeoutError
			if !errors.As(err, &ve) && !errors.As(err, &te) {
				t.Fatalf("err %T", err)
			}
		})
	}
}

func TestHandshakeUnreachableAndLifecycleURL(t *testing.T) {
	t.Parallel()
	n, clock := newTestNotifier(t, Config{})
	h := n.NewHub("", clock, nil)
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	_, err := h.Create(context.Background(), createBody(dead.URL, ""), subscriptions.Owner{}, nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Cause, "could not be reached") {
		t.Fatalf("err %v", err)
	}
	rc := newReceiver(t)
	_, err = h.Create(context.Background(), createBody(rc.URL, `,"lifecycleNotificationUrl":"`+dead.URL+`"`), subscriptions.Owner{}, nil)
	if !errors.As(err, &ve) || len(h.List()) != 0 {
		t.Fatalf("a lifecycle URL that fails the handshake: %v", err)
	}
	if _, err := h.Create(context.Background(), createBody(rc.URL, `,"lifecycleNotificationUrl":"`+rc.URL+`"`), subscriptions.Owner{}, nil); err != nil {
		t.Fatal(err)
	}
	if v := h.Attempts(Filter{Kind: KindValidation, Outcome: Validated}); len(v) != 3 {
		t.Fatalf("the same URL for both is validated twice: %+v", v)
	}
}

func TestDeliveryPayload(t *testing.T) {
	t.Parallel()
	n, clock := newTestNotifier(t, Config{})
	rc := newReceiver(t)
	h := n.NewHub("ns", clock, nil)
	sub, err := h.Create(context.Background(), createBody(rc.URL+"/hook?k=v", ""), subscriptions.Owner{TenantID: "6c1b6ed1-0000-4000-8000-000000000001"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	h.RecordChanged("rec-1", nil)
	idle(t, n)
	got := rc.notifications()
	if len(got) != 2 {
		t.Fatalf("notifications %q", got)
	}
	want := fmt.Sprintf(`{"value":[{"subscriptionId":"%s","clientState":"secret","changeType":"created","resource":"communications/callRecords/rec-1",`+
		`"subscriptionExpirationDateTime":"2026-11-29T12:00:00.000+00:00","resourceData":{"@odata.type":"#Microsoft.Graph.callRecord",`+
		`"@odata.id":"communications/callRecords/rec-1","id":"rec-1"},"tenantId":"6c1b6ed1-0000-4000-8000-000000000001"}]}`, sub.ID)
	created, updated := got[0], got[1] // two workers: either may arrive first
	if strings.Contains(string(created), `"changeType":"updated"`) {
		created, updated = updated, created
	}
	if string(created) != want || string(updated) != strings.Replace(want, `"changeType":"created"`, `"changeType":"updated"`, 1) {
		t.Fatalf("payload\n%s\nwant\n%s", created, want)
	}
	for i := 1; i <= 2; i++ {
		if r := rc.request(i); r.contentType != "application/json; charset=utf-8" || r.rawQuery != "k=v" || r.method != http.MethodPost {
			t.Fatalf("request %+v", r)
		}
	}
	log := h.Attempts(Filter{Kind: KindNotification})
	if len(log) != 2 || log[0].Outcome != Delivered || log[0].Status != http.StatusAccepted || log[0].Namespace != "ns" ||
		log[0].Subscription != sub.ID || log[0].Resource != "communications/callRecords/rec-1" || !json.Valid(log[0].Payload) {
		t.Fatalf("log %+v", log)
	}
}

func TestRetriesAndGiveUp(t *testing.T) {
	t.Parallel()
	n, clock := newTestNotifier(t, Config{})
	rc := newReceiver(t)
	rc.set(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	h := n.NewHub("", clock, nil)
	sub, err := h.Create(context.Background(), []byte(`{"changeType":"created","notificationUrl":"`+rc.URL+`","resource":"communications/callRecords","expirationDateTime":"2026-11-30T12:00:00Z"}`),
		subscriptions.Owner{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := clock.Now()
	h.RecordChanged("r", nil)
	idle(t, n)
	clock.Advance(5 * time.Hour)
	idle(t, n)
	log := h.Attempts(Filter{Subscription: sub.ID, Kind: KindNotification})
	var offsets []string
	for i, a := range log {
		if a.Attempt != i+1 || a.Status != http.StatusServiceUnavailable {
			t.Errorf("attempt %d: %+v", i+1, a)
		}
		offsets = append(offsets, a.Time.Sub(start).String())
	}
	if got, want := strings.Join(offsets, " "), "0s 1m0s 3m0s 7m0s 15m0s 31m0s 1h3m0s 2h7m0s"; got != want {
		t.Fatalf("attempts at %s, want %s", got, want)
	}
	if last := log[len(log)-1]; last.Outcome != GaveUp || last.NextAttempt != nil {
		t.Fatalf("last attempt %+v", last)
	}
	if log[0].Outcome != Retrying || !log[0].NextAttempt.Equal(start.Add(time.Minute)) {
		t.Fatalf("first attempt %+v", log[0])
	}
}

func TestRetrySucceedsAndDeleteCancels(t *testing.T) {
	t.Parallel()
	n, clock := newTestNotifier(t, Config{})
	rc := newReceiver(t)
	fail := true
	var mu sync.Mutex
	rc.set(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
	h := n.NewHub("", clock, nil)
	sub, err := h.Create(context.Background(), createBody(rc.URL, ""), subscriptions.Owner{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	h.RecordChanged("r", nil)
	idle(t, n)
	mu.Lock()
	fail = false
	mu.Unlock()
	clock.Advance(time.Minute)
	idle(t, n)
	if d := h.Attempts(Filter{Outcome: Delivered}); len(d) != 2 || d[0].Attempt != 2 {
		t.Fatalf("delivered %+v", d)
	}
	mu.Lock()
	fail = true
	mu.Unlock()
	h.RecordChanged("r", nil)
	idle(t, n)
	if err := h.Delete(sub.ID); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	idle(t, n)
	if r := h.Attempts(Filter{Outcome: Retrying}); len(r) != 3 || clock.pending() != 0 {
		t.Fatalf("after delete: retrying %+v, timers %d", r, clock.pending())
	}
}

// TestAttemptJSON: the admin API writes latency as a duration string and reads it back.
func TestAttemptJSON(t *testing.T) {
	t.Parallel()
	next := time.Date(2026, 11, 28, 12, 1, 0, 0, time.UTC)
	a := Attempt{Subscription: "s", Kind: KindNotification, Payload: json.RawMessage(`{"value":[]}`), Attempt: 2, Status: 503,
		Latency: 1500 * time.Microsecond, Outcome: Retrying, NextAttempt: &next}
	b, err := json.Marshal(a)
	if err != nil || !strings.Contains(string(b), `"latency":"1.5ms"`) || !strings.Contains(string(b), `"payload":{"value":[]}`) {
		t.Fatalf("%s, %v", b, err)
	}
	var back Attempt
	if err := json.Unmarshal(b, &back); err != nil || back.Latency != a.Latency || back.Attempt != 2 || !back.NextAttempt.Equal(next) {
		t.Fatalf("%+v, %v", back, err)
	}
}
