package resources

import (
	"net/http"
	"strconv"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

// The /$count routes answer the size of a collection as plain text, as OData defines. The Graph
// SDKs generate them for every collection (…/sessions/$count and so on).

func countResponse(n int) Response {
	return Response{Status: http.StatusOK, Body: strconv.AppendInt(nil, int64(n), 10), ContentType: "text/plain;charset=utf-8"}
}

// COUNTOf serves a /$count route: no query options, the ids, and the size of the collection.
func countOf(rq *Request, t model.EntityType, names [3]string, size func(ids [3]string) (int, error)) (Response, error) {
	if _, err := rq.parse(0, t); err != nil {
		return Response{}, err
	}
	var ids [3]string
	var err error
	if ids[0], ids[1], ids[2], err = rq.ids3(names[0], names[1], names[2]); err != nil {
		return Response{}, err
	}
	n, err := size(ids)
	if err != nil {
		return Response{}, err
	}
	return countResponse(n), nil
}

// COUNTSegments serves GET …/segments/$count.
func CountSegments(rq *Request) (Response, error) {
	return countOf(rq, model.Segment(), [3]string{"recordID", "sessionID"}, func(ids [3]string) (int, error) {
		p, err := rq.Store.Segments(ids[0], ids[1], position{})
		return p.Total, err
	})
}

// COUNTSessions serves GET …/sessions/$count.
func CountSessions(rq *Request) (Response, error) {
	return countOf(rq, model.Session(), [3]string{"recordID"}, func(ids [3]string) (int, error) {
		p, err := rq.Store.Sessions(ids[0], position{}, false)
		return p.Total, err
	})
}

// COUNTParticipants serves GET …/participants_v2/$count.
func CountParticipants(rq *Request) (Response, error) {
	return countOf(rq, model.Participant(), [3]string{"recordID"}, func(ids [3]string) (int, error) {
		p, err := rq.Store.Participants(ids[0], position{})
		return p.Total, err
	})
}

// COUNTCallRecords serves GET /communications/callRecords/$count, honouring $filter.
func CountCallRecords(rq *Request) (Response, error) {
	q, err := rq.parse(odata.OptFilter, model.CallRecord())
	if err != nil {
		return Response{}, err
	}
	window, keep := recordFilter(q.Filter)
	return countResponse(rq.Store.RecordsStarting(position{}, window, keep).Total), nil
}
