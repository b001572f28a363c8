package scenario

import (
	"fmt"
	"slices"

	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/store"
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
		} else if err := l.jsonTopMember(s, name, keyLine); err != nil {
			return nil, err
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
	a := &assembler{l: l}
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
				a.record(&b.units[i], b.first+i)
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

// assembler checks prepared records in the YAML loader's order and hands them to the store
// builder entity by entity. It keeps the ids met among one record's sessions and among one
// session's segments from one to the next, so a record costs no map or list of its own.
type assembler struct {
	l        *loader
	sessions idSet
	segments idSet
}

// The JSON pointers of the entities assembled, made for problems only, not for every segment.
func recordPointer(r int) string     { return fmt.Sprintf("/callRecords/%d", r) }
func sessionPointer(r, s int) string { return fmt.Sprintf("/callRecords/%d/sessions/%d", r, s) }
func segmentPointer(r, s, g int) string {
	return fmt.Sprintf("%s/segments/%d", sessionPointer(r, s), g)
}

// record adds call record number ri, reporting what the YAML loader reports in the same order:
// the record's own problems, a repeated id, each session (its problems, times outside the
// record's, a repeated id, then its segments'), the participants', the organizer's. It is built
// into the store only while the scenario has no problem, decided when it begins: a problem met
// after that (a participant that is not ok among them) fails the load, store and all.
func (a *assembler) record(u *recordUnit, ri int) {
	l, rj := a.l, u.job
	for _, p := range rj.probs {
		l.addAt(recordPointer(ri), p)
	}
	var timing store.Timing
	if u.available != nil {
		if n, err := topValue(u.available, u.availLine); err == nil {
			timing = l.availability(n, recordPointer(ri), rj.entry)
		}
	}
	id, dup := rj.entry.ID, l.ids[rj.entry.ID]
	if dup && id != "" {
		l.add(rj.line, recordPointer(ri)+"/id", "call record id %q is used twice", id)
	}
	build := id != "" && !dup && len(l.problems) == 0
	if build {
		l.build.BeginRecord(rj.entry, len(u.sessions), len(u.participants))
	}
	a.sessions.reset(len(u.sessions))
	for i := range u.sessions {
		a.session(&u.sessions[i], ri, i, rj.entry, build)
	}
	for i, pj := range u.participants {
		for _, p := range pj.probs {
			l.addAt(fmt.Sprintf("%s/participants_v2/%d", recordPointer(ri), i), p)
		}
		if pj.ok {
			if build {
				l.build.AddParticipant(pj.entry)
			}
			l.info.Participants++
		}
	}
	var organizer []byte
	switch {
	case u.nullOrg:
		organizer = []byte("null")
	case u.organizer != nil:
		for _, p := range u.organizer.probs {
			l.addAt(recordPointer(ri)+"/organizer_v2", p)
		}
		if u.organizer.ok {
			organizer = u.organizer.entry.Obj.Raw
		}
	}
	if id != "" && !dup {
		l.ids[id] = true
		if build {
			l.build.EndRecord(organizer, timing)
		}
		l.info.CallRecords++
	}
}

// session adds session si of record ri with its segments (to the store when build is set and it
// can be indexed: it has an id not met before in its record).
func (a *assembler) session(su *sessionUnit, ri, si int, parent store.Entry, build bool) {
	l, sj, e := a.l, su.job, su.job.entry
	for _, p := range sj.probs {
		l.addAt(sessionPointer(ri, si), p)
	}
	for _, p := range withinOf(e, parent, "call record") {
		l.add(sj.lineOf(p.pointer), sessionPointer(ri, si)+p.pointer, "%s", p.msg)
	}
	dup := e.ID != "" && !a.sessions.add(e.ID)
	if dup {
		l.add(sj.line, sessionPointer(ri, si)+"/id", "session id %q is used twice in this call record", e.ID)
	}
	keep := build && e.ID != "" && !dup
	if keep {
		l.build.AddSession(e, len(su.segments))
	}
	a.segments.reset(len(su.segments))
	for i, gj := range su.segments {
		for _, p := range gj.probs {
			l.addAt(segmentPointer(ri, si, i), p)
		}
		g := gj.entry
		for _, p := range withinOf(g, e, "session") {
			l.add(gj.lineOf(p.pointer), segmentPointer(ri, si, i)+p.pointer, "%s", p.msg)
		}
		if g.ID != "" && !a.segments.add(g.ID) {
			l.add(gj.line, segmentPointer(ri, si, i)+"/id", "segment id %q is used twice in this session", g.ID)
		} else if g.ID != "" {
			if keep {
				l.build.AddSegment(g)
			}
			l.info.Segments++
		}
	}
	if e.ID != "" && !dup {
		l.info.Sessions++
	}
}

// idSet is the ids met so far among the children of one parent, for reporting a repeated one:
// searched in order, or in a map for a parent announced with more than 16 children. It is reset
// and reused from parent to parent, so a million parents cost no allocation each.
type idSet struct {
	list []string
	m    map[string]bool
}

// reset empties the set for a parent of about n children.
func (s *idSet) reset(n int) {
	clear(s.list) // the ids point into stored JSON: hold none past their parent
	s.list, s.m = s.list[:0], nil
	if n > 16 {
		s.m = make(map[string]bool, n)
	}
}

// add adds id and reports whether it is new since the last reset.
func (s *idSet) add(id string) (added bool) {
	if s.m != nil {
		added = !s.m[id]
		s.m[id] = true
	} else if added = !slices.Contains(s.list, id); added {
		s.list = append(s.list, id)
	}
	return added
}
