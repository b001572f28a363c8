package mockserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/timeline"
)

// What change notifications are built on: each namespace's record events, and the goroutines
// the clock keeps (none after Close).

var eventsStart = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// heard collects a namespace's record events as "ns kind id vN +offset [people]".
type heard struct {
	mu  sync.Mutex
	got []string
}

func (h *heard) listen(e timeline.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got = append(h.got, fmt.Sprintf("%q %s %s v%d +%s %v", e.Namespace, e.Kind, e.RecordID[:8], e.Version, e.At.Sub(eventsStart), e.Participants))
}

func (h *heard) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.got
	h.got = nil
	return out
}

// call sends one request to the server in-process.
func call(t *testing.T, s *Server, method, target, body string) int {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w.Code
}

func TestRecordEventsWithVersions(t *testing.T) {
	t.Parallel()
	s, err := New(WithScenarioFile("testdata/timeline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Clock().Freeze(true)
	s.Clock().Set(eventsStart)
	h := &heard{}
	s.timeline.Subscribe(h.listen)
	other, err := s.NamespaceNamed("other")
	if err != nil {
		t.Fatal(err)
	}
	o := &heard{}
	other.timeline.Subscribe(o.listen)

	s.Clock().Advance(15 * time.Minute) // the second record is generated 25m after 11:50
	const now, seg = "/v1.0/communications/callRecords/11111111-1111-4111-8111-111111111111", "/sessions/s1/segments"
	steps := []struct {
		name   string
		do     func() int
		status int
		want   string
	}{
		{"create", func() int {
			return call(t, s, "POST", now+seg, `{"id":"g2","startDateTime":"2026-11-28T10:40:00Z","endDateTime":"2026-11-28T10:41:00Z"}`)
		}, 201, `"" updated 11111111 v2 +15m0s [aaaaaaaa-0000-4000-8000-000000000001 bbbbbbbb-0000-4000-8000-000000000002]`},
		{"update", func() int { return call(t, s, "PATCH", now+seg+"/g2", `{"endDateTime":"2026-11-28T10:42:00Z"}`) }, 200,
			`"" updated 11111111 v3 +15m0s [aaaaaaaa-0000-4000-8000-000000000001 bbbbbbbb-0000-4000-8000-000000000002]`},
		{"delete", func() int { return call(t, s, "DELETE", now+seg+"/g2", "") }, 204,
			`"" updated 11111111 v4 +15m0s [aaaaaaaa-0000-4000-8000-000000000001 bbbbbbbb-0000-4000-8000-000000000002]`},
		{"failed write", func() int { return call(t, s, "DELETE", now+seg+"/g2", "") }, 404, ""},
		{"replace", func() int {
			return call(t, s, "POST", "/_mock/callRecords", `{"id":"11111111-1111-4111-8111-111111111111","version":1,"type":"groupCall",`+
				`"modalities":["audio"],"lastModifiedDateTime":"2026-11-28T11:05:00Z","startDateTime":"2026-11-28T10:30:00Z","endDateTime":"2026-11-28T11:00:00Z"}`)
		}, 200, `"" updated 11111111 v5 +15m0s []`},
		{"add", func() int {
			return call(t, s, "POST", "/_mock/callRecords", `{"id":"66666666-6666-4666-8666-666666666666","version":1,"type":"groupCall","modalities":["audio"],`+
				`"lastModifiedDateTime":"2026-11-28T11:05:00Z","startDateTime":"2026-11-28T10:30:00Z","endDateTime":"2026-11-28T11:00:00Z",`+
				`"participants_v2":[{"id":"dddddddd-0000-4000-8000-000000000004"}]}`)
		}, 201, `"" created 66666666 v1 +15m0s [dddddddd-0000-4000-8000-000000000004]`},
	}
	if got := h.take(); fmt.Sprint(got) != fmt.Sprint([]string{`"" created 22222222 v1 +15m0s [cccccccc-0000-4000-8000-000000000003]`}) {
		t.Fatalf("when the clock passed its availability: %q", got)
	}
	for _, st := range steps {
		if code := st.do(); code != st.status {
			t.Fatalf("%s: status %d, want %d", st.name, code, st.status)
		}
		got := h.take()
		if st.want == "" && len(got) != 0 || st.want != "" && fmt.Sprint(got) != fmt.Sprint([]string{st.want}) {
			t.Fatalf("%s: events %q, want %q", st.name, got, st.want)
		}
	}
	// The other namespace has its own clock and records: nothing of the above reached it.
	if got := o.take(); len(got) != 0 {
		t.Fatalf("the other namespace heard %q", got)
	}
	other.Clock().Advance(time.Hour)
	if got := o.take(); len(got) != 1 || !strings.HasPrefix(got[0], `"other" created 22222222 v1`) || len(h.take()) != 0 {
		t.Fatalf("the other namespace's own timeline: %q", got)
	}
}

func TestCloseLeavesNoClockGoroutine(t *testing.T) {
	t.Parallel()
	s, err := New(WithScenarioFile("testdata/timeline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The default namespace waits for 12:15 (one timer goroutine); so does a second one.
	if _, err := s.NamespaceNamed("second"); err != nil {
		t.Fatal(err)
	}
	if n := s.group.Live(); n != 2 {
		t.Fatalf("timer goroutines = %d, want one per namespace with a record to wait for", n)
	}
	// Dropping a namespace ends its timer; advancing past the last wait ends the other.
	s.DropNamespace("second")
	s.Clock().Advance(time.Hour)
	for deadline := time.Now().Add(5 * time.Second); s.group.Live() != 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timer goroutines = %d with nothing to wait for", s.group.Live())
		}
	}
	// With a wait pending, Close ends the goroutine before it returns.
	s.Reset()
	if s.group.Live() != 1 {
		t.Fatalf("after a reset: %d timer goroutines", s.group.Live())
	}
	s.Close()
	if n := s.group.Live(); n != 0 {
		t.Fatalf("after Close: %d goroutines", n)
	}
	if code := call(t, s, http.MethodGet, "/v1.0/communications/callRecords", ""); code != 200 || s.group.Live() != 0 {
		t.Fatalf("after Close: %d, %d goroutines", code, s.group.Live())
	}
}
