package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/token"
)

// importCmd runs `graphmock import ARGS...` and returns its stdout, stderr and error.
func importCmd(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"import"}, args...), envOf(env), &out, &errOut)
	return out.String(), errOut.String(), err
}

// wholeRecord fetches a call record as Graph serves it with one relationship expanded, and
// gathers the rest of that relationship from its next links.
func wholeRecord(t *testing.T, url, nav string) any {
	t.Helper()
	rec := graphGET(t, url).(map[string]any)
	for link, _ := rec[nav+"@odata.nextLink"].(string); link != ""; {
		page := graphGET(t, link).(map[string]any)
		rec[nav] = append(rec[nav].([]any), page["value"].([]any)...)
		link, _ = page["@odata.nextLink"].(string)
	}
	delete(rec, nav+"@odata.nextLink")
	return rec
}

// graphGET fetches a Graph URL as JSON, evolvable enum members included.
func graphGET(t *testing.T, url string) any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Prefer", "include-unknown-enum-members")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d: %s", url, resp.StatusCode, body)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// scrubbedNames are the members whose strings the import must change, whatever the schemas say
// (this test's own list, not the classification table's); the ids of calls and the context
// annotations are the exceptions.
var scrubbedNames = regexp.MustCompile(`/(id|displayName|userPrincipalName|tenantId|email|ipAddress|reflexiveIPAddress|relayIPAddress|subnet|` +
	`macAddress|basicServiceSetIdentifier|name|captureDeviceName|renderDeviceName|dnsSuffix|joinWebUrl|text|communicationServiceId|` +
	`azureCommunicationServicesResourceId)$`)

// callKey is where an id names a call (a record, session or segment) and is kept.
var callKey = regexp.MustCompile(`^(/sessions/\d+(/segments/\d+)?)?/id$`)

// TestImportRoundTrip imports the default scenario from one graphmock, paging everything by
// three, into a scenario file; loads the file into a second graphmock; and compares every record
// as Graph serves it (with sessions and segments expanded, and with participants expanded) leaf
// by leaf: equal except the scrubbed members, each scrubbed value changed, and one original value
// always the same pseudonym, in every record (a user's id, organizer or participant or caller).
func TestImportRoundTrip(t *testing.T) {
	t.Parallel()
	source := mockserver.Start(t, mockserver.WithPageSize(3))
	path := filepath.Join(t.TempDir(), "tenant.yaml")
	stdout, stderr, err := importCmd(t, nil, "-graph-url", source.URL+"/v1.0", "-token", "t", "-scrub-key", "round trip", "-o", path)
	if err != nil || stdout != "" {
		t.Fatalf("import: %v\nstdout %q\nstderr %s", err, stdout, stderr)
	}
	info := source.ScenarioInfo()
	summary := fmt.Sprintf("%d call records (%d sessions, %d segments, %d participants)", info.CallRecords, info.Sessions, info.Segments, info.Participants)
	if !strings.Contains(stderr, summary) || !strings.Contains(stderr, "personal data replaced by pseudonyms; wrote "+path) {
		t.Errorf("stderr lacks %q:\n%s", summary, stderr)
	}
	if pages := len(source.Requests(mockserver.RequestFilter{Route: "listCallRecords"})); pages < 2 {
		t.Errorf("the records list took %d pages; the test wants paging", pages)
	}
	imported := mockserver.Start(t, mockserver.WithScenarioFile(path))
	if got := imported.ScenarioInfo(); got.CallRecords != info.CallRecords || got.Segments != info.Segments || got.Participants != info.Participants || got.Name != "tenant" {
		t.Fatalf("the import loads as %+v, the source holds %+v", got, info)
	}
	original := mockserver.Start(t) // the source's data, served without paging
	forward, backward, repeated := map[string]string{}, map[string]string{}, map[string]map[string]bool{}
	for _, id := range recordIDs(t, original.URL) {
		for _, nav := range []string{"sessions", "participants_v2"} {
			url := "/v1.0/communications/callRecords/" + id + "?$expand=" + map[string]string{"sessions": "sessions($expand=segments)"}[nav]
			if nav == "participants_v2" {
				url += nav
			}
			a, b := wholeRecord(t, original.URL+url, nav), wholeRecord(t, imported.URL+url, nav)
			compareJSON(t, "", a, b, func(path, in, got string) {
				if strings.HasSuffix(path, "@odata.context") {
					return // names the server it came from
				}
				scrubbed := scrubbedNames.MatchString(path) && !callKey.MatchString(path) && in != "" && in != "02-00-00-00-00-00" && in != "192.168.0.0"
				switch {
				case scrubbed && got == in:
					t.Errorf("%s%s: %q was not scrubbed", id, path, in)
				case !scrubbed && got != in && !strings.Contains(in, "contoso.com"):
					t.Errorf("%s%s: %q became %q, but it is not personal", id, path, in, got)
				case scrubbed:
					if prev, ok := forward[in]; ok && prev != got && !strings.HasSuffix(path, "name") && !strings.HasSuffix(path, "Name") {
						t.Errorf("%s%s: %q is %q here, %q elsewhere", id, path, in, got, prev)
					}
					if prev, ok := backward[got]; ok && prev != in {
						t.Errorf("%s%s: %q and %q are both %q", id, path, in, prev, got)
					}
					forward[in], backward[got] = got, in
					if repeated[in] == nil {
						repeated[in] = map[string]bool{}
					}
					repeated[in][id] = true
				}
			})
		}
	}
	across := 0
	for _, records := range repeated {
		if len(records) > 1 {
			across++
		}
	}
	if len(forward) < 100 || across < 5 {
		t.Errorf("%d scrubbed values, %d of them in several records: the default scenario has more", len(forward), across)
	}
}

// recordIDs lists the ids of a server's call records.
func recordIDs(t *testing.T, base string) []string {
	t.Helper()
	var ids []string
	for _, r := range graphGET(t, base+"/v1.0/communications/callRecords").(map[string]any)["value"].([]any) {
		ids = append(ids, r.(map[string]any)["id"].(string))
	}
	return ids
}

// compareJSON walks two decoded JSON values in step, failing where their shapes differ, and
// hands each pair of strings to leaf with its path.
func compareJSON(t *testing.T, path string, a, b any, leaf func(path, in, got string)) {
	t.Helper()
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok || len(av) != len(bv) {
			t.Errorf("%s: the object changed shape", path)
			return
		}
		for k, v := range av {
			compareJSON(t, path+"/"+k, v, bv[k], leaf)
		}
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			t.Errorf("%s: the array changed length", path)
			return
		}
		for i := range av {
			compareJSON(t, fmt.Sprintf("%s/%d", path, i), av[i], bv[i], leaf)
		}
	case string:
		if bv, ok := b.(string); ok {
			leaf(path, av, bv)
		} else {
			t.Errorf("%s: %q became %v", path, av, b)
		}
	default:
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: %v became %v", path, a, b)
		}
	}
}

// TestImportKeepingPersonalData warns on stderr and writes what it read: the JSON file loads to
// exactly the state of the source, and so does the same import run again with the same key
// scrubbed, twice, to the same bytes.
func TestImportKeepingPersonalData(t *testing.T) {
	t.Parallel()
	source := mockserver.Start(t, mockserver.WithScenarioName("small"))
	dir := t.TempDir()
	_, stderr, err := importCmd(t, map[string]string{"GRAPHMOCK_TOKEN": "t"}, "-graph-url", source.URL+"/v1.0", "-keep-personal-data", "-o", filepath.Join(dir, "kept.json"))
	if err != nil || !strings.Contains(stderr, "warning: -keep-personal-data") || !strings.Contains(stderr, "PERSONAL DATA KEPT") {
		t.Fatalf("err %v, stderr:\n%s", err, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "kept.json"))
	if !json.Valid(data) {
		t.Fatalf("kept.json is not JSON:\n%.300s", data)
	}
	if st, _ := os.Stat(filepath.Join(dir, "kept.json")); st.Mode().Perm() != 0o600 {
		t.Errorf("a file with personal data has mode %v, want 0600", st.Mode().Perm())
	}
	kept := mockserver.Start(t, mockserver.WithScenarioBytes("kept.json", data))
	want, _ := source.ExportScenario()
	got, _ := kept.ExportScenario()
	if _, w, _ := bytes.Cut(want, []byte("callRecords:")); !bytes.HasSuffix(got, w) {
		t.Errorf("the kept import loads to another state than its source")
	}
	var runs []string
	for range 2 {
		out, _, err := importCmd(t, map[string]string{"GRAPHMOCK_SCRUB_KEY": "same key"}, "-graph-url", source.URL+"/v1.0", "-token", "t", "-format", "json")
		if err != nil {
			t.Fatal(err)
		}
		_, records, _ := strings.Cut(out, `"callRecords":`) // the description carries the date
		runs = append(runs, records)
	}
	if runs[0] != runs[1] || !strings.Contains(string(data), "Dana Okafor") || strings.Contains(runs[0], "Dana Okafor") {
		t.Errorf("two scrubbed imports with one key differ, or kept a name")
	}
}

// TestImportHonoursRetryAfter: graphmock's own fault rules throttle the list and a record (429
// and 503 with Retry-After: 0); the import retries and completes, and says how many it retried.
func TestImportHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	source := mockserver.Start(t, mockserver.WithScenarioName("small"))
	for _, rule := range []string{`{"route":"listCallRecords","status":429,"retryAfter":0,"times":2}`, `{"route":"getCallRecord","status":503,"retryAfter":0,"times":1}`} {
		var f mockserver.Fault
		if err := json.Unmarshal([]byte(rule), &f); err != nil {
			t.Fatal(err)
		}
		if _, err := source.InjectFault(f); err != nil {
			t.Fatal(err)
		}
	}
	out, stderr, err := importCmd(t, nil, "-graph-url", source.URL+"/v1.0", "-token", "t", "-o", "-", "-format", "json")
	if err != nil || !strings.Contains(stderr, "(3 retried)") || !strings.Contains(out, `"callRecords":`) {
		t.Fatalf("err %v, stderr:\n%s", err, stderr)
	}
	var statuses []int
	for _, e := range source.Requests(mockserver.RequestFilter{Route: "listCallRecords"}) {
		statuses = append(statuses, e.Status)
	}
	if fmt.Sprint(statuses) != "[429 429 200]" {
		t.Errorf("the list was answered %v, want [429 429 200]", statuses)
	}
}

// TestImportAuthErrors: a token Graph refuses (401) and credentials the token endpoint refuses
// end the import with a message that says what to check and exit status 1, writing nothing; no
// credentials at all is a usage error (exit 2); client credentials the endpoint accepts work.
func TestImportAuthErrors(t *testing.T) {
	t.Parallel()
	source := mockserver.Start(t, mockserver.WithRequireAuth(true), mockserver.WithScenarioName("small"))
	login := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.URL.Path != "/contoso/oauth2/v2.0/token" || r.PostForm.Get("client_secret") != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`)
			return
		}
		token := token.Mint(token.Claims{Roles: []string{"CallRecords.Read.All"}, IssuedAt: time.Now(), Expires: time.Now().Add(time.Hour)})
		fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":3599,"access_token":%q}`, token)
	}))
	defer login.Close()
	path := filepath.Join(t.TempDir(), "out.yaml")
	graph := []string{"-graph-url", source.URL + "/v1.0", "-o", path}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		exit int
		want string
	}{
		{"refused token", nil, []string{"-token", "abc.def"}, 1, "401 Unauthorized InvalidAuthenticationToken: CompactToken parsing failed"},
		{"wrong secret", map[string]string{"GRAPHMOCK_CLIENT_SECRET": "wrong"}, []string{"-tenant", "contoso", "-client-id", "app", "-login-url", login.URL}, 1, "invalid_client: AADSTS7000215"},
		{"no credentials", nil, nil, 2, "give -token (GRAPHMOCK_TOKEN), or -tenant, -client-id and -client-secret"},
		{"half the credentials", nil, []string{"-tenant", "contoso"}, 2, "give -token"},
		{"both", nil, []string{"-token", "t", "-client-id", "app"}, 2, "not both"},
		{"bad since", nil, []string{"-token", "t", "-since", "last week"}, 2, "-since (GRAPHMOCK_SINCE) \"last week\""},
		{"bad format", nil, []string{"-token", "t", "-format", "xml"}, 2, "neither yaml nor json"},
		{"no such directory", nil, []string{"-token", "t", "-o", filepath.Join(path, "x.yaml")}, 1, "does not exist"},
	}
	for _, c := range cases {
		_, _, err := importCmd(t, c.env, append(append([]string{}, graph...), c.args...)...)
		if err == nil || exitCode(err) != c.exit || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: exit %d, err %v; want exit %d and %q", c.name, exitCode(err), err, c.exit, c.want)
		}
		if _, statErr := os.Stat(path); statErr == nil {
			t.Fatalf("%s: a failed import wrote %s", c.name, path)
		}
	}
	if _, _, err := importCmd(t, map[string]string{"GRAPHMOCK_CLIENT_SECRET": "s3cret"}, append(graph, "-tenant", "contoso", "-client-id", "app", "-login-url", login.URL)...); err != nil {
		t.Fatalf("client credentials: %v", err)
	}
	if err := mockserver.ValidateScenario(path, mustReadFile(t, path)); err != nil {
		t.Errorf("the import does not validate: %v", err)
	}
}

// TestParseSince reads -since as days, a duration, a date or a date-time.
func TestParseSince(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	cases := map[string]string{
		"":                          "0001-01-01T00:00:00Z",
		"7d":                        "2026-11-22T12:00:00Z",
		"36h":                       "2026-11-28T00:00:00Z",
		"2026-11-01":                "2026-11-01T00:00:00Z",
		"2026-11-01T08:00:00Z":      "2026-11-01T08:00:00Z",
		"2026-11-01T09:00:00+01:00": "2026-11-01T08:00:00Z",
	}
	for in, want := range cases {
		got, err := parseSince(in, now)
		if err != nil || got.UTC().Format(time.RFC3339) != want {
			t.Errorf("parseSince(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"week", "-3h", "7 d", "2026-13-01", "999999999999d"} {
		if _, err := parseSince(bad, now); err == nil {
			t.Errorf("parseSince(%q) = nil error", bad)
		}
	}
}
