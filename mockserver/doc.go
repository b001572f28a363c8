// Package mockserver is graphmock's engine: a test double for the Microsoft Graph callRecords API
// (call records, their sessions and the sessions' segments, plus organizer_v2 and
// participants_v2), seeded from YAML scenarios in Graph's own JSON shape.
//
// What is faked: the URL templates under /v1.0 and /beta; OData paging with absolute
// @odata.nextLink and opaque $skiptoken; $select, $expand (sessions($expand=segments),
// participants_v2), $filter on startDateTime and participants_v2/id, $top, $skip, $count and
// /$count; Prefer: odata.maxpagesize; @odata.context; the request-id, client-request-id and Date
// headers; and Graph's error envelope on every error path. What is not: authentication (any
// token is accepted), the 30-day retention window, and the PSTN/direct-routing report functions.
//
// A Go test starts one in-process in three lines:
//
//	srv := mockserver.Start(t, mockserver.WithScenarioFile("testdata/two-sessions.yaml"))
//	resp, err := srv.Client().Get(srv.URL + "/v1.0/communications/callRecords")
//	// ... assert on what your code did with it
//
// The same engine runs as the graphmock binary and in the Docker image, with the same scenario
// files and the same behaviour.
package mockserver
