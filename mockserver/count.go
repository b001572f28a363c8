package mockserver

import (
	"net/http"
	"strconv"
)

// The /$count routes answer the size of a collection as plain text, as OData defines. The Graph
// SDKs generate them for every collection (…/sessions/$count and so on).

func countResponse(n int) response {
	return response{status: http.StatusOK, body: strconv.AppendInt(nil, int64(n), 10), contentType: contentTypeText}
}

// countSegments serves GET …/segments/$count.
func (s *Server) countSegments(rq *request) (response, error) {
	if _, err := rq.parse(0, segmentType()); err != nil {
		return response{}, err
	}
	rid, sid, _, err := rq.ids3("recordID", "sessionID", "")
	if err != nil {
		return response{}, err
	}
	p, err := rq.ns.store.segments(rid, sid, position{})
	if err != nil {
		return response{}, err
	}
	return countResponse(p.total), nil
}

// countSessions serves GET …/sessions/$count.
func (s *Server) countSessions(rq *request) (response, error) {
	if _, err := rq.parse(0, sessionType()); err != nil {
		return response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return response{}, err
	}
	p, err := rq.ns.store.sessions(rid, position{}, false)
	if err != nil {
		return response{}, err
	}
	return countResponse(p.total), nil
}

// countParticipants serves GET …/participants_v2/$count.
func (s *Server) countParticipants(rq *request) (response, error) {
	if _, err := rq.parse(0, participantType()); err != nil {
		return response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return response{}, err
	}
	p, err := rq.ns.store.participants(rid, position{})
	if err != nil {
		return response{}, err
	}
	return countResponse(p.total), nil
}

// countCallRecords serves GET /communications/callRecords/$count, honouring $filter.
func (s *Server) countCallRecords(rq *request) (response, error) {
	q, err := rq.parse(optFilter, callRecordType())
	if err != nil {
		return response{}, err
	}
	var keep func(*record) bool
	if q.filter != nil {
		keep = q.filter.match
	}
	return countResponse(rq.ns.store.records(position{}, keep).total), nil
}
