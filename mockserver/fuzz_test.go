package mockserver_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// The fuzz targets of the hardening work. Each checks properties of the answer, not just the
// absence of a panic, and each seeds the corpus with the interesting cases by hand, so
// `go test ./mockserver` runs them as ordinary tests in a fraction of a second. Inputs that
// once failed are kept in testdata/fuzz/<FuzzName>/ and rerun the same way.

// recordsPath is the call records collection.
const recordsPath = "/v1.0/communications/callRecords"

// rawGet sends GET path?raw to the handler in-process, with raw exactly as it would arrive on the
// wire (httptest.NewRequest would refuse or re-encode a hostile query).
func rawGet(t testing.TB, h http.Handler, path, raw string, header http.Header) result {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.URL.RawQuery = raw
	if raw != "" {
		req.RequestURI = path + "?" + raw
	}
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return result{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// checkGraphAnswer asserts what every answer to a fuzzed Graph request must be: 200 (or want2xx)
// or a 4xx, never a 5xx; valid JSON with Graph's content type; and on a 4xx, Graph's error
// envelope whose innerError.request-id is the request-id header.
func checkGraphAnswer(t testing.TB, r result, want2xx int) {
	t.Helper()
	if r.status != want2xx && (r.status < 400 || r.status > 499) {
		t.Fatalf("status %d, want %d or a 4xx: %s", r.status, want2xx, r.body)
	}
	if !json.Valid(r.body) {
		t.Fatalf("status %d with a body that is not JSON: %q", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
	if r.status >= 400 {
		decodeError(t, r) // code, date and request-id present; request-id matches the header
	}
}

// wireSafe reports whether a raw query could arrive over HTTP/1.1: net/http refuses request
// lines with spaces or control characters before any handler runs.
func wireSafe(raw string) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] <= ' ' || raw[i] == 0x7f {
			return false
		}
	}
	return true
}

// nextLinks returns the top-level members of a JSON object whose names end in "nextLink":
// @odata.nextLink, sessions@odata.nextLink, participants_v2@odata.nextLink.
func nextLinks(t testing.TB, body []byte) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("not a JSON object: %v: %s", err, body)
	}
	var out []string
	for k, v := range m {
		if strings.HasSuffix(k, "nextLink") {
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				t.Fatalf("%s is not a string: %s", k, v)
			}
			out = append(out, s)
		}
	}
	return out
}

// FuzzQuery sends random raw query strings to five GET routes under /v1.0 and /beta. Properties:
// the answer is 200 or a 4xx (never a 5xx), always valid JSON, with Graph's error envelope on a
// 4xx; and a nextLink in a 200 answer parses as a URL on the request's host that carries exactly
// one $skiptoken and, followed as a client would, answers 200.
func FuzzQuery(f *testing.F) {
	srv := newServer(f, mockserver.WithPageSize(1), mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 8}))
	paths := []string{recordsPath, group, group + "/sessions", segmentsURL, segmentsURL + "/g1"}
	seeds := []string{
		"",
		"$select=id,startDateTime",
		"$select=*",
		"$select=",
		"$select=nope",
		"$expand=sessions($expand=segments)",
		"%24expand=sessions%28%24expand%3Dsegments%29",
		"$expand=sessions($select=id;$expand=segments($select=id,endDateTime))",
		"$expand=participants_v2($select=id)",
		"$expand=sessions,participants_v2",
		"$expand=segments",
		"$expand=*",
		"$expand=((((",
		"$expand=sessions)",
		"$filter=startDateTime%20ge%202026-11-21T00:00:00Z%20and%20startDateTime%20lt%202026-11-25T00:00:00Z",
		"$filter=participants_v2/any(p:p/id%20eq%20'821809f5-0000-0000-0000-3b5136c0e777')",
		"$filter=participants_v2/any(p:p/id eq ''')",
		"$filter=startDateTime ge x",
		"$top=1&$count=true",
		"$top=0",
		"$top=61",
		"$top=99999999999999999999",
		"$skip=1",
		"$skip=-1",
		"$count=TRUE",
		"$count=maybe",
		"$skiptoken=garbage",
		"$skiptoken=",
		"$orderby=startDateTime",
		"$search=x",
		"$foo=1",
		"foo=1&bar",
		"expand=sessions",
		"TOP=1&Select=id",
		"$SELECT=id&$select=type",
		"$select=%ff",
		"$select=\xff\xfe",
		"%zz=1",
		"$select=%zz",
		"&&&=&",
		"foo=#frag",
		"$top=1&x=#y",
		"$top=1&q=%23",
		"$top=1&a=\"<>\\^`{|}",
		"$top=1&é=ü",
	}
	for i, s := range seeds {
		f.Add(uint8(i), false, s)
		f.Add(uint8(i+1), true, s)
	}
	f.Fuzz(func(t *testing.T, which uint8, beta bool, raw string) {
		path := paths[int(which)%len(paths)]
		if beta {
			path = "/beta" + strings.TrimPrefix(path, "/v1.0")
		}
		r := rawGet(t, srv, path, raw, nil)
		checkGraphAnswer(t, r, http.StatusOK)
		if r.status != http.StatusOK || !wireSafe(raw) {
			return
		}
		for _, link := range nextLinks(t, r.body) {
			u, err := url.Parse(link)
			if err != nil {
				t.Fatalf("nextLink %q does not parse: %v (query %q)", link, err, raw)
			}
			if u.Scheme != "http" || u.Host != "example.com" || u.Fragment != "" || u.RawFragment != "" {
				t.Fatalf("nextLink %q: want http://example.com/... with no fragment (query %q)", link, raw)
			}
			if tok := u.Query()["$skiptoken"]; len(tok) != 1 || tok[0] == "" {
				t.Fatalf("nextLink %q carries $skiptoken %q, want exactly one (query %q)", link, tok, raw)
			}
			next := rawGet(t, srv, u.EscapedPath(), u.RawQuery, nil)
			if next.status != http.StatusOK {
				t.Fatalf("following nextLink %q (query %q): %d %s", link, raw, next.status, next.body)
			}
			checkGraphAnswer(t, next, http.StatusOK)
		}
	})
}

// FuzzScenario feeds random bytes to scenario loading: as a YAML file as given, and as one JSON
// call record inside a JSON scenario. Each input goes to LoadScenario of a long-lived server (what
// New(WithScenarioBytes) runs after building the server; a fresh server per input would compile
// the schemas each time) and to ValidateScenario (every seed; one fuzzed input in eight). Properties: both agree; the error is nil or a
// *ScenarioError that wraps ErrInvalidScenario and whose every line reads `name:LINE: ...` or
// `name: ...`; a failed load changes nothing; and a scenario that loads exports to YAML that
// loads back to the same counts and exports to the same bytes again.
func FuzzScenario(f *testing.F) {
	basic, err := readFile("testdata/basic.yaml")
	if err != nil {
		f.Fatal(err)
	}
	srv, err := mockserver.New(mockserver.WithScenarioBytes("basic.yaml", basic), mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 1}))
	if err != nil {
		f.Fatal(err)
	}
	back, err := mockserver.New(mockserver.WithScenarioName("empty"), mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 1}))
	if err != nil {
		f.Fatal(err)
	}
	fuzzing := flag.Lookup("test.fuzz").Value.String() != ""
	// Every line of a scenario error reads `name:LINE: reason` or `name: reason`.
	lineForm := regexp.MustCompile(`^fuzz\.(yaml|json)(:[1-9][0-9]*)?: \S`)
	f.Add(basic, false)
	rec := `{"id":"r","version":1,"type":"groupCall","modalities":["audio"],"lastModifiedDateTime":"2026-11-20T10:01:00Z",` +
		`"startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T10:00:00Z",` +
		`"sessions":[{"id":"s","modalities":["audio"],"startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:30:00Z",` +
		`"segments":[{"id":"g","startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:10:00Z"}]}]}`
	for _, s := range []string{
		rec,
		`{"id":"r"}`,
		`{"id":1}`,
		`{"id":"r","sessions":{}}`,
		`{"id":"r","startDateTime":"2026-11-20T10:00:00Z","endDateTime":"2026-11-20T09:00:00Z"}`,
		`{"id":"r","sessions":[{"id":"s"},{"id":"s"}]}`,
		`{"id":"r","organizer_v2":null,"participants_v2":[{"id":"p"},{"id":"p"}]}`,
		`{"id":"r","id":"r"}`,
		`{"id":"r","version":1e999}`,
		`{"id":"r","version":NaN}`,
		`{"id":"r","@odata.type":"#microsoft.graph.callRecords.session"}`,
		`{"id":"a\nb","sessions":[{"id":"\u2028"}]}`,
		`[]`,
		`null`,
		"\"\xff\"",
	} {
		f.Add([]byte(s), true)
	}
	for _, s := range []string{
		"",
		"{}",
		"name: x",
		"name: [x]\ndescription: {a: b}",
		"callRecords: {}",
		"callRecords: [{id: a}, {id: a}]",
		"callRecords:\n  - id: a\n    sessions: [{id: s, startDateTime: 2026-11-20T09:00:00Z}]",
		"nope: 1\n\"a\\nb\": 2", // regression: a key with a newline made a two-line problem
		"callRecords:\n  - {id: a, \"x\\u2028y\\u0085\": 1}",
		"- a",
		"a: b: c",
		"a: &a [*a]",
		"x: &x {<<: *x}",
		"callRecords:\n  - &r {id: a}\n  - {<<: [*r, *r], version: .inf}",
		mergeBomb(6), // regression: merges of merges took exponential time
		"callRecords:\n  - {id: a, version: 0x10, type: !!binary aGk=}",
		"callRecords:\n  - {id: a, version: !custom 1}",
		"faults: [{route: listSessions, status: 429, times: 1}]",
		"faults: [{preset: graph-throttling}]",
		"faults: [{route: nope, status: 429}]",
		"faults: {}",
		"---\n---\n",
		"\xff\xfe",
		"\t\n",
		"? [a]\n: b",
		"name: \"line\\nbreak\"",
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "fuzz.yaml"
		if asJSON {
			name = "fuzz.json"
			data = append(append([]byte(`{"name":"fuzz","callRecords":[`), data...), "]}"...)
		}
		was := srv.ScenarioInfo()
		lerr := srv.LoadScenario(name, data)
		checkScenarioError(t, lerr, data, lineForm)
		// ValidateScenario compiles the schemas on every call (about 20ms), so while fuzzing it
		// checks one input in eight, chosen by content so that a failure reproduces.
		if !fuzzing || crc32.ChecksumIEEE(data)%8 == 0 {
			verr := mockserver.ValidateScenario(name, data)
			checkScenarioError(t, verr, data, lineForm)
			if (verr == nil) != (lerr == nil) || (verr != nil && verr.Error() != lerr.Error()) {
				t.Fatalf("ValidateScenario and LoadScenario disagree:\n%v\n---\n%v", verr, lerr)
			}
		}
		if lerr != nil {
			if now := srv.ScenarioInfo(); now != was {
				t.Fatalf("a failed load changed the server: %+v, was %+v", now, was)
			}
			return
		}
		out, err := srv.ExportScenario()
		if err != nil {
			t.Fatalf("export of a loaded scenario: %v", err)
		}
		if err := back.LoadScenario("export.yaml", out); err != nil {
			t.Fatalf("the export does not load back: %v\n%s", err, out)
		}
		a, b := srv.ScenarioInfo(), back.ScenarioInfo()
		if a.CallRecords != b.CallRecords || a.Sessions != b.Sessions || a.Segments != b.Segments || a.Participants != b.Participants {
			t.Fatalf("export loads back as %+v, loaded %+v", b, a)
		}
		if out2, err := back.ExportScenario(); err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("export is not stable (%v):\n%s\n---\n%s", err, out, out2)
		}
	})
}

// mergeBomb is a scenario whose merge keys nest depth levels deep, each level merging the one
// below ten times: 10^depth merges when each is resolved again wherever it is used.
func mergeBomb(depth int) string {
	var b strings.Builder
	b.WriteString("name: merges\ncallRecords:\n  - &m0 {}\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "  - &m%d {<<: [", i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*m%d", i-1)
		}
		b.WriteString("]}\n")
	}
	return b.String()
}

// checkScenarioError asserts the shape of a scenario load error.
func checkScenarioError(t *testing.T, err error, data []byte, lineForm *regexp.Regexp) {
	t.Helper()
	if err == nil {
		return
	}
	var se *mockserver.ScenarioError
	if !errors.Is(err, mockserver.ErrInvalidScenario) || !errors.As(err, &se) {
		t.Fatalf("error %T %v is not a *ScenarioError wrapping ErrInvalidScenario (input %q)", err, err, data)
	}
	if len(se.Problems) == 0 {
		t.Fatalf("ScenarioError without problems (input %q)", data)
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if !lineForm.MatchString(line) {
			t.Fatalf("error line %q is not `name:LINE: reason` or `name: reason` (input %q)", line, data)
		}
	}
}

// FuzzCreateSegment POSTs random bodies, plain or gzip-encoded, to a segment collection.
// Properties: the answer is a 201 or a 4xx with Graph's envelope; after a 4xx the segment list is
// byte-identical to before (a rejected write changes nothing); after a 201 the Location reads
// back exactly the 201 body, and the list grew by that one segment.
func FuzzCreateSegment(f *testing.F) {
	srv := newServer(f, mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 4}))
	for _, s := range []string{
		seg(""),
		seg(`"id":"fz-1"`),
		seg(`"id":"g1"`),
		seg(`"id":""`),
		seg(`"id":7`),
		seg(`"id":"$x"`),
		seg(`"id":"a/b?c#d%e"`),
		seg(`"id":".."`),
		seg(`"id":" "`),
		seg(`"id":"\u0000\u2028"`),
		seg(`"@odata.type":"#microsoft.graph.callRecords.segment"`),
		seg(`"@odata.type":"#microsoft.graph.callRecords.session"`),
		seg(`"media":[{"label":"main-audio","streams":[{"streamDirection":"callerToCallee","averageJitter":"PT0.016S","packetUtilization":9223372036854775807}]}]`),
		seg(`"media":[{"streams":[{"packetUtilization":9223372036854775808}]}]`),
		seg(`"media":[{"streams":[{"averagePacketLossRate":1e39}]}]`),
		seg(`"failureInfo":{"stage":"midcall","stage":"callSetup"}`),
		seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","userAgent":{"@odata.type":"#microsoft.graph.callRecords.clientUserAgent","platform":"windows"}}`),
		seg(`"foo":1`),
		`{"startDateTime":"2026-11-21T08:59:00Z","endDateTime":"2026-11-21T09:04:00Z"}`,
		`{"startDateTime":"2026-11-21T09:04:00Z","endDateTime":"2026-11-21T09:03:00Z"}`,
		`{"startDateTime":null,"endDateTime":"2026-11-21T09:04:00Z"}`,
		`{"startDateTime":"2026-11-21T09:03:00.12345678Z","endDateTime":"2026-11-21T09:04:00Z"}`,
		`{"startDateTime":"2026-11-21T09:03:00+01:00","endDateTime":"2026-11-21T09:04:00Z"}`,
		strings.Repeat(`{"a":`, 70) + "1" + strings.Repeat("}", 70),
		"{\"id\":\"\xff\"}",
		`{"a":NaN}`,
		`[]`,
		`null`,
		``,
		`{`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, zipped bool) {
		srv.Reset()
		before := get(t, srv, segmentsURL, nil)
		header := http.Header{"Content-Type": {"application/json"}}
		payload := body
		if zipped {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			_, _ = zw.Write(body)
			_ = zw.Close()
			payload = b.Bytes()
			header.Set("Content-Encoding", "gzip")
		}
		r := do(t, srv, http.MethodPost, segmentsURL, header, bytes.NewReader(payload))
		checkGraphAnswer(t, r, http.StatusCreated)
		after := get(t, srv, segmentsURL, nil)
		if r.status != http.StatusCreated {
			if !bytes.Equal(before.body, after.body) {
				t.Fatalf("a rejected write (%d) changed the segments:\nbefore %s\nafter  %s", r.status, before.body, after.body)
			}
			return
		}
		loc, err := url.Parse(r.header.Get("Location"))
		if err != nil || loc.Host != "example.com" || !strings.HasPrefix(loc.EscapedPath(), segmentsURL+"/") {
			t.Fatalf("Location %q (%v) is not a segment of %s", r.header.Get("Location"), err, segmentsURL)
		}
		back := rawGet(t, srv, loc.EscapedPath(), loc.RawQuery, nil)
		if back.status != http.StatusOK || !bytes.Equal(back.body, r.body) {
			t.Fatalf("GET Location %q: %d\n%s\nwant the 201 body\n%s", loc, back.status, back.body, r.body)
		}
		was, now := decodeCollection(t, before), decodeCollection(t, after)
		if len(now.Value) != len(was.Value)+1 {
			t.Fatalf("after a 201 the list has %d segments, want %d", len(now.Value), len(was.Value)+1)
		}
	})
}

// tokenOf returns the $skiptoken of a nextLink.
func tokenOf(t testing.TB, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("nextLink %q: %v", link, err)
	}
	return u.Query().Get("$skiptoken")
}

// tokenPages walks a collection and returns each nextLink's $skiptoken with the page it leads to.
func tokenPages(t testing.TB, h http.Handler, path string) (tokens []string, pages map[string][]byte) {
	t.Helper()
	pages = map[string][]byte{}
	c := decodeCollection(t, get(t, h, path, nil))
	for c.NextLink != "" {
		tok := tokenOf(t, c.NextLink)
		r := rawGet(t, h, path, "$skiptoken="+url.QueryEscape(tok), nil)
		tokens, pages[tok] = append(tokens, tok), r.body
		c = decodeCollection(t, r)
	}
	if len(tokens) == 0 {
		t.Fatalf("%s has one page; the target needs tokens", path)
	}
	return tokens, pages
}

// mutateToken changes a token: mode 0 xors its characters with mut, 1 appends mut, 2 xors the
// decoded bytes (so the result is still base64), 3 appends to the decoded bytes.
func mutateToken(tok string, mode uint8, mut []byte) string {
	switch mode % 4 {
	case 0:
		b := []byte(tok)
		for i, m := range mut {
			b[i%len(b)] ^= m
		}
		return string(b)
	case 1:
		return tok + string(mut)
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) == 0 {
		return tok + string(mut)
	}
	if mode%4 == 2 {
		for i, m := range mut {
			raw[i%len(raw)] ^= m
		}
	} else {
		raw = append(raw, mut...)
	}
	return base64.RawURLEncoding.EncodeToString(raw)
}

// FuzzSkipToken takes real $skiptokens from the nextLinks of two collections (the sessions of a
// record, the segments of one of its sessions), mutates them, and pages both collections with
// them. Properties: the answer is a 400 with Graph's envelope, or a 200 page of the collection
// the token came from that is exactly the page the unmutated token gives (an edit is either
// rejected or changed nothing the token means); a token is never accepted by the other
// collection, and the unmutated tokens of one collection are always a 400 on the other.
func FuzzSkipToken(f *testing.F) {
	srv, err := mockserver.New(mockserver.WithScenario(bigScenario(7, 9)), mockserver.WithPageSize(2), mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 4}))
	if err != nil {
		f.Fatal(err)
	}
	sessions := "/v1.0/communications/callRecords/big/sessions"
	segments := sessions + "/ses-0000/segments"
	colls := []struct {
		path, prefix string
		tokens       []string
		pages        map[string][]byte
	}{{path: sessions, prefix: "ses-"}, {path: segments, prefix: "seg-"}}
	for i := range colls {
		colls[i].tokens, colls[i].pages = tokenPages(f, srv, colls[i].path)
	}
	f.Add(uint8(0), uint8(0), []byte{})
	f.Add(uint8(1), uint8(0), []byte{})
	f.Add(uint8(2), uint8(1), []byte("="))
	f.Add(uint8(3), uint8(1), []byte("=="))
	f.Add(uint8(0), uint8(0), []byte{0, 0, 1})
	f.Add(uint8(1), uint8(0), []byte{0x20})
	f.Add(uint8(2), uint8(2), []byte{0, 1})
	f.Add(uint8(3), uint8(2), []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff})
	f.Add(uint8(4), uint8(3), []byte{0})
	f.Add(uint8(5), uint8(3), []byte("segments"))
	f.Add(uint8(0), uint8(1), []byte("&$skiptoken=x"))
	f.Add(uint8(1), uint8(1), []byte("%00"))
	f.Fuzz(func(t *testing.T, pick, mode uint8, mut []byte) {
		from := int(pick) % 2
		origin := colls[from]
		orig := origin.tokens[int(pick/2)%len(origin.tokens)]
		tok := mutateToken(orig, mode, mut)
		for i, c := range colls {
			r := rawGet(t, srv, c.path, "$skiptoken="+url.QueryEscape(tok), nil)
			checkGraphAnswer(t, r, http.StatusOK)
			if i != from {
				if r.status != http.StatusBadRequest {
					t.Fatalf("a token of %s (%q, from %q) was accepted by %s: %d %s", origin.path, tok, orig, c.path, r.status, r.body)
				}
				if unmutated := rawGet(t, srv, c.path, "$skiptoken="+url.QueryEscape(orig), nil); unmutated.status != http.StatusBadRequest {
					t.Fatalf("the real token %q of %s was accepted by %s: %d", orig, origin.path, c.path, unmutated.status)
				}
				continue
			}
			if r.status == http.StatusBadRequest {
				if tok == orig {
					t.Fatalf("the real token %q was refused: %s", orig, r.body)
				}
				if code := decodeError(t, r).Error.Code; code != "BadRequest" {
					t.Fatalf("code %q, want BadRequest", code)
				}
				continue
			}
			if r.status != http.StatusOK {
				t.Fatalf("token %q: %d %s", tok, r.status, r.body)
			}
			for _, id := range ids(t, decodeCollection(t, r).Value) {
				if !strings.HasPrefix(id, c.prefix) {
					t.Fatalf("token %q on %s returned item %q of another collection", tok, c.path, id)
				}
			}
			if want := origin.pages[orig]; !bytes.Equal(r.body, want) {
				t.Fatalf("edited token %q (from %q) was accepted with a different page:\n%s\nwant\n%s", tok, orig, r.body, want)
			}
		}
	})
}
