package jsondoc

import (
	"fmt"
	"strings"
	"testing"
)

// scanResult renders what Scan returned, for comparisons.
func scanResult(compact []byte, fields []Field, isObject bool, err *ScanError) string {
	if err != nil {
		return fmt.Sprintf("error at %d: %s", err.Offset, err.Msg)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%v %s", isObject, compact)
	for _, f := range fields {
		fmt.Fprintf(&b, " | %s=%s@%d", f.Name, f.Value, f.start)
	}
	return b.String()
}

func TestScannerReusedAcrossDocumentsMatchesScan(t *testing.T) {
	t.Parallel()
	docs := []string{
		`{"id":"a","n":1}`,
		scanManyKeys(40, `,"deep":{"x":[1,{"y":2}]}`), // hashed names at two depths
		`{"a":1,"a":2}`, // a duplicate: fails
		` { "id" : "spaced" , "v" : [ 1 , 2 ] } `,
		`[1,2]`,
		`{"\u0069d":"escaped name","z":null}`,
		`{}`,
		`{"id":"b"`, // cut short: fails
		`{"id":"last","m":{"k":true}}`,
	}
	var sc Scanner
	type kept struct{ want, doc string }
	var earlier []kept
	var results [][]Field
	for _, d := range docs {
		want := scanResult(Scan([]byte(d), 64))
		compact, fields, isObject, err := sc.Scan([]byte(d), 64)
		if got := scanResult(compact, fields, isObject, err); got != want {
			t.Errorf("reused Scanner on %.40s:\n got  %s\n want %s", d, got, want)
		}
		earlier = append(earlier, kept{want, d})
		results = append(results, fields)
	}
	// What earlier scans returned is not disturbed by later ones.
	for i, k := range earlier {
		again := scanResult(Scan([]byte(k.doc), 64))
		if again != k.want {
			t.Fatalf("the oracle moved for %s", k.doc)
		}
		for _, f := range results[i] {
			if !strings.Contains(k.want, " | "+f.Name+"="+string(f.Value)+"@") {
				t.Errorf("doc %d: field %s=%s changed after later scans", i, f.Name, f.Value)
			}
		}
	}
}

func TestScanCopiesOnlyWhatItCompacts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		in      string
		aliased bool
	}{
		{"compact object", `{"id":"x","v":[1,2,{"a":null}]}`, true},
		{"compact array", `[1,"a",true]`, true},
		{"trailing whitespace only", `{"id":"x"}` + "\n", true},
		{"leading whitespace", ` {"id":"x"}`, false},
		{"inner whitespace", `{"id": "x"}`, false},
		{"whitespace late", `{"id":"x","v":[1, 2]}`, false},
	}
	for _, c := range cases {
		in := []byte(c.in)
		compact, fields, _, err := Scan(in, 64)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := len(compact) > 0 && &compact[0] == &in[0]; got != c.aliased {
			t.Errorf("%s: compact is the input = %v, want %v", c.name, got, c.aliased)
		}
		for _, f := range fields {
			if !scanWithin(compact, f.Value) {
				t.Errorf("%s: field %q's value is not a slice of compact", c.name, f.Name)
			}
		}
	}
}

// Not parallel: testing.AllocsPerRun refuses to run beside parallel tests.
func TestWarmScannerAllocatesOnlyWhatItReturns(t *testing.T) {
	doc := []byte(scanManyKeys(20, `,"media":[{"streams":[{"a":1,"b":2}]}]`))
	var sc Scanner
	sc.Scan(doc, 64)
	// The fields and the one string their names share.
	if n := testing.AllocsPerRun(100, func() { sc.Scan(doc, 64) }); n != 2 {
		t.Errorf("a warm Scanner allocates %v times on a compact object, want 2", n)
	}
}
