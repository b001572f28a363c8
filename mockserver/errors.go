package mockserver

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/admin"
	"github.com/graphmock/graphmock/mockserver/internal/admit"
	"github.com/graphmock/graphmock/mockserver/internal/auth"
	"github.com/graphmock/graphmock/mockserver/internal/batch"
	"github.com/graphmock/graphmock/mockserver/internal/body"
	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/journal"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/namespaces"
	"github.com/graphmock/graphmock/mockserver/internal/notify"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/resources"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
)

// Sentinel errors returned by the store, the query parser and the handlers. errors.go is the one
// place that turns them into an HTTP status and a Graph error code, so every error path answers
// in Graph's envelope with the status Graph would use.
var (
	// errNotFound means the addressed call record, session, segment or participant does not exist.
	// It is the store's own sentinel, so its *store.NotFoundError values match it.
	errNotFound = store.ErrNotFound
	// errBadRequest means the request (URL, query options, headers) is malformed.
	errBadRequest = errors.New("bad request")
	// errConflict means a create used an id that already exists in its parent. It is the
	// store's own sentinel, so its *store.ConflictError values match it.
	errConflict = store.ErrConflict
	// ErrInvalidScenario means a scenario could not be loaded; nothing was changed. It is the
	// scenario loader's own sentinel, so every *ScenarioError matches it.
	ErrInvalidScenario = scenario.ErrInvalid
)

// graphAuthChallenge is the WWW-Authenticate header of Graph's 401 for a missing or unusable
// token.
const graphAuthChallenge = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`

// graphError is an error that already knows its HTTP status and Graph error code. Handlers
// return it for cases the sentinels do not cover (405, 413, 415); details, when present, become
// the envelope's error.details[] (one per schema violation, with a JSON pointer as target).
type graphError struct {
	Status  int
	Code    string
	Message string
	Target  string
	Details []ErrorDetail
	// Header holds extra response headers, such as Allow on a 405.
	Header http.Header
	// Err is the underlying cause, kept for errors.Is / errors.As.
	Err error
}

// ErrorDetail is one entry of Graph's error.details[]: a code, a human message and the JSON
// pointer (target) into the request body that it is about. Error answers carry them, and the
// journal keeps them (JournalEntry.Problems), which is where the type lives.
type ErrorDetail = journal.ErrorDetail

// Error implements error.
func (e *graphError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("%d %s", e.Status, e.Code)
	}
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
}

// Unwrap exposes the cause.
func (e *graphError) Unwrap() error { return e.Err }

// badRequest builds a 400 BadRequest with a formatted message.
func badRequest(format string, args ...any) error {
	return &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Message: fmt.Sprintf(format, args...), Err: errBadRequest}
}

// notFound builds Graph's 404 for a missing entity, naming what was looked up.
func notFound(format string, args ...any) error {
	return &graphError{Status: http.StatusNotFound, Code: "NotFound", Message: fmt.Sprintf(format, args...), Err: errNotFound}
}

// toGraphError is the one map from errors to what Graph answers: the status and Graph's code by
// the kind of error, and the error's own text as the message (every domain error carries Graph's
// wording). The store's *NotFoundError names what was looked up and its *ConflictError the id
// that is taken; a segment outside its session's times is a *model.InvalidError like any rejected
// body; the auth simulation's *auth.TokenError is Graph's 401 with its WWW-Authenticate challenge.
func toGraphError(err error) *graphError {
	var ge *graphError
	var ie *model.InvalidError
	var se *scenario.Error
	var fe *resources.FieldError
	var be *batch.Error
	switch {
	case errors.As(err, &ge):
		return ge
	case errors.As(err, &se): // PUT /_mock/scenario: every problem, file:line and pointer
		return invalidScenario(se)
	case errors.As(err, &fe): // a written field a handler's own rule refuses
		return &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Message: fe.Message, Target: fe.Pointer,
			Details: []ErrorDetail{{Code: "invalidValue", Message: fe.Message, Target: fe.Pointer}}, Err: errors.Join(errBadRequest, err)}
	case errors.As(err, &ie): // a request body that breaks its schema or the store's rules
		return invalidBody(ie)
	case errors.As(err, &be): // a JSON batch refused as a whole: Graph's message, and what exactly
		return &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Message: be.Message, Target: be.Pointer,
			Details: []ErrorDetail{{Code: "invalidBatch", Message: cmp.Or(be.Detail, be.Message), Target: be.Pointer}}, Err: errors.Join(errBadRequest, err)}
	case is[*odata.QueryError](err), is[*resources.RequestError](err), is[*body.MalformedError](err), is[*journal.FilterError](err),
		is[*faults.RuleError](err), is[*faults.HeaderError](err), is[*namespaces.NameError](err),
		is[*namespaces.SelectorError](err), is[*notify.FilterError](err):
		// query options, $filter, $skiptoken; a body that is not one JSON object; the admin API's
		// journal filter; a fault rule or X-Graphmock-Fault header that makes no sense; a
		// namespace name that is not valid, or a path and a header that name two
		return &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Message: err.Error(), Err: errors.Join(errBadRequest, err)}
	case is[*reports.ParamError](err): // a report function's parameters, or its page size
		return &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Message: err.Error(), Err: errors.Join(errBadRequest, err)}
	case is[*reports.RangeError](err): // a report's range over 90 days: Graph was seen to answer 406 (README)
		return &graphError{Status: http.StatusNotAcceptable, Code: "NotAcceptable", Message: err.Error(), Err: err}
	case is[*body.UnsupportedError](err): // a write's Content-Type, charset or Content-Encoding
		return &graphError{Status: http.StatusUnsupportedMediaType, Code: "UnsupportedMediaType", Message: err.Error(), Err: err}
	case is[*body.TooLargeError](err):
		return &graphError{Status: http.StatusRequestEntityTooLarge, Code: "RequestEntityTooLarge", Message: err.Error(), Err: err}
	case is[*auth.TokenError](err): // WithRequireAuth: no usable bearer token
		return &graphError{Status: http.StatusUnauthorized, Code: "InvalidAuthenticationToken", Message: err.Error(),
			Header: http.Header{"Www-Authenticate": {graphAuthChallenge}}, Err: err}
	case is[*auth.ForbiddenError](err), is[*admit.CrossSiteError](err), is[*subscriptions.QuotaError](err): // a token that does not grant the call; a web page's change; the 101st subscription
		return &graphError{Status: http.StatusForbidden, Code: "Forbidden", Message: err.Error(), Err: err}
	case is[*namespaces.LimitError](err): // Sidecar.MaxNamespaces
		return &graphError{Status: http.StatusConflict, Code: "namespaceLimitReached", Message: err.Error(), Err: err}
	case is[*store.FullError](err): // Sidecar.MaxStoredBytes; Graph has no such answer (README)
		return &graphError{Status: http.StatusInsufficientStorage, Code: "insufficientStorage", Message: err.Error(), Err: err}
	case is[*admit.HostError](err): // a Host that does not name the server (DNS rebinding)
		return &graphError{Status: http.StatusMisdirectedRequest, Code: "MisdirectedRequest", Message: err.Error(), Err: err}
	case is[*subscriptions.RequestError](err), is[*notify.TimeoutError](err): // Graph's observed code for both
		return detailed(&graphError{Status: http.StatusBadRequest, Code: "InvalidRequest", Message: err.Error(), Err: errors.Join(errBadRequest, err)}, err)
	case is[*subscriptions.ExpirationError](err): // the live service's code for an expiration too far out
		return &graphError{Status: http.StatusBadRequest, Code: "ExtensionError", Message: err.Error(), Err: errors.Join(errBadRequest, err)}
	case is[*notify.ValidationError](err): // the endpoint failed the validation handshake
		return detailed(&graphError{Status: http.StatusBadRequest, Code: "ValidationError", Message: err.Error(), Err: errors.Join(errBadRequest, err)}, err)
	case is[*subscriptions.NotFoundError](err): // the live service's 404 for a subscription
		return &graphError{Status: http.StatusNotFound, Code: "ResourceNotFound", Message: err.Error(), Err: errors.Join(errNotFound, err)}
	case errors.Is(err, errNotFound), is[*admin.NotFoundError](err):
		return &graphError{Status: http.StatusNotFound, Code: "NotFound", Message: err.Error(), Err: err}
	case errors.Is(err, errConflict), is[*subscriptions.ConflictError](err): // an id taken; a subscription's changeType and resource
		return &graphError{Status: http.StatusConflict, Code: "Conflict", Message: err.Error(), Err: err}
	case errors.Is(err, errBadRequest), errors.Is(err, ErrInvalidScenario):
		return &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Message: err.Error(), Err: err}
	default:
		return &graphError{Status: http.StatusInternalServerError, Code: "generalException", Message: "An unspecified error has occurred.", Err: err}
	}
}

// detailed adds the error.details entry a domain error offers: what is accepted, or what a
// webhook did in the validation handshake.
func detailed(ge *graphError, err error) *graphError {
	var d subscriptions.Detailer
	if errors.As(err, &d) {
		code, msg, target := d.Detail()
		ge.Target, ge.Details = target, []ErrorDetail{{Code: code, Message: msg, Target: target}}
	}
	return ge
}

// is reports whether err is, or wraps, an error of type T.
func is[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

// invalidBody is Graph's 400 for a request body that breaks its type's schema: the message names
// the type and the first violation, the target is that violation's JSON pointer, and
// error.details[] holds one entry per violation with its pointer as target, so a client sees
// every problem at once.
func invalidBody(e *model.InvalidError) *graphError {
	ge := &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Message: e.Summary(), Err: errors.Join(errBadRequest, e)}
	for _, v := range e.Violations {
		ge.Details = append(ge.Details, ErrorDetail{Code: v.Code, Message: v.Message, Target: v.Pointer})
	}
	if len(e.Violations) > 0 {
		ge.Target = e.Violations[0].Pointer
	}
	return ge
}

// invalidScenario is the 400 for a scenario that was not loaded: the first problem in the
// message, and one error.details entry per problem (target: its JSON pointer; message:
// file:line: reason).
func invalidScenario(se *scenario.Error) *graphError {
	ge := &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Err: se, Message: "The " + cmp.Or(se.Subject, "scenario") + " was not loaded; nothing changed."}
	if len(se.Problems) > 0 {
		ge.Message += " " + se.Problems[0].String()
	}
	for _, p := range se.Problems {
		ge.Details = append(ge.Details, ErrorDetail{Code: "invalidScenario", Message: p.String(), Target: p.Pointer})
	}
	return ge
}
