package mockserver_test

import (
	"strings"
	"testing"
)

// $filter through HTTP: what Graph refuses and how.

func TestDeeplyNestedFilterIsRefused(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	filter := strings.Repeat("(", 8000) + "startDateTime%20ge%202026-01-01T00:00:00Z" + strings.Repeat(")", 8000)
	r := get(t, s, "/v1.0/communications/callRecords?$filter="+filter, nil)
	if r.status != 400 || !strings.Contains(decodeError(t, r).Error.Message, "nest deeper") {
		t.Fatalf("%d %s", r.status, r.body)
	}
	ok := "(((startDateTime%20ge%202026-01-01T00:00:00Z)))"
	if r := get(t, s, "/v1.0/communications/callRecords?$filter="+ok, nil); r.status != 200 {
		t.Fatalf("modest nesting: %d", r.status)
	}
}
