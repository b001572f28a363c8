package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeManifest(t *testing.T) {
	dir := t.TempDir()
	body := filepath.Join(dir, "seg.json")
	if err := os.WriteFile(body, []byte(`{"id":"g1"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "manifest")
	lines := "# comment\n" +
		"GET 200 /v1.0/a/segments/g1 " + body + " application/json;charset=utf-8\n" +
		"POST 201 /v1.0/a/segments " + body + " application/json;charset=utf-8\n"
	if err := os.WriteFile(manifest, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	responses, err := load(manifest)
	if err != nil {
		t.Fatal(err)
	}
	h := serve(responses)
	for _, tc := range []struct {
		method, target string
		status         int
		body           string
	}{
		{http.MethodGet, "/v1.0/a/segments/g1?$select=id", 200, `{"id":"g1"}`},
		{http.MethodPost, "/v1.0/a/segments", 201, `{"id":"g1"}`},
		{http.MethodGet, "/v1.0/a/segments", 404, ""},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, strings.NewReader(`{}`)))
		if rec.Code != tc.status || rec.Body.String() != tc.body {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.target, rec.Code, rec.Body.String(), tc.status, tc.body)
		}
		if tc.status != 404 && rec.Header().Get("Content-Type") != "application/json;charset=utf-8" {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.target, rec.Header().Get("Content-Type"))
		}
	}
	if _, err := load(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing manifest loaded")
	}
}
