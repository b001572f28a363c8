package faults_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

func TestRuleJSON(t *testing.T) {
	t.Parallel()
	var f faults.Fault
	in := `{"id":"slow","route":"getSession","retryAfter":1.5,"status":503,"delay":"300ms","hangMax":"2s",
		"rateLimit":{"limit":2,"window":"10s","per":"route"},"header":{"X-A":"*"}}`
	if err := json.Unmarshal([]byte(in), &f); err != nil {
		t.Fatal(err)
	}
	want := faults.Fault{ID: "slow", Route: "getSession", RetryAfter: 1500 * time.Millisecond, Status: 503,
		Delay: &faults.Latency{Fixed: 300 * time.Millisecond}, HangMax: 2 * time.Second,
		RateLimit: &faults.RateLimit{Limit: 2, Window: 10 * time.Second, Per: "route"}, Header: map[string]string{"X-A": "*"}}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("decoded\n %+v\nwant %+v", f, want)
	}
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"retryAfter":"1.5s"`) || !strings.Contains(string(out), `"delay":{"fixed":"300ms"}`) {
		t.Fatalf("durations are not written as strings: %s", out)
	}
	var back faults.Fault
	if err := json.Unmarshal(out, &back); err != nil || !reflect.DeepEqual(back, want) {
		t.Fatalf("round trip: %v\n %+v", err, back)
	}
	st, err := json.Marshal(faults.Status{Fault: faults.Fault{ID: "x", Status: 500}, Source: "admin", Matched: 3, Fired: 2})
	if err != nil || string(st) != `{"id":"x","status":500,"source":"admin","matched":3,"fired":2}` {
		t.Fatalf("status: %v %s", err, st)
	}
}

func TestDecodeRules(t *testing.T) {
	t.Parallel()
	rules, err := faults.DecodeRules([]byte(`{"preset":"graph-throttling"}`), testRoutes())
	if err != nil || len(rules) != 2 || rules[0].ID != "graph-throttling-list" {
		t.Fatalf("preset: %v %+v", err, rules)
	}
	rules, err = faults.DecodeRules([]byte(`{"route":"getSession","method":"get","status":500}`), testRoutes())
	if err != nil || len(rules) != 1 || rules[0].Route != "getSession" || rules[0].Method != "get" {
		t.Fatalf("a rule comes back as written: %v %+v", err, rules)
	}
	for _, c := range []struct{ raw, key, msg string }{
		{`{"preset":"azure"}`, "preset", `unknown preset "azure"`},
		{`{"preset":"graph-throttling","status":500}`, "preset", "takes no other fields"},
		{`{"statsu":500}`, "statsu", `fault rule: json: unknown field "statsu"`},
		{`{"status":"500"}`, "status", "fault rule: json: cannot unmarshal"},
		{`{"status":500,"route":"nope"}`, "routes", `fault rule: unknown route "nope"`},
		{`{"delay":"soon"}`, "", `fault rule: delay: "soon" is not a duration`},
	} {
		_, err := faults.DecodeRules([]byte(c.raw), testRoutes())
		var re *faults.RuleError
		if !errors.As(err, &re) || re.Key != c.key || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: %v (key %q), want key %q and %q", c.raw, err, keyOf(re), c.key, c.msg)
		}
	}
}

func keyOf(re *faults.RuleError) string {
	if re == nil {
		return "<none>"
	}
	return re.Key
}

func TestGraphThrottlingNamesKnownRoutes(t *testing.T) {
	t.Parallel()
	e := faults.NewEngine(1, testRoutes())
	if _, err := e.AddAll(faults.GraphThrottling(), "go"); err != nil {
		t.Fatal(err)
	}
}

func TestParseDuration(t *testing.T) {
	t.Parallel()
	// Seconds in any number form, past ten minutes too (a Retry-After may be long); how long a
	// delay or a hang may be is the rule's check, below.
	for s, want := range map[string]time.Duration{"1.5": 1500 * time.Millisecond, " 2 ": 2 * time.Second, "300ms": 300 * time.Millisecond, "1m": time.Minute,
		"601": 601 * time.Second, "1e3": 1000 * time.Second, "1E+3": 1000 * time.Second, "0": 0} {
		if got, err := faults.ParseDuration(s); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"-1", "soon", "", "NaN", "Inf", "1e10", "-0.5"} {
		if _, err := faults.ParseDuration(s); err == nil {
			t.Errorf("%q: no error", s)
		}
	}
	for _, rule := range []string{`{"delay":601}`, `{"connection":"hang","hangMax":"1e3"}`, `{"dribble":{"chunks":2,"over":601}}`} {
		if _, err := faults.DecodeRules([]byte(rule), testRoutes()); err == nil {
			t.Errorf("%s: accepted; a hold past ten minutes must be refused", rule)
		}
	}
}
