package mockserver

import (
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"net/http"
	"strconv"
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
	listOptions   = optSelect | optTop | optSkip | optCount | optSkipToken
	entityOptions = optSelect | optExpand
)

func ok(body []byte) response { return response{status: http.StatusOK, body: body} }

// getSegment serves GET …/sessions/{sid}/segments/{id}.
func (s *Server) getSegment(rq *request) (response, error) {
	q, err := rq.parse(optSelect, model.Segment())
	if err != nil {
		return response{}, err
	}
	rid, sid, gid, err := rq.ids3("recordID", "sessionID", "segmentID")
	if err != nil {
		return response{}, err
	}
	obj, err := rq.ns.store.segment(rid, sid, gid)
	if err != nil {
		return response{}, err
	}
	ctx := contextURL(rq.base, recordPath(rid)+"/sessions("+quoteKey(sid)+")/segments", q.selects, nil, "/$entity")
	b := append(rq.buffer(), '{')
	b = jsondoc.AppendStringMember(b, "@odata.context", ctx)
	b = appendFields(b, obj, q.selects)
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
	ctx := contextURL(rq.base, recordPath(rid)+"/sessions("+quoteKey(sid)+")/segments", q.selects, nil, "")
	return listPage(s, rq, q, segmentsCollection(rid, sid), maxSegmentsPage, ctx,
		func(pos position) (page[object], error) { return rq.ns.store.segments(rid, sid, pos) }, objectItem(q.selects))
}

// listPage is the shape every collection route shares: work out the page from the request, fetch
// it, and render it with its context, count and next link.
func listPage[T any](s *Server, rq *request, q query, coll string, max int, ctx string,
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
	resp.body = appendCollection(rq.buffer(), ctx, p, q.count, pageLink(rq, p, pos, coll), item)
	return resp, nil
}

// objectItem renders one object of a collection, honouring $select.
func objectItem(selects []string) func([]byte, object) []byte {
	return func(b []byte, o object) []byte {
		return append(appendFields(append(b, '{'), o, selects), '}')
	}
}

// pageLink is the @odata.nextLink of a page, or "" on the last page.
func pageLink[T any](rq *request, p page[T], pos position, coll string) string {
	tok, more := nextPage(p, pos)
	if !more {
		return ""
	}
	return nextLink(rq, coll, tok)
}

// segmentsExpand reports whether an entity's $expand asks for segments, with their $select.
func segmentsExpand(items []expandItem) (bool, []string) {
	for _, e := range items {
		if e.name == "segments" {
			return true, e.selects
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
	withSegments, segSelects := segmentsExpand(q.expand)
	v, err := rq.ns.store.session(rid, sid, withSegments)
	if err != nil {
		return response{}, err
	}
	ctx := contextURL(rq.base, recordPath(rid)+"/sessions", q.selects, q.expand, "/$entity")
	b := jsondoc.AppendStringMember(append(rq.buffer(), '{'), "@odata.context", ctx)
	return ok(append(appendSessionMembers(b, v, q.selects, segSelects), '}')), nil
}

// listSessions serves GET …/callRecords/{id}/sessions, with $expand=segments.
func (s *Server) listSessions(rq *request) (response, error) {
	q, err := rq.parse(listOptions|optExpand, model.Session())
	if err != nil {
		return response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return response{}, err
	}
	withSegments, segSelects := segmentsExpand(q.expand)
	ctx := contextURL(rq.base, recordPath(rid)+"/sessions", q.selects, nil, "")
	return listPage(s, rq, q, sessionsCollection(rid), maxSessionsPage, ctx,
		func(pos position) (page[sessionView], error) { return rq.ns.store.sessions(rid, pos, withSegments) },
		func(b []byte, v sessionView) []byte { return appendSession(b, v, q.selects, segSelects) })
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
	var exp recordExpand
	var sessionsItem, participantsItem expandItem
	for _, e := range q.expand {
		switch e.name {
		case "sessions":
			exp.sessions, sessionsItem = true, e
			exp.segments, _ = segmentsExpand(e.expand)
		case "participants_v2":
			exp.participants, participantsItem = true, e
		}
	}
	if exp.sessions && exp.participants {
		return response{}, badRequest("Only one relationship can be expanded at a time: expand sessions or participants_v2, not both.")
	}
	var resp response
	size := s.defaultPageSize(maxSessionsPage)
	if n, ok := preferredPageSize(rq.http.Header); ok && (exp.sessions || exp.participants) {
		size = min(n, maxSessionsPage)
		if exp.participants {
			size = min(n, maxParticipantsPage)
		}
		resp.setHeader("Preference-Applied", "odata.maxpagesize="+strconv.Itoa(size))
	} else if exp.participants {
		size = s.defaultPageSize(maxParticipantsPage)
	}
	v, err := rq.ns.store.record(rid, exp, size)
	if err != nil {
		return response{}, err
	}
	b := append(rq.buffer(), '{')
	b = jsondoc.AppendStringMember(b, "@odata.context", contextURL(rq.base, "communications/callRecords", q.selects, q.expand, "/$entity"))
	b = appendFields(b, v.obj, q.selects)
	b = appendOrganizer(b, rq, rid, v.organizer)
	b = jsondoc.AppendStringMember(b, "participants_v2@odata.context", rq.base+"/$metadata#"+recordPath(rid)+"/participants_v2/$entity")
	if v.participants != nil {
		if tok, more := nextPage(*v.participants, position{size: size}); more {
			b = jsondoc.AppendStringMember(b, "participants_v2@odata.nextLink", participantsLink(rq, rid, participantsItem, tok))
		}
		b = jsondoc.AppendMember(b, "participants_v2")
		b = appendObjects(b, v.participants.items, participantsItem.selects)
	}
	if v.sessions != nil {
		_, segSelects := segmentsExpand(sessionsItem.expand)
		b = jsondoc.AppendMember(b, "sessions")
		b = append(b, '[')
		for i, ses := range v.sessions.items {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendSession(b, ses, sessionsItem.selects, segSelects)
		}
		b = append(b, ']')
		if tok, more := nextPage(*v.sessions, position{size: size}); more {
			b = jsondoc.AppendStringMember(b, "sessions@odata.nextLink", sessionsLink(rq, rid, sessionsItem, tok))
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
	b = jsondoc.AppendStringMember(b, "organizer_v2@odata.context", rq.base+"/$metadata#"+recordPath(rid)+"/organizer_v2/$entity")
	return append(jsondoc.AppendMember(b, "organizer_v2"), organizer...)
}

// listCallRecords serves GET /communications/callRecords with $filter on startDateTime and
// participants_v2/id. Listed records never include sessions or participants_v2, as in Graph.
func (s *Server) listCallRecords(rq *request) (response, error) {
	q, err := rq.parse(listOptions|optFilter|optExpand, model.CallRecord())
	if err != nil {
		return response{}, err
	}
	if len(q.expand) > 0 {
		return response{}, badRequest("$expand is not supported when listing call records: get one call record (GET /communications/callRecords/{id}) to expand sessions or participants_v2.")
	}
	var keep func(*record) bool
	if q.filter != nil {
		keep = q.filter.match
	}
	ctx := contextURL(rq.base, "communications/callRecords", q.selects, nil, "")
	return listPage(s, rq, q, recordsCollection(), maxRecordsPage, ctx,
		func(pos position) (page[recordView], error) { return rq.ns.store.records(pos, keep), nil },
		func(b []byte, v recordView) []byte {
			b = appendFields(append(b, '{'), v.obj, q.selects)
			return append(appendOrganizer(b, rq, v.id, v.organizer), '}')
		})
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
	ctx := contextURL(rq.base, recordPath(rid)+"/participants_v2", q.selects, nil, "")
	return listPage(s, rq, q, participantsCollection(rid), maxParticipantsPage, ctx,
		func(pos position) (page[object], error) { return rq.ns.store.participants(rid, pos) }, objectItem(q.selects))
}

// getParticipant serves GET …/participants_v2/{id}.
func (s *Server) getParticipant(rq *request) (response, error) {
	q, err := rq.parse(optSelect, model.Participant())
	if err != nil {
		return response{}, err
	}
	rid, pid, _, err := rq.ids3("recordID", "participantID", "")
	if err != nil {
		return response{}, err
	}
	obj, err := rq.ns.store.participant(rid, pid)
	if err != nil {
		return response{}, err
	}
	b := jsondoc.AppendStringMember(append(rq.buffer(), '{'), "@odata.context", contextURL(rq.base, recordPath(rid)+"/participants_v2", q.selects, nil, "/$entity"))
	return ok(append(appendFields(b, obj, q.selects), '}')), nil
}

// getOrganizer serves GET …/callRecords/{id}/organizer_v2.
func (s *Server) getOrganizer(rq *request) (response, error) {
	q, err := rq.parse(optSelect, model.Organizer())
	if err != nil {
		return response{}, err
	}
	rid, _, _, err := rq.ids3("recordID", "", "")
	if err != nil {
		return response{}, err
	}
	raw, err := rq.ns.store.organizer(rid)
	if err != nil {
		return response{}, err
	}
	obj, err := parseObject(raw)
	if err != nil {
		return response{}, err
	}
	b := jsondoc.AppendStringMember(append(rq.buffer(), '{'), "@odata.context", contextURL(rq.base, recordPath(rid)+"/organizer_v2", q.selects, nil, "/$entity"))
	return ok(append(appendFields(b, obj, q.selects), '}')), nil
}
