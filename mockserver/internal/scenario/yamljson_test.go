package scenario

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestConverterCountsEveryByte is the regression test for aliases of empty containers: the
// alias-expansion bound counted only scalars, so aliases repeating aliases of [] or {} expanded
// without limit. Whatever the YAML, the counter must never be below the JSON written.
func TestConverterCountsEveryByte(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		"a: &a []\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]",
		"a: &a {}\nb: &b {x: *a, y: *a}\nc: [*b, *b, {<<: *b, z: []}]",
		"[[], {}, [[]], {a: {}}, '', null]",
		"{a: 1, bb: [2, 3], ccc: {d: \"e\"}}",
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatal(err)
		}
		var c converter
		out, err := c.appendJSON(nil, &n, 1)
		if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if c.written < len(out) {
			t.Errorf("%q: counted %d bytes, wrote %d: %s", doc, c.written, len(out), out)
		}
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("a: &a []\nb: [*a, *a]"), &n); err != nil {
		t.Fatal(err)
	}
	c := converter{written: maxAliasExpansion - 4}
	if _, err := c.appendJSON(nil, &n, 1); err == nil || !strings.Contains(err.Error(), "expands to more than") {
		t.Fatalf("empty lists past the bound: %v, want the expansion error", err)
	}
}

// TestMergeWorkIsBounded is the regression test for merges of merges: every merge key resolved
// its sources again, so each level multiplied the work by its fan-out (10^9 resolutions for a
// few hundred bytes). The work is now counted against maxMergeWork.
func TestMergeWorkIsBounded(t *testing.T) {
	t.Parallel()
	doc := "m0: &m0 {}\n"
	for i := 1; i <= 4; i++ {
		doc += "m" + string(rune('0'+i)) + ": &m" + string(rune('0'+i)) + " {<<: [" +
			strings.Repeat("*m"+string(rune('0'+i-1))+", ", 9) + "*m" + string(rune('0'+i-1)) + "]}\n"
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	var c converter
	if _, err := c.appendJSON(nil, &n, 1); err != nil {
		t.Fatal(err)
	}
	if c.merges < 10000 {
		t.Fatalf("merge work counted %d for 10^4 resolutions", c.merges)
	}
	c = converter{merges: maxMergeWork - 100}
	if _, err := c.appendJSON(nil, &n, 1); err == nil || !strings.Contains(err.Error(), "merge keys") {
		t.Fatalf("merge work past the bound: %v, want the merge error", err)
	}
}

// TestAliasBudgetGrowsWithTheFile: the JSON and the values a scenario may expand to grow with
// its size from a floor, up to maxAliasExpansion; a file past its budget is refused at the node
// that passes it, having written no more than the budget.
func TestAliasBudgetGrowsWithTheFile(t *testing.T) {
	t.Parallel()
	for size, want := range map[int][2]int{
		0:         {expansionBase, valueBase},
		1 << 20:   {expansionBase + expansionFactor<<20, valueBase + 1<<20},
		256 << 20: {maxAliasExpansion, valueBase + 256<<20},
	} {
		if c := budgetFor(size); c.maxBytes != want[0] || c.maxValues != want[1] {
			t.Errorf("%d bytes: budget %d bytes, %d values; want %v", size, c.maxBytes, c.maxValues, want)
		}
	}
	for name, doc := range map[string]string{
		"bytes":  "a: &a [" + strings.Repeat("x", 1000) + "]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
		"values": "a: &a [[], [], [], [], [], [], [], []]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]",
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatal(err)
		}
		c := converter{maxBytes: 1 << 20, maxValues: 1 << 14}
		out, err := c.appendJSON(nil, &n, 1)
		if err == nil || !strings.Contains(err.Error(), "expands to more than") || !strings.Contains(err.Error(), "aliases") {
			t.Fatalf("%s: %v (%d bytes), want the expansion error", name, err, len(out))
		}
		if c.written > c.maxBytes+1010 || c.values > c.maxValues+1 {
			t.Errorf("%s: went on to %d bytes, %d values past the budget", name, c.written, c.values)
		}
	}
}
