package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/internal/importer"
)

// goodRecord and badRecord are call records as Graph would send them; badRecord's type is not a
// callType member, which graphmock's schemas refuse.
const (
	goodRecord = `{"id":"r1","version":1,"type":"peerToPeer","modalities":["audio"],"lastModifiedDateTime":"2026-11-20T10:00:00Z",` +
		`"startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:30:00Z","joinWebUrl":null,` +
		`"organizer_v2":{"id":"5e8a2d71-9f4c-4b3e-a6d0-7c1b8e2f9a63","identity":{"user":{"id":"5e8a2d71-9f4c-4b3e-a6d0-7c1b8e2f9a63","displayName":"Dana Okafor"}}},` +
		`"sessions":[{"id":"s1","modalities":["audio"],"startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:30:00Z","segments":[]}]}`
	badRecord = `{"id":"r2","version":1,"type":"conference","modalities":["audio"],"lastModifiedDateTime":"2026-11-20T10:00:00Z",` +
		`"startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:30:00Z","sessions":[]}`
)

// TestImportLeavesOutWhatGraphmockRefuses: a record graphmock's schemas refuse is left out with
// its id and the problem, logged, and the rest is written; the scenario loads.
func TestImportLeavesOutWhatGraphmockRefuses(t *testing.T) {
	t.Parallel()
	srv := fakeGraph{
		"/v1.0/communications/callRecords": `{"value":[{"id":"r1"},{"id":"r2"}]}`,
		recordURI:                          goodRecord,
		"/v1.0/communications/callRecords/r2?$expand=sessions($expand=segments)": badRecord,
		"/v1.0/communications/callRecords/r1/participants_v2":                    `{"value":[]}`,
		"/v1.0/communications/callRecords/r2/participants_v2":                    `{"value":[]}`,
	}.start(t)
	var log bytes.Buffer
	rep, err := importer.Import(context.Background(), importer.Options{GraphURL: srv.URL + "/v1.0", Token: "t", ScrubKey: []byte("k"),
		JSON: true, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Dropped) != 1 || !strings.HasPrefix(rep.Dropped[0], `"r2": /callRecords/1/type`) || !strings.Contains(log.String(), "left out a call record") {
		t.Errorf("dropped %q, log:\n%s", rep.Dropped, log.String())
	}
	if rep.Records != 1 || rep.Sessions != 1 || !rep.Scrubbed || strings.Contains(string(rep.Scenario), "Dana") {
		t.Errorf("report %+v", rep)
	}
	var doc struct {
		Name, Description string
		CallRecords       []json.RawMessage
	}
	if err := json.Unmarshal(rep.Scenario, &doc); err != nil || doc.Name != "imported" || len(doc.CallRecords) != 1 || !strings.Contains(doc.Description, "pseudonyms") {
		t.Fatalf("the JSON scenario: %v\n%s", err, rep.Scenario)
	}
	if err := mockserver.ValidateScenario("imported.json", rep.Scenario); err != nil {
		t.Errorf("the scenario does not load: %v", err)
	}
}

// TestImportOptions: the credentials are a token or client credentials, all three of them.
func TestImportOptions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		o    importer.Options
		want string
	}{
		{importer.Options{}, "no access token"},
		{importer.Options{Token: "t", ClientID: "c"}, "not both"},
		{importer.Options{TenantID: "t", ClientSecret: "s"}, "need a client id as well"},
		{importer.Options{Token: "t", GraphURL: "ftp://graph.test"}, "not an absolute http(s) URL"},
	}
	for _, c := range cases {
		if _, err := importer.Import(context.Background(), c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want %q", c.o, err, c.want)
		}
	}
}
