package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/internal/importer"
	"github.com/graphmock/graphmock/mockserver/token"
)

// readAll reads every record from a Graph endpoint with the server's own client.
func readAll(t *testing.T, cfg importer.Config) ([]json.RawMessage, importer.Stats, error) {
	t.Helper()
	var recs []json.RawMessage
	stats, err := importer.Read(context.Background(), cfg, func(rec []byte) error {
		if !json.Valid(rec) {
			t.Fatalf("a record is not JSON: %.300s", rec)
		}
		recs = append(recs, rec)
		return nil
	})
	return recs, stats, err
}

// exportOf loads records into a new server named like the default scenario and exports it.
func exportOf(t *testing.T, records []json.RawMessage) []byte {
	t.Helper()
	s, err := mockserver.New(mockserver.WithScenario(mockserver.Scenario{Name: "imported", CallRecords: records}))
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.ExportScenario()
	if err != nil {
		t.Fatal(err)
	}
	return body(out)
}

// body is an exported scenario without its name and description: the call records.
func body(export []byte) []byte {
	_, rest, _ := bytes.Cut(export, []byte("\ncallRecords:"))
	return rest
}

// TestReadFollowsEveryPage reads the small scenario from a server that pages everything by one:
// the list of records, the sessions expanded in a record (sessions@odata.nextLink), the sessions
// list behind it and the participants. What was read loads into a second server that exports
// exactly what the first holds. (cmd/graphmock's TestImportRoundTrip does the default scenario.)
func TestReadFollowsEveryPage(t *testing.T) {
	t.Parallel()
	srv := mockserver.Start(t, mockserver.WithPageSize(1), mockserver.WithScenarioName("small"))
	recs, stats, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0", Client: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	info := srv.ScenarioInfo()
	if stats.Records != info.CallRecords || stats.Sessions != info.Sessions || stats.Segments != info.Segments || stats.Participants != info.Participants {
		t.Errorf("read %+v, the server holds %+v", stats, info)
	}
	want, err := srv.ExportScenario()
	if err != nil {
		t.Fatal(err)
	}
	if got := exportOf(t, recs); !bytes.Equal(got, body(want)) {
		t.Errorf("the records read load to another state than the server's:\n%.2000s", got)
	}
	routes := map[mockserver.Route]int{}
	for _, e := range srv.Requests() {
		routes[e.Route]++
		if e.Header.Get("client-request-id") == "" || e.Header.Get("Accept") != "application/json" {
			t.Errorf("%s %s: headers %v", e.Method, e.URL, e.Header)
		}
	}
	if routes["listCallRecords"] != 2 || routes["listSessions"] < info.Sessions-info.CallRecords || routes["listParticipants"] != info.Participants {
		t.Errorf("requests by route %v: want a page per record, per session but the first of each record, per participant", routes)
	}
	if stats.Requests != len(srv.Requests()) || stats.Retries != 0 {
		t.Errorf("stats say %d requests and %d retries, the server saw %d", stats.Requests, stats.Retries, len(srv.Requests()))
	}
}

// TestReadSince lists only the records that started at or after Since, with the $filter Graph
// documents for it.
func TestReadSince(t *testing.T) {
	t.Parallel()
	srv := mockserver.Start(t, mockserver.WithScenarioName("small"))
	since := time.Date(2026, 11, 22, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	recs, _, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0/", Client: srv.Client(), Since: since})
	if err != nil {
		t.Fatal(err)
	}
	first := srv.Requests()[0].URL
	if !strings.HasSuffix(first, "/v1.0/communications/callRecords?$filter=startDateTime%20ge%202026-11-21T23%3A00%3A00Z") {
		t.Errorf("the list was %s", first)
	}
	for _, r := range recs {
		var rec struct{ StartDateTime time.Time }
		if err := json.Unmarshal(r, &rec); err != nil || rec.StartDateTime.Before(since) {
			t.Errorf("read a record that started %v, before %v", rec.StartDateTime, since)
		}
	}
	if len(recs) == 0 || len(recs) >= srv.ScenarioInfo().CallRecords {
		t.Errorf("read %d of %d records; the filter should keep some", len(recs), srv.ScenarioInfo().CallRecords)
	}
}

// fakeSleep records the waits instead of waiting.
type fakeSleep struct{ waits []time.Duration }

func (f *fakeSleep) sleep(_ context.Context, d time.Duration) error {
	f.waits = append(f.waits, d)
	return nil
}

// TestReadHonoursRetryAfter: throttled (429) and unavailable (503) answers are retried after
// the Retry-After they carry, with the same client-request-id, and the import completes.
func TestReadHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	srv := mockserver.Start(t, mockserver.WithScenarioName("small"))
	inject(t, srv, mockserver.Fault{Route: "listCallRecords", Status: 429, RetryAfter: 7 * time.Second, Times: 2})
	inject(t, srv, mockserver.Fault{Route: "getCallRecord", Status: 503, RetryAfter: 3 * time.Second, Times: 1})
	inject(t, srv, mockserver.Fault{Route: "listParticipants", Status: 504, Times: 1})
	var fs fakeSleep
	recs, stats, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0", Client: srv.Client(), Sleep: fs.sleep})
	if err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{7 * time.Second, 7 * time.Second, 3 * time.Second, time.Second}; !slices.Equal(fs.waits, want) {
		t.Errorf("waited %v, want %v (Retry-After, then 1 s for a 504 without one)", fs.waits, want)
	}
	if len(recs) != srv.ScenarioInfo().CallRecords || stats.Retries != 4 {
		t.Errorf("read %d records with %d retries", len(recs), stats.Retries)
	}
	ids := map[string]int{}
	for _, e := range srv.Requests() {
		if e.Route == "listCallRecords" {
			ids[e.ClientRequestID]++
		}
	}
	if len(ids) != 1 {
		t.Errorf("the throttled list and its retries sent client-request-ids %v, want one", ids)
	}
}

func inject(t *testing.T, srv *mockserver.TestServer, f mockserver.Fault) {
	t.Helper()
	if _, err := srv.InjectFault(f); err != nil {
		t.Fatal(err)
	}
}

// TestReadGivesUp: retries are bounded, and a Retry-After longer than MaxWait fails at once.
func TestReadGivesUp(t *testing.T) {
	t.Parallel()
	srv := mockserver.Start(t)
	inject(t, srv, mockserver.Fault{Route: "listCallRecords", Status: 429, RetryAfter: time.Second})
	var fs fakeSleep
	_, stats, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0", Client: srv.Client(), Sleep: fs.sleep, Retries: 3})
	var se *importer.StatusError
	if !errors.As(err, &se) || se.Status != 429 || !strings.Contains(err.Error(), "gave up after 3 retries") || len(fs.waits) != 3 || stats.Requests != 4 {
		t.Errorf("err = %v after %d waits and %d requests, want a 429 after 3 retries", err, len(fs.waits), stats.Requests)
	}
	srv.ClearFaults()
	inject(t, srv, mockserver.Fault{Route: "listCallRecords", Status: 503, RetryAfter: time.Hour})
	fs.waits = nil
	_, _, err = readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0", Client: srv.Client(), Sleep: fs.sleep, MaxWait: time.Minute})
	if err == nil || !strings.Contains(err.Error(), "asked to wait 1h0m0s") || len(fs.waits) != 0 {
		t.Errorf("err = %v after waits %v, want a failure naming the hour", err, fs.waits)
	}
}

// TestReadRefusedToken: Graph's 401 ends the import with Graph's message and what to check,
// without retrying a token that cannot be renewed.
func TestReadRefusedToken(t *testing.T) {
	t.Parallel()
	srv := mockserver.Start(t, mockserver.WithRequireAuth(true), mockserver.WithScenarioName("small"))
	var fs fakeSleep
	_, stats, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0", Client: srv.Client(), Sleep: fs.sleep, Auth: importer.StaticToken("not.a-token")})
	var se *importer.StatusError
	if !errors.As(err, &se) || se.Status != 401 || se.Code != "InvalidAuthenticationToken" || !strings.Contains(err.Error(), "check -token (GRAPHMOCK_TOKEN)") {
		t.Fatalf("err = %v, want Graph's 401 with a hint", err)
	}
	if stats.Requests != 1 || len(fs.waits) != 0 {
		t.Errorf("%d requests and waits %v for a refused token, want one request", stats.Requests, fs.waits)
	}
	good := token.Mint(token.Claims{Roles: []string{"CallRecords.Read.All"}, IssuedAt: time.Now(), Expires: time.Now().Add(time.Hour)})
	if recs, _, err := readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0", Client: srv.Client(), Auth: importer.StaticToken(good)}); err != nil || len(recs) == 0 {
		t.Errorf("with a good token: %d records, err %v", len(recs), err)
	}
	_, _, err = readAll(t, importer.Config{GraphURL: srv.URL + "/v1.0", Client: srv.Client(), Auth: importer.StaticToken(token.Mint(token.Claims{IssuedAt: time.Now(), Expires: time.Now().Add(time.Hour)}))})
	if !errors.As(err, &se) || se.Status != http.StatusForbidden || !strings.Contains(err.Error(), "CallRecords.Read.All") {
		t.Errorf("a token without the role: err = %v, want a 403 naming the permission", err)
	}
}
