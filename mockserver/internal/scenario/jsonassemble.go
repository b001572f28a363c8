package scenario

import (
	"encoding/json"
	"fmt"

	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"gopkg.in/yaml.v3"
)

// loadJSON loads a JSON scenario from r with the JSON loader. errNotPlainJSON means the input
// must go to the YAML loader instead; nothing else is returned for a document it cannot read.
func loadJSON(file string, s *jsonStream, check Checker, faults FaultChecker) (*Loaded, error) {
	l := &loader{file: file, ids: map[string]bool{}, check: check, faultOK: faults, info: Info{Source: file}, build: store.NewBuilder(0)}
	empty, err := s.opened('{', '}')
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for !empty {
		name, keyLine, err := s.key()
		if err != nil {
			return nil, err
		}
		if seen[name] {
			return nil, errNotPlainJSON
		}
		seen[name] = true
		if name == "callRecords" && s.skipSpace() == '[' {
			if err := l.jsonRecords(s); err != nil {
				return nil, err
			}
		} else {
			raw, line, err := s.value()
			if err != nil || !json.Valid(raw) {
				return nil, errNotPlainJSON
			}
			v, err := topValue(raw, line)
			if err != nil {
				return nil, err
			}
			l.topMember(pair{key: name, node: &yaml.Node{Line: keyLine}, value: v})
		}
		more, err := s.next('}')
		if err != nil {
			return nil, err
		}
		empty = !more
	}
	if s.skipSpace() != 0 {
		return nil, errNotPlainJSON
	}
	if s.err != nil {
		return nil, s.err
	}
	if err := l.err(); err != nil {
		return nil, err
	}
	l.info.PstnCalls, l.info.DirectRoutingCalls = len(l.rows[reports.PSTN]), len(l.rows[reports.DirectRouting])
	out := &Loaded{Store: l.build.Store(), Reports: reports.NewBook(l.rows[reports.PSTN], l.rows[reports.DirectRouting]),
		Info: l.info, Faults: l.faults, Clock: l.clockAt, Retention: l.retainText}
	out.Store.SetRetention(l.retain)
	return out, nil
}

// jsonRecords reads, prepares and assembles the callRecords list: reading, preparing and
// assembling run at once, a batch of records apart.
func (l *loader) jsonRecords(s *jsonStream) error {
	read, prepared := make(chan part, 3), make(chan *batch, 3)
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	rd := &reader{s: s, batches: make(chan *batch, 4)}
	if s.free == nil {
		s.free = make(chan []byte, 8)
	}
	go func() {
		readErr <- rd.readRecords(read, stop)
		close(read)
	}()
	go prepareAll(read, prepared, l.check, s.free)
	var failed error
	for b := range prepared {
		if failed != nil {
			continue // drain, so the reader and the workers end
		}
		for _, j := range b.jobs {
			if j.bad {
				failed = errNotPlainJSON
				close(stop)
				break
			}
		}
		if failed == nil {
			for i := range b.units {
				l.assemble(&b.units[i], fmt.Sprintf("/callRecords/%d", b.first+i))
			}
		}
		select { // the reader may reuse it
		case rd.batches <- b:
		default:
		}
	}
	if err := <-readErr; failed == nil && err != nil {
		failed = err
	}
	return failed
}

// addAt records a problem the JSON loader found (line and a pointer relative to ptr).
func (l *loader) addAt(ptr string, p Problem) {
	l.add(p.Line, ptr+p.Pointer, "%s", p.Message)
}

// assemble adds one prepared call record, reporting what the YAML loader reports in the same
// order: the record's own problems, a repeated id, each session (its problems, times outside the
// record's, a repeated id, then its segments'), the participants', the organizer's.
func (l *loader) assemble(u *recordUnit, ptr string) {
	rj := u.job
	for _, p := range rj.probs {
		l.addAt(ptr, p)
	}
	r := store.RecordData{Entry: rj.entry}
	if u.available != nil {
		if n, err := topValue(u.available, u.availLine); err == nil {
			r.Timing = l.availability(n, ptr, rj.entry)
		}
	}
	dup := l.ids[r.ID]
	if dup && r.ID != "" {
		l.add(rj.line, ptr+"/id", "call record id %q is used twice", r.ID)
	}
	sessionIDs := map[string]bool{}
	for i := range u.sessions {
		if ses, ok := l.assembleSession(&u.sessions[i], fmt.Sprintf("%s/sessions/%d", ptr, i), r.Entry, sessionIDs); ok {
			r.Sessions = append(r.Sessions, ses)
		}
	}
	for i, pj := range u.participants {
		pptr := fmt.Sprintf("%s/participants_v2/%d", ptr, i)
		for _, p := range pj.probs {
			l.addAt(pptr, p)
		}
		if pj.ok {
			r.Participants = append(r.Participants, pj.entry)
			l.info.Participants++
		}
	}
	switch {
	case u.nullOrg:
		r.Organizer = []byte("null")
	case u.organizer != nil:
		for _, p := range u.organizer.probs {
			l.addAt(ptr+"/organizer_v2", p)
		}
		if u.organizer.ok {
			r.Organizer = u.organizer.entry.Obj.Raw
		}
	}
	if r.ID != "" && !dup {
		l.ids[r.ID] = true
		if len(l.problems) == 0 { // a scenario with problems is never built
			l.build.Add(r)
		}
		l.info.CallRecords++
	}
}

// assembleSession adds one prepared session with its segments; ok is false when it cannot be
// indexed (no id, or an id in seen).
func (l *loader) assembleSession(su *sessionUnit, ptr string, parent store.Entry, seen map[string]bool) (store.SessionData, bool) {
	sj := su.job
	for _, p := range sj.probs {
		l.addAt(ptr, p)
	}
	e := sj.entry
	for _, p := range withinOf(e, parent, "call record") {
		l.add(sj.lineOf(p.pointer), ptr+p.pointer, "%s", p.msg)
	}
	dup := seen[e.ID]
	if dup && e.ID != "" {
		l.add(sj.line, ptr+"/id", "session id %q is used twice in this call record", e.ID)
	}
	ses := store.SessionData{Entry: e, Segments: make([]store.Entry, 0, len(su.segments))}
	var segmentIDs map[string]bool // only for long sessions: short ones are searched
	if len(su.segments) > 16 {
		segmentIDs = make(map[string]bool, len(su.segments))
	}
	taken := func(id string) bool {
		if segmentIDs != nil {
			return segmentIDs[id]
		}
		for _, g := range ses.Segments {
			if g.ID == id {
				return true
			}
		}
		return false
	}
	for i, gj := range su.segments {
		gptr := func() string { return fmt.Sprintf("%s/segments/%d", ptr, i) } // only for problems
		for _, p := range gj.probs {
			l.addAt(gptr(), p)
		}
		g := gj.entry
		for _, p := range withinOf(g, e, "session") {
			l.add(gj.lineOf(p.pointer), gptr()+p.pointer, "%s", p.msg)
		}
		if g.ID != "" && taken(g.ID) {
			l.add(gj.line, gptr()+"/id", "segment id %q is used twice in this session", g.ID)
		} else if g.ID != "" {
			if segmentIDs != nil {
				segmentIDs[g.ID] = true
			}
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
