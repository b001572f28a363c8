package scenario

import (
	"fmt"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"gopkg.in/yaml.v3"
)

// The entity levels of a scenario: call records, their sessions and segments, participants and
// organizer. Each entity is converted to JSON without its navigation properties, checked, and
// kept as the store entry it becomes.

// entityParts converts an entity's mapping to JSON, leaving out OData control annotations and
// handing each navigation property's value node to nav instead.
func (l *loader) entityParts(n *yaml.Node, ptr string, t model.EntityType, nav func(name string, v *yaml.Node)) (jsondoc.Object, bool) {
	ps, err := l.conv.pairs(n)
	if err != nil {
		l.addErr(n, ptr, err)
		return jsondoc.Object{}, false
	}
	b := []byte{'{'}
	for _, p := range ps {
		switch {
		case model.IsControlAnnotation(p.key):
			continue
		case t.HasNavigation(p.key), nav != nil && p.key == availableKey && t == model.CallRecord():
			nav(p.key, p.value) // a navigation property, or a call record's timeline key
			continue
		}
		b = jsondoc.AppendMember(b, p.key)
		if b, err = l.conv.appendJSON(b, p.value, 1); err != nil {
			l.addErr(p.value, ptr+"/"+jsondoc.EscapePointerToken(p.key), err)
			return jsondoc.Object{}, false
		}
	}
	b = append(b, '}')
	obj, err := jsondoc.Parse(b)
	if err != nil {
		l.add(n.Line, ptr, "%v", err)
		return jsondoc.Object{}, false
	}
	return obj, true
}

// newEntry checks an entity's id, schema and times, and makes its store entry, in Graph's
// canonical form (date-times in UTC, plain integers, shortest floats: see canon).
func (l *loader) newEntry(n *yaml.Node, ptr string, t model.EntityType, obj jsondoc.Object) (store.Entry, bool) {
	e, ps, ok := entryOf(t, obj, l.check, nil)
	l.report(n, ptr, ps)
	return e, ok
}

// report adds problems found in the entity at n (ptr), each at the line of the member it names
// or at the entity's own line.
func (l *loader) report(n *yaml.Node, ptr string, ps []relProblem) {
	for _, p := range ps {
		line := n.Line
		if !p.own {
			line = l.lineAt(n, p.pointer)
		}
		l.add(line, ptr+p.pointer, "%s", p.msg)
	}
}

// relProblem is a problem of one entity, its pointer relative to the entity: reported at the
// line of the member the pointer names, or at the entity's own line when own is set. Finding
// them is separate from reporting them, so the YAML and the JSON loader say the same things.
type relProblem struct {
	pointer string
	own     bool
	msg     string
}

// entryOf checks an entity's id, schema and times, and makes its store entry, in Graph's
// canonical form (date-times in UTC, plain integers, shortest floats: see canon). ok is false
// when there is a problem; an entry that is not ok still carries its id (when it has one), so a
// repeated id is reported even then. It reads nothing but its arguments: the JSON loader runs it
// on several entities at once. accepted is what the Checker's Accept said when it took obj (nil
// when it did not): obj then holds no control annotation (closed schemas refuse them), so they
// are not looked for, and when the verdict says it is canonical it is kept as it is, and its id
// and times are read from the members Accept found.
func entryOf(t model.EntityType, obj jsondoc.Object, check Checker, accepted *acceptance) (store.Entry, []relProblem, bool) {
	clean := accepted != nil
	found := clean && accepted.verdict.Canonical // obj is stored as Accept read it
	var ps []relProblem
	ok := true
	var id string
	var isString bool
	switch {
	case found:
		id, isString = jsondoc.StringShared(accepted.members[memberID].Value)
	case clean:
		id, isString = idInPlace(obj.Raw)
	default:
		id, isString = obj.GetString("id")
	}
	if !isString || id == "" {
		ps = append(ps, relProblem{pointer: "/id", own: true, msg: "id is required and must be a non-empty string"})
		ok = false
	}
	if check != nil {
		for _, v := range check.Check(t, obj.Raw) {
			ps = append(ps, relProblem{pointer: v.Pointer, msg: v.Message})
			ok = false
		}
	}
	var err error
	switch {
	case found:
		obj.Evolvable = accepted.verdict.Evolvable
	case clean:
		obj, err = canon.CanonicalClean(t, obj)
	default:
		obj, err = canon.Canonical(t, obj)
	}
	if err != nil {
		return store.Entry{}, append(ps, relProblem{own: true, msg: err.Error()}), false
	}
	e := store.Entry{ID: id, Obj: obj}
	var start, end []byte
	if found {
		start, end = accepted.members[memberStart].Value, accepted.members[memberEnd].Value
	} else {
		start, end = obj.Get("startDateTime"), obj.Get("endDateTime")
	}
	if e.Start, err = store.TimeValue("startDateTime", start); err != nil {
		ps = append(ps, relProblem{pointer: "/startDateTime", msg: err.Error()})
		ok = false
	}
	if e.End, err = store.TimeValue("endDateTime", end); err != nil {
		ps = append(ps, relProblem{pointer: "/endDateTime", msg: err.Error()})
		ok = false
	}
	if !e.Start.IsZero() && !e.End.IsZero() && e.End.Before(e.Start) {
		ps = append(ps, relProblem{pointer: "/endDateTime", msg: fmt.Sprintf("endDateTime %s is before startDateTime %s", store.FormatTime(e.End), store.FormatTime(e.Start))})
		ok = false
	}
	return e, ps, ok
}

// checked runs the injected Checker on an entity and reports each violation at its line.
func (l *loader) checked(n *yaml.Node, ptr string, t model.EntityType, obj jsondoc.Object) bool {
	if l.check == nil {
		return true
	}
	vs := l.check.Check(t, obj.Raw)
	for _, v := range vs {
		l.add(l.lineAt(n, v.Pointer), ptr+v.Pointer, "%s", v.Message)
	}
	return len(vs) == 0
}

// within reports a child whose times fall outside its parent's.
func (l *loader) within(n *yaml.Node, ptr string, child, parent store.Entry, what string) {
	l.report(n, ptr, withinOf(child, parent, what))
}

// withinOf finds a child's times outside its parent's.
func withinOf(child, parent store.Entry, what string) []relProblem {
	var ps []relProblem
	if !parent.Start.IsZero() && !child.Start.IsZero() && child.Start.Before(parent.Start) {
		ps = append(ps, relProblem{pointer: "/startDateTime", msg: fmt.Sprintf("starts at %s, before its %s starts (%s)", store.FormatTime(child.Start), what, store.FormatTime(parent.Start))})
	}
	if !parent.End.IsZero() && !child.End.IsZero() && child.End.After(parent.End) {
		ps = append(ps, relProblem{pointer: "/endDateTime", msg: fmt.Sprintf("ends at %s, after its %s ends (%s)", store.FormatTime(child.End), what, store.FormatTime(parent.End))})
	}
	return ps
}

// record loads one call record with its sessions, organizer and participants.
func (l *loader) record(n *yaml.Node, ptr string) {
	var sessionsNode, participantsNode, organizerNode, availableNode *yaml.Node
	obj, ok := l.entityParts(n, ptr, model.CallRecord(), func(name string, v *yaml.Node) {
		switch name {
		case "sessions":
			sessionsNode = v
		case "participants_v2":
			participantsNode = v
		case "organizer_v2":
			organizerNode = v
		case availableKey:
			availableNode = v
		}
	})
	if !ok {
		return
	}
	e, _ := l.newEntry(n, ptr, model.CallRecord(), obj)
	r := store.RecordData{Entry: e}
	if availableNode != nil {
		r.Timing = l.availability(availableNode, ptr, e)
	}
	// An entity with problems is still indexed by id (the load fails anyway), so a repeated id is
	// reported even when its first use had problems of its own.
	dup := l.ids[r.ID]
	if dup && r.ID != "" {
		l.add(n.Line, ptr+"/id", "call record id %q is used twice", r.ID)
	}
	sessionIDs := map[string]bool{}
	for i, sn := range l.list(sessionsNode, ptr+"/sessions") {
		if ses, ok := l.session(sn, fmt.Sprintf("%s/sessions/%d", ptr, i), r.Entry, sessionIDs); ok {
			r.Sessions = append(r.Sessions, ses)
		}
	}
	for i, pn := range l.list(participantsNode, ptr+"/participants_v2") {
		pptr := fmt.Sprintf("%s/participants_v2/%d", ptr, i)
		pobj, pok := l.entityParts(pn, pptr, model.Participant(), nil)
		if !pok {
			continue
		}
		// Participant ids may repeat: Graph's own participants_v2 example lists two people under
		// one id, and a pasted response must load. The list keeps both; GET by id finds the first.
		if p, pok := l.newEntry(pn, pptr, model.Participant(), pobj); pok {
			r.Participants = append(r.Participants, p)
			l.info.Participants++
		}
	}
	if organizerNode != nil {
		optr := ptr + "/organizer_v2"
		if resolve(organizerNode).ShortTag() == "!!null" {
			r.Organizer = []byte("null")
		} else if oobj, ook := l.entityParts(organizerNode, optr, model.Organizer(), nil); ook && l.checked(organizerNode, optr, model.Organizer(), oobj) {
			if oobj, err := canon.Canonical(model.Organizer(), oobj); err == nil {
				r.Organizer = oobj.Raw
			}
		}
	}
	if r.ID != "" && !dup {
		l.ids[r.ID] = true
		l.records = append(l.records, r)
		l.info.CallRecords++
	}
}

// session loads one session of a call record with its segments; ok is false when it cannot be
// indexed (no id, or an id in seen, the ids of the record's sessions so far).
func (l *loader) session(n *yaml.Node, ptr string, parent store.Entry, seen map[string]bool) (ses store.SessionData, ok bool) {
	var segmentsNode *yaml.Node
	obj, ok := l.entityParts(n, ptr, model.Session(), func(_ string, v *yaml.Node) { segmentsNode = v })
	if !ok {
		return ses, false
	}
	e, _ := l.newEntry(n, ptr, model.Session(), obj)
	l.within(n, ptr, e, parent, "call record")
	dup := seen[e.ID]
	if dup && e.ID != "" {
		l.add(n.Line, ptr+"/id", "session id %q is used twice in this call record", e.ID)
	}
	ses.Entry = e
	items := l.list(segmentsNode, ptr+"/segments")
	ses.Segments = make([]store.Entry, 0, len(items))
	segmentIDs := make(map[string]bool, len(items))
	for i, gn := range items {
		gptr := fmt.Sprintf("%s/segments/%d", ptr, i)
		gobj, gok := l.entityParts(gn, gptr, model.Segment(), nil)
		if !gok {
			continue
		}
		g, _ := l.newEntry(gn, gptr, model.Segment(), gobj)
		l.within(gn, gptr, g, e, "session")
		if segmentIDs[g.ID] && g.ID != "" {
			l.add(gn.Line, gptr+"/id", "segment id %q is used twice in this session", g.ID)
		} else if g.ID != "" {
			segmentIDs[g.ID] = true
			ses.Segments = append(ses.Segments, g)
			l.info.Segments++
		}
	}
	if e.ID == "" || dup {
		return ses, false
	}
	seen[e.ID] = true
	l.info.Sessions++
	return ses, true
}

// list returns the items of a navigation collection; null or absent is empty.
func (l *loader) list(n *yaml.Node, ptr string) []*yaml.Node {
	if n == nil {
		return nil
	}
	n = resolve(n)
	if n.ShortTag() == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.add(n.Line, ptr, "must be a list, found %s", kindName(n))
		return nil
	}
	return n.Content
}

// idInPlace reads the id member of JSON that is stored as it is (what the loader's fast path
// took): written without escapes, the id shares the stored bytes, so a million ids cost no
// memory of their own; stored JSON never changes, so neither does the id.
func idInPlace(raw []byte) (string, bool) { return jsondoc.StringShared(jsondoc.Member(raw, "id")) }
