package generate

import (
	"fmt"
	"strings"
	"time"
)

// The PSTN and Direct Routing reports: every PSTN call of the scenario is also a row of
// getPstnCalls (a Calling Plan call, through the mediation server) or getDirectRoutingCalls (a
// call through the tenant's SBC), with the same user, numbers and times as its call record, as
// Teams' usage reports and call records agree in a real tenant.

// mainNumber is the tenant's main number, answered by its auto attendant.
const mainNumber = "+14255550100"

// pstnLeg is what a PSTN call record tells its report row.
type pstnLeg struct {
	user     *user
	number   string // the external number
	outbound bool
	service  bool // inbound to the main number, through the auto attendant and a call queue
	direct   bool // through the tenant's SBC (Direct Routing), else a Calling Plan
}

// reportRow is one row of either report, kept until the records are written (rows are listed
// after them). It holds the row as JSON members in order, ready to be written.
type reportRow struct {
	direct  bool
	members []member
}

// member is one member of a row: its name and its JSON value as written (a literal, or a string
// when str is set).
type member struct {
	name, value string
	str         bool
}

// pstnRow makes the report row of a PSTN call record, or nothing when the call never connected
// on a Calling Plan (the PSTN report lists connected calls; Direct Routing lists failures too).
func (g *generator) pstnRow(r rng, p *recordPlan) (reportRow, bool) {
	leg := p.pstn
	first, last := p.sessions[0], p.sessions[len(p.sessions)-1]
	failed := first.failure != nil && first.failure.stage == "callSetup"
	if failed && !leg.direct {
		return reportRow{}, false
	}
	start, end := first.start, last.end
	seconds := int64(end.Sub(start) / time.Second)
	caller, callee := leg.number, leg.user.number
	if leg.service {
		callee = mainNumber
	}
	if leg.outbound {
		caller, callee = leg.user.number, leg.number
	}
	var row reportRow
	add := func(name, value string) {
		row.members = append(row.members, member{name: name, value: value, str: true})
	}
	lit := func(name, value string) { row.members = append(row.members, member{name: name, value: value}) }
	identity := func() {
		if leg.service {
			lit("userId", "null")
			lit("userPrincipalName", "null")
			lit("userDisplayName", "null")
			return
		}
		add("userId", leg.user.id)
		add("userPrincipalName", leg.user.upn)
		add("userDisplayName", leg.user.name)
	}
	if leg.direct {
		row.direct = true
		zero := "0001-01-01T00:00:00Z"
		add("id", r.guid())
		add("correlationId", r.guid())
		identity()
		add("startDateTime", dateTime(start))
		add("inviteDateTime", dateTime(start.Add(-time.Duration(r.Int64N(int64(6*time.Second/tick)))*tick)))
		if failed {
			add("failureDateTime", dateTime(end))
			add("endDateTime", zero)
			seconds = 0
		} else {
			add("failureDateTime", zero)
			add("endDateTime", dateTime(end))
		}
		lit("duration", integer(seconds))
		callType := "ByotIn"
		switch {
		case leg.outbound:
			callType = "ByotOut"
		case leg.service:
			callType = "ByotInUcap"
		}
		add("callType", callType)
		lit("successfulCall", fmt.Sprint(!failed))
		add("callerNumber", masked(caller))
		add("calleeNumber", masked(callee))
		location := pick(r, []string{"USEA", "USWE", "EUWE", "EUNO"})
		add("mediaPathLocation", location)
		add("signalingLocation", location)
		code, sub, phrase := "0", "540000", "BYE"
		if failed {
			c := pick(r, [][3]string{{"480", "560480", "Temporarily Unavailable"}, {"486", "560486", "Busy Here"}, {"503", "560503", "Service Unavailable"}, {"404", "560404", "Not Found"}})
			code, sub, phrase = c[0], c[1], c[2]
		}
		lit("finalSipCode", code)
		lit("callEndSubReason", sub)
		add("finalSipCodePhrase", phrase)
		add("trunkFullyQualifiedDomainName", "sbc1."+domain)
		lit("mediaBypassEnabled", fmt.Sprint(r.chance(0.6)))
		return row, true
	}
	international := !strings.HasPrefix(leg.number, "+1")
	callType, context, charge := "user_in", "null", "0.00"
	switch {
	case leg.outbound && international:
		callType, context = "user_out_international", `"International"`
		charge = fmt.Sprintf("%.2f", float64(seconds)/60*r.uniform(0.02, 0.09))
	case leg.outbound:
		callType, context = "user_out", `"Domestic"`
	case leg.service:
		callType = "ucap_in"
	}
	add("id", r.guid())
	add("callId", fmt.Sprintf("%d_%d@52.112.%d.%d", 1e9+r.Int64N(3e9), r.Int64N(1e9), r.IntN(256), 1+r.IntN(254)))
	identity()
	add("startDateTime", dateTime(start))
	add("endDateTime", dateTime(end))
	lit("duration", integer(seconds))
	lit("charge", charge)
	add("callType", callType)
	add("calleeNumber", callee)
	lit("connectionCharge", "0.00")
	add("callerNumber", caller)
	lit("destinationContext", context)
	add("destinationName", countryOf(leg.number))
	lit("conferenceId", "null")
	add("currency", "USD")
	add("usageCountryCode", "US")
	add("tenantCountryCode", "US")
	capability, inventory := "MCOPSTN2", "Subscriber"
	if leg.service {
		capability, inventory = "MCOEV_VIRTUALUSER", "Service"
	}
	add("licenseCapability", capability)
	add("inventoryType", inventory)
	add("operator", "Microsoft")
	add("callDurationSource", "microsoft")
	return row, true
}

// masked writes a number as the Direct Routing report shows it: its last three digits hidden.
func masked(n string) string {
	if len(n) < 5 {
		return n
	}
	return n[:len(n)-3] + "***"
}

// countryOf names the country of one of the fictional numbers.
func countryOf(n string) string {
	switch {
	case strings.HasPrefix(n, "+44"):
		return "United Kingdom"
	case strings.HasPrefix(n, "+61"):
		return "Australia"
	}
	return "United States"
}

// writeReports writes the rows of both reports, after the call records, in start order (as the
// records are).
func (g *generator) writeReports(e emitter) {
	for _, direct := range []bool{false, true} {
		key := "pstnCalls"
		if direct {
			key = "directRoutingCalls"
		}
		var rows []reportRow
		for _, row := range g.rows {
			if row.direct == direct {
				rows = append(rows, row)
			}
		}
		if len(rows) == 0 {
			continue
		}
		e.key(key)
		e.arrayStart()
		for _, row := range rows {
			e.entity()
			e.objectStart()
			for _, m := range row.members {
				e.key(m.name)
				if m.str {
					e.str(m.value)
				} else {
					e.lit(m.value)
				}
			}
			e.objectEnd()
		}
		e.arrayEnd()
	}
}
