package notify

import (
	"encoding/json"
	"sync"
	"time"
)

// Kind says what an attempt carried.
type Kind string

// The kinds of attempts.
const (
	// KindValidation is the handshake before a subscription is made or its URL changed.
	KindValidation Kind = "validation"
	// KindNotification is a change notification about a call record.
	KindNotification Kind = "notification"
	// KindLifecycle is a lifecycle notification (reauthorizationRequired).
	KindLifecycle Kind = "lifecycle"
)

// Outcome says how an attempt ended.
type Outcome string

// The outcomes of attempts.
const (
	// Delivered: the endpoint answered 2xx in time.
	Delivered Outcome = "delivered"
	// Retrying: it did not; the next attempt is due at NextAttempt.
	Retrying Outcome = "retrying"
	// GaveUp: it did not, and 4 hours of retries are over: the notification is lost.
	GaveUp Outcome = "gaveUp"
	// Delayed: the endpoint is marked slow; the notification goes out 10 minutes later.
	Delayed Outcome = "delayed"
	// Dropped: not sent: the endpoint is marked drop, or the delivery queue was full.
	Dropped Outcome = "dropped"
	// Cancelled: not sent: its subscription was deleted or expired first.
	Cancelled Outcome = "cancelled"
	// Validated: the handshake succeeded.
	Validated Outcome = "validated"
	// Refused: the handshake failed; the request that needed it failed with it.
	Refused Outcome = "refused"
)

// Attempt is one entry of the delivery log: one POST graphmock made (or decided not to make) to
// an endpoint. Entries handed out are copies.
type Attempt struct {
	// Time is when the attempt was due by the server's clock.
	Time         time.Time `json:"time"`
	Namespace    string    `json:"namespace,omitempty"`
	Subscription string    `json:"subscriptionId"`
	Kind         Kind      `json:"kind"`
	// ChangeType is created or updated for a notification, the lifecycle event for a lifecycle
	// notification.
	ChangeType string `json:"changeType,omitempty"`
	// Resource is the call record a notification is about (communications/callRecords/{id}).
	Resource string `json:"resource,omitempty"`
	URL      string `json:"url"`
	// Payload is the JSON body sent (a changeNotificationCollection); ValidationToken the
	// decoded token of a handshake.
	Payload         json.RawMessage `json:"payload,omitempty"`
	ValidationToken string          `json:"validationToken,omitempty"`
	// Attempt counts from 1 for each notification.
	Attempt int `json:"attempt"`
	// Status is the endpoint's HTTP status; 0 when none came.
	Status int `json:"status"`
	// Latency is how long the exchange took, in real time.
	Latency time.Duration `json:"latency"`
	Outcome Outcome       `json:"outcome"`
	// Error says what went wrong, Response holds the start of the endpoint's answer.
	Error    string `json:"error,omitempty"`
	Response string `json:"response,omitempty"`
	// NextAttempt is when a retry or delayed notification is due, by the server's clock.
	NextAttempt *time.Time `json:"nextAttempt,omitempty"`
}

// Filter selects log entries; zero fields select everything.
type Filter struct {
	Subscription string
	Kind         Kind
	Outcome      Outcome
}

// FilterError is a delivery log filter that names a kind or outcome there is not.
type FilterError struct{ Message string }

// Error says what is wrong and what is accepted.
func (e *FilterError) Error() string { return e.Message }

// ParseFilter reads a filter from its text form (GET /_mock/notifications?subscription=&kind=&
// outcome=); empty parts select everything. An unknown kind or outcome is a *FilterError.
func ParseFilter(subscription, kind, outcome string) (Filter, error) {
	f := Filter{Subscription: subscription, Kind: Kind(kind), Outcome: Outcome(outcome)}
	switch f.Kind {
	case "", KindValidation, KindNotification, KindLifecycle:
	default:
		return Filter{}, &FilterError{Message: "kind '" + kind + "' is not one of validation, notification, lifecycle."}
	}
	switch f.Outcome {
	case "", Delivered, Retrying, GaveUp, Delayed, Dropped, Cancelled, Validated, Refused:
	default:
		return Filter{}, &FilterError{Message: "outcome '" + outcome + "' is not one of delivered, retrying, gaveUp, delayed, dropped, cancelled, validated, refused."}
	}
	return f, nil
}

// matches reports whether a passes f.
func (f Filter) matches(a *Attempt) bool {
	return (f.Subscription == "" || a.Subscription == f.Subscription) && (f.Kind == "" || a.Kind == f.Kind) &&
		(f.Outcome == "" || a.Outcome == f.Outcome)
}

// deliveryLog is a namespace's bounded log of attempts, oldest dropping off first.
type deliveryLog struct {
	// mu guards entries and next.
	mu      sync.Mutex
	entries []Attempt
	size    int
	next    int // where the next entry goes once entries is full
}

// add appends an attempt.
func (l *deliveryLog) add(a Attempt) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) < l.size {
		l.entries = append(l.entries, a)
		return
	}
	l.entries[l.next] = a
	l.next = (l.next + 1) % l.size
}

// list returns the entries that pass f, oldest first, as copies.
func (l *deliveryLog) list(f Filter) []Attempt {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []Attempt{}
	for i := range l.entries {
		a := &l.entries[(l.next+i)%len(l.entries)]
		if f.matches(a) {
			c := *a
			c.Payload = append(json.RawMessage(nil), a.Payload...)
			if a.NextAttempt != nil {
				t := *a.NextAttempt
				c.NextAttempt = &t
			}
			out = append(out, c)
		}
	}
	return out
}

// clear empties the log.
func (l *deliveryLog) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries, l.next = nil, 0
}

// attemptJSON is Attempt without its JSON methods, so they can reuse encoding/json for every
// other field.
type attemptJSON Attempt

// MarshalJSON writes the attempt with Latency as a Go duration string ("1.5ms"), the form every
// duration of the admin API takes (the journal's, fault rules').
func (a Attempt) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		attemptJSON
		Latency string `json:"latency"`
	}{attemptJSON(a), a.Latency.String()})
}

// UnmarshalJSON reads what MarshalJSON writes, so a Go client decodes the admin API's entries
// into Attempt.
func (a *Attempt) UnmarshalJSON(b []byte) error {
	w := struct {
		*attemptJSON
		Latency string `json:"latency"`
	}{attemptJSON: (*attemptJSON)(a)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.Latency == "" {
		a.Latency = 0
		return nil
	}
	d, err := time.ParseDuration(w.Latency)
	a.Latency = d
	return err
}
