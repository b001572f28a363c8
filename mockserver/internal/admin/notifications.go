package admin

import (
	"io"
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/notify"
)

// listNotifications serves GET /_mock/notifications?subscription=&kind=&outcome=: the namespace's
// delivery log (validation requests, notifications and lifecycle notifications, every attempt),
// oldest first.
func (a api) listNotifications(r *http.Request, ns Namespace) (Reply, error) {
	q := r.URL.Query()
	f, err := notify.ParseFilter(q.Get("subscription"), q.Get("kind"), q.Get("outcome"))
	if err != nil {
		return Reply{}, err
	}
	return jsonReply(http.StatusOK, struct {
		Value []notify.Attempt `json:"value"`
	}{ns.Notifications(f)})
}

// clearNotifications serves DELETE /_mock/notifications: the delivery log is emptied;
// subscriptions and pending deliveries stay.
func (a api) clearNotifications(_ *http.Request, ns Namespace) (Reply, error) {
	ns.ClearNotifications()
	return noContent, nil
}

// webhook serves POST /_mock/webhook: a stand-in endpoint for change notifications, so the whole
// flow can be tried with curl alone. It passes Graph's validation handshake (the decoded
// validationToken back as text/plain) and accepts every notification (202); what it was sent is
// in the delivery log (GET /_mock/notifications). It keeps nothing, so it is open like healthz.
func (a api) webhook(r *http.Request, _ Namespace) (Reply, error) {
	if tok := r.URL.Query().Get("validationToken"); tok != "" {
		return Reply{Status: http.StatusOK, Body: []byte(tok), ContentType: "text/plain; charset=utf-8"}, nil
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
	return Reply{Status: http.StatusAccepted}, nil
}
