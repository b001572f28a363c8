package mockserver

import (
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/notify"
)

// serveSubscriptions serves every /subscriptions route through the namespace's notify.Hub. Graph's
// subscription API takes no query options: a $-option is refused as on any route without it.
func (s *Server) serveSubscriptions(rq *request) (response, error) {
	req := notify.Request{Route: string(rq.route), Context: rq.base + "/$metadata#subscriptions",
		Authorization: rq.http.Header.Get("Authorization"), Validate: s.cfg.validate}
	req.ID, _ = rq.vars.Get("subscriptionID")
	_, err := rq.parse(0, model.Subscription())
	if err == nil && req.HasBody() {
		var obj object
		obj, err = rq.ReadBody()
		req.Body = obj.Raw
	}
	if err != nil {
		return response{}, err
	}
	status, body, err := rq.ns.hub.Serve(rq.http.Context(), req)
	return response{status: status, body: body}, err
}

// Notification is one entry of the delivery log (GET /_mock/notifications): a handshake, change or
// lifecycle notification sent (or held back): payload, attempt, status, latency, outcome.
type Notification = notify.Attempt

// NotificationFilter selects delivery log entries by Subscription, Kind and Outcome (zero: all).
type NotificationFilter = notify.Filter

// Notifications lists the delivery log entries that pass the filter (all without one), oldest first.
func (n *Namespace) Notifications(filter ...NotificationFilter) []Notification {
	return n.hub.Attempts(filter...)
}
