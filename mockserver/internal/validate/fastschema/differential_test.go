package fastschema

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"sync"
	"testing"
)

type tally struct {
	n, refValid, fastValid, missed, wrong, refPanics int
	missedExamples                                   []string
}

func TestDifferential(t *testing.T) {
	t.Parallel()
	set, r := fast(t), ref(t)
	st := readSchemasTest(t)
	c := newCorpus(t)
	c.givenDocuments(st)
	// Every `go test` runs a tenth of the corpus; .ci/run sets GRAPHMOCK_LONG=1 for all of it
	// (about 25,600 instances, ~25 s on two cores).
	perBase := 150
	if os.Getenv("GRAPHMOCK_LONG") == "1" && !testing.Short() {
		perBase = 1500
	}
	c.mutations(perBase, rand.New(rand.NewSource(1)))

	type result struct {
		fast, ref, panicked bool
	}
	results := make([]result, len(c.items))
	var wg sync.WaitGroup
	workers := 4
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(c.items); i += workers {
				it := c.items[i]
				if !wellFormed(it.raw) {
					panic("not well-formed: " + it.source)
				}
				rv, p := r.verdict(it.def, it.raw)
				results[i] = result{set.Valid(it.def, it.raw), rv, p}
			}
		}(w)
	}
	wg.Wait()

	tallies := map[string]*tally{}
	for i, it := range c.items {
		res := results[i]
		tl := tallies[it.group]
		if tl == nil {
			tl = &tally{}
			tallies[it.group] = tl
		}
		tl.n++
		if res.ref {
			tl.refValid++
		}
		if res.fast {
			tl.fastValid++
		}
		if res.panicked {
			tl.refPanics++
		}
		if res.fast && !res.ref {
			tl.wrong++
			t.Errorf("%s (%s): fastschema accepts what jsonschema/v5 rejects (panicked %v):\n%.2000s", it.source, it.def, res.panicked, it.raw)
		}
		if !res.fast && res.ref {
			tl.missed++
			if len(tl.missedExamples) < 10 {
				tl.missedExamples = append(tl.missedExamples, fmt.Sprintf("%s (%s): %.300s", it.source, it.def, it.raw))
			}
		}
	}
	for _, g := range []string{"given", "edit", "mutation"} {
		tl := tallies[g]
		if tl == nil {
			t.Fatalf("no %s instances", g)
		}
		t.Logf("%-8s instances %6d: jsonschema valid %6d, fastschema valid %6d; fast false where reference true %d; fast true where reference false %d; reference panics %d",
			g, tl.n, tl.refValid, tl.fastValid, tl.missed, tl.wrong, tl.refPanics)
		for _, ex := range tl.missedExamples {
			t.Logf("  missed: %s", ex)
		}
		if tl.missed > 0 {
			// Realistic data must always take the fast path; mutations may only miss in
			// the documented doubt cases.
			t.Errorf("%s: %d instances valid for jsonschema/v5 but not for fastschema", g, tl.missed)
		}
	}
	if tallies["given"].refValid != tallies["given"].n {
		t.Errorf("some given documents are invalid for jsonschema/v5")
	}
}

// TestDoubt checks the cases where fastschema leaves the decision to the full validator.
func TestDoubt(t *testing.T) {
	t.Parallel()
	set := fast(t)
	const seg = `{"startDateTime":"2024-03-01T10:00:00Z","endDateTime":"2024-03-01T10:30:00Z"`
	cases := []struct {
		name, def, raw string
		want           bool
	}{
		{"valid", defSegment, seg + `}`, true},
		{"whitespace", defSegment, " \n" + seg + "}\t", true},
		{"unknown def", "microsoft.graph.callRecords.nothing", seg + `}`, false},
		{"trailing data", defSegment, seg + `} x`, false},
		{"two values", defSegment, seg + `} {}`, false},
		{"truncated", defSegment, seg, false},
		{"invalid UTF-8", defSegment, seg + `,"id":"\xff"}`, false},
		{"huge exponent on an Int32", defSegment, seg + `,"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":1e999999}}`, false},
		{"zero with huge exponent on an Int32", defSegment, seg + `,"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":0e999999}}`, false},
		{"Int32 bound", defSegment, seg + `,"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":2147483647}}`, true},
		{"Int32 bound as 2.147483647e9", defSegment, seg + `,"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":2.147483647e9}}`, true},
		{"Int32 bound + 1 as 2.147483648E+9", defSegment, seg + `,"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","cpuCoresCount":2.147483648E+9}}`, false},
		{"escaped name", defSegment, seg + `,"\u0069d":"x"}`, true},
		{"escaped unknown name", defSegment, seg + `,"\u0069dx":"x"}`, false},
		{"escaped @odata.type", defSegment, seg + `,"caller":{"@odata.type":"\u0023microsoft.graph.callRecords.serviceEndpoint"}}`, true},
		{"lone surrogate", defSegment, seg + `,"id":"\ud800x"}`, true},
		{"deep nesting in an open type", defSegment, seg + `,"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","associatedIdentity":{"x":` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `}}}`, false},
	}
	for _, tc := range cases {
		if got := set.Valid(tc.def, []byte(tc.raw)); got != tc.want {
			t.Errorf("%s: Valid = %v, want %v", tc.name, got, tc.want)
		}
		if tc.want {
			if rv, _ := ref(t).verdict(tc.def, []byte(tc.raw)); !rv {
				t.Errorf("%s: the reference rejects it", tc.name)
			}
		}
	}
	// More members than the evaluated-property bitmask holds, on an open type: still exact.
	var wide strings.Builder
	wide.WriteString(`{"@odata.type":"#microsoft.graph.callRecords.feedbackTokenSet"`)
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&wide, `,"t%d":true`, i)
	}
	wide.WriteString("}")
	if !set.Valid(cr+"feedbackTokenSet", []byte(wide.String())) {
		t.Errorf("a feedbackTokenSet with 100 tokens is rejected")
	}
	// ... and on a closed type, left to the full validator.
	w := seg
	for i := 0; i < 70; i++ {
		w += fmt.Sprintf(`,"x%d":1`, i)
	}
	if set.Valid(defSegment, []byte(w+"}")) {
		t.Errorf("a segment with 70 unknown members is accepted")
	}
}
