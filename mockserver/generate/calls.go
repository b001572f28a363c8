package generate

import (
	"slices"
	"time"
)

// generator holds what every record draws on: the options, the directory and the sorted start
// times of the calls.
type generator struct {
	opts   Options
	dir    *directory
	starts []time.Time // when each record starts, in order
	kinds  []callKind  // what each record is
	long   int         // the index in starts of the long-session record, or -1
	sum    Summary
	rows   []reportRow // the PSTN calls' report rows, written after the records
}

func newGenerator(o Options) *generator {
	g := &generator{opts: o, dir: newDirectory(newRNG(o.Seed, directoryStream), o.Users), long: -1}
	n := o.Records
	if o.LongSession > 0 {
		n++
	}
	g.starts, g.kinds = g.schedule(newRNG(o.Seed, timesStream), n)
	if o.LongSession > 0 {
		g.long = n / 2 // a record in the middle of the listing
		g.kinds[g.long] = peerToPeer
	}
	return g
}

// schedule draws every record's kind and start, in start order: a scheduled meeting starts on the
// hour or the half hour (give or take), so records are listed in the order their calls started,
// as an export lists them and as the store's $filter on startDateTime finds fastest.
func (g *generator) schedule(r rng, n int) ([]time.Time, []callKind) {
	o := g.opts
	type call struct {
		at   time.Time
		kind callKind
	}
	calls := make([]call, n)
	for i, at := range startTimes(r, n, o.End, o.Window) {
		kind := pickWeighted(r, weighted[callKind]{{o.PeerToPeer, peerToPeer}, {o.Group, groupCall}, {o.PSTN, pstnCall}})
		if kind == groupCall && r.chance(0.6) {
			snapped := at.Truncate(30 * time.Minute).Add(time.Duration(r.Int64N(int64(3*time.Minute/tick))) * tick)
			if !snapped.Before(o.End.Add(-o.Window)) {
				at = snapped
			}
		}
		calls[i] = call{at, kind}
	}
	slices.SortStableFunc(calls, func(a, b call) int { return a.at.Compare(b.at) })
	starts, kinds := make([]time.Time, n), make([]callKind, n)
	for i, c := range calls {
		starts[i], kinds[i] = c.at, c.kind
	}
	return starts, kinds
}

// callKind is what a call record is made of.
type callKind int

const (
	peerToPeer callKind = iota
	groupCall
	pstnCall
)

// partyKind is what stands at one end of a session.
type partyKind int

const (
	personParty  partyKind = iota // a user's device (or a room's console)
	guestParty                    // an anonymous guest on the web client
	acsParty                      // an Azure Communication Services user
	serviceParty                  // a Teams service (MCU, mediation server, gateway, queue...)
)

// party is one end of a session.
type party struct {
	kind    partyKind
	user    *user // a person or room
	dev     *device
	id      string // a guest's or ACS user's id
	name    string
	service service
}

// failure is why a session failed.
type failure struct {
	stage, reason string
}

// sessionPlan is a session before it is written: who, what, when, and whether it failed.
type sessionPlan struct {
	id             string
	caller, callee party
	modalities     []string
	start, end     time.Time
	failure        *failure
	feedback       bool
	pstn           bool // a leg to the phone network (audio codecs of the PSTN)
	segments       int  // when positive, how many segments it has (the long session)
}

// recordPlan is a call record before it is written.
type recordPlan struct {
	id         string
	kind       callKind
	version    int
	start, end time.Time
	modalities []string
	joinURL    string
	organizer  participant
	people     []participant
	sessions   []sessionPlan
	pstn       *pstnLeg // a PSTN call's leg, for its report row
}

// participant is an entry of participants_v2 (and organizer_v2).
type participant struct {
	id    string
	user  *user  // a person or room
	phone string // a phone number
	guest *party // a guest or ACS user
}

func personOf(u *user) participant { return participant{id: u.id, user: u} }

func phoneOf(n string) participant { return participant{id: n, phone: n} }

// plan draws a call record: its kind, people, sessions and times.
func (g *generator) plan(r rng, start time.Time, kind callKind, long bool) recordPlan {
	o := g.opts
	p := recordPlan{id: r.guid(), kind: kind, version: 1}
	switch kind {
	case peerToPeer:
		g.planPeerToPeer(r, &p, start, long)
	case groupCall:
		g.planGroup(r, &p, start)
	default:
		g.planPSTN(r, &p, start)
	}
	if o.FailureRate > 0 {
		g.fail(r, &p)
	}
	p.start, p.end = p.sessions[0].start, p.sessions[0].end
	seen := map[string]bool{}
	p.modalities = p.modalities[:0]
	for i := range p.sessions {
		s := &p.sessions[i]
		if s.start.Before(p.start) {
			p.start = s.start
		}
		if s.end.After(p.end) {
			p.end = s.end
		}
		for _, m := range s.modalities {
			if !seen[m] {
				seen[m] = true
				p.modalities = append(p.modalities, m)
			}
		}
	}
	slices.SortFunc(p.modalities, func(a, b string) int { return modalityOrder(a) - modalityOrder(b) })
	return p
}

// modalityOrder is the order of Graph's modality enum.
func modalityOrder(m string) int {
	return slices.Index([]string{"audio", "video", "videoBasedScreenSharing", "data", "screenSharing"}, m)
}

// pickPerson returns a random user and one of their devices.
func (g *generator) pickPerson(r rng) (*user, *device) {
	u := &g.dir.users[r.IntN(len(g.dir.users))]
	return u, &u.devices[r.IntN(len(u.devices))]
}

// personParty is a user calling from a device.
func person(u *user, d *device) party { return party{kind: personParty, user: u, dev: d} }

// sessionCount is how many sessions a call has: the option, or what the call makes.
func (g *generator) sessionCount(natural int) int {
	if g.opts.Sessions > 0 {
		return g.opts.Sessions
	}
	return natural
}

// planPeerToPeer is a call between two users: one session, the record's GUID reused for it as
// Graph's own examples do.
func (g *generator) planPeerToPeer(r rng, p *recordPlan, start time.Time, long bool) {
	a, da := g.pickPerson(r)
	b, db := g.pickPerson(r)
	for b == a && len(g.dir.users) > 1 {
		b, db = g.pickPerson(r)
	}
	mods := pickWeighted(r, weighted[[]string]{{75, []string{"audio"}}, {18, []string{"audio", "video"}}, {7, []string{"audio", "video", "videoBasedScreenSharing"}}})
	d := r.duration(5*time.Minute, 1.0, 20*time.Second, 3*time.Hour)
	if long {
		d = 8 * time.Hour
	}
	p.organizer = personOf(a)
	p.people = []participant{personOf(a), personOf(b)}
	if long {
		s := sessionPlan{id: p.id, caller: person(a, da), callee: person(b, db), modalities: mods, start: start, end: start.Add(d), segments: g.opts.LongSession}
		p.sessions = append(p.sessions, s)
		return
	}
	at := start
	for i := range g.sessionCount(1) {
		id := p.id
		if i > 0 {
			id = r.guid()
		}
		s := sessionPlan{id: id, caller: person(a, da), callee: person(b, db), modalities: mods, start: at, end: at.Add(d)}
		s.feedback = r.chance(0.1)
		p.sessions = append(p.sessions, s)
		at = s.end.Add(r.duration(30*time.Second, 0.5, time.Second, 5*time.Minute))
	}
}

// planGroup is a meeting: an organizer, people joining from their devices (a room, a guest, a
// phone now and then), each in a session with the conference's audio/video MCU.
func (g *generator) planGroup(r rng, p *recordPlan, start time.Time) {
	p.version = pickWeighted(r, weighted[int]{{70, 1}, {20, 2}, {10, 3}})
	p.joinURL = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + r.guid()[:24] + "%40thread.v2/0?context=%7b%22Tid%22%3a%22" + g.dir.tenant + "%22%7d"
	d := r.duration(30*time.Minute, 0.7, 2*time.Minute, 5*time.Hour)
	end := start.Add(d)
	n := g.sessionCount(min(2+int(r.lognormal(3, 0.8)), 250))
	video, sharing := r.chance(0.55), r.chance(0.4)
	org, dorg := g.pickPerson(r)
	p.organizer = personOf(org)
	mcu := party{kind: serviceParty, service: avMCU()}
	used := map[*user]bool{}
	for i := range n {
		s := sessionPlan{id: r.guid(), callee: mcu, modalities: []string{"audio"}}
		s.start, s.end = start, end
		if i > 0 { // people join late and leave early
			s.start = start.Add(time.Duration(r.Int64N(int64(min(d/4, 10*time.Minute)/tick)+1)) * tick)
			if r.chance(0.3) {
				s.end = end.Add(-time.Duration(r.Int64N(int64((end.Sub(s.start))/2/tick)+1)) * tick)
			}
		}
		switch who := r.Float64(); {
		case i == 0:
			s.caller = person(org, dorg)
			used[org] = true
			p.people = append(p.people, personOf(org))
		case who < 0.04 && len(g.dir.rooms) > 0:
			room := &g.dir.rooms[r.IntN(len(g.dir.rooms))]
			s.caller = person(room, &room.devices[0])
			p.people = append(p.people, personOf(room))
		case who < 0.08:
			guest := party{kind: guestParty, id: r.guid(), name: "Guest " + pick(r, []string{"(external)", "Consultant", "Vendor", "Candidate"})}
			if r.chance(0.15) {
				guest.kind, guest.id = acsParty, "8:acs:"+r.guid()+"_"+r.guid()
			}
			s.caller = guest
			p.people = append(p.people, participant{id: guest.id, guest: &guest})
		case who < 0.12:
			number := pick(r, g.dir.phones)
			s.caller, s.pstn = party{kind: serviceParty, service: pick(r, []service{mediationServer(), sbcGateway()})}, true
			p.people = append(p.people, phoneOf(number))
		default:
			u, dev := g.pickPerson(r)
			if used[u] {
				u, dev = g.pickPerson(r) // one more try for someone new; repeats are rejoins
			}
			used[u] = true
			s.caller = person(u, dev)
			p.people = append(p.people, personOf(u))
		}
		if video && !s.pstn && r.chance(0.7) {
			s.modalities = append(s.modalities, "video")
		}
		if sharing && i == 0 {
			s.modalities = append(s.modalities, "videoBasedScreenSharing")
		}
		s.feedback = s.caller.kind == personParty && r.chance(0.08)
		p.sessions = append(p.sessions, s)
	}
	p.people = dedupe(p.people)
}

// dedupe keeps the first participant of each id: participants_v2 lists distinct people.
func dedupe(ps []participant) []participant {
	seen := map[string]bool{}
	out := ps[:0]
	for _, q := range ps {
		if !seen[q.id] {
			seen[q.id] = true
			out = append(out, q)
		}
	}
	return out
}

// planPSTN is a call between a user and the phone network through a Calling Plan mediation
// server or a Direct Routing gateway: outbound, or inbound (sometimes through an auto attendant
// and a call queue before an agent answers, or ending in voicemail).
func (g *generator) planPSTN(r rng, p *recordPlan, start time.Time) {
	u, dev := g.pickPerson(r)
	number := pick(r, g.dir.phones)
	trunk := party{kind: serviceParty, service: mediationServer()}
	if r.chance(0.4) {
		trunk.service = sbcGateway()
	}
	d := r.duration(3*time.Minute, 1.0, 10*time.Second, 2*time.Hour)
	p.people = []participant{personOf(u), phoneOf(number)}
	p.pstn = &pstnLeg{user: u, number: number, direct: trunk.service.role == "gateway"}
	var legs []sessionPlan
	if r.chance(0.55) { // outbound: the user dials out
		p.pstn.outbound = true
		p.organizer = personOf(u)
		legs = append(legs, sessionPlan{caller: person(u, dev), callee: trunk, start: start, end: start.Add(d)})
	} else {
		p.organizer = phoneOf(number)
		at := start
		if r.chance(0.35) { // through the auto attendant and a call queue
			p.pstn.service = true
			aa := at.Add(r.duration(25*time.Second, 0.4, 5*time.Second, 2*time.Minute))
			legs = append(legs, sessionPlan{caller: trunk, callee: party{kind: serviceParty, service: autoAttendant()}, start: at, end: aa})
			cq := aa.Add(r.duration(90*time.Second, 0.8, 5*time.Second, 20*time.Minute))
			legs = append(legs, sessionPlan{caller: trunk, callee: party{kind: serviceParty, service: callQueue()}, start: aa, end: cq})
			at = cq
		}
		callee := person(u, dev)
		if r.chance(0.1) {
			callee = party{kind: serviceParty, service: voicemail()}
			d = r.duration(40*time.Second, 0.5, 5*time.Second, 5*time.Minute)
		}
		legs = append(legs, sessionPlan{caller: trunk, callee: callee, start: at, end: at.Add(d)})
	}
	for i := range g.sessionCount(len(legs)) {
		s := legs[i%len(legs)]
		if i >= len(legs) { // more sessions than the call makes: the caller calls again
			last := p.sessions[len(p.sessions)-1]
			s.start = last.end.Add(r.duration(time.Minute, 0.5, time.Second, 10*time.Minute))
			s.end = s.start.Add(legs[i%len(legs)].end.Sub(legs[i%len(legs)].start))
		}
		s.id, s.modalities, s.pstn = r.guid(), []string{"audio"}, true
		if i == 0 && len(legs) == 1 && g.opts.Sessions == 0 {
			s.id = p.id
		}
		p.sessions = append(p.sessions, s)
	}
}

// fail marks sessions failed at the option's rate: at call setup (short, no media) or mid-call
// (cut short). A peer-to-peer record whose only session fails is a failed call.
func (g *generator) fail(r rng, p *recordPlan) {
	for i := range p.sessions {
		s := &p.sessions[i]
		if !r.chance(g.opts.FailureRate) {
			continue
		}
		if r.chance(0.6) {
			s.failure = &failure{stage: "callSetup", reason: pick(r, setupReasons(s.pstn))}
			s.end = s.start.Add(r.duration(8*time.Second, 0.6, time.Second, 45*time.Second))
		} else {
			s.failure = &failure{stage: "midcall", reason: pick(r, midcallReasons())}
			s.end = s.start.Add(time.Duration(r.Int64N(int64(s.end.Sub(s.start)/tick)+1)) * tick)
		}
	}
}

func setupReasons(pstn bool) []string {
	if pstn {
		return []string{"Call setup failed (PSTN gateway unreachable)", "SIP 503 Service Unavailable from the PSTN gateway", "The number dialed is not reachable (SIP 404)", "Call setup timed out waiting for the PSTN gateway"}
	}
	return []string{"Media connectivity could not be established (ICE checks failed)", "Call setup timed out before the callee answered", "No common codec between the endpoints", "The callee's client rejected the call (policy)"}
}

func midcallReasons() []string {
	return []string{"Media connectivity lost mid-call (network interruption)", "Media timeout: no packets received for 30 seconds", "The client stopped responding mid-call", "ICE restart failed after a network change"}
}
