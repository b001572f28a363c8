package mockserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestCloseLeavesNoDelivery: with a notification held by a webhook that does not answer, a retry
// and lifecycle notifications waiting on the clock, Close returns with no delivery worker or
// clock goroutine left, nothing queued and nothing scheduled by the namespace's subscriptions;
// the webhook's connection is gone.
func TestCloseLeavesNoDelivery(t *testing.T) {
	t.Parallel()
	held := make(chan struct{}, 8)
	wh := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := r.URL.Query().Get("validationToken"); tok != "" {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, tok)
			return
		}
		if strings.Contains(r.URL.Path, "fail") {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.ReadAll(r.Body) // then net/http notices the client going away
		held <- struct{}{}
		<-r.Context().Done() // until the server gives up on it
	}))
	defer wh.Close()
	ts := Start(t, WithScenarioFile("testdata/timeline.yaml"))
	clock := ts.Clock()
	clock.Freeze(true)
	for _, path := range []string{"/hold", "/fail"} {
		body := `{"changeType":"created","notificationUrl":"` + wh.URL + path + `","lifecycleNotificationUrl":"` + wh.URL + path +
			`","resource":"/communications/callRecords","expirationDateTime":"2026-11-30T12:00:00Z"}`
		if path == "/fail" {
			body = strings.Replace(body, `"created"`, `"created,updated"`, 1)
		}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1.0/subscriptions", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := ts.Client().Do(req)
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("subscribe: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	clock.Advance(25 * time.Minute) // a record appears: one delivery is held, the others retried
	select {
	case <-held:
	case <-time.After(5 * time.Second):
		t.Fatal("the webhook got no notification")
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(ts.Notifications(NotificationFilter{Outcome: "retrying"})) < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if ts.clock.Pending() == 0 {
		t.Fatal("nothing waits on the clock: the test proves nothing")
	}
	done := make(chan struct{})
	go func() { ts.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return while a webhook held a delivery")
	}
	if workers, queued := ts.notifier.Busy(); workers != 0 || queued != 0 || ts.group.Live() != 0 {
		t.Fatalf("after Close: %d workers, %d queued, %d goroutines of the server", workers, queued, ts.group.Live())
	}
	if n := ts.clock.Pending(); n != 0 {
		t.Fatalf("%d callbacks still scheduled after Close", n)
	}
	buf := make([]byte, 1<<20)
	if stacks := string(buf[:runtime.Stack(buf, true)]); strings.Contains(stacks, "internal/notify.(*Notifier).work") &&
		!strings.Contains(stacks, "TestCloseLeavesNoDelivery") {
		t.Fatalf("a delivery worker is still running:\n%s", stacks)
	}
}
