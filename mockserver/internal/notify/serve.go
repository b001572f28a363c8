package notify

import (
	"context"
	"net/http"
	"net/url"

	"github.com/graphmock/graphmock/mockserver/internal/auth"
	"github.com/graphmock/graphmock/mockserver/internal/subscriptions"
	"github.com/graphmock/graphmock/mockserver/internal/validate"
)

// Op names a /subscriptions operation.
type Op int

// The operations of Graph's subscription API.
const (
	OpList Op = iota
	OpCreate
	OpGet
	OpUpdate
	OpDelete
	OpReauthorize
)

// OpOf is the operation a route of graphmock's route table performs, by the route's name, and
// whether the route is one of /subscriptions.
func OpOf(route string) (Op, bool) {
	switch route {
	case "listSubscriptions":
		return OpList, true
	case "createSubscription":
		return OpCreate, true
	case "getSubscription":
		return OpGet, true
	case "updateSubscription":
		return OpUpdate, true
	case "deleteSubscription":
		return OpDelete, true
	case "reauthorizeSubscription":
		return OpReauthorize, true
	}
	return 0, false
}

// AuthMethod is the method a request's token is judged by (auth.Check): Graph documents
// CallRecords.Read.All as the permission for every method of a call records subscription, so a
// /subscriptions route is judged as a read.
func AuthMethod(route, method string) string {
	if _, ok := OpOf(route); ok {
		return http.MethodGet
	}
	return method
}

// Request is one /subscriptions request, as the route table and the adapter read it.
type Request struct {
	// Route is the route's name (see OpOf).
	Route string
	// ID is the subscription's id as the path has it, percent-encoded (Get, Update, Delete,
	// Reauthorize); Body the create or update body, one JSON object (see HasBody).
	ID   string
	Body []byte
	// Context is the @odata.context of the collection, such as
	// https://graph.microsoft.com/v1.0/$metadata#subscriptions.
	Context string
	// Authorization is the request's header: its token's tenant, app and object ids are who owns
	// a created subscription (auth.CallerOf). Validate judges a create body against the schema
	// (validate.Shared) before Graph's rules.
	Authorization string
	Validate      bool
}

// HasBody reports whether the request's operation reads a body (create and update).
func (r Request) HasBody() bool {
	op, _ := OpOf(r.Route)
	return op == OpCreate || op == OpUpdate
}

// Serve answers a /subscriptions request as Graph does: the status and JSON body of a success
// (201 with the subscription for Create, 200 for Get, Update and List, 204 for Delete and
// Reauthorize), or the domain error to map. ctx is the request's: a client that gives up aborts
// a handshake.
func (h *Hub) Serve(ctx context.Context, r Request) (int, []byte, error) {
	var sub subscriptions.Subscription
	id, err := url.PathUnescape(r.ID)
	if err != nil {
		return 0, nil, &subscriptions.NotFoundError{ID: r.ID}
	}
	status := http.StatusOK
	op, _ := OpOf(r.Route)
	switch op {
	case OpList:
		return status, subscriptions.AppendList(nil, r.Context, h.List()), nil
	case OpCreate:
		var check subscriptions.Checker
		if r.Validate {
			if check, err = validate.Shared(); err != nil {
				return 0, nil, err
			}
		}
		c := auth.CallerOf(r.Authorization)
		sub, err = h.Create(ctx, r.Body, subscriptions.Owner{ApplicationID: c.AppID, CreatorID: c.ObjectID, TenantID: c.TenantID}, check)
		status = http.StatusCreated
	case OpGet:
		sub, err = h.Get(id)
	case OpUpdate:
		sub, err = h.Update(ctx, id, r.Body)
	case OpDelete:
		return http.StatusNoContent, nil, h.Delete(id)
	default:
		return http.StatusNoContent, nil, h.Reauthorize(id)
	}
	if err != nil {
		return 0, nil, err
	}
	return status, subscriptions.AppendEntity(nil, r.Context+"/$entity", sub), nil
}
