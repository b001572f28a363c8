package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ValidationError is an endpoint that failed the validation handshake: it answered, but not
// with 200, text/plain and the token; or it could not be reached. Message is the live
// service's; Cause says what the endpoint did, for error.details. Graph answers it with 400
// ValidationError and makes no subscription.
type ValidationError struct {
	URL     string
	Message string
	Cause   string
}

// Error returns Graph's message.
func (e *ValidationError) Error() string { return e.Message }

// Detail is the error.details entry of the answer: what the endpoint did.
func (e *ValidationError) Detail() (code, message, target string) {
	return "validationFailed", e.URL + ": " + e.Cause, ""
}

// TimeoutError is an endpoint that did not answer the handshake in time. Graph answers it with
// 400 InvalidRequest and makes no subscription.
type TimeoutError struct {
	URL     string
	Timeout time.Duration
}

// Error returns Graph's message.
func (e *TimeoutError) Error() string { return "Subscription validation request timed out." }

// Detail is the error.details entry of the answer: how long the endpoint had.
func (e *TimeoutError) Detail() (code, message, target string) {
	return "validationTimedOut", e.URL + ": no answer within " + e.Timeout.String(), ""
}

// The live service's messages for a failed handshake.
const (
	msgNot200   = "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request."
	msgMismatch = "Subscription validation request failed. Response must exactly match validationToken query parameter."
	// msgNotText follows the other two: the facts record no message for a wrong content type.
	msgNotText = "Subscription validation request failed. Notification endpoint must respond with a text/plain body."
)

// token is a validation token in the shape Graph's have: opaque, with spaces and colons, so a
// receiver that does not decode the query fails here rather than in production.
func token(requestID string) string {
	return "Validation: Testing client application reachability for subscription Request-Id: " + requestID
}

// withToken appends validationToken=<token, form-encoded> to a URL, after its query when it has
// one.
func withToken(rawURL, tok string) string {
	sep := "?"
	if strings.Contains(rawURL, "?") {
		sep = "&"
	}
	if strings.HasSuffix(rawURL, "?") || strings.HasSuffix(rawURL, "&") {
		sep = ""
	}
	return rawURL + sep + "validationToken=" + url.QueryEscape(tok)
}

// handshake validates an endpoint as Graph does: POST url?validationToken=… with an empty
// text/plain body; the endpoint has ValidationTimeout (real time) to answer 200 with a text/plain
// body that is exactly the decoded token. It returns the attempt for the log and nil, a
// *ValidationError or a *TimeoutError.
func (n *Notifier) handshake(ctx context.Context, rawURL string) (Attempt, error) {
	tok := token(n.newID())
	a := Attempt{Kind: KindValidation, URL: rawURL, ValidationToken: tok, Attempt: 1}
	ctx, cancel := context.WithTimeout(ctx, n.cfg.ValidationTimeout)
	defer cancel()
	stop := context.AfterFunc(n.ctx, cancel) // Close aborts it too
	defer stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, withToken(rawURL, tok), http.NoBody)
	if err != nil {
		return n.refused(a, &ValidationError{URL: rawURL, Message: msgNot200, Cause: err.Error()})
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	start := time.Now()
	resp, err := n.client.Do(req)
	if err != nil {
		a.Latency = time.Since(start)
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return n.refused(a, &TimeoutError{URL: rawURL, Timeout: n.cfg.ValidationTimeout})
		}
		return n.refused(a, &ValidationError{URL: rawURL, Message: msgNot200, Cause: "the endpoint could not be reached: " + err.Error()})
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(len(tok))+maxResponseBytes))
	a.Latency, a.Status, a.Response = time.Since(start), resp.StatusCode, clip(body)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return n.refused(a, &TimeoutError{URL: rawURL, Timeout: n.cfg.ValidationTimeout})
	}
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case resp.StatusCode != http.StatusOK:
		return n.refused(a, &ValidationError{URL: rawURL, Message: msgNot200, Cause: fmt.Sprintf("the endpoint answered %d", resp.StatusCode)})
	case err != nil:
		return n.refused(a, &ValidationError{URL: rawURL, Message: msgMismatch, Cause: "the answer could not be read: " + err.Error()})
	case mediaType != "text/plain":
		return n.refused(a, &ValidationError{URL: rawURL, Message: msgNotText,
			Cause: fmt.Sprintf("the endpoint answered Content-Type %q, not text/plain", resp.Header.Get("Content-Type"))})
	case string(body) != tok:
		return n.refused(a, &ValidationError{URL: rawURL, Message: msgMismatch,
			Cause: fmt.Sprintf("the endpoint answered %q; the token, URL-decoded, is %q", clip(body), tok)})
	}
	a.Outcome = Validated
	return a, nil
}

// refused completes the log entry of a failed handshake.
func (n *Notifier) refused(a Attempt, err error) (Attempt, error) {
	a.Outcome, a.Error = Refused, err.Error()
	var ve *ValidationError
	if errors.As(err, &ve) {
		a.Error += " (" + ve.Cause + ")"
	}
	return a, err
}

// clip is the start of an answer, for messages and the log.
func clip(b []byte) string {
	if len(b) > maxResponseBytes {
		b = b[:maxResponseBytes]
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
