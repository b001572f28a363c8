// Package reports holds the rows of the two report functions bound to the callRecords collection,
// getPstnCalls and getDirectRoutingCalls, and what a call of either means: its parameters (a
// fromDateTime and a toDateTime, as bare dates or RFC 3339 times), the range they select on the
// rows' start times (PSTN's toDateTime inclusive, Direct Routing's exclusive, 90 days at most) and
// the pages Graph answers with (1,000 rows, fewer when the client asks). Rows are immutable once
// loaded, so one Book serves every namespace that loaded the same scenario. It knows nothing of
// HTTP: a call that cannot be answered is a *ParamError or a *RangeError, which the HTTP layer
// maps to Graph's statuses.
package reports

import "github.com/graphmock/graphmock/mockserver/internal/model"

// Kind is one of the two reports.
type Kind uint8

// The two reports: Graph's only functions bound to the callRecords collection in v1.0.
const (
	// PSTN is getPstnCalls: Calling Plan and Operator Connect calls, pstnCallLogRow rows.
	PSTN Kind = iota
	// DirectRouting is getDirectRoutingCalls: calls through the tenant's own SBCs,
	// directRoutingLogRow rows.
	DirectRouting
)

// Kinds lists both reports, in the order scenarios, snapshots and exports write them.
func Kinds() []Kind { return []Kind{PSTN, DirectRouting} }

// Function is the function's name as the docs' URLs spell it (getPstnCalls); the SDKs put
// Namespace in front of it.
func (k Kind) Function() string {
	if k == DirectRouting {
		return "getDirectRoutingCalls"
	}
	return "getPstnCalls"
}

// Namespace qualifies a function name in the SDKs' URLs: microsoft.graph.callRecords.getPstnCalls.
const Namespace = "microsoft.graph.callRecords."

// Type is the type of the report's rows.
func (k Kind) Type() model.EntityType {
	if k == DirectRouting {
		return model.DirectRoutingLogRow()
	}
	return model.PstnCallLogRow()
}

// ScenarioKey is the top-level key of a scenario that lists the report's rows.
func (k Kind) ScenarioKey() string {
	if k == DirectRouting {
		return "directRoutingCalls"
	}
	return "pstnCalls"
}

// endInclusive reports whether toDateTime itself belongs to the range: it does for getPstnCalls
// ("UTC, inclusive") and not for getDirectRoutingCalls ("UTC, exclusive"), as the docs say.
func (k Kind) endInclusive() bool { return k == PSTN }
