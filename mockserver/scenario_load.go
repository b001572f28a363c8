package mockserver

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"gopkg.in/yaml.v3"
)

// maxProblems bounds how many problems one load reports; the rest are summarised.
const maxProblems = 100

// loader turns one scenario file into a fresh store, collecting every problem on the way.
type loader struct {
	file     string
	problems []Problem
	conv     converter
	records  []store.RecordData
	ids      map[string]bool // the call record ids seen so far
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
	l := &loader{file: file, ids: map[string]bool{}, check: check, info: ScenarioInfo{Source: file}}
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
	return &loaded{store: store.Build(l.records), info: l.info, faults: l.faults}, nil
}

// loaded is a scenario that passed every check: its store, summary and fault rules.
type loaded struct {
	store  *store.Store
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
			l.records = make([]store.RecordData, 0, len(v.Content))
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
func (l *loader) newEntry(n *yaml.Node, ptr string, t model.EntityType, obj object) (store.Entry, bool) {
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
	e := store.Entry{ID: id, Obj: obj}
	var err error
	if e.Start, err = store.TimeMember(obj, "startDateTime"); err != nil {
		l.add(l.lineAt(n, "/startDateTime"), ptr+"/startDateTime", "%v", err)
		ok = false
	}
	if e.End, err = store.TimeMember(obj, "endDateTime"); err != nil {
		l.add(l.lineAt(n, "/endDateTime"), ptr+"/endDateTime", "%v", err)
		ok = false
	}
	if !e.Start.IsZero() && !e.End.IsZero() && e.End.Before(e.Start) {
		l.add(l.lineAt(n, "/endDateTime"), ptr+"/endDateTime", "endDateTime %s is before startDateTime %s", store.FormatTime(e.End), store.FormatTime(e.Start))
		ok = false
	}
	return e, ok
}

// within reports a child whose times fall outside its parent's.
func (l *loader) within(n *yaml.Node, ptr string, child, parent store.Entry, what string) {
	if !parent.Start.IsZero() && !child.Start.IsZero() && child.Start.Before(parent.Start) {
		l.add(l.lineAt(n, "/startDateTime"), ptr+"/startDateTime", "starts at %s, before its %s starts (%s)", store.FormatTime(child.Start), what, store.FormatTime(parent.Start))
	}
	if !parent.End.IsZero() && !child.End.IsZero() && child.End.After(parent.End) {
		l.add(l.lineAt(n, "/endDateTime"), ptr+"/endDateTime", "ends at %s, after its %s ends (%s)", store.FormatTime(child.End), what, store.FormatTime(parent.End))
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
	r := store.RecordData{Entry: e}
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
		} else if oobj, ook := l.entityParts(organizerNode, optr, model.Organizer(), nil); ook {
			if l.check != nil {
				for _, v := range l.check(model.Organizer(), oobj.Raw) {
					l.add(l.lineAt(organizerNode, v.Pointer), optr+v.Pointer, "%s", v.Message)
				}
			}
			r.Organizer = oobj.Raw
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
