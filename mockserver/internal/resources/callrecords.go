package resources

import (
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// The Graph read handlers for callRecords, sessions, segments, organizer_v2 and participants_v2.
// Each parses its query options, asks the store for copies, and renders Graph's JSON.

const (
	listOptions   = odata.OptSelect | odata.OptTop | odata.OptSkip | odata.OptCount | odata.OptSkipToken
	entityOptions = odata.OptSelect | odata.OptExpand
)

func ok(body []byte) Response { return Response{Status: http.StatusOK, Body: body} }

// GETSegment serves GET …/sessions/{sid}/segments/{id}.
func GetSegment(rq *Request) (Response, error) {
	q, err := rq.parse(odata.OptSelect, model.Segment())
	if err != nil {
		return Response{}, err
	}
	rid, sid, gid, err := rq.ids3("recordID", "sessionID", "segmentID")
	if err != nil {
		return Response{}, err
	}
	obj, err := rq.Store.Segment(rid, sid, gid)
	if err != nil {
		return Response{}, err
	}
	b := jsondoc.AppendMember(append(rq.buffer(), '{'), "@odata.context")
	b = odata.AppendSegmentsContext(b, rq.Base, rid, sid, q.Select, "/$entity")
	b = rq.out().Fields(b, model.Segment(), obj, q.Select)
	return ok(append(b, '}')), nil
}

// LISTSegments serves GET …/sessions/{sid}/segments.
func ListSegments(rq *Request) (Response, error) {
	q, err := rq.parse(listOptions, model.Segment())
	if err != nil {
		return Response{}, err
	}
	rid, sid, _, err := rq.ids3("recordID", "sessionID", "")
	if err != nil {
		return Response{}, err
	}
	ctx := odata.ContextURL(rq.Base, odata.RecordPath(rid)+"/sessions("+odata.QuoteKey(sid)+")/segments", q.Select, nil, "")
	return listPage(rq, q, odata.SegmentsCollection(rid, sid), odata.MaxSegmentsPage, ctx,
		func(pos position) (page[object], error) { return rq.Store.Segments(rid, sid, pos) }, objectItem(rq, model.Segment(), q.Select))
}

// listPage is the shape every collection route shares: work out the page from the request, fetch
// it, and render it with its context, count and next link.
func listPage[T any](rq *Request, q odata.Query, coll string, max int, ctx string,
	fetch func(position) (page[T], error), item func([]byte, T) []byte) (Response, error) {
	var resp Response
	pos, err := pageStart(rq, q, coll, max, &resp)
	if err != nil {
		return Response{}, err
	}
	p, err := fetch(pos)
	if err != nil {
		return Response{}, err
	}
	resp.Status = http.StatusOK
	count := -1
	if q.Count {
		count = p.Total
	}
	resp.Body = odata.AppendCollection(rq.buffer(), ctx, p.Items, count, pageLink(rq, q, p, pos, coll), item)
	return resp, nil
}

// objectItem renders one entity of type t in a collection, honouring $select.
func objectItem(rq *Request, t model.EntityType, selects []string) func([]byte, object) []byte {
	w := rq.out()
	return func(b []byte, o object) []byte { return w.Object(b, t, o, selects) }
}

// pageLink is the @odata.nextLink of a page, or "" on the last page. Its token carries the
// request's $top, which the link repeats.
func pageLink[T any](rq *Request, q odata.Query, p page[T], pos position, coll string) string {
	tok, more := nextPage(p, pos)
	if !more {
		return ""
	}
	if q.Has(odata.OptTop) {
		tok.Top = q.Top
	}
	return nextLink(rq, q, coll, tok)
}

// segmentsExpand reports whether an entity's $expand asks for segments, with their $select.
func segmentsExpand(items []odata.ExpandItem) (bool, []string) {
	for _, e := range items {
		if e.Name == "segments" {
			return true, e.Select
		}
	}
	return false, nil
}

// GETSession serves GET …/sessions/{sid}, with $expand=segments.
func GetSession(rq *Request) (Response, error) {
	q, err := rq.parse(entityOptions, model.Session())
	if err != nil {
		return Response{}, err
	}
	rid, sid, _, err := rq.ids3("recordID", "sessionID", "")
	if err != nil {
		return Response{}, err
	}
	withSegments, segSelects := segmentsExpand(q.Expand)
	v, err := rq.Store.Session(rid, sid, withSegments)
	if err != nil {
		return Response{}, err
	}
	ctx := odata.ContextURL(rq.Base, odata.RecordPath(rid)+"/sessions", q.Select, q.Expand, "/$entity")
	b := jsondoc.AppendStringMember(append(rq.buffer(), '{'), "@odata.context", ctx)
	return ok(append(rq.out().SessionFields(b, v.Obj, v.Segments, q.Select, segSelects), '}')), nil
}

// LISTSessions serves GET …/callRecords/{id}/sessions, with $expand=segments.
func ListSessions(rq *Request) (Response, error) {
	q, err := rq.parse(listOptions|odata.OptExpand, model.Session())
	if err != nil {
		return Response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return Response{}, err
	}
	withSegments, segSelects := segmentsExpand(q.Expand)
	ctx, w := odata.ContextURL(rq.Base, odata.RecordPath(rid)+"/sessions", q.Select, nil, ""), rq.out()
	return listPage(rq, q, odata.SessionsCollection(rid), odata.MaxSessionsPage, ctx,
		func(pos position) (page[sessionView], error) { return rq.Store.Sessions(rid, pos, withSegments) },
		func(b []byte, v sessionView) []byte { return w.Session(b, v.Obj, v.Segments, q.Select, segSelects) })
}

// GETCallRecord serves GET /communications/callRecords/{id}, with $expand of sessions (and their
// segments) or participants_v2. organizer_v2 is always expanded, as Graph's metadata says.
func GetCallRecord(rq *Request) (Response, error) {
	q, err := rq.parse(entityOptions, model.CallRecord())
	if err != nil {
		return Response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return Response{}, err
	}
	var exp store.RecordExpand
	var sessionsItem, participantsItem odata.ExpandItem
	for _, e := range q.Expand {
		switch e.Name {
		case "sessions":
			exp.Sessions, sessionsItem = true, e
			exp.Segments, _ = segmentsExpand(e.Expand)
		case "participants_v2":
			exp.Participants, participantsItem = true, e
		}
	}
	if exp.Sessions && exp.Participants {
		return Response{}, requestError("Only one relationship can be expanded at a time: expand sessions or participants_v2, not both.")
	}
	var resp Response
	max := odata.MaxSessionsPage
	if exp.Participants {
		max = odata.MaxParticipantsPage
	}
	size := odata.DefaultPageSize(rq.Config.PageSize, max)
	if exp.Sessions || exp.Participants {
		var applied string
		size, applied = odata.PageSize(rq.Prefs, rq.Config.PageSize, max)
		if applied != "" {
			resp.SetHeader("Preference-Applied", applied)
		}
	}
	v, err := rq.Store.Record(rid, exp, size)
	if err != nil {
		return Response{}, err
	}
	b := append(rq.buffer(), '{')
	b = jsondoc.AppendStringMember(b, "@odata.context", odata.ContextURL(rq.Base, "communications/callRecords", q.Select, q.Expand, "/$entity"))
	b = rq.out().Fields(b, model.CallRecord(), v.Obj, q.Select)
	b = appendOrganizer(b, rq, rid, v.Organizer)
	b = jsondoc.AppendStringMember(b, "participants_v2@odata.context", rq.Base+"/$metadata#"+odata.RecordPath(rid)+"/participants_v2/$entity")
	if v.Participants != nil {
		if tok, more := nextPage(*v.Participants, position{Size: size}); more {
			b = jsondoc.AppendStringMember(b, "participants_v2@odata.nextLink", odata.ParticipantsLink(rq.Base, rid, participantsItem, tok))
		}
		b = rq.out().Objects(jsondoc.AppendMember(b, "participants_v2"), model.Participant(), v.Participants.Items, participantsItem.Select)
	}
	if v.Sessions != nil {
		_, segSelects := segmentsExpand(sessionsItem.Expand)
		b = jsondoc.AppendMember(b, "sessions")
		b = append(b, '[')
		for i, ses := range v.Sessions.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = rq.out().Session(b, ses.Obj, ses.Segments, sessionsItem.Select, segSelects)
		}
		b = append(b, ']')
		if tok, more := nextPage(*v.Sessions, position{Size: size}); more {
			b = jsondoc.AppendStringMember(b, "sessions@odata.nextLink", odata.SessionsLink(rq.Base, rid, sessionsItem, tok))
		}
	}
	resp.Status, resp.Body = http.StatusOK, append(b, '}')
	return resp, nil
}

// appendOrganizer writes the auto-expanded organizer_v2 with its context annotation.
func appendOrganizer(b []byte, rq *Request, rid string, organizer []byte) []byte {
	if organizer == nil {
		return b
	}
	b = jsondoc.AppendStringMember(b, "organizer_v2@odata.context", rq.Base+"/$metadata#"+odata.RecordPath(rid)+"/organizer_v2/$entity")
	return rq.out().Raw(jsondoc.AppendMember(b, "organizer_v2"), model.Organizer(), organizer)
}

// LISTCallRecords serves GET /communications/callRecords with $filter on startDateTime and
// participants_v2/id. Listed records never include sessions or participants_v2, as in Graph.
func ListCallRecords(rq *Request) (Response, error) {
	q, err := rq.parse(listOptions|odata.OptFilter|odata.OptExpand, model.CallRecord())
	if err != nil {
		return Response{}, err
	}
	if len(q.Expand) > 0 {
		return Response{}, requestError("$expand is not supported when listing call records: get one call record (GET /communications/callRecords/{id}) to expand sessions or participants_v2.")
	}
	window, keep := recordFilter(q.Filter)
	ctx := odata.ContextURL(rq.Base, "communications/callRecords", q.Select, nil, "")
	return listPage(rq, q, odata.RecordsCollection(), odata.MaxRecordsPage, ctx,
		func(pos position) (page[store.RecordView], error) {
			return rq.Store.RecordsStarting(pos, window, keep), nil
		},
		func(b []byte, v store.RecordView) []byte {
			b = rq.out().Fields(append(b, '{'), model.CallRecord(), v.Obj, q.Select)
			return append(appendOrganizer(b, rq, v.ID, v.Organizer), '}')
		})
}

// recordFilter adapts a $filter to the store's record listing: the window its startDateTime
// conditions allow, which the store finds by binary search, and the filter itself when it says
// more than that (nil: the window is all of it; no $filter keeps every record).
func recordFilter(f *odata.Filter) (store.StartWindow, store.RecordFilter) {
	since, until, timeOnly := f.Window()
	if timeOnly {
		return store.StartWindow{Since: since, Until: until}, nil
	}
	return store.StartWindow{Since: since, Until: until}, f.Match
}

// LISTParticipants serves GET /communications/callRecords/{id}/participants_v2 (130 a page).
func ListParticipants(rq *Request) (Response, error) {
	q, err := rq.parse(listOptions, model.Participant())
	if err != nil {
		return Response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return Response{}, err
	}
	ctx := odata.ContextURL(rq.Base, odata.RecordPath(rid)+"/participants_v2", q.Select, nil, "")
	return listPage(rq, q, odata.ParticipantsCollection(rid), odata.MaxParticipantsPage, ctx,
		func(pos position) (page[object], error) { return rq.Store.Participants(rid, pos) }, objectItem(rq, model.Participant(), q.Select))
}

// GETParticipant serves GET …/participants_v2/{id}.
func GetParticipant(rq *Request) (Response, error) {
	q, err := rq.parse(odata.OptSelect, model.Participant())
	if err != nil {
		return Response{}, err
	}
	rid, pid, _, err := rq.ids3("recordID", "participantID", "")
	if err != nil {
		return Response{}, err
	}
	obj, err := rq.Store.Participant(rid, pid)
	if err != nil {
		return Response{}, err
	}
	b := jsondoc.AppendStringMember(append(rq.buffer(), '{'), "@odata.context", odata.ContextURL(rq.Base, odata.RecordPath(rid)+"/participants_v2", q.Select, nil, "/$entity"))
	return ok(append(rq.out().Fields(b, model.Participant(), obj, q.Select), '}')), nil
}

// GETOrganizer serves GET …/callRecords/{id}/organizer_v2.
func GetOrganizer(rq *Request) (Response, error) {
	q, err := rq.parse(odata.OptSelect, model.Organizer())
	if err != nil {
		return Response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return Response{}, err
	}
	raw, err := rq.Store.Organizer(rid)
	if err != nil {
		return Response{}, err
	}
	obj, err := jsondoc.Parse(raw)
	if err != nil {
		return Response{}, err
	}
	b := jsondoc.AppendStringMember(append(rq.buffer(), '{'), "@odata.context", odata.ContextURL(rq.Base, odata.RecordPath(rid)+"/organizer_v2", q.Select, nil, "/$entity"))
	return ok(append(rq.out().Fields(b, model.Organizer(), obj, q.Select), '}')), nil
}
