package journal

import (
	"strings"
	"testing"
	"time"
)

func TestParseFilter(t *testing.T) {
	t.Parallel()
	f, err := ParseFilter("getSegment", "GET", "429", "2026-11-20T10:00:00Z")
	if err != nil || f.Route != "getSegment" || f.Method != "GET" || f.Status != 429 || !f.Since.Equal(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("%+v %v", f, err)
	}
	if f, err := ParseFilter("", "", "", ""); err != nil || f != (Filter{}) {
		t.Fatalf("empty: %+v %v", f, err)
	}
	for _, tc := range [][3]string{{"x", "", "status=x is not a number."}, {"", "yesterday", "since=yesterday is not an RFC 3339"}} {
		if _, err := ParseFilter("", "", tc[0], tc[1]); err == nil || !strings.Contains(err.Error(), tc[2]) {
			t.Errorf("%v: err %v, want %q", tc, err, tc[2])
		}
	}
}
