package mockserver

import (
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// ids3 reads up to three path ids; an empty name is skipped.
func (rq *request) ids3(a, b, c string) (string, string, string, error) {
	var out [3]string
	for i, name := range []string{a, b, c} {
		if name == "" {
			continue
		}
		v, err := rq.id(name)
		if err != nil {
			return "", "", "", err
		}
		out[i] = v
	}
	return out[0], out[1], out[2], nil
}

// The Graph read handlers for callRecords, sessions, segments, organizer_v2 and participants_v2.
// Each parses its query options, asks the store for copies, and renders Graph's JSON.

const (
	listOptions   = odata.OptSelect | odata.OptTop | odata.OptSkip | odata.OptCount | odata.OptSkipToken
	entityOptions = odata.OptSelect | odata.OptExpand
)

func ok(body []byte) response { return response{status: http.StatusOK, body: body} }

// getSegment serves GET …/sessions/{sid}/segments/{id}.
func (s *Server) getSegment(rq *request) (response, error) {
	q, err := rq.parse(odata.OptSelect, model.Segment())
	if err != nil {
		return response{}, err
	}
	rid, sid, gid, err := rq.ids3("recordID", "sessionID", "segmentID")
	if err != nil {
		return response{}, err
	}
	obj, err := rq.ns.store.Segment(rid, sid, gid)
	if err != nil {
		return response{}, err
	}
	b := jsondoc.AppendMember(append(rq.buffer(), '{'), "@odata.context")
	b = odata.AppendSegmentsContext(b, rq.base, rid, sid, q.Select, "/$entity")
	b = rq.out().Fields(b, model.Segment(), obj, q.Select)
	return ok(append(b, '}')), nil
}

// listSegments serves GET …/sessions/{sid}/segments.
func (s *Server) listSegments(rq *request) (response, error) {
	q, err := rq.parse(listOptions, model.Segment())
	if err != nil {
		return response{}, err
	}
	rid, sid, _, err := rq.ids3("recordID", "sessionID", "")
	if err != nil {
		return response{}, err
	}
	ctx := odata.ContextURL(rq.base, odata.RecordPath(rid)+"/sessions("+odata.QuoteKey(sid)+")/segments", q.Select, nil, "")
	return listPage(s, rq, q, odata.SegmentsCollection(rid, sid), odata.MaxSegmentsPage, ctx,
		func(pos position) (page[object], error) { return rq.ns.store.Segments(rid, sid, pos) }, objectItem(rq, model.Segment(), q.Select))
}

// listPage is the shape every collection route shares: work out the page from the request, fetch
// it, and render it with its context, count and next link.
func listPage[T any](s *Server, rq *request, q odata.Query, coll string, max int, ctx string,
	fetch func(position) (page[T], error), item func([]byte, T) []byte) (response, error) {
	var resp response
	pos, err := s.pageStart(rq, q, coll, max, &resp)
	if err != nil {
		return response{}, err
	}
	p, err := fetch(pos)
	if err != nil {
		return response{}, err
	}
	resp.status = http.StatusOK
	count := -1
	if q.Count {
		count = p.Total
	}
	resp.body = odata.AppendCollection(rq.buffer(), ctx, p.Items, count, pageLink(rq, q, p, pos, coll), item)
	return resp, nil
}

// objectItem renders one entity of type t in a collection, honouring $select.
func objectItem(rq *request, t model.EntityType, selects []string) func([]byte, object) []byte {
	w := rq.out()
	return func(b []byte, o object) []byte { return w.Object(b, t, o, selects) }
}

// pageLink is the @odata.nextLink of a page, or "" on the last page. Its token carries the
// request's $top, which the link repeats.
func pageLink[T any](rq *request, q odata.Query, p page[T], pos position, coll string) string {
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

// getSession serves GET …/sessions/{sid}, with $expand=segments.
func (s *Server) getSession(rq *request) (response, error) {
	q, err := rq.parse(entityOptions, model.Session())
	if err != nil {
		return response{}, err
	}
	rid, sid, _, err := rq.ids3("recordID", "sessionID", "")
	if err != nil {
		return response{}, err
	}
	withSegments, segSelects := segmentsExpand(q.Expand)
	v, err := rq.ns.store.Session(rid, sid, withSegments)
	if err != nil {
		return response{}, err
	}
	ctx := odata.ContextURL(rq.base, odata.RecordPath(rid)+"/sessions", q.Select, q.Expand, "/$entity")
	b := jsondoc.AppendStringMember(append(rq.buffer(), '{'), "@odata.context", ctx)
	return ok(append(rq.out().SessionFields(b, v.Obj, v.Segments, q.Select, segSelects), '}')), nil
}

// listSessions serves GET …/callRecords/{id}/sessions, with $expand=segments.
func (s *Server) listSessions(rq *request) (response, error) {
	q, err := rq.parse(listOptions|odata.OptExpand, model.Session())
	if err != nil {
		return response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return response{}, err
	}
	withSegments, segSelects := segmentsExpand(q.Expand)
	ctx, w := odata.ContextURL(rq.base, odata.RecordPath(rid)+"/sessions", q.Select, nil, ""), rq.out()
	return listPage(s, rq, q, odata.SessionsCollection(rid), odata.MaxSessionsPage, ctx,
		func(pos position) (page[sessionView], error) { return rq.ns.store.Sessions(rid, pos, withSegments) },
		func(b []byte, v sessionView) []byte { return w.Session(b, v.Obj, v.Segments, q.Select, segSelects) })
}

// getCallRecord serves GET /communications/callRecords/{id}, with $expand of sessions (and their
// segments) or participants_v2. organizer_v2 is always expanded, as Graph's metadata says.
func (s *Server) getCallRecord(rq *request) (response, error) {
	q, err := rq.parse(entityOptions, model.CallRecord())
	if err != nil {
		return response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return response{}, err
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
		return response{}, badRequest("Only one relationship can be expanded at a time: expand sessions or participants_v2, not both.")
	}
	var resp response
	max := odata.MaxSessionsPage
	if exp.Participants {
		max = odata.MaxParticipantsPage
	}
	size := odata.DefaultPageSize(s.cfg.pageSize, max)
	if exp.Sessions || exp.Participants {
		var applied string
		size, applied = odata.PageSize(rq.prefs, s.cfg.pageSize, max)
		if applied != "" {
			resp.setHeader("Preference-Applied", applied)
		}
	}
	v, err := rq.ns.store.Record(rid, exp, size)
	if err != nil {
		return response{}, err
	}
	b := append(rq.buffer(), '{')
	b = jsondoc.AppendStringMember(b, "@odata.context", odata.ContextURL(rq.base, "communications/callRecords", q.Select, q.Expand, "/$entity"))
	b = rq.out().Fields(b, model.CallRecord(), v.Obj, q.Select)
	b = appendOrganizer(b, rq, rid, v.Organizer)
	b = jsondoc.AppendStringMember(b, "participants_v2@odata.context", rq.base+"/$metadata#"+odata.RecordPath(rid)+"/participants_v2/$entity")
	if v.Participants != nil {
		if tok, more := nextPage(*v.Participants, position{Size: size}); more {
			b = jsondoc.AppendStringMember(b, "participants_v2@odata.nextLink", odata.ParticipantsLink(rq.base, rid, participantsItem, tok))
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
			b = jsondoc.AppendStringMember(b, "sessions@odata.nextLink", odata.SessionsLink(rq.base, rid, sessionsItem, tok))
		}
	}
	resp.status, resp.body = http.StatusOK, append(b, '}')
	return resp, nil
}

// appendOrganizer writes the auto-expanded organizer_v2 with its context annotation.
func appendOrganizer(b []byte, rq *request, rid string, organizer []byte) []byte {
	if organizer == nil {
		return b
	}
	b = jsondoc.AppendStringMember(b, "organizer_v2@odata.context", rq.base+"/$metadata#"+odata.RecordPath(rid)+"/organizer_v2/$entity")
	return rq.out().Raw(jsondoc.AppendMember(b, "organizer_v2"), model.Organizer(), organizer)
}

// listCallRecords serves GET /communications/callRecords with $filter on startDateTime and
// participants_v2/id. Listed records never include sessions or participants_v2, as in Graph.
func (s *Server) listCallRecords(rq *request) (response, error) {
	q, err := rq.parse(listOptions|odata.OptFilter|odata.OptExpand, model.CallRecord())
	if err != nil {
		return response{}, err
	}
	if len(q.Expand) > 0 {
		return response{}, badRequest("$expand is not supported when listing call records: get one call record (GET /communications/callRecords/{id}) to expand sessions or participants_v2.")
	}
	keep := recordFilter(q.Filter)
	ctx := odata.ContextURL(rq.base, "communications/callRecords", q.Select, nil, "")
	return listPage(s, rq, q, odata.RecordsCollection(), odata.MaxRecordsPage, ctx,
		func(pos position) (page[store.RecordView], error) { return rq.ns.store.Records(pos, keep), nil },
		func(b []byte, v store.RecordView) []byte {
			b = rq.out().Fields(append(b, '{'), model.CallRecord(), v.Obj, q.Select)
			return append(appendOrganizer(b, rq, v.ID, v.Organizer), '}')
		})
}

// recordFilter adapts a $filter to the store's record listing; nil (no $filter) keeps every
// record.
func recordFilter(f *odata.Filter) store.RecordFilter {
	if f == nil {
		return nil
	}
	return f.Match
}

// listParticipants serves GET /communications/callRecords/{id}/participants_v2 (130 a page).
func (s *Server) listParticipants(rq *request) (response, error) {
	q, err := rq.parse(listOptions, model.Participant())
	if err != nil {
		return response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return response{}, err
	}
	ctx := odata.ContextURL(rq.base, odata.RecordPath(rid)+"/participants_v2", q.Select, nil, "")
	return listPage(s, rq, q, odata.ParticipantsCollection(rid), odata.MaxParticipantsPage, ctx,
		func(pos position) (page[object], error) { return rq.ns.store.Participants(rid, pos) }, objectItem(rq, model.Participant(), q.Select))
}

// getParticipant serves GET …/participants_v2/{id}.
func (s *Server) getParticipant(rq *request) (response, error) {
	q, err := rq.parse(odata.OptSelect, model.Participant())
	if err != nil {
		return response{}, err
	}
	rid, pid, _, err := rq.ids3("recordID", "participantID", "")
	if err != nil {
		return response{}, err
	}
	obj, err := rq.ns.store.Participant(rid, pid)
	if err != nil {
		return response{}, err
	}
	b := jsondoc.AppendStringMember(append(rq.buffer(), '{'), "@odata.context", odata.ContextURL(rq.base, odata.RecordPath(rid)+"/participants_v2", q.Select, nil, "/$entity"))
	return ok(append(rq.out().Fields(b, model.Participant(), obj, q.Select), '}')), nil
}

// getOrganizer serves GET …/callRecords/{id}/organizer_v2.
func (s *Server) getOrganizer(rq *request) (response, error) {
	q, err := rq.parse(odata.OptSelect, model.Organizer())
	if err != nil {
		return response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return response{}, err
	}
	raw, err := rq.ns.store.Organizer(rid)
	if err != nil {
		return response{}, err
	}
	obj, err := parseObject(raw)
	if err != nil {
		return response{}, err
	}
	b := jsondoc.AppendStringMember(append(rq.buffer(), '{'), "@odata.context", odata.ContextURL(rq.base, odata.RecordPath(rid)+"/organizer_v2", q.Select, nil, "/$entity"))
	return ok(append(rq.out().Fields(b, model.Organizer(), obj, q.Select), '}')), nil
}
