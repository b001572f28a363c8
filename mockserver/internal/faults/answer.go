package faults

import (
	"net/http"
	"strconv"
	"time"
)

// Answer is the Graph error a fired rule answers with: the status the rule chose (choosing it is
// what a fault is for), Graph's code and message for it unless the rule gives its own, and the
// response headers (Retry-After, the rule's Headers). The adapter renders it in Graph's envelope.
type Answer struct {
	// Status is the HTTP status.
	Status int
	// Code and Message are the envelope's error.code and error.message.
	Code    string
	Message string
	// Header holds the response headers the answer adds.
	Header http.Header
}

// Answer returns the Graph error the rule answers with, for a rule with a Status. 429 and 503
// carry a Retry-After of one second when the rule gives none, as Graph's do. Retry-After is whole
// seconds, rounded up, as RFC 9110 writes it and Graph sends it (.NET clients refuse a fraction);
// one given as 0 is sent as 0.
func (f Fault) Answer() Answer {
	code, msg := statusCode(f.Status)
	if f.Code != "" {
		code = f.Code
	}
	if f.Message != "" || f.emptyMessage {
		msg = f.Message
	}
	a := Answer{Status: f.Status, Code: code, Message: msg, Header: http.Header{}}
	retry := f.RetryAfter
	if retry == 0 && !f.zeroRetryAfter && (f.Status == http.StatusTooManyRequests || f.Status == http.StatusServiceUnavailable) {
		retry = time.Second
	}
	if retry > 0 || f.zeroRetryAfter {
		a.Header.Set("Retry-After", strconv.FormatInt(int64((retry+time.Second-1)/time.Second), 10))
	}
	for k, v := range f.Headers {
		a.Header.Set(k, v)
	}
	return a
}

// unavailable is the 503 a wire action answers with when it cannot do what the rule asked.
func unavailable(message string) Answer {
	return Fault{Status: http.StatusServiceUnavailable, Message: message}.Answer()
}
