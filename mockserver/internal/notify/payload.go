package notify

import (
	"encoding/json"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
)

// changeNotification is one item of a changeNotificationCollection about a call record, its
// members in the order of Graph's call records example. clientState is left out when the
// subscription has none.
type changeNotification struct {
	SubscriptionID                 string       `json:"subscriptionId"`
	ClientState                    *string      `json:"clientState,omitempty"`
	ChangeType                     string       `json:"changeType"`
	Resource                       string       `json:"resource"`
	SubscriptionExpirationDateTime string       `json:"subscriptionExpirationDateTime"`
	ResourceData                   resourceData `json:"resourceData"`
	TenantID                       string       `json:"tenantId"`
}

// resourceData names the call record, spelled as Graph's example spells it.
type resourceData struct {
	Type string `json:"@odata.type"`
	ID   string `json:"@odata.id"`
	Key  string `json:"id"`
}

// lifecycleNotification is one lifecycle notification, members in the order of Graph's example:
// it names no resource.
type lifecycleNotification struct {
	SubscriptionID                 string  `json:"subscriptionId"`
	SubscriptionExpirationDateTime string  `json:"subscriptionExpirationDateTime"`
	TenantID                       string  `json:"tenantId"`
	ClientState                    *string `json:"clientState,omitempty"`
	LifecycleEvent                 string  `json:"lifecycleEvent"`
}

// collection is the body of every notification POST.
type collection[T any] struct {
	Value []T `json:"value"`
}

// notificationTime is how Graph's call records example writes subscriptionExpirationDateTime:
// milliseconds and a +00:00 offset.
const notificationTime = "2006-01-02T15:04:05.000-07:00"

// ResourcePath is the resource a notification names for a call record: relative to
// https://graph.microsoft.com and without a leading slash, as Graph's example has it.
func ResourcePath(recordID string) string { return "communications/callRecords/" + recordID }

// notificationPayload is the body of a change notification about a record.
func notificationPayload(n subscriptions.Notice) []byte {
	res := ResourcePath(n.RecordID)
	body, _ := json.Marshal(collection[changeNotification]{Value: []changeNotification{{
		SubscriptionID: n.Sub.ID, ClientState: n.Sub.ClientState, ChangeType: n.Change.String(), Resource: res,
		SubscriptionExpirationDateTime: n.Sub.Expiration.UTC().Format(notificationTime),
		ResourceData:                   resourceData{Type: "#Microsoft.Graph.callRecord", ID: res, Key: n.RecordID},
		TenantID:                       n.Sub.TenantID,
	}}})
	return body
}

// lifecyclePayload is the body of a lifecycle notification of event for sub.
func lifecyclePayload(sub subscriptions.Subscription, event string) []byte {
	body, _ := json.Marshal(collection[lifecycleNotification]{Value: []lifecycleNotification{{
		SubscriptionID: sub.ID, SubscriptionExpirationDateTime: subscriptions.FormatTime(sub.Expiration),
		TenantID: sub.TenantID, ClientState: sub.ClientState, LifecycleEvent: event,
	}}})
	return body
}

// reauthorizationLeads are how long before a subscription expires reauthorizationRequired is
// sent: Graph's illustrative cadence sends it every 15 minutes in the last hour.
func reauthorizationLeads() [4]time.Duration {
	return [4]time.Duration{60 * time.Minute, 45 * time.Minute, 30 * time.Minute, 15 * time.Minute}
}
