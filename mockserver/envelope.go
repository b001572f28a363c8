package mockserver

import (
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

// errorResponse renders an error in Graph's envelope (odata.AppendError).
func (s *Server) errorResponse(rq *request, err error) response {
	ge := toGraphError(err)
	if ge.Status >= 500 && !isGraphError(err) {
		s.logger.Error("internal error", "request-id", rq.requestID, "error", err)
	}
	details := make([]odata.ErrorDetail, len(ge.Details))
	for i, d := range ge.Details {
		details[i] = odata.ErrorDetail(d)
	}
	b := odata.AppendError(nil, odata.ErrorBody{Code: ge.Code, Message: ge.Message, Target: ge.Target, Details: details,
		Date: errorDate(rq.now()), RequestID: rq.requestID, ClientRequestID: rq.clientRequestID, Throttled: ge.Status == http.StatusTooManyRequests})
	return response{status: ge.Status, body: b, header: ge.Header, problems: ge.Details}
}

func isGraphError(err error) bool {
	_, ok := err.(*graphError)
	return ok
}
