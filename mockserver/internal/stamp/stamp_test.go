package stamp

import (
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

var guidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestIDsAreDistinctVersion4GUIDs(t *testing.T) {
	t.Parallel()
	a, b := NewIDs(), NewIDs()
	seen := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5000 {
				for _, id := range []string{a.Next(), b.Next()} {
					if !guidRE.MatchString(id) {
						t.Errorf("%q is not a version 4 GUID", id)
					}
					mu.Lock()
					if seen[id] {
						t.Errorf("%q made twice", id)
					}
					seen[id] = true
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
}

func TestIDsAllocateOnlyTheString(t *testing.T) {
	g := NewIDs()
	if n := testing.AllocsPerRun(100, func() { _ = g.Next() }); n != 1 {
		t.Errorf("Next allocates %v times, want 1 (the string)", n)
	}
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = g.Append(buf[:0]) }); n != 0 {
		t.Errorf("Append allocates %v times, want 0", n)
	}
}

func TestHeaderValues(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	var d Dates
	var l Lengths
	var r Roots
	cases := []struct {
		name string
		got  func() string
		want string
	}{
		{"date in UTC", func() string { return d.Header(t0)[0] }, "Fri, 20 Nov 2026 09:00:00 GMT"},
		{"same second", func() string { return d.Header(t0.Add(999 * time.Millisecond))[0] }, "Fri, 20 Nov 2026 09:00:00 GMT"},
		{"next second", func() string { return d.Header(t0.Add(time.Second))[0] }, "Fri, 20 Nov 2026 09:00:01 GMT"},
		{"back again", func() string { return d.Header(t0)[0] }, "Fri, 20 Nov 2026 09:00:00 GMT"},
		{"length", func() string { return l.Header(4613)[0] }, "4613"},
		{"length in the same slot", func() string { return l.Header(4613 + 64)[0] }, "4677"},
		{"length zero", func() string { return l.Header(0)[0] }, "0"},
		{"root", func() string { return r.Get("http://", "example.com", "", "v1.0") }, "http://example.com/v1.0"},
		{"root, other version", func() string { return r.Get("http://", "example.com", "", "beta") }, "http://example.com/beta"},
		{"root, namespaced", func() string { return r.Get("https://", "h:8443", "/_ns/job-7", "v1.0") }, "https://h:8443/_ns/job-7/v1.0"},
		{"root, public base", func() string { return r.Get("https://graph.test/mock", "", "", "v1.0") }, "https://graph.test/mock/v1.0"},
		{"root, first again", func() string { return r.Get("http://", "example.com", "", "v1.0") }, "http://example.com/v1.0"},
		{"root for a request", func() string { return r.For("", "h:80", false, "", "beta") }, "http://h:80/beta"},
		{"root for a TLS request", func() string { return r.For("", "h", true, "/_ns/a", "v1.0") }, "https://h/_ns/a/v1.0"},
		{"root for a public base URL", func() string { return r.For("https://pub/x", "h", true, "", "v1.0") }, "https://pub/x/v1.0"},
	}
	for _, c := range cases {
		if got := c.got(); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRepeatedValuesAllocateNothing(t *testing.T) {
	var d Dates
	var l Lengths
	var r Roots
	now := time.Now()
	host := "127.0.0.1:" + strconv.Itoa(8080) // not a constant, as a request's host is not
	d.Header(now)
	l.Header(4613)
	r.Get("http://", host, "", "v1.0")
	if n := testing.AllocsPerRun(100, func() {
		_ = d.Header(now)
		_ = l.Header(4613)
		_ = r.Get("http://", host, "", "v1.0")
	}); n != 0 {
		t.Errorf("repeated values allocate %v times, want 0", n)
	}
}
