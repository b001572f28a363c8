package mockserver_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkBatch20GETs puts a batch of 20 GETs of wide segments (about 4.6 KB each) beside the
// same 20 GETs sent one by one, in one run, so the ratio of their ns/op is what batching costs
// (the target: at most 1.3 times the 20 direct GETs). "in-process" serves both straight from
// the handler into a sink, which is the engine's own work and the strictest comparison;
// "over-http" is what a client sees, one keep-alive loopback connection, a round trip per
// request. These are not timed assertions.
func BenchmarkBatch20GETs(b *testing.B) {
	s := benchServer(b, 1, 100)
	const session = "/communications/callRecords/r/sessions/s0000/segments/"
	targets := make([]string, 20)
	items := make([]string, 20)
	for i := range targets {
		targets[i] = fmt.Sprintf("/v1.0%sg%06d", session, i)
		items[i] = fmt.Sprintf(`{"id":"%d","method":"GET","url":"%sg%06d"}`, i+1, session, i)
	}
	body := []byte(`{"requests":[` + strings.Join(items, ",") + `]}`)
	check, first := httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, batchURL, bytes.NewReader(body))
	first.Header.Set("Content-Type", "application/json")
	s.ServeHTTP(check, first)
	if check.Code != http.StatusOK || strings.Count(check.Body.String(), `"status":200`) != 20 {
		b.Fatalf("batch: %d %.300s", check.Code, check.Body)
	}
	gets := make([]*http.Request, len(targets))
	for i, t := range targets {
		gets[i] = httptest.NewRequest(http.MethodGet, t, nil)
	}
	post := httptest.NewRequest(http.MethodPost, batchURL, nil)
	post.Header.Set("Content-Type", "application/json")
	rd := bytes.NewReader(body)
	b.Run("in-process/direct", func(b *testing.B) {
		w := &sink{h: http.Header{}}
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range gets {
				clear(w.h)
				s.ServeHTTP(w, r)
			}
		}
	})
	b.Run("in-process/batch", func(b *testing.B) {
		w := &sink{h: http.Header{}}
		b.ReportAllocs()
		for b.Loop() {
			rd.Reset(body)
			post.Body, post.ContentLength = io.NopCloser(rd), int64(len(body))
			clear(w.h)
			s.ServeHTTP(w, post)
		}
	})
	srv := httptest.NewServer(s)
	defer srv.Close()
	client := srv.Client()
	roundTrip := func(b *testing.B, req *http.Request) {
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	b.Run("over-http/direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range targets {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+t, nil)
				roundTrip(b, req)
			}
		}
	})
	b.Run("over-http/batch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+batchURL, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			roundTrip(b, req)
		}
	})
}
