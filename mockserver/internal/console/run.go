package console

import (
	"context"
	"io"
	"net/http"
	"strings"
	"time"
)

// MaxShown is how much of a response body the console keeps to show; the rest is counted.
const MaxShown = 1 << 20

// Timeout bounds a console request: a fault that delays or hangs the answer longer leaves the
// console with no answer, which it says, instead of a page that never loads.
const Timeout = 15 * time.Second

// Exchange is a request as the console ran it and what came back.
type Exchange struct {
	// Status is the answer's status, 0 when the handler wrote nothing before Timeout (a fault
	// held the answer back) or the connection fault it asked for could not happen in-process.
	Status int
	// Header is every response header, as written.
	Header http.Header
	// Body is the first MaxShown bytes of the body; Size counts all of it.
	Body      []byte
	Size      int
	Truncated bool
	// Elapsed is how long the handler took.
	Elapsed time.Duration
	// Err is why the request could not be built (it did not run).
	Err error
}

// Run sends r through h in-process, as a request that arrived on outer's connection: the same
// Host (so links in the answer point back here) and TLS state, a RemoteAddr of its own (remote,
// so that faults counted per connection count each console run as a new client, as separate
// curl runs are), and outer's context bounded by Timeout.
func Run(outer *http.Request, h http.Handler, r Request, remote string) Exchange {
	ctx, cancel := context.WithTimeout(context.WithValue(outer.Context(), sentKey{}, true), Timeout)
	defer cancel()
	scheme := "http://"
	if outer.TLS != nil {
		scheme = "https://"
	}
	var body io.Reader // nil for no body: NewRequest then sends none
	if r.Body != "" {
		body = strings.NewReader(r.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, r.Method, scheme+outer.Host+r.Target, body)
	if err != nil {
		return Exchange{Err: err}
	}
	hr.Host, hr.RequestURI, hr.RemoteAddr, hr.TLS = outer.Host, r.Target, remote, outer.TLS
	for _, hd := range r.Headers {
		hr.Header.Add(hd.Name, hd.Value)
	}
	if r.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.Token)
	}
	rec := &recorder{header: http.Header{}}
	start := time.Now()
	h.ServeHTTP(rec, hr)
	sent := rec.sent
	if sent == nil {
		sent = rec.header
	}
	return Exchange{Status: rec.status, Header: sent, Body: rec.body, Size: rec.size,
		Truncated: rec.size > len(rec.body), Elapsed: time.Since(start)}
}

// sentKey marks the context of the requests the console sends.
type sentKey struct{}

// Sent reports whether r was sent by the console: the journal marks such requests, and the
// console refuses to run a request that is itself one of its own (it would run itself forever).
func Sent(r *http.Request) bool {
	v, _ := r.Context().Value(sentKey{}).(bool)
	return v
}

// recorder is the ResponseWriter of a console request: it keeps the status, the headers and the
// first MaxShown bytes of the body. It can flush (dribbled answers arrive whole) but cannot be
// hijacked, so connection faults answer as they do in-process (a 503 that says so).
type recorder struct {
	header http.Header
	sent   http.Header // the headers as they were when the status was written
	status int
	body   []byte
	size   int
}

// Header is the header map the handler writes into.
func (w *recorder) Header() http.Header { return w.header }

// WriteHeader keeps the first status and the headers as they are then, as a wire would.
func (w *recorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status, w.sent = status, w.header.Clone()
	}
}

// Write keeps the first MaxShown bytes and counts the rest.
func (w *recorder) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if room := MaxShown - len(w.body); room > 0 {
		w.body = append(w.body, p[:min(room, len(p))]...)
	}
	w.size += len(p)
	return len(p), nil
}

// Flush does nothing: the console shows the answer once it is whole.
func (w *recorder) Flush() {}
