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
func (rq *request) ReadBody() (object, error) { return rq.readBody(body.Options{}) }

// ReadCreated is ReadBody for a create, whose body the store keeps: it is read into memory made
// present in bulk, and accept (nil: none) may vouch for the JSON as it came, so that it is neither
// scanned nor searched for control annotations (body.Options): a segment's closed schema refuses
// them.
func (rq *request) ReadCreated(accept func(raw []byte, maxDepth int) bool) (object, error) {
	return rq.readBody(body.Options{Accept: accept, Kept: true})
}

func (rq *request) readBody(opts body.Options) (object, error) {
	s := rq.srv
	h, rd := rq.http.Header, s.readers.Get().(*body.Reader)
	rq.capture.Claim()
	obj, got, err := rd.ReadJSON(h.Get("Content-Type"), h.Get("Content-Encoding"), rq.http.Body, rq.http.ContentLength, s.cfg.maxBodyBytes, opts)
	s.readers.Put(rd)
	rq.capture.Keep(got.Sent, got.Plain)
	rq.read = got
	if obj.Fields == nil && err == nil { // no index: accept vouched for it (or it is {}, with nothing to drop)
		return obj, nil
	}
	return canon.WithoutControl(obj), err
}

// WithFirst returns raw with name: value put first, in the buffer of the body ReadBody read when
// raw is still that body (body.Read.WithFirst): a created segment is stored where its body was
// read, and the journal, which kept the body's first byte apart, still shows it as sent.
func (rq *request) WithFirst(raw []byte, name, value string) []byte {
	return rq.read.WithFirst(raw, name, value)
}
