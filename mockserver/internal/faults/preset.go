package faults

import "time"

// GraphThrottling returns rate-limit rules with Graph's documented callRecords limits: 40
// requests per 20 seconds for listing call records, and 40 per 20 seconds per call record for
// everything under one record, so a client's throttling handling can be tested against the limits
// it meets in production. The routes are named as in the server's route table, which checks them
// when the rules are added.
func GraphThrottling() []Fault {
	perRecord := []Route{"getCallRecord", "listSessions", "getSession", "countSessions", "listSegments",
		"getSegment", "countSegments", "createSegment", "updateSegment", "deleteSegment",
		"listParticipants", "getParticipant", "countParticipants", "getOrganizer"}
	return []Fault{
		{ID: "graph-throttling-list", Routes: []Route{"listCallRecords", "countCallRecords"}, RateLimit: &RateLimit{Limit: 40, Window: 20 * time.Second, Per: "server"}},
		{ID: "graph-throttling-per-call-record", Routes: perRecord, RateLimit: &RateLimit{Limit: 40, Window: 20 * time.Second, Per: "callRecord"}},
	}
}
