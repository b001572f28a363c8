package mockserver

import (
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// errorResponse renders an error in Graph's envelope:
// {"error":{"code","message","details"?,"innerError":{"date","request-id","client-request-id"}}}.
func (s *Server) errorResponse(rq *request, err error) response {
	ge := toGraphError(err)
	if ge.Status >= 500 && !isGraphError(err) {
		s.logger.Error("internal error", "request-id", rq.requestID, "error", err)
	}
	b := []byte(`{"error":{`)
	b = jsondoc.AppendStringMember(b, "code", ge.Code)
	b = jsondoc.AppendStringMember(b, "message", ge.Message)
	if ge.Target != "" {
		b = jsondoc.AppendStringMember(b, "target", ge.Target)
	}
	if len(ge.Details) > 0 {
		b = jsondoc.AppendMember(b, "details")
		b = append(b, '[')
		for i, d := range ge.Details {
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
	b = jsondoc.AppendMember(b, "innerError")
	b = append(b, '{')
	b = jsondoc.AppendStringMember(b, "date", errorDate(s.now()))
	b = jsondoc.AppendStringMember(b, "request-id", rq.requestID)
	b = jsondoc.AppendStringMember(b, "client-request-id", rq.clientRequestID)
	if ge.Status == http.StatusTooManyRequests {
		// Graph's throttling responses repeat the status inside innerError.
		b = jsondoc.AppendStringMember(b, "code", "429")
		b = jsondoc.AppendStringMember(b, "message", "Please retry after")
		b = jsondoc.AppendStringMember(b, "status", "429")
	}
	b = append(b, "}}}"...)
	return response{status: ge.Status, body: b, header: ge.Header, problems: ge.Details}
}

func isGraphError(err error) bool {
	_, ok := err.(*graphError)
	return ok
}
