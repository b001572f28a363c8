package mockserver

import (
	"github.com/graphmock/graphmock/mockserver/internal/body"
	"github.com/graphmock/graphmock/mockserver/internal/canon"
)

// ReadBody reads a write's JSON body within the server's body limit (Sidecar.MaxBodyBytes), with
// a reader (scanner and gzip decompressor) from the server's pool, without the control
// annotations (@odata.context, ...) of a body the client read before. The body is read into one
// buffer, which the journal keeps (decompressed, not inflated again) and the store shares when
// the body was compact JSON.
func (rq *request) ReadBody() (object, error) {
	s := rq.srv
	h, rd := rq.http.Header, s.readers.Get().(*body.Reader)
	rq.capture.Claim()
	obj, got, err := rd.ReadJSON(h.Get("Content-Type"), h.Get("Content-Encoding"), rq.http.Body, rq.http.ContentLength, s.cfg.maxBodyBytes)
	s.readers.Put(rd)
	rq.capture.Keep(got.Sent, got.Plain)
	return canon.WithoutControl(obj), err
}
