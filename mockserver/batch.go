package mockserver

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/auth"
	"github.com/graphmock/graphmock/mockserver/internal/batch"
	"github.com/graphmock/graphmock/mockserver/internal/notify"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

// JSON batching: internal/batch reads, plans and answers a batch; this is where its requests
// meet the engine. Each is served in process through the same path as a request sent on its own
// (serveGraphPath: routing, validation, auth, faults, the journal, its own request-id), into a
// batch.Recorder instead of a connection.

// serveBatch serves POST /$batch. A batch that parses is answered 200 with one answer per
// request, whatever those are; one Graph refuses as a whole is a 400 (*batch.Error).
func (s *Server) serveBatch(rq *request) (response, error) {
	doc, err := rq.ReadBody()
	if err != nil {
		return response{}, err
	}
	b, err := batch.Parse(doc)
	if err != nil {
		return response{}, err
	}
	// The requests run at once when a fault could hold one back; else one after another, sooner,
	// their bodies in a pooled buffer.
	parallel := !rq.ns.faults.Idle() || b.AnyHeader(FaultHeader)
	arena := s.bufs.Get().(*[]byte)
	defer s.bufs.Put(arena)
	recs := b.Run(rq.requestID, parallel, arena, func(item *batch.Request, w *batch.Recorder) { s.serveItem(rq, item, w) })
	for i := range recs {
		w := &recs[i]
		if dep := w.Dependency(); dep != "" {
			s.answerItem(rq, w, http.StatusFailedDependency, "FailedDependency", fmt.Sprintf("The request depends on request %s, which failed.", dep))
		} else if p := w.Panic(); p != nil {
			s.logger.Error("internal error", "request-id", rq.requestID, "batch-item", w.ID, "error", p)
			s.answerItem(rq, w, http.StatusInternalServerError, "generalException", "An unspecified error has occurred.")
		}
	}
	body := batch.AppendResponses(rq.buffer(), recs, b.Order(s.cfg.shuffleBatch, s.cfg.seed))
	return response{status: http.StatusOK, body: body, contentType: contentTypeOData}, nil
}

// serveItem serves one request of a batch as the same server would serve it sent on its own,
// from the same client: the batch's host, connection, version and namespace, and its
// Authorization (an item's own Authorization and X-Graphmock-Namespace give way to the batch's).
func (s *Server) serveItem(outer *request, item *batch.Request, w *batch.Recorder) {
	u := *item.Target
	u.Path = "/" + outer.version + u.Path
	if u.RawPath != "" {
		u.RawPath = "/" + outer.version + u.RawPath
	}
	h := item.Header // nil when the item has none: nothing writes to a request's headers
	for _, k := range []string{"Authorization", NamespaceHeader} {
		if v := outer.http.Header[k]; len(v) > 0 {
			if h == nil {
				h = http.Header{}
			}
			h[k] = v
		} else {
			delete(h, k)
		}
	}
	r := &http.Request{Method: item.Method, URL: &u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h, Body: http.NoBody,
		Host: outer.http.Host, RemoteAddr: outer.http.RemoteAddr, TLS: outer.http.TLS, RequestURI: u.RequestURI()}
	if item.Body != nil {
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(item.Body)), int64(len(item.Body))
	}
	graphPathServer(s).serveGraphPath(w, r.WithContext(outer.http.Context()), u.EscapedPath())
}

// graphPathServer is how serveItem reaches serveGraphPath: through an interface, because the
// route table names serveBatch and serveGraphPath reads the table, a loop Go refuses in the
// initializer of a package-level variable unless a call in it is dynamic.
type graphPathServer interface {
	serveGraphPath(w http.ResponseWriter, r *http.Request, path string)
}

// answerItem answers, in Graph's error envelope, a request of a batch the engine did not answer.
func (s *Server) answerItem(outer *request, w *batch.Recorder, status int, code, msg string) {
	id := s.ids.Next()
	body := odata.AppendError(nil, odata.ErrorBody{Code: code, Message: msg, Date: errorDate(outer.now()), RequestID: id, ClientRequestID: id})
	w.Header()["Content-Type"] = s.consts.contentType
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// checkAuth is the auth simulation's verdict on a Graph request (WithRequireAuth) at time now: a
// batch needs a usable token, and each request in it, carrying the batch's token, the roles of
// its method.
func checkAuth(r *http.Request, route Route, now time.Time) error {
	if route == routeBatch {
		return auth.CheckToken(r.Header.Get("Authorization"), now)
	}
	return auth.Check(r.Header.Get("Authorization"), notify.AuthMethod(string(route), r.Method), now) // subscriptions: a read
}
