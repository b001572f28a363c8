package mockserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// FuzzConsoleForm posts random console forms. Properties: the console never panics or hangs; it
// answers a whole explorer page, 200 when it sent the request and 400 (naming the field) when
// it refused the form; and it never sends a request to the explorer itself. Fault headers and
// the admin API are left out, so that no input holds later ones back for seconds (they are
// covered by the fault and admin fuzz targets and tests).
func FuzzConsoleForm(f *testing.F) {
	s, err := mockserver.New(mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 8}))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][4]string{
		{"GET", "/v1.0/communications/callRecords?$top=1", "", ""},
		{"post", "/v1.0/communications/callRecords/" + defaultP2P + "/sessions/" + defaultP2P + "/segments", "Prefer: return=minimal", `{"startDateTime":"2026-11-20T09:20:00Z","endDateTime":"2026-11-20T09:21:00Z"}`},
		{"PATCH", "http://127.0.0.1:8080/beta/communications/callRecords/x?expand=sessions", "Content-Type: text/plain\r\n\r\nA: b", "{"},
		{"GET", "/_ns/a/", "", ""},
		{"GET", "/_mock/ui/console?url=/", "", ""},
		{"DELETE", "//x", "Host: y", ""},
		{"GET", "/v1.0/x?$filter=a eq 'é'#frag", "Bad Name: x", ""},
		{"HEAD", "/v1.0/communications/callRecords/%zz", ":", "\x00"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	f.Fuzz(func(t *testing.T, method, target, headers, body string) {
		lower := strings.ToLower(target + headers)
		if strings.Contains(lower, "fault") || strings.Contains(lower, "_mock") && !strings.Contains(lower, "_mock/ui") {
			t.Skip()
		}
		form := url.Values{"method": {method}, "url": {target}, "headers": {headers}, "body": {body}}
		r := do(t, s, http.MethodPost, consolePath, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, strings.NewReader(form.Encode()))
		page := string(r.body)
		if !strings.HasPrefix(page, "<!doctype html>") || !strings.HasSuffix(strings.TrimSpace(page), "</html>") {
			t.Fatalf("%d, not a whole page:\n%.500s", r.status, page)
		}
		switch r.status {
		case http.StatusOK:
			if shownStatus(page) == "" {
				t.Fatalf("200 without an answer shown:\n%.2000s", page)
			}
			if strings.Contains(page, "request console does not run requests to itself") {
				t.Fatalf("the console sent a request to itself: %q", target)
			}
		case http.StatusBadRequest:
			if !strings.Contains(page, "<b>Not sent.</b>") || shownStatus(page) != "" {
				t.Fatalf("400 without the reason, or with an answer:\n%.2000s", page)
			}
		default:
			t.Fatalf("status %d:\n%.1000s", r.status, page)
		}
	})
}
