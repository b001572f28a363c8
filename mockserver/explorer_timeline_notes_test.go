package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// TestExplorerTimelineNotifications is issue 17 §3's last part: a call record's timeline marks
// each change notification delivery attempt about the record, on the same axis as its sessions,
// with the notification's changeType and outcome in the mark's title.
func TestExplorerTimelineNotifications(t *testing.T) {
	t.Parallel()
	srv, _ := startTimeline(t)
	page := "/_mock/ui/callRecords/" + availableRecord
	if body := explorerPage(t, srv, page, http.StatusOK); strings.Contains(body, `class="event notification`) || strings.Contains(body, "change notification sent") {
		t.Fatalf("a notification mark before any notification:\n%s", body)
	}

	wh := newWebhook(t)
	subscribe(t, srv, "", subscriptionBody(wh.URL, "updated", "2026-11-28T13:00:00Z", ""))
	w := send(t, srv, http.MethodPost, "/v1.0/communications/callRecords/"+availableRecord+"/sessions/s1/segments",
		`{"startDateTime":"2026-11-28T10:40:00Z","endDateTime":"2026-11-28T10:41:00Z"}`, nil)
	if w.status != http.StatusCreated {
		t.Fatalf("segment write: %d %s", w.status, w.body)
	}
	delivered(t, srv.Namespace, 1)
	body := explorerPage(t, srv, page, http.StatusOK)
	wantAll(t, body,
		`<circle class="event notification" `,
		`<title>updated notification delivered at 12:00:00 (attempt 1, HTTP 202)</title>`,
		`A solid line topped by a dot marks a change notification: updated notification delivered at 12:00:00`,
		"change notification sent (red: not delivered)")

	// A failed attempt is marked in the failure colour, with its outcome.
	wh.setAnswer(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	send(t, srv, http.MethodPost, "/v1.0/communications/callRecords/"+availableRecord+"/sessions/s1/segments",
		`{"startDateTime":"2026-11-28T10:42:00Z","endDateTime":"2026-11-28T10:43:00Z"}`, nil)
	waitUntil(t, "a retrying attempt", func() bool {
		return len(srv.Namespace.Notifications(mockserver.NotificationFilter{Kind: "notification", Outcome: "retrying"})) > 0
	}, srv.Namespace)
	wantAll(t, explorerPage(t, srv, page, http.StatusOK),
		`<circle class="event notification failed" `,
		`<title>updated notification retrying at 12:00:00 (attempt 1, HTTP 500)</title>`)
}
