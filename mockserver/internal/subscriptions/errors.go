package subscriptions

import (
	"fmt"
	"strings"
)

// The domain errors of subscriptions. Each carries Graph's message (as observed on the live
// service where the facts record it, in Graph's manner where they do not); mockserver's error map
// alone decides the status and Graph's error code of each type. A body that breaks the schema, or
// a member the schema cannot judge (clientState's length), is a *model.InvalidError instead, so
// it is answered with one error.details entry per problem like any rejected body.

// Detailer is a domain error that offers the one error.details entry of its answer: a code, a
// message saying what is accepted (or what a webhook did), and the body member it is about.
type Detailer interface {
	Detail() (code, message, target string)
}

// RequestError is a create or update Graph refuses as a request it cannot serve: a resource or
// changeType call records do not support, rich notifications, a URL scheme, a member PATCH may
// not change. Graph's code for these is InvalidRequest. Member is the body member it is about
// ("" when none), Hint an extra sentence for error.details saying what is accepted.
type RequestError struct {
	Member  string
	Message string
	Hint    string
}

// Error returns Graph's message.
func (e *RequestError) Error() string { return e.Message }

// Detail is the error.details entry of the answer: the hint, about the member.
func (e *RequestError) Detail() (code, message, target string) {
	return "invalidValue", e.Hint, e.Member
}

// ExpirationError is an expirationDateTime further in the future than a call records
// subscription may live (4,230 minutes). Graph answers it with code ExtensionError.
type ExpirationError struct {
	Max int // minutes
}

// Error returns the message the live service was seen to give.
func (e *ExpirationError) Error() string {
	return fmt.Sprintf("Subscription expiration can only be %d minutes in the future.", e.Max)
}

// ConflictError is a create whose changeType and resource an existing subscription already has:
// Graph's 409, naming the subscription that has them.
type ConflictError struct {
	ExistingID string
}

// Error returns Graph's documented message.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("Subscription Id %s already exists for the requested combination", e.ExistingID)
}

// QuotaError is a create over the number of subscriptions a tenant may hold for call records:
// Graph's 403, whose message "will explain the limit that has been exceeded".
type QuotaError struct {
	Limit int
}

// Error names the limit.
func (e *QuotaError) Error() string {
	return fmt.Sprintf("Subscription limit exceeded: a tenant may hold at most %d subscriptions to '/communications/callRecords'. Delete one, or let one expire, first.", e.Limit)
}

// NotFoundError is a subscription id that does not exist (any more): never made, deleted, or
// expired and removed. Graph answers 404 ResourceNotFound.
type NotFoundError struct {
	ID string
}

// Error returns the message Graph was seen to give for a subscription it does not hold.
func (e *NotFoundError) Error() string { return "The object was not found." }

// notAllowedOnPatch is the RequestError for PATCH members other than the two Graph updates.
func notAllowedOnPatch(names []string) *RequestError {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "'" + n + "'"
	}
	return &RequestError{Member: names[0],
		Message: "Only 'expirationDateTime' and 'notificationUrl' can be updated on a subscription; this request also changes " + strings.Join(quoted, ", ") + ".",
		Hint:    "Delete the subscription and create a new one to change other properties."}
}
