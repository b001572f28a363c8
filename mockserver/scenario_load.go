package mockserver

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"

	"gopkg.in/yaml.v3"
)

// maxProblems bounds how many problems one load reports; the rest are summarised.
const maxProblems = 100

// loader turns one scenario file into a fresh store, collecting every problem on the way.
type loader struct {
	file     string
	problems []Problem
	conv     converter
	st       *store
	info     ScenarioInfo
	check    entityChecker
	faults   []Fault
}

// entityChecker validates one entity's JSON against the schema of its type and returns the
// violations, each with a JSON pointer relative to the entity. nil checks nothing.
type entityChecker func(t model.EntityType, raw []byte) []model.Violation

// yamlLine finds the line number yaml.v3 puts in its syntax errors.
func yamlLine(err error) int {
	m := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// loadScenario parses and checks a scenario (YAML or JSON) and builds the store it describes.
// file names the source in messages. Either the whole scenario loads, or a *ScenarioError lists
// every problem found.
func loadScenario(file string, data []byte, check entityChecker) (*loaded, error) {
	l := &loader{file: file, st: newStore(), check: check, info: ScenarioInfo{Source: file}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = regexp.MustCompile(`^line \d+: `).ReplaceAllString(msg, "")
		l.add(yamlLine(err), "", "not valid YAML or JSON: %s", msg)
		return nil, l.err()
	}
	if len(doc.Content) == 0 {
		l.add(1, "", "the scenario is empty")
		return nil, l.err()
	}
	l.top(doc.Content[0])
	if err := l.err(); err != nil {
		return nil, err
	}
	return &loaded{store: l.st, info: l.info, faults: l.faults}, nil
}

// loaded is a scenario that passed every check: its store, summary and fault rules.
type loaded struct {
	store  *store
	info   ScenarioInfo
	faults []Fault
}

func (l *loader) add(line int, pointer, format string, args ...any) {
	switch {
	case len(l.problems) == maxProblems:
		l.problems = append(l.problems, Problem{File: l.file, Message: "too many problems; stopped listing them here"})
		return
	case len(l.problems) > maxProblems:
		return
	}
	l.problems = append(l.problems, Problem{File: l.file, Line: line, Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

// addErr records a conversion error, using its own line when it has one.
func (l *loader) addErr(n *yaml.Node, pointer string, err error) {
	line := n.Line
	if le, ok := err.(*lineErr); ok && le.line > 0 {
		line = le.line
	}
	l.add(line, pointer, "%s", err.Error())
}

func (l *loader) err() error {
	if len(l.problems) == 0 {
		return nil
	}
	return &ScenarioError{Problems: l.problems}
}

// top reads the scenario's top level: name, description, callRecords.
func (l *loader) top(n *yaml.Node) {
	ps, err := l.conv.pairs(n)
	if err != nil {
		l.addErr(n, "", err)
		return
	}
	for _, p := range ps {
		v := resolve(p.value)
		switch p.key {
		case "name", "description":
			if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" {
				l.add(v.Line, "/"+p.key, "%s must be a string", p.key)
				continue
			}
			if p.key == "name" {
				l.info.Name = v.Value
			} else {
				l.info.Description = v.Value
			}
		case "callRecords":
			if v.Kind != yaml.SequenceNode {
				l.add(v.Line, "/callRecords", "callRecords must be a list, found %s", kindName(v))
				continue
			}
			l.st.recs = newCollection[*record](len(v.Content))
			for i, item := range v.Content {
				l.record(item, fmt.Sprintf("/callRecords/%d", i))
			}
		case "faults":
			l.faultRules(v)
		default:
			l.add(p.node.Line, "/"+escapePointer(p.key), "unknown top-level key %q (expected name, description, callRecords, faults)", p.key)
		}
	}
}

// entityParts converts an entity's mapping to JSON, leaving out OData control annotations and
// handing each navigation property's value node to nav instead.
func (l *loader) entityParts(n *yaml.Node, ptr string, t model.EntityType, nav func(name string, v *yaml.Node)) (object, bool) {
	ps, err := l.conv.pairs(n)
	if err != nil {
		l.addErr(n, ptr, err)
		return object{}, false
	}
	b := []byte{'{'}
	for _, p := range ps {
		switch {
		case model.IsControlAnnotation(p.key):
			continue
		case t.HasNavigation(p.key):
			nav(p.key, p.value)
			continue
		}
		b = jsondoc.AppendMember(b, p.key)
		if b, err = l.conv.appendJSON(b, p.value, 1); err != nil {
			l.addErr(p.value, ptr+"/"+escapePointer(p.key), err)
			return object{}, false
		}
	}
	b = append(b, '}')
	obj, err := parseObject(b)
	if err != nil {
		l.add(n.Line, ptr, "%v", err)
		return object{}, false
	}
	return obj, true
}

// newEntry checks an entity's id, schema and times, and makes its store entry.
func (l *loader) newEntry(n *yaml.Node, ptr string, t model.EntityType, obj object) (*entry, bool) {
	ok := true
	id, isString := obj.GetString("id")
	if !isString || id == "" {
		l.add(n.Line, ptr+"/id", "id is required and must be a non-empty string")
		ok = false
	}
	if l.check != nil {
		for _, v := range l.check(t, obj.Raw) {
			l.add(l.lineAt(n, v.Pointer), ptr+v.Pointer, "%s", v.Message)
			ok = false
		}
	}
	e := &entry{id: id, obj: obj, seq: l.st.seq()}
	var err error
	if e.start, err = timeMember(obj, "startDateTime"); err != nil {
		l.add(l.lineAt(n, "/startDateTime"), ptr+"/startDateTime", "%v", err)
		ok = false
	}
	if e.end, err = timeMember(obj, "endDateTime"); err != nil {
		l.add(l.lineAt(n, "/endDateTime"), ptr+"/endDateTime", "%v", err)
		ok = false
	}
	if !e.start.IsZero() && !e.end.IsZero() && e.end.Before(e.start) {
		l.add(l.lineAt(n, "/endDateTime"), ptr+"/endDateTime", "endDateTime %s is before startDateTime %s", rfc3339(e.end), rfc3339(e.start))
		ok = false
	}
	return e, ok
}

// within reports a child whose times fall outside its parent's.
func (l *loader) within(n *yaml.Node, ptr string, child, parent *entry, what string) {
	if !parent.start.IsZero() && !child.start.IsZero() && child.start.Before(parent.start) {
		l.add(l.lineAt(n, "/startDateTime"), ptr+"/startDateTime", "starts at %s, before its %s starts (%s)", rfc3339(child.start), what, rfc3339(parent.start))
	}
	if !parent.end.IsZero() && !child.end.IsZero() && child.end.After(parent.end) {
		l.add(l.lineAt(n, "/endDateTime"), ptr+"/endDateTime", "ends at %s, after its %s ends (%s)", rfc3339(child.end), what, rfc3339(parent.end))
	}
}

// record loads one call record with its sessions, organizer and participants.
func (l *loader) record(n *yaml.Node, ptr string) {
	var sessionsNode, participantsNode, organizerNode *yaml.Node
	obj, ok := l.entityParts(n, ptr, model.CallRecord(), func(name string, v *yaml.Node) {
		switch name {
		case "sessions":
			sessionsNode = v
		case "participants_v2":
			participantsNode = v
		case "organizer_v2":
			organizerNode = v
		}
	})
	if !ok {
		return
	}
	e, _ := l.newEntry(n, ptr, model.CallRecord(), obj)
	r := &record{entry: *e}
	// An entity with problems is still indexed by id (the load fails anyway), so a repeated id is
	// reported even when its first use had problems of its own.
	_, dup := l.st.recs.get(r.id)
	if dup && r.id != "" {
		l.add(n.Line, ptr+"/id", "call record id %q is used twice", r.id)
	}
	r.sessions = newCollection[*session](0)
	for i, sn := range l.list(sessionsNode, ptr+"/sessions") {
		if ses := l.session(sn, fmt.Sprintf("%s/sessions/%d", ptr, i), r); ses != nil {
			r.sessions.add(ses)
		}
	}
	r.participants = newCollection[*entry](0)
	for i, pn := range l.list(participantsNode, ptr+"/participants_v2") {
		pptr := fmt.Sprintf("%s/participants_v2/%d", ptr, i)
		pobj, pok := l.entityParts(pn, pptr, model.Participant(), nil)
		if !pok {
			continue
		}
		// Participant ids may repeat: Graph's own participants_v2 example lists two people under
		// one id, and a pasted response must load. The list keeps both; GET by id finds the first.
		if p, pok := l.newEntry(pn, pptr, model.Participant(), pobj); pok {
			r.participants.addKeepFirst(p)
			l.info.Participants++
		}
	}
	if organizerNode != nil {
		optr := ptr + "/organizer_v2"
		if resolve(organizerNode).ShortTag() == "!!null" {
			r.organizer = []byte("null")
		} else if oobj, ook := l.entityParts(organizerNode, optr, model.Organizer(), nil); ook {
			if l.check != nil {
				for _, v := range l.check(model.Organizer(), oobj.Raw) {
					l.add(l.lineAt(organizerNode, v.Pointer), optr+v.Pointer, "%s", v.Message)
				}
			}
			r.organizer = oobj.Raw
		}
	}
	if r.id != "" && !dup {
		l.st.recs.add(r)
		l.info.CallRecords++
	}
}

// session loads one session with its segments; nil when it cannot be indexed (no id, or an id
// used before).
func (l *loader) session(n *yaml.Node, ptr string, r *record) *session {
	var segmentsNode *yaml.Node
	obj, ok := l.entityParts(n, ptr, model.Session(), func(_ string, v *yaml.Node) { segmentsNode = v })
	if !ok {
		return nil
	}
	e, _ := l.newEntry(n, ptr, model.Session(), obj)
	l.within(n, ptr, e, &r.entry, "call record")
	_, dup := r.sessions.get(e.id)
	if dup && e.id != "" {
		l.add(n.Line, ptr+"/id", "session id %q is used twice in this call record", e.id)
	}
	ses := &session{entry: *e}
	items := l.list(segmentsNode, ptr+"/segments")
	ses.segments = newCollection[*entry](len(items))
	for i, gn := range items {
		gptr := fmt.Sprintf("%s/segments/%d", ptr, i)
		gobj, gok := l.entityParts(gn, gptr, model.Segment(), nil)
		if !gok {
			continue
		}
		g, _ := l.newEntry(gn, gptr, model.Segment(), gobj)
		l.within(gn, gptr, g, &ses.entry, "session")
		if _, gdup := ses.segments.get(g.id); gdup && g.id != "" {
			l.add(gn.Line, gptr+"/id", "segment id %q is used twice in this session", g.id)
		} else if g.id != "" {
			ses.segments.add(g)
			l.info.Segments++
		}
	}
	if e.id == "" || dup {
		return nil
	}
	l.info.Sessions++
	return ses
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

// timeMember parses a DateTimeOffset member; absent or null gives the zero time.
func timeMember(o object, name string) (time.Time, error) {
	v := o.Get(name)
	if v == nil || bytes.Equal(v, []byte("null")) {
		return time.Time{}, nil
	}
	s, ok := o.GetString(name)
	if !ok {
		return time.Time{}, fmt.Errorf("%s must be a date-time string", name)
	}
	t, err := parseDateTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not an ISO 8601 date-time such as 2026-11-20T10:15:42.4170000Z", name, s)
	}
	return t, nil
}

// rfc3339 formats a time for messages.
func rfc3339(t time.Time) string { return t.Format(time.RFC3339Nano) }

// parseDateTime parses Graph's DateTimeOffset: 0 to 7 fractional digits, Z or an offset.
func parseDateTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, s)
}

// lineAt finds the line of the node a JSON pointer (relative to n) names, or n's own line when
// the pointer does not resolve (for a missing member, the parent is the best place to look).
func (l *loader) lineAt(n *yaml.Node, pointer string) int {
	cur := resolve(n)
	line := n.Line
	if pointer == "" {
		return line
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch cur.Kind {
		case yaml.MappingNode:
			ps, err := l.conv.pairs(cur)
			if err != nil {
				return line
			}
			found := false
			for _, p := range ps {
				if p.key == tok {
					line = p.node.Line
					cur = resolve(p.value)
					found = true
					break
				}
			}
			if !found {
				return line
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(cur.Content) {
				return line
			}
			cur = resolve(cur.Content[i])
			line = cur.Line
		default:
			return line
		}
	}
	return line
}

// escapePointer escapes a member name for use as a JSON pointer token.
func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// faultRules reads the faults: section: a list of fault rules in the admin API's JSON form, or
// {preset: graph-throttling}.
func (l *loader) faultRules(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		l.add(n.Line, "/faults", "faults must be a list, found %s", kindName(n))
		return
	}
	for i, item := range n.Content {
		ptr := fmt.Sprintf("/faults/%d", i)
		raw, err := l.conv.appendJSON(nil, item, 1)
		if err != nil {
			l.addErr(item, ptr, err)
			continue
		}
		rules, err := faults.DecodeRules(raw, allRoutes())
		if err != nil {
			l.add(resolve(item).Line, ptr, "%v", err)
			continue
		}
		for _, r := range rules {
			for _, prev := range l.faults {
				if r.ID != "" && r.ID == prev.ID {
					l.add(l.lineAt(item, "/id"), ptr+"/id", "fault rule id %q is used twice", r.ID)
				}
			}
		}
		l.faults = append(l.faults, rules...)
	}
}
