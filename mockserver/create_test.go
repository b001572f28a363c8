package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// A segment created without an id is stored with the generated id first, whatever shape its body
// came in (compact, spaced, gzipped, with values the canonical form rewrites, without members
// beyond the two times): the answer, a read back and a PATCH see the same segment, and the
// journal shows the body exactly as it was sent.
func TestCreatedSegmentsGetTheirIDFirst(t *testing.T) {
	t.Parallel()
	gzHeader := http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}}
	idFirst := regexp.MustCompile(`^\{"@odata\.context":"[^"]+/segments/\$entity","id":"([0-9a-f-]{36})","startDateTime":"2026-11-21T09:03:00Z",`)
	cases := []struct {
		name   string
		body   string
		header http.Header
		prefer string
	}{
		{"compact", seg(`"failureInfo":{"stage":"midcall","reason":"x"}`), nil, ""},
		{"compact, gzipped", seg(`"failureInfo":{"stage":"midcall","reason":"x"}`), gzHeader, ""},
		{"spaced", "{ \"startDateTime\": \"2026-11-21T09:03:00Z\",\n \"endDateTime\": \"2026-11-21T09:04:00Z\" }", nil, ""},
		{"rewritten to the canonical form", `{"startDateTime":"2026-11-21T10:03:00+01:00","endDateTime":"2026-11-21T09:04:00Z"}`, nil, ""},
		{"with control annotations", `{"@odata.context":"x","startDateTime":"2026-11-21T09:03:00Z","endDateTime":"2026-11-21T09:04:00Z"}`, nil, ""},
		{"answered without nulls", seg(`"failureInfo":null`), nil, "omit-values=nulls"},
	}
	for _, c := range cases {
		s := newServer(t)
		header := c.header
		if header == nil {
			header = http.Header{"Content-Type": {"application/json"}}
		}
		if c.prefer != "" {
			header = header.Clone()
			header.Set("Prefer", c.prefer)
		}
		sent := c.body
		if header.Get("Content-Encoding") == "gzip" {
			sent = gz(t, c.body)
		}
		r := send(t, s, http.MethodPost, segmentsURL, sent, header)
		m := idFirst.FindSubmatch(r.body)
		if r.status != http.StatusCreated || m == nil {
			t.Fatalf("%s: %d %s", c.name, r.status, r.body)
		}
		if c.prefer != "" && bytes.Contains(r.body, []byte("null")) {
			t.Errorf("%s: %s asked, answered %s", c.name, c.prefer, r.body)
		}
		id := string(m[1])
		back := get(t, s, segmentsURL+"/"+id, nil)
		if c.prefer == "" && !bytes.Equal(back.body, r.body) {
			t.Errorf("%s: read back differs:\n%s\n%s", c.name, back.body, r.body)
		}
		if !idFirst.Match(back.body) {
			t.Errorf("%s: read back %s", c.name, back.body)
		}
		entries := s.Requests(mockserver.RequestFilter{Method: http.MethodPost})
		if len(entries) != 1 || entries[0].Body != c.body {
			t.Errorf("%s: journaled %+v, want the body as sent %q", c.name, entries, c.body)
		}
		patched := send(t, s, http.MethodPatch, segmentsURL+"/"+id, `{"endDateTime":"2026-11-21T09:05:00Z"}`, nil)
		var got map[string]any
		if err := json.Unmarshal(patched.body, &got); err != nil || patched.status != http.StatusOK || got["id"] != id || got["endDateTime"] != "2026-11-21T09:05:00Z" {
			t.Errorf("%s: PATCH %d %s", c.name, patched.status, patched.body)
		}
		if body := s.Requests(mockserver.RequestFilter{Method: http.MethodPost})[0].Body; body != c.body {
			t.Errorf("%s: after the PATCH the journal shows %q", c.name, body)
		}
	}
}

// A body that already has an id keeps it where it was sent, and one with an id that is not a
// non-empty string is refused, with nothing stored.
func TestCreatedSegmentsKeepTheIDTheyWereSent(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r := send(t, s, http.MethodPost, segmentsURL, seg(`"id":"late"`), nil)
	if r.status != http.StatusCreated || !strings.Contains(string(r.body), `"startDateTime":"2026-11-21T09:03:00Z","endDateTime":"2026-11-21T09:04:00Z","id":"late"}`) {
		t.Errorf("id sent last: %d %s", r.status, r.body)
	}
	if r := send(t, s, http.MethodPost, segmentsURL, seg(`"id":"e\u0073caped"`), nil); r.status != http.StatusCreated {
		t.Errorf("an escaped id: %d %s", r.status, r.body)
	} else if back := get(t, s, segmentsURL+"/escaped", nil); back.status != http.StatusOK {
		t.Errorf("an escaped id is not read back unescaped: %d %s", back.status, back.body)
	}
	before := len(decodeCollection(t, get(t, s, segmentsURL, nil)).Value)
	for _, bad := range []string{`"id":""`, `"id":null`, `"id":7`} {
		if r := send(t, s, http.MethodPost, segmentsURL, seg(bad), nil); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", bad, r.status, r.body)
		}
	}
	if after := len(decodeCollection(t, get(t, s, segmentsURL, nil)).Value); after != before {
		t.Errorf("refused bodies stored segments: %d, then %d", before, after)
	}
}

// A segment created without an id inside a JSON batch gets its id first too, and neither the
// batch's journal entry nor the request's shows anything but what was sent.
func TestCreatedSegmentsInABatch(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	body := seg("")
	batch := batchOf(`{"id":"1","method":"POST","url":"` + s1 + `/segments","headers":{"Content-Type":"application/json"},"body":` + body + `}`)
	_, items := postBatch(t, s, batchURL, batch, nil)
	if len(items) != 1 || items[0].Status == nil || *items[0].Status != http.StatusCreated || !regexp.MustCompile(`^\{"@odata\.context":"[^"]+","id":"[0-9a-f-]{36}","startDateTime"`).Match(items[0].Body) {
		t.Fatalf("batch answered %+v", items)
	}
	for _, e := range s.Requests() {
		want := body
		if e.Route == "batch" {
			want = batch
		}
		if e.Body != want {
			t.Errorf("%s journaled %q, want %q", e.Route, e.Body, want)
		}
	}
}
