package importer

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBody is the largest answer read: a page of 60 sessions with every segment can be tens of
// megabytes, and a server that sends more than this is not sending call records.
const maxBody = 256 << 20

// fetcher sends the import's GET requests: the bearer token, Prefer: include-unknown-enum-members,
// a client-request-id kept across retries (as Graph asks), Retry-After honoured on 429, 503 and
// 504, a bounded number of retries.
type fetcher struct {
	cfg    *Config
	origin *url.URL // GraphURL: links are followed on its scheme and host only
	stats  *Stats
}

// get returns the body of a 200 answer to GET target.
func (f *fetcher) get(ctx context.Context, target string) ([]byte, error) {
	id := newGUID()
	renewed := false
	for attempt := 0; ; attempt++ {
		token, err := f.cfg.Auth.Token(ctx, false)
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept", "application/json")
		// Without it Graph shows evolvable enum members (productFamily azureCommunicationServices)
		// as unknownFutureValue, and the scenario would lose them.
		req.Header.Set("Prefer", "include-unknown-enum-members")
		req.Header.Set("client-request-id", id)
		req.Header.Set("User-Agent", "graphmock-import")
		f.stats.Requests++
		var wait time.Duration
		var failure error
		resp, err := f.cfg.Client.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			wait, failure = backoff(attempt), err // a reset or closed connection: retried
		} else {
			body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
			resp.Body.Close()
			switch code := resp.StatusCode; {
			case code == http.StatusOK && readErr == nil && len(body) > maxBody:
				return nil, fmt.Errorf("GET %s: the answer is over %d MiB", target, maxBody>>20)
			case code == http.StatusOK && readErr == nil:
				return body, nil
			case code == http.StatusOK:
				wait, failure = backoff(attempt), fmt.Errorf("GET %s: reading the answer: %w", target, readErr)
			case code == http.StatusUnauthorized && !renewed:
				renewed = true
				if _, err := f.cfg.Auth.Token(ctx, true); err != nil {
					if errors.Is(err, errRefused) {
						return nil, statusError(target, resp, body)
					}
					return nil, err
				}
				attempt-- // a new token is not a retry
				continue
			case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout:
				var ok bool
				if wait, ok = retryAfter(resp.Header.Get("Retry-After"), f.cfg.Now()); !ok {
					wait = backoff(attempt)
				}
				failure = statusError(target, resp, body)
			default:
				return nil, statusError(target, resp, body)
			}
		}
		if attempt >= f.cfg.Retries {
			return nil, fmt.Errorf("%w (gave up after %d retries)", failure, f.cfg.Retries)
		}
		if wait > f.cfg.MaxWait {
			return nil, fmt.Errorf("%w: asked to wait %v before retrying, longer than the %v the import waits", failure, wait, f.cfg.MaxWait)
		}
		f.stats.Retries++
		f.cfg.Log.Warn("retrying", "after", wait, "retry", attempt+1, "of", f.cfg.Retries, "because", failure.Error())
		if err := f.cfg.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// follow resolves a next link against the page it came from and checks that it stays on the
// Graph endpoint's scheme and host: the import sends its token nowhere else.
func (f *fetcher) follow(from, link string) (string, error) {
	base, err := url.Parse(from)
	if err != nil {
		return "", err
	}
	ref, err := url.Parse(link)
	if err != nil {
		return "", fmt.Errorf("the next link %q of %s is not a URL: %w", link, from, err)
	}
	u := base.ResolveReference(ref)
	if u.Scheme != f.origin.Scheme || !strings.EqualFold(u.Host, f.origin.Host) {
		return "", fmt.Errorf("the next link %q of %s leads away from %s://%s; the import sends its token only there", link, from, f.origin.Scheme, f.origin.Host)
	}
	return u.String(), nil
}

// statusError reads Graph's error envelope from an answer.
func statusError(target string, resp *http.Response, body []byte) *StatusError {
	var env struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.Unmarshal(body, &env) // not an envelope: the status alone is reported
	return &StatusError{URL: target, Status: resp.StatusCode, Code: env.Error.Code, Message: env.Error.Message, RequestID: resp.Header.Get("request-id")}
}

// retryAfter reads a Retry-After header: seconds (Graph has sent "2.128") or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 && secs < 1e9 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// backoff is the wait before retry attempt+1 when the server did not say: 1 s, doubling, at
// most 32 s.
func backoff(attempt int) time.Duration {
	return time.Second << min(attempt, 5)
}

// newGUID is a random version-4 GUID, for client-request-id.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
