package fastschema

import (
	"encoding/json"
	"math/rand"
	"regexp"
	"testing"
)

func TestPatternsMatchRegexp(t *testing.T) {
	t.Parallel()
	files := schemaFiles(t)
	var doc struct {
		Defs map[string]struct {
			Pattern string `json:"pattern"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(files[crFile], &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Defs["Edm.DateTimeOffset"].Pattern != dateTimeOffsetPattern || doc.Defs["Edm.Duration"].Pattern != durationPattern {
		t.Fatalf("the schema's patterns are no longer the ones with hand-written matchers")
	}
	for _, tc := range patternSeeds() {
		checkPattern(t, tc)
	}
	// Every string of up to 6 characters over a small alphabet, and random longer ones.
	alpha := []byte("PTDHMS.0159-")
	var gen func(prefix []byte, n int)
	gen = func(prefix []byte, n int) {
		checkPattern(t, string(prefix))
		if n == 0 {
			return
		}
		for _, c := range alpha {
			gen(append(prefix, c), n-1)
		}
	}
	gen(nil, 5)
	rng := rand.New(rand.NewSource(2))
	seeds := patternSeeds()
	for i := 0; i < 200000; i++ {
		s := []byte(seeds[rng.Intn(len(seeds))])
		for k := rng.Intn(3) + 1; k > 0 && len(s) > 0; k-- {
			p := rng.Intn(len(s))
			switch rng.Intn(3) {
			case 0:
				s[p] = "0123456789TZ:+-.PDHMS"[rng.Intn(21)]
			case 1:
				s = append(s[:p], s[p+1:]...)
			case 2:
				s = append(s[:p], append([]byte{"0123456789TZ:+-.PDHMS"[rng.Intn(21)]}, s[p:]...)...)
			}
		}
		checkPattern(t, string(s))
	}
}

func patternSeeds() []string {
	return []string{
		"", "P", "PT", "-P", "P1D", "P1DT", "P1DT2H", "PT0.016S", "PT1M2.5S", "PT1H2S", "-PT5S", "PT0S", "PT1.S", "PT.5S",
		"PT0.5M", "P1W", "P1Y", "+PT1S", "pt1s", " PT1S", "PT1H1M1S", "PT1H1M1.5S", "P12DT1H", "PT1S1S", "PT1M1H", "P1DT1H1M1.25S",
		"PT1H1.5M", "P1.5D", "P1D1H", "PT1HT1M", "P1DT1.0S", "-P1D",
		"2020-02-25T18:52:21Z", "2020-02-25T18:52:21.5Z", "2020-02-25T18:52:21.2169889Z", "2020-02-25T18:52:21+05:30",
		"2020-02-25T18:52:21.1-00:00", "2020-02-25T18:52:21.21698890Z", "2020-02-25T18:52:21", "2020-02-25T18:52Z",
		"2020-02-25 18:52:21Z", "2020-02-25T18:52:21z", "2020-02-25T18:52:21.Z", "2020-02-25T24:00:00Z", "2020-02-25T18:52:21+0530",
		"2020-00-25T18:52:21Z", "2020-12-31T23:59:59Z", "2020-13-01T00:00:00Z", "2020-01-00T00:00:00Z", "2020-01-32T00:00:00Z",
		"2020-01-30T00:60:00Z", "2020-01-30T00:00:60Z", "2020-01-30T20:00:00+24:00", "2020-01-30T20:00:00+23:59", "2020-01-30T20:00:00-23:60",
		"2020-01-30T20:00:00Z\n", "2020-01-30T20:00:00.1234567+01:00",
	}
}

var patternMatchers = []struct {
	re    *regexp.Regexp
	match func([]byte) bool
}{
	{regexp.MustCompile(dateTimeOffsetPattern), matchDateTimeOffset},
	{regexp.MustCompile(durationPattern), matchDuration},
}

func checkPattern(t testing.TB, s string) {
	t.Helper()
	for _, p := range patternMatchers {
		if want, got := p.re.MatchString(s), p.match([]byte(s)); want != got {
			t.Fatalf("%q against %s: matcher %v, regexp %v", s, p.re, got, want)
		}
	}
}

func FuzzPatterns(f *testing.F) {
	for _, s := range patternSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkPattern(t, s) })
}
