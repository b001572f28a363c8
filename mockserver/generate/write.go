package generate

import (
	"fmt"
	"time"
)

// record draws and writes the i-th call record, starting at start.
func (g *generator) record(e emitter, i int, start time.Time) {
	r := newRNG(g.opts.Seed, recordStream+uint64(i))
	p := g.plan(r, start, g.kinds[i], i == g.long)
	g.sum.Records++
	g.sum.Sessions += len(p.sessions)
	g.sum.Participants += len(p.people)
	if _, ok := e.(*yamlEmitter); ok {
		e.comment(g.summary(i, &p))
	}
	e.entity()
	e.objectStart()
	e.key("id")
	e.str(p.id)
	e.key("version")
	e.lit(integer(int64(p.version)))
	e.key("type")
	if p.kind == groupCall {
		e.str("groupCall")
	} else {
		e.str("peerToPeer")
	}
	e.key("modalities")
	e.enums(p.modalities)
	e.key("lastModifiedDateTime")
	e.str(dateTime(p.end.Add(r.duration(12*time.Minute, 0.5, time.Minute, 2*time.Hour))))
	e.key("startDateTime")
	e.str(dateTime(p.start))
	e.key("endDateTime")
	e.str(dateTime(p.end))
	e.key("joinWebUrl")
	if p.joinURL == "" {
		e.lit("null")
	} else {
		e.str(p.joinURL)
	}
	e.key("organizer_v2")
	g.participant(e, p.organizer)
	e.key("participants_v2")
	e.arrayStart()
	for _, q := range p.people {
		g.participant(e, q)
	}
	e.arrayEnd()
	e.key("sessions")
	e.arrayStart()
	for k := range p.sessions {
		g.session(e, r, &p.sessions[k])
	}
	e.arrayEnd()
	e.objectEnd()
	if p.pstn != nil {
		if row, ok := g.pstnRow(r, &p); ok {
			g.rows = append(g.rows, row)
			if row.direct {
				g.sum.DirectRoutingRows++
			} else {
				g.sum.PstnRows++
			}
		}
	}
}

// summary is the YAML comment above a record.
func (g *generator) summary(i int, p *recordPlan) string {
	kind := map[callKind]string{peerToPeer: "peer-to-peer", groupCall: "group call", pstnCall: "PSTN call"}[p.kind]
	failed := 0
	for _, s := range p.sessions {
		if s.failure != nil {
			failed++
		}
	}
	text := fmt.Sprintf("%d. %s, %s, %d session(s)", i+1, kind, p.end.Sub(p.start).Round(time.Second), len(p.sessions))
	if failed > 0 {
		text += fmt.Sprintf(", %d failed", failed)
	}
	if i == g.long {
		text += fmt.Sprintf(", the long session of %d segments", g.opts.LongSession)
	}
	return text
}

// session writes one session and its segments.
func (g *generator) session(e emitter, r rng, s *sessionPlan) {
	e.entity()
	e.objectStart()
	e.key("id")
	e.str(s.id)
	e.key("modalities")
	e.enums(s.modalities)
	e.key("startDateTime")
	e.str(dateTime(s.start))
	e.key("endDateTime")
	e.str(dateTime(s.end))
	e.key("isTest")
	e.lit("false")
	e.key("caller")
	g.endpoint(e, r, s.caller, s.feedback && s.caller.kind == personParty)
	e.key("callee")
	g.endpoint(e, r, s.callee, false)
	e.key("failureInfo")
	failureInfo(e, s.failure)
	e.key("segments")
	e.arrayStart()
	n := s.segments
	if n == 0 {
		n = g.segmentCount(r)
	}
	ticks := int64(s.end.Sub(s.start) / tick) // whole ticks, so span times n cannot overflow
	for k := range n {
		from := s.start.Add(time.Duration(ticks*int64(k)/int64(n)) * tick)
		to := s.start.Add(time.Duration(ticks*int64(k+1)/int64(n)) * tick)
		if k == n-1 {
			to = s.end
		}
		id := s.id
		if k > 0 {
			id = r.guid()
		}
		var f *failure
		if s.failure != nil && (s.failure.stage == "callSetup" || k == n-1) {
			f = s.failure
		}
		g.segment(e, r, s, id, from, to, f)
	}
	g.sum.Segments += n
	e.arrayEnd()
	e.objectEnd()
}

// segmentCount is how many segments a session has: the option, or mostly one.
func (g *generator) segmentCount(r rng) int {
	if g.opts.Segments > 0 {
		return g.opts.Segments
	}
	return pickWeighted(r, weighted[int]{{85, 1}, {11, 2}, {3, 3}, {1, 4}})
}

// segment writes one segment: its ends, and media unless it failed at call setup.
func (g *generator) segment(e emitter, r rng, s *sessionPlan, id string, from, to time.Time, f *failure) {
	e.entity()
	e.objectStart()
	e.key("id")
	e.str(id)
	e.key("startDateTime")
	e.str(dateTime(from))
	e.key("endDateTime")
	e.str(dateTime(to))
	e.key("caller")
	g.segmentEndpoint(e, r, s.caller)
	e.key("callee")
	g.segmentEndpoint(e, r, s.callee)
	e.key("failureInfo")
	failureInfo(e, f)
	e.key("media")
	e.arrayStart()
	switch {
	case f != nil && f.stage == "callSetup", g.opts.Detail == "bare":
	case g.opts.Detail == "lean":
		g.leanMedia(e, r, s)
	default:
		for _, m := range s.modalities {
			g.media(e, r, s, m, to.Sub(from))
		}
	}
	e.arrayEnd()
	e.objectEnd()
}

// failureInfo writes a failureInfo, or null.
func failureInfo(e emitter, f *failure) {
	if f == nil {
		e.lit("null")
		return
	}
	e.objectStart()
	e.key("stage")
	e.str(f.stage)
	e.key("reason")
	e.str(f.reason)
	e.objectEnd()
}

// segmentEndpoint writes a segment's caller or callee: the session's, without feedback; lean
// segments leave the identity to the session.
func (g *generator) segmentEndpoint(e emitter, r rng, p party) {
	if g.opts.Detail == "full" {
		g.endpoint(e, r, p, false)
		return
	}
	g.leanEndpoint(e, p, false)
}
