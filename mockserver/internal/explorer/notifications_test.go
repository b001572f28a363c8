package explorer

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/notify"
	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
)

// fakeNotifications is a NotificationSource with fixed contents.
type fakeNotifications struct {
	subs []subscriptions.Subscription
	log  []notify.Attempt
}

func (f fakeNotifications) List() []subscriptions.Subscription         { return f.subs }
func (f fakeNotifications) Attempts(...notify.Filter) []notify.Attempt { return f.log }

// TestNotificationsPage lists the subscriptions and the latest attempts first, escaped, and says
// so when the build has no change notifications.
func TestNotificationsPage(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	next := at.Add(time.Minute)
	src := fakeNotifications{
		subs: []subscriptions.Subscription{{ID: "sub-1", Spec: subscriptions.Spec{Resource: "/communications/callRecords", ChangeType: "created,updated",
			NotificationURL: "http://127.0.0.1:9/hook?<x>", Expiration: at.Add(time.Hour)}}},
		log: []notify.Attempt{
			{Time: at, Subscription: "sub-1", Kind: notify.KindValidation, URL: "http://127.0.0.1:9/hook", Attempt: 1, Status: 200, Outcome: notify.Validated},
			{Time: at, Subscription: "sub-1", Kind: notify.KindNotification, ChangeType: "created", Resource: "communications/callRecords/r1",
				Attempt: 1, Status: 503, Outcome: notify.Retrying, NextAttempt: &next, Error: "the endpoint answered 503"},
		},
	}
	page := get(New(Config{Source: newFakeSource(t, 1, 1), Notifications: src}).Notifications(), "/_mock/ui/notifications", nil)
	body := page.Body.String()
	if page.Code != http.StatusOK || !strings.Contains(body, "sub-1") || !strings.Contains(body, "hook?&lt;x&gt;") ||
		!strings.Contains(body, "2026-11-28T13:00:00.0000000Z") || !strings.Contains(body, "next at 12:01:00") ||
		strings.Index(body, "retrying") > strings.Index(body, "validated") {
		t.Fatalf("page %d\n%s", page.Code, body)
	}
	none := get(New(Config{Source: newFakeSource(t, 1, 1)}).Notifications(), "/_mock/ui/notifications", nil)
	if !strings.Contains(none.Body.String(), "No change notifications in this build.") {
		t.Fatalf("without a source:\n%s", none.Body)
	}
}
