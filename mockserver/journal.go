package mockserver

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// maxJournalBody bounds the request body kept per journal entry.
const maxJournalBody = 64 << 10

// JournalEntry is one request as the mock saw it and answered it. Entries handed out are copies:
// changing one changes nothing in the journal.
type JournalEntry struct {
	Time            time.Time     `json:"time"`
	Namespace       string        `json:"namespace,omitempty"`
	Route           Route         `json:"route"`
	Method          string        `json:"method"`
	URL             string        `json:"url"`
	Header          http.Header   `json:"header"`
	Body            string        `json:"body,omitempty"`
	body            []byte        // Body as kept in the ring: made a string only when handed out
	BodyTruncated   bool          `json:"bodyTruncated,omitempty"`
	Status          int           `json:"status"`
	ResponseSize    int           `json:"responseSize"`
	Duration        time.Duration `json:"duration"`
	RequestID       string        `json:"requestId"`
	ClientRequestID string        `json:"clientRequestId"`
	// Fault is the id of the fault rule that fired on the request, if any.
	Fault string `json:"fault,omitempty"`
	// RetryAfter is the Retry-After the response carried, if any.
	RetryAfter time.Duration `json:"retryAfter,omitempty"`
	// Problems is the validation verdict of a rejected request body: one entry per violation,
	// with the JSON pointer into the body.
	Problems []ErrorDetail `json:"problems,omitempty"`
}

// RequestFilter selects journal entries; zero fields select everything.
type RequestFilter struct {
	Route  Route
	Method string
	Status int
	Since  time.Time
}

// matches reports whether an entry passes the filter.
func (f RequestFilter) matches(e *JournalEntry) bool {
	return (f.Route == "" || f.Route == e.Route) &&
		(f.Method == "" || strings.EqualFold(f.Method, e.Method)) &&
		(f.Status == 0 || f.Status == e.Status) &&
		(f.Since.IsZero() || !e.Time.Before(f.Since))
}

// journal is a bounded ring of entries. mu guards ring, next and full.
type journal struct {
	mu   sync.Mutex
	ring []JournalEntry
	next int
	full bool
}

func newJournal(size int) *journal {
	return &journal{ring: make([]JournalEntry, size)}
}

// add stores an entry, overwriting the oldest when the ring is full.
func (j *journal) add(e JournalEntry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.ring[j.next] = e
	j.next++
	if j.next == len(j.ring) {
		j.next, j.full = 0, true
	}
}

// list copies the entries that pass the filter, oldest first.
func (j *journal) list(f RequestFilter) []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []JournalEntry
	visit := func(e *JournalEntry) {
		if f.matches(e) {
			out = append(out, e.clone())
		}
	}
	if j.full {
		for i := j.next; i < len(j.ring); i++ {
			visit(&j.ring[i])
		}
	}
	for i := 0; i < j.next; i++ {
		visit(&j.ring[i])
	}
	return out
}

// clear drops every entry.
func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.next, j.full = 0, false
}

// recent returns up to n of the newest entries, newest first, without copying the rest of the
// ring (the explorer reads it on every home page). The fields it reads are values; the header
// map and problems are not read.
func (j *journal) recent(n int) []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	size := j.next
	if j.full {
		size = len(j.ring)
	}
	out := make([]JournalEntry, 0, min(n, size))
	for i := 1; i <= size && len(out) < n; i++ {
		e := j.ring[(j.next-i+len(j.ring))%len(j.ring)]
		e.Header, e.Problems = nil, nil
		out = append(out, e)
	}
	return out
}

// clone deep-copies an entry, so callers cannot reach the journal's maps and slices.
func (e JournalEntry) clone() JournalEntry {
	if e.body != nil {
		e.Body, e.body = string(e.body), nil
	}
	e.Header = e.Header.Clone()
	e.Problems = append([]ErrorDetail(nil), e.Problems...)
	return e
}

// maxJournalHeaderValue bounds each header value the journal keeps, so the journal's memory is
// bounded whatever a client sends (the binary also bounds the header block: -max-header-bytes).
const maxJournalHeaderValue = 4 << 10

// redactedHeader copies request headers with the Authorization value hidden (journals end up in
// CI logs) and long values cut.
func redactedHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		cp := make([]string, len(vs))
		for i, v := range vs {
			if len(v) > maxJournalHeaderValue {
				v = v[:maxJournalHeaderValue] + "…[cut]"
			}
			cp[i] = v
		}
		out[k] = cp
	}
	if v := out.Get("Authorization"); v != "" {
		scheme, _, _ := strings.Cut(v, " ")
		out.Set("Authorization", scheme+" [redacted]")
	}
	return out
}

// bodyCapture keeps the first maxJournalBody bytes read from a request body, for the journal.
type bodyCapture struct {
	r      interface{ Read([]byte) (int, error) }
	closer interface{ Close() error }
	buf    []byte
	total  int
}

func (c *bodyCapture) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if room := maxJournalBody - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(n, room)]...)
	}
	c.total += n
	return n, err
}

// truncated reports whether more was read than the journal keeps.
func (c *bodyCapture) truncated() bool { return c.total > len(c.buf) }

func (c *bodyCapture) Close() error { return c.closer.Close() }

// journalEntry builds the entry of a finished request.
func (s *Server) journalEntry(rq *request, status, size int) JournalEntry {
	e := JournalEntry{
		Time: rq.arrived, Namespace: rq.ns.name, Route: rq.route, Method: rq.http.Method,
		URL: rq.http.URL.RequestURI(), Header: redactedHeader(rq.http.Header), Status: status, ResponseSize: size,
		Duration: time.Since(rq.start), RequestID: rq.requestID, ClientRequestID: rq.clientRequestID,
		Fault: rq.faultID, RetryAfter: rq.retryAfter, Problems: rq.problems,
	}
	if c := rq.capture; c != nil && len(c.buf) > 0 {
		body := c.buf
		if strings.EqualFold(rq.http.Header.Get("Content-Encoding"), "gzip") {
			if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
				if plain, err := io.ReadAll(io.LimitReader(zr, maxJournalBody)); err == nil || len(plain) > 0 {
					body = plain
				}
			}
		}
		e.body, e.BodyTruncated = body, c.truncated()
	}
	return e
}
