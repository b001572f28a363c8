package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// bigScenario builds one call record with nSessions sessions; the first session has nSegments
// segments. Times nest inside each other.
func bigScenario(nSessions, nSegments int) mockserver.Scenario {
	start := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	ts := func(d time.Duration) string { return start.Add(d).Format(time.RFC3339) }
	segs := make([]map[string]any, nSegments)
	for i := range segs {
		segs[i] = map[string]any{"id": fmt.Sprintf("seg-%04d", i), "startDateTime": ts(time.Duration(i) * time.Second), "endDateTime": ts(time.Duration(i+1) * time.Second)}
	}
	sessions := make([]map[string]any, nSessions)
	for i := range sessions {
		sessions[i] = map[string]any{"id": fmt.Sprintf("ses-%04d", i), "modalities": []string{"audio"},
			"startDateTime": ts(0), "endDateTime": ts(48 * time.Hour)}
	}
	sessions[0]["segments"] = segs
	rec, _ := json.Marshal(completeRecord(map[string]any{"id": "big", "version": 1, "type": "groupCall", "modalities": []string{"audio"},
		"startDateTime": ts(0), "endDateTime": ts(48 * time.Hour), "sessions": sessions}))
	return mockserver.Scenario{Name: "big", CallRecords: []json.RawMessage{rec}}
}

// walk follows @odata.nextLink from first as given (no headers resent, like the SDKs) and
// returns every id seen and the number of pages.
func walk(t *testing.T, h http.Handler, first string, header http.Header) ([]string, int) {
	t.Helper()
	var all []string
	pages := 0
	for target := first; target != ""; pages++ {
		if pages > 1000 {
			t.Fatal("paging does not end")
		}
		c := decodeCollection(t, get(t, h, target, header))
		all = append(all, ids(t, c.Value)...)
		header = nil
		target = strings.TrimPrefix(c.NextLink, "http://example.com")
		if c.NextLink != "" && target == c.NextLink {
			t.Fatalf("nextLink %q is not absolute on the request's host", c.NextLink)
		}
	}
	return all, pages
}

func assertExactlyOnce(t *testing.T, got []string, want int, prefix string) {
	t.Helper()
	if len(got) != want {
		t.Fatalf("got %d items, want %d", len(got), want)
	}
	for i, id := range got {
		if exp := fmt.Sprintf("%s-%04d", prefix, i); id != exp {
			t.Fatalf("item %d = %q, want %q (order must be stable, each item once)", i, id, exp)
		}
	}
}

func TestPagingWalksEveryItemExactlyOnce(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New(mockserver.WithScenario(bigScenario(137, 149)))
	if err != nil {
		t.Fatal(err)
	}
	base := "/v1.0/communications/callRecords/big"
	tests := []struct {
		name      string
		first     string
		header    http.Header
		want      int
		prefix    string
		wantPages int
	}{
		{"sessions default page 60", base + "/sessions", nil, 137, "ses", 3},
		{"sessions maxpagesize carried by the link", base + "/sessions", http.Header{"Prefer": {"odata.maxpagesize=10"}}, 137, "ses", 14},
		{"sessions top", base + "/sessions?$top=50&$select=id", nil, 137, "ses", 3},
		{"sessions expanded beta", "/beta/communications/callRecords/big/sessions?expand=segments", http.Header{"Prefer": {"odata.maxpagesize=45"}}, 137, "ses", 4},
		{"segments", base + "/sessions/ses-0000/segments", nil, 149, "seg", 3},
		{"segments small pages", base + "/sessions/ses-0000/segments?$count=true", http.Header{"Prefer": {"odata.maxpagesize=7"}}, 149, "seg", 22},
		{"segments go sdk encoding", base + "/sessions/ses-0000/segments?%24top=25", nil, 149, "seg", 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, pages := walk(t, s, tc.first, tc.header)
			assertExactlyOnce(t, got, tc.want, tc.prefix)
			if pages != tc.wantPages {
				t.Errorf("pages = %d, want %d", pages, tc.wantPages)
			}
		})
	}
}

func TestExpandedSessionsCarryNestedNextLink(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New(mockserver.WithScenario(bigScenario(75, 3)))
	if err != nil {
		t.Fatal(err)
	}
	r := get(t, s, "/v1.0/communications/callRecords/big?$expand=sessions($expand=segments)", nil)
	var rec struct {
		Sessions []json.RawMessage `json:"sessions"`
		Next     string            `json:"sessions@odata.nextLink"`
	}
	if err := json.Unmarshal(r.body, &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Sessions) != 60 || rec.Next == "" {
		t.Fatalf("sessions = %d, nextLink %q; want 60 and a link", len(rec.Sessions), rec.Next)
	}
	if !strings.Contains(rec.Next, "/sessions?$expand=segments&$skiptoken=") {
		t.Fatalf("nested nextLink %q does not continue the sessions list with segments", rec.Next)
	}
	rest, _ := walk(t, s, strings.TrimPrefix(rec.Next, "http://example.com"), nil)
	all := append(ids(t, rec.Sessions), rest...)
	assertExactlyOnce(t, all, 75, "ses")
}

func TestSkipTokenRejectsTamperingAndOtherCollections(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New(mockserver.WithScenario(bigScenario(70, 70)))
	if err != nil {
		t.Fatal(err)
	}
	c := decodeCollection(t, get(t, s, "/v1.0/communications/callRecords/big/sessions", nil))
	_, token, _ := strings.Cut(c.NextLink, "$skiptoken=")
	tampered := []byte(token)
	tampered[3] ^= 1
	for name, target := range map[string]string{
		"edited":           "/v1.0/communications/callRecords/big/sessions?$skiptoken=" + string(tampered),
		"other collection": "/v1.0/communications/callRecords/big/sessions/ses-0000/segments?$skiptoken=" + token,
		"garbage":          "/v1.0/communications/callRecords/big/sessions?$skiptoken=%%%",
		"not base64":       "/v1.0/communications/callRecords/big/sessions?$skiptoken=abc!",
	} {
		r := get(t, s, target, nil)
		if r.status != http.StatusBadRequest || decodeError(t, r).Error.Code != "BadRequest" {
			t.Errorf("%s: status %d body %s, want 400 BadRequest", name, r.status, r.body)
		}
	}
}

func TestPageCostsTheSameAnywhere(t *testing.T) {
	t.Parallel()
	// Not a timing test: the store finds a page by binary search on the token's sequence number,
	// so the last page of a 5,000-segment session returns the right items, not a rescan.
	s, err := mockserver.New(mockserver.WithScenario(bigScenario(1, 5000)))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := walk(t, s, "/v1.0/communications/callRecords/big/sessions/ses-0000/segments", nil)
	assertExactlyOnce(t, got, 5000, "seg")
}
