package generate

// Identities, participants and endpoints: the people of the directory as Graph shows them in
// organizer_v2, participants_v2 and a session's or segment's caller and callee.

// participant writes an organizer_v2 or participants_v2 entry: the id and a
// communicationsIdentitySet (user, phone, guest or Azure Communication Services user).
func (g *generator) participant(e emitter, q participant) {
	e.objectStart()
	e.key("id")
	e.str(q.id)
	e.key("identity")
	e.objectStart()
	e.key("@odata.type")
	e.str("#microsoft.graph.communicationsIdentitySet")
	switch {
	case q.user != nil:
		e.key("user")
		e.objectStart()
		g.userMembers(e, q.user)
		e.objectEnd()
		if q.user.devices[0].agent.platform == "roomSystem" {
			e.key("endpointType")
			e.str("default")
		}
	case q.phone != "":
		e.key("phone")
		e.objectStart()
		e.key("id")
		e.str(q.phone)
		e.objectEnd()
	case q.guest != nil && q.guest.kind == acsParty:
		e.key("azureCommunicationServicesUser")
		e.objectStart()
		e.key("id")
		e.str(q.guest.id)
		e.key("displayName")
		e.str(q.guest.name)
		e.objectEnd()
	case q.guest != nil:
		e.key("guest")
		e.objectStart()
		e.key("id")
		e.str(q.guest.id)
		e.key("displayName")
		e.str(q.guest.name)
		e.objectEnd()
	}
	e.objectEnd()
	e.key("administrativeUnitInfos")
	e.arrayStart()
	if q.user != nil && q.user.adminUnit != "" {
		e.objectStart()
		e.key("id")
		e.str(q.user.adminUnit)
		e.objectEnd()
	}
	e.arrayEnd()
	e.objectEnd()
}

// endpoint writes a caller or callee: a participantEndpoint for a person, guest or ACS user, a
// serviceEndpoint for a Teams service. withFeedback adds the user's rating of the session.
func (g *generator) endpoint(e emitter, r rng, p party, withFeedback bool) {
	if g.opts.Detail != "full" {
		g.leanEndpoint(e, p, true)
		return
	}
	e.objectStart()
	e.key("@odata.type")
	if p.kind == serviceParty {
		e.str("#microsoft.graph.callRecords.serviceEndpoint")
		e.key("userAgent")
		e.objectStart()
		e.key("@odata.type")
		e.str("#microsoft.graph.callRecords.serviceUserAgent")
		e.key("headerValue")
		e.str(p.service.header)
		e.key("applicationVersion")
		e.str(p.service.version)
		e.key("role")
		e.str(p.service.role)
		e.objectEnd()
		e.objectEnd()
		return
	}
	e.str("#microsoft.graph.callRecords.participantEndpoint")
	agent := clientAgent{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0 TeamsWeb/25306.804.4102.7193", "25306.804.4102.7193", "web", "teams"}
	if p.kind == acsParty {
		agent = clientAgent{"azsdk-js-communication-calling/1.38.1 (Windows NT 10.0; Win64; x64)", "1.38.1", "web", "azureCommunicationServices"}
	}
	if p.dev != nil {
		agent = p.dev.agent
		e.key("name")
		e.str(p.dev.name)
		if p.dev.cpuName != "" {
			e.key("cpuName")
			e.str(p.dev.cpuName)
			e.key("cpuCoresCount")
			e.lit(integer(int64(p.dev.cpuCores)))
			e.key("cpuProcessorSpeedInMhz")
			e.lit(integer(int64(p.dev.mhz)))
		}
	}
	e.key("userAgent")
	e.objectStart()
	e.key("@odata.type")
	e.str("#microsoft.graph.callRecords.clientUserAgent")
	e.key("headerValue")
	e.str(agent.header)
	e.key("applicationVersion")
	e.str(agent.version)
	e.key("platform")
	e.str(agent.platform)
	e.key("productFamily")
	e.str(agent.family)
	if agent.family == "teams" {
		e.key("azureADAppId")
		e.str(teamsAppID)
	}
	e.objectEnd()
	e.key("associatedIdentity")
	e.objectStart()
	switch {
	case p.user != nil:
		e.key("@odata.type")
		e.str("#microsoft.graph.communicationsUserIdentity")
		g.userMembers(e, p.user)
	case p.kind == acsParty:
		e.key("@odata.type")
		e.str("#microsoft.graph.azureCommunicationServicesUserIdentity")
		e.key("id")
		e.str(p.id)
		e.key("displayName")
		e.str(p.name)
	default:
		e.key("@odata.type")
		e.str("#microsoft.graph.communicationsGuestIdentity")
		e.key("id")
		e.str(p.id)
		e.key("displayName")
		e.str(p.name)
	}
	e.objectEnd()
	if withFeedback {
		feedback(e, r)
	}
	e.objectEnd()
}

// feedback writes a user's rating of a session: mostly good, with the tokens of what went wrong
// when it was not.
func feedback(e emitter, r rng) {
	rating := pickWeighted(r, weighted[string]{{30, "excellent"}, {35, "good"}, {18, "fair"}, {10, "poor"}, {7, "bad"}})
	e.key("feedback")
	e.objectStart()
	e.key("rating")
	e.str(rating)
	e.key("text")
	if bad := rating == "poor" || rating == "bad"; bad && r.chance(0.5) {
		e.str(pick(r, []string{"Could not hear the others for a while.", "Lots of echo.", "Video kept freezing.", "The call dropped and I had to rejoin."}))
	} else {
		e.lit("null")
	}
	e.key("tokens")
	e.objectStart()
	if rating != "excellent" && rating != "good" {
		for _, t := range []string{"NoSound", "OtherNoSound", "Echo", "Noisy", "LowVolume", "Stopped", "DistortedSound", "Interruptions"} {
			e.key(t)
			if r.chance(0.25) {
				e.lit("true")
			} else {
				e.lit("false")
			}
		}
	}
	e.objectEnd()
	e.objectEnd()
}

// leanEndpoint writes an endpoint with only what tells who it is: its type, its user agent's
// platform and product family (or service role) and, with identity, its identity's id and name
// (lean segments leave that to their session).
func (g *generator) leanEndpoint(e emitter, p party, identity bool) {
	e.objectStart()
	e.key("@odata.type")
	if p.kind == serviceParty {
		e.str("#microsoft.graph.callRecords.serviceEndpoint")
		e.key("userAgent")
		e.objectStart()
		e.key("@odata.type")
		e.str("#microsoft.graph.callRecords.serviceUserAgent")
		e.key("role")
		e.str(p.service.role)
		e.objectEnd()
		e.objectEnd()
		return
	}
	e.str("#microsoft.graph.callRecords.participantEndpoint")
	platform, family := "web", "teams"
	if p.dev != nil {
		platform, family = p.dev.agent.platform, p.dev.agent.family
	} else if p.kind == acsParty {
		family = "azureCommunicationServices"
	}
	e.key("userAgent")
	e.objectStart()
	e.key("@odata.type")
	e.str("#microsoft.graph.callRecords.clientUserAgent")
	e.key("platform")
	e.str(platform)
	e.key("productFamily")
	e.str(family)
	e.objectEnd()
	if !identity {
		e.objectEnd()
		return
	}
	e.key("associatedIdentity")
	e.objectStart()
	id, name := p.id, p.name
	if p.user != nil {
		id, name = p.user.id, p.user.name
	}
	e.key("id")
	e.str(id)
	e.key("displayName")
	e.str(name)
	e.objectEnd()
	e.objectEnd()
}

// userMembers writes a directory user as Graph's identities name one: id, displayName, tenantId
// and userPrincipalName.
func (g *generator) userMembers(e emitter, u *user) {
	e.key("id")
	e.str(u.id)
	e.key("displayName")
	e.str(u.name)
	e.key("tenantId")
	e.str(g.dir.tenant)
	e.key("userPrincipalName")
	e.str(u.upn)
}
