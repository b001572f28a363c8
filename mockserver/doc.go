// Package mockserver is graphmock's engine: a test double for the Microsoft Graph callRecords API
// (call records, their sessions and the sessions' segments, plus organizer_v2 and
// participants_v2), seeded from YAML scenarios in Graph's own JSON shape.
//
// What is faked: the URL templates under /v1.0 and /beta; OData paging with absolute
// @odata.nextLink and opaque $skiptoken; $select, $expand (sessions($expand=segments),
// participants_v2), $filter on startDateTime and participants_v2/id, $top, $skip, $count and
// /$count; Prefer: odata.maxpagesize; @odata.context; the request-id, client-request-id and Date
// headers; Graph's error envelope on every error path; writes of segments validated against the
// JSON Schemas of the callRecords model; and, with WithRequireAuth, Graph's checks of the bearer
// token. Fault rules (Fault, the X-Graphmock-Fault header) make Graph fail the way it does in
// production, seeded and replayable; the journal (Requests) shows what a client did.
//
// A Go test starts one in-process in three lines:
//
//	srv := mockserver.Start(t, mockserver.WithScenarioFile("testdata/two-sessions.yaml"))
//	resp, err := srv.Client().Get(srv.URL + "/v1.0/communications/callRecords")
//	// ... assert on what your code did with it, and on srv.Requests()
//
// A Server embeds its default namespace, so srv.InjectFault, srv.Requests and srv.Reset act on
// it. The same engine runs as the graphmock binary and in the Docker image, with the same
// scenario files and the same behaviour. Three packages beside it serve the tests around it:
// generate writes realistic scenarios of any size, tenant imports a real tenant's call records
// as a scenario with personal data replaced by pseudonyms, and token mints the test access
// tokens WithRequireAuth checks.
package mockserver
