package batch

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// withDeps builds a batch body of GETs whose dependsOn lists are given, by request, as ids
// joined with commas ("" for none).
func withDeps(deps ...string) string {
	parts := make([]string, len(deps))
	for i, d := range deps {
		list := ""
		if d != "" {
			list = `,"dependsOn":["` + strings.ReplaceAll(d, ",", `","`) + `"]`
		}
		parts[i] = fmt.Sprintf(`{"id":"%d","method":"GET","url":"/x"%s}`, i+1, list)
	}
	return `{"requests":[` + strings.Join(parts, ",") + `]}`
}

// TestPlanShapes checks the three shapes Graph runs, in the forms clients send them, and the
// waves each runs in.
func TestPlanShapes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		deps  []string
		waves [][]int
	}{
		{"one request", []string{""}, [][]int{{0}}},
		{"parallel", []string{"", "", "", ""}, [][]int{{0, 1, 2, 3}}},
		{"serial", []string{"", "1", "2", "3"}, [][]int{{0}, {1}, {2}, {3}}},
		{"serial out of order", []string{"2", "", "1"}, [][]int{{1}, {0}, {2}}},
		{"serial as the Go SDK lists it", []string{"", "1", "1,2", "1,2,3"}, [][]int{{0}, {1}, {2}, {3}}},
		{"serial, the Go SDK's list in another order", []string{"", "1", "2,1"}, [][]int{{0}, {1}, {2}}},
		{"same", []string{"", "1", "1", "1"}, [][]int{{0}, {1, 2, 3}}},
		{"same, the JS client's example", []string{"", "1", "1"}, [][]int{{0}, {1, 2}}},
		{"same, on a later request", []string{"3", "3", "", "3"}, [][]int{{2}, {0, 1, 3}}},
	} {
		b, err := parse(t, withDeps(c.deps...))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(b.waves, c.waves) {
			t.Errorf("%s: waves %v, want %v", c.name, b.waves, c.waves)
		}
	}
}
