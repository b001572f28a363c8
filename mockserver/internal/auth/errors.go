package auth

// TokenError is a request whose bearer token Graph would not accept at all: none, not a bearer
// token, not a readable JWT, or expired. Message is Graph's message, word for word; the HTTP
// layer alone decides that this is a 401 InvalidAuthenticationToken with a WWW-Authenticate
// challenge.
type TokenError struct {
	Message string
}

// Error returns Graph's message.
func (e *TokenError) Error() string { return e.Message }

// ForbiddenError is a request whose token is readable and current but does not grant the call:
// a delegated token, or an application token without a role the route needs. Message is the
// answer's message; the HTTP layer alone decides that this is a 403 Forbidden.
type ForbiddenError struct {
	Message string
}

// Error returns the message.
func (e *ForbiddenError) Error() string { return e.Message }
