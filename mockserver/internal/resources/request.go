// Package resources holds the Graph handlers of the callRecords tree: call records, their
// sessions, segments, participants_v2 and organizer_v2 (reads, $count, and the segment writes).
// Each reads one request as a Request, asks the store, and renders Graph's JSON into a Response;
// what goes wrong is a domain error that mockserver's one error map turns into Graph's envelope.
// The adapter around them (auth, namespaces, faults, the journal, headers) is mockserver's.
package resources

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
	"github.com/graphmock/graphmock/mockserver/internal/pathmatch"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// Request is one Graph request as a handler reads it. mockserver fills one per request, inside
// its pooled request, so calling a handler allocates nothing.
type Request struct {
	HTTP    *http.Request
	Version string // "v1.0" or "beta"
	Base    string // scheme://host[/_ns/NAME]/version: what links and contexts start with
	Prefs   odata.Prefer
	Vars    pathmatch.Vars // the path's variables, still escaped
	Store   *store.Store   // the request's namespace's
	Buf     []byte         // an empty buffer to render into (pooled by the caller)
	Config  Config
	IDs     IDSource   // ids for segments created without one
	Body    BodyReader // a write's JSON body
}

// Config is what the server's options say to the handlers.
type Config struct {
	PageSize int  // the default page size (WithPageSize); 0 is Graph's
	Validate bool // check written bodies against the schemas (WithValidation)
}

// IDSource hands out new ids (GUIDs).
type IDSource interface{ Next() string }

// BodyReader reads a write's body once, as one JSON object without control annotations, within
// the server's limits; its errors are body's (malformed, too large, unsupported). ReadCreated
// reads the body of a create, which the store keeps (into memory made present in bulk); accept
// (nil: none) may vouch for the JSON as it came, sparing its scan (body.Options). WithFirst
// returns raw, the compact JSON of an object without a member called name (the body's, or one
// made from it), with name: value (a string) put first: written in the body's own buffer when
// raw is still the body as read, else copied once (body.Read.WithFirst).
type BodyReader interface {
	ReadBody() (jsondoc.Object, error)
	ReadCreated(accept func(raw []byte, maxDepth int) bool) (jsondoc.Object, error)
	WithFirst(raw []byte, name, value string) []byte
}

// Response is a handler's answer; mockserver writes it with Graph's headers.
type Response struct {
	Status      int
	Body        []byte
	ContentType string // empty: Graph's JSON
	Header      http.Header
	Location    string // the Location header of a created entity, kept apart from Header so a create makes no header map
}

// SetHeader sets one header of the response.
func (r *Response) SetHeader(name, value string) {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set(name, value)
}

// object is one stored Graph JSON object; the other short names are what the store hands out.
type (
	object      = jsondoc.Object
	position    = store.Position
	page[T any] = store.Page[T]
	sessionView = store.SessionView
)

// RequestError is a request (URL, query options) a handler refuses: Graph's 400 BadRequest.
type RequestError struct{ Message string }

func (e *RequestError) Error() string { return e.Message }

// FieldError is one field of a written body that a handler's own rule refuses (an id, a time the
// schema does not check when validation is off): a 400 whose target and one error.details entry
// are the field's JSON pointer.
type FieldError struct{ Pointer, Message string }

func (e *FieldError) Error() string { return e.Message }

func requestError(format string, args ...any) error {
	return &RequestError{Message: fmt.Sprintf(format, args...)}
}

func fieldError(pointer, msg string) error { return &FieldError{Pointer: pointer, Message: msg} }

// out is the renderer for this request's preferences.
func (rq *Request) out() odata.Writer { return odata.Writer{Show: rq.Prefs.Show()} }

// buffer returns the request's output buffer, emptied.
func (rq *Request) buffer() []byte { return rq.Buf[:0] }

// parse reads the query options a route allows for entity type t.
func (rq *Request) parse(allowed odata.Option, t model.EntityType) (odata.Query, error) {
	return odata.Parse(rq.HTTP.URL.RawQuery, allowed, rq.Version == "beta", t)
}

// ID reads one path variable, percent-decoded.
func (rq *Request) ID(name string) (string, error) {
	raw, _ := rq.Vars.Get(name)
	v, err := url.PathUnescape(raw)
	if err != nil {
		return "", requestError("The id '%s' in the URL is not correctly percent-encoded.", raw)
	}
	return v, nil
}

// ids3 reads up to three path ids; an empty name is skipped.
func (rq *Request) ids3(a, b, c string) (string, string, string, error) {
	var out [3]string
	for i, name := range []string{a, b, c} {
		if name == "" {
			continue
		}
		v, err := rq.ID(name)
		if err != nil {
			return "", "", "", err
		}
		out[i] = v
	}
	return out[0], out[1], out[2], nil
}
