package mockserver

import (
	"net/http"
	"strconv"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

// The /$count routes answer the size of a collection as plain text, as OData defines. The Graph
// SDKs generate them for every collection (…/sessions/$count and so on).

func countResponse(n int) response {
	return response{status: http.StatusOK, body: strconv.AppendInt(nil, int64(n), 10), contentType: contentTypeText}
}

// countOf serves a /$count route: no query options, the ids, and the size of the collection.
func countOf(rq *request, t model.EntityType, names [3]string, size func(ids [3]string) (int, error)) (response, error) {
	if _, err := rq.parse(0, t); err != nil {
		return response{}, err
	}
	var ids [3]string
	var err error
	if ids[0], ids[1], ids[2], err = rq.ids3(names[0], names[1], names[2]); err != nil {
		return response{}, err
	}
	n, err := size(ids)
	if err != nil {
		return response{}, err
	}
	return countResponse(n), nil
}

// countSegments serves GET …/segments/$count.
func (s *Server) countSegments(rq *request) (response, error) {
	return countOf(rq, model.Segment(), [3]string{"recordID", "sessionID"}, func(ids [3]string) (int, error) {
		p, err := rq.ns.store.Segments(ids[0], ids[1], position{})
		return p.Total, err
	})
}

// countSessions serves GET …/sessions/$count.
func (s *Server) countSessions(rq *request) (response, error) {
	return countOf(rq, model.Session(), [3]string{"recordID"}, func(ids [3]string) (int, error) {
		p, err := rq.ns.store.Sessions(ids[0], position{}, false)
		return p.Total, err
	})
}

// countParticipants serves GET …/participants_v2/$count.
func (s *Server) countParticipants(rq *request) (response, error) {
	return countOf(rq, model.Participant(), [3]string{"recordID"}, func(ids [3]string) (int, error) {
		p, err := rq.ns.store.Participants(ids[0], position{})
		return p.Total, err
	})
}

// countCallRecords serves GET /communications/callRecords/$count, honouring $filter.
func (s *Server) countCallRecords(rq *request) (response, error) {
	q, err := rq.parse(odata.OptFilter, model.CallRecord())
	if err != nil {
		return response{}, err
	}
	return countResponse(rq.ns.store.Records(position{}, recordFilter(q.Filter)).Total), nil
}
