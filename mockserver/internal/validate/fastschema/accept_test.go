package fastschema

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// acceptAgrees checks Accept's contract on one input: when it accepts, jsondoc.Scan accepts the
// bytes unchanged as an object and Valid accepts them too, and for an entity type canon agrees
// with the verdict (verdictAgrees).
func acceptAgrees(t *testing.T, set *Set, def string, raw []byte, depth int) bool {
	t.Helper()
	ok, verdict := set.Accept(def, raw, depth, nil)
	if !ok {
		return false
	}
	verdictAgrees(t, def, raw, verdict)
	compact, _, isObject, err := jsondoc.Scan(raw, depth)
	if err != nil || !isObject || !bytes.Equal(compact, raw) {
		t.Fatalf("Accept(%s) took what jsondoc.Scan refuses or rewrites (err %v, object %v):\n%s", def, err, isObject, raw)
	}
	if !set.Valid(def, raw) {
		t.Fatalf("Accept(%s) took what Valid refuses:\n%s", def, raw)
	}
	return true
}

// TestAcceptOnTheCorpus: every corpus document, made compact, is accepted exactly when it is
// valid (none has a duplicate name or a lone surrogate).
func TestAcceptOnTheCorpus(t *testing.T) {
	t.Parallel()
	set := fast(t)
	c := newCorpus(t)
	c.givenDocuments(readSchemasTest(t))
	accepted := 0
	for _, it := range c.items {
		compact, _, isObject, err := jsondoc.Scan(it.raw, 200)
		if err != nil || !isObject {
			continue
		}
		compact = bytes.Clone(compact)
		valid := set.Valid(it.def, compact)
		if got := acceptAgrees(t, set, it.def, compact, 200); got != valid {
			t.Errorf("Accept(%s) = %v, Valid = %v:\n%.300s", it.def, got, valid, compact)
		}
		if valid {
			accepted++
		}
	}
	if accepted < 10 {
		t.Fatalf("only %d corpus documents accepted: the test checks nothing", accepted)
	}
}

// TestAcceptRefuses: what jsondoc.Scan would refuse or rewrite is never accepted.
func TestAcceptRefuses(t *testing.T) {
	t.Parallel()
	set := fast(t)
	const def = "microsoft.graph.callRecords.segment"
	ok := `{"startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z"}`
	if !acceptAgrees(t, set, def, []byte(ok), 200) {
		t.Fatalf("a minimal compact segment is not accepted: %s", ok)
	}
	for _, tc := range []struct {
		name, raw string
		depth     int
	}{
		{"space after the brace", `{ "startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z"}`, 200},
		{"newline at the end", ok + "\n", 200},
		{"a duplicate name", `{"startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z","endDateTime":"2026-11-24T16:36:00Z"}`, 200},
		{"a duplicate name once unescaped", `{"startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z","end\u0044ateTime":"2026-11-24T16:36:00Z"}`, 200},
		{"a lone high surrogate", `{"id":"\ud800","startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z"}`, 200},
		{"a lone low surrogate", `{"id":"\udc00x","startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z"}`, 200},
		{"too deep", `{"startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z","media":[]}`, 1},
		{"not an object", `[]`, 200},
		{"invalid", `{"startDateTime":1,"endDateTime":"2026-11-24T16:36:00Z"}`, 200},
	} {
		if ok, _ := set.Accept(def, []byte(tc.raw), tc.depth, nil); ok {
			t.Errorf("%s: accepted %s", tc.name, tc.raw)
		}
	}
	pair := `{"id":"\ud83d\ude00","startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z"}`
	if !acceptAgrees(t, set, def, []byte(pair), 200) {
		t.Errorf("a surrogate pair is refused: %s", pair)
	}
}

// FuzzAccept: whatever Accept takes, jsondoc.Scan takes unchanged and Valid takes.
func FuzzAccept(f *testing.F) {
	set := fast(f)
	c := newCorpus(f)
	c.givenDocuments(readSchemasTest(f))
	for _, it := range c.items {
		if compact, _, _, err := jsondoc.Scan(it.raw, 200); err == nil && len(compact) < 20000 {
			f.Add(bytes.Clone(compact), it.def, uint8(200))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, def string, depth uint8) {
		acceptAgrees(t, set, def, raw, int(depth))
	})
}

// TestAcceptFindsDuplicatesAmongManyNames: a duplicate is found whatever the object's width and
// wherever the names collide in the hash; past maxStrictNames Accept leaves the object to the
// scan.
func TestAcceptFindsDuplicatesAmongManyNames(t *testing.T) {
	t.Parallel()
	set := fast(t)
	const def = "microsoft.graph.identity" // an open type: any member is valid
	object := func(n int, dup int) []byte {
		b := []byte(`{"displayName":"x"`)
		for i := range n {
			b = fmt.Appendf(b, `,"m%d":%d`, i, i)
		}
		if dup >= 0 {
			b = fmt.Appendf(b, `,"m%d":0`, dup)
		}
		return append(b, '}')
	}
	for _, n := range []int{1, 15, 16, 17, 40, maxStrictNames - 2} {
		if !acceptAgrees(t, set, def, object(n, -1), 10) {
			t.Errorf("%d distinct names: not accepted", n+1)
		}
		for _, dup := range []int{0, n / 2, n - 1} {
			if ok, _ := set.Accept(def, object(n, dup), 10, nil); ok {
				t.Errorf("%d names, m%d twice: accepted", n+2, dup)
			}
		}
	}
	if ok, _ := set.Accept(def, object(maxStrictNames+5, -1), 10, nil); ok {
		t.Errorf("an object wider than maxStrictNames was accepted")
	}
}
