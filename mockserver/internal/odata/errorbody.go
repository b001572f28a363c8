package odata

import "github.com/graphmock/graphmock/mockserver/internal/jsondoc"

// ErrorBody is Graph's error envelope, the OData JSON error format as Graph writes it:
// {"error":{"code","message","target"?,"details"?,"innerError":{"date","request-id","client-request-id"}}}.
type ErrorBody struct {
	Code, Message, Target string
	// Details become error.details[], one per problem (a schema violation with its JSON pointer).
	Details []ErrorDetail
	// Date is innerError.date (Graph's format, no fraction, no zone); RequestID and
	// ClientRequestID the ids of the request.
	Date, RequestID, ClientRequestID string
	// Throttled adds what Graph's 429s repeat inside innerError: code, message and status.
	Throttled bool
}

// ErrorDetail is one entry of error.details[].
type ErrorDetail struct {
	Code, Message, Target string
}

// AppendError appends e as Graph's error envelope.
func AppendError(b []byte, e ErrorBody) []byte {
	b = append(b, `{"error":{`...)
	b = jsondoc.AppendStringMember(b, "code", e.Code)
	b = jsondoc.AppendStringMember(b, "message", e.Message)
	if e.Target != "" {
		b = jsondoc.AppendStringMember(b, "target", e.Target)
	}
	if len(e.Details) > 0 {
		b = append(jsondoc.AppendMember(b, "details"), '[')
		for i, d := range e.Details {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = jsondoc.AppendStringMember(b, "code", d.Code)
			b = jsondoc.AppendStringMember(b, "message", d.Message)
			if d.Target != "" {
				b = jsondoc.AppendStringMember(b, "target", d.Target)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(jsondoc.AppendMember(b, "innerError"), '{')
	b = jsondoc.AppendStringMember(b, "date", e.Date)
	b = jsondoc.AppendStringMember(b, "request-id", e.RequestID)
	b = jsondoc.AppendStringMember(b, "client-request-id", e.ClientRequestID)
	if e.Throttled {
		b = jsondoc.AppendStringMember(b, "code", "429")
		b = jsondoc.AppendStringMember(b, "message", "Please retry after")
		b = jsondoc.AppendStringMember(b, "status", "429")
	}
	return append(b, "}}}"...)
}
