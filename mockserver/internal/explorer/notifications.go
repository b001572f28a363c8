package explorer

import (
	"net/http"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/notify"
	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
)

// NotificationSource is the change notifications of the namespace the explorer shows: its live
// subscriptions and its delivery log (a notify.Hub is one).
type NotificationSource interface {
	List() []subscriptions.Subscription
	Attempts(filter ...notify.Filter) []notify.Attempt
}

// RecentDeliveries is how many delivery log entries the notifications page shows, newest first.
const RecentDeliveries = 50

// notificationsData is the notifications page: the subscriptions and the latest attempts.
type notificationsData struct {
	layout
	Available     bool // a NotificationSource is configured
	Subscriptions []subscriptionRow
	Attempts      []attemptRow
	Total         int // attempts in the log
}

// subscriptionRow is one subscription as the page shows it.
type subscriptionRow struct {
	ID, Resource, ChangeType, NotificationURL, LifecycleURL string
	Expires                                                 string
	Graph                                                   string
}

// attemptRow is one delivery log entry as the page shows it.
type attemptRow struct {
	Time, Kind, What, URL, Outcome, Error, Next string
	Subscription                                string
	Attempt, Status                             int
	Latency                                     time.Duration
	Failed                                      bool
}

// Notifications is the page of the subscriptions and the recent deliveries
// (GET /_mock/ui/notifications).
func (ui *Explorer) Notifications() http.Handler { return ui.page(ui.notifications) }

// notifications lists the subscriptions and the latest delivery attempts, newest first.
func (ui *Explorer) notifications(*http.Request) result {
	d := notificationsData{layout: ui.newLayout("Change notifications", crumb{Label: "Call records", URL: Base}, crumb{Label: "Change notifications"})}
	src := ui.cfg.Notifications
	if src == nil {
		return result{status: http.StatusOK, template: "notifications", data: d}
	}
	d.Available = true
	for _, s := range src.List() {
		d.Subscriptions = append(d.Subscriptions, subscriptionRow{ID: s.ID, Resource: s.Resource, ChangeType: s.ChangeType,
			NotificationURL: s.NotificationURL, LifecycleURL: s.LifecycleURL, Expires: subscriptions.FormatTime(s.Expiration),
			Graph: "/v1.0/subscriptions/" + s.ID})
	}
	log := src.Attempts()
	d.Total = len(log)
	for i := len(log) - 1; i >= 0 && len(d.Attempts) < RecentDeliveries; i-- {
		a := log[i]
		row := attemptRow{Time: a.Time.UTC().Format("2006-01-02 15:04:05"), Kind: string(a.Kind), What: a.ChangeType, URL: a.URL,
			Outcome: string(a.Outcome), Error: a.Error, Subscription: a.Subscription, Attempt: a.Attempt, Status: a.Status,
			Latency: a.Latency.Round(time.Microsecond)}
		if a.Resource != "" {
			row.What += " " + a.Resource
		}
		if a.NextAttempt != nil {
			row.Next = a.NextAttempt.UTC().Format("15:04:05")
		}
		switch a.Outcome {
		case notify.Retrying, notify.GaveUp, notify.Dropped, notify.Refused, notify.Delayed:
			row.Failed = true
		}
		d.Attempts = append(d.Attempts, row)
	}
	return result{status: http.StatusOK, template: "notifications", data: d}
}
