package scenario

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/validate"
	"github.com/graphmock/graphmock/scenarios"
	"gopkg.in/yaml.v3"
)

// countingChecker is the real validator, counting the entities its Accept took.
type countingChecker struct {
	*validate.Validator
	accepted atomic.Int64
	rows     atomic.Int64 // of them, report rows
}

func (c *countingChecker) Accept(t model.EntityType, raw []byte, maxDepth int, want []jsondoc.Field) (bool, canon.Verdict) {
	ok, verdict := c.Validator.Accept(t, raw, maxDepth, want)
	if ok {
		c.accepted.Add(1)
		if t == reports.PSTN.Type() || t == reports.DirectRouting.Type() {
			c.rows.Add(1)
		}
	}
	return ok, verdict
}

// defaultAsJSON is the default scenario decoded, changed by edit, and written as a JSON file:
// compact (what generate writes) or indented (a row a line, so lines matter).
func defaultAsJSON(t *testing.T, indent bool, edit func(doc map[string]any)) (path string, data []byte) {
	t.Helper()
	src, err := fs.ReadFile(scenarios.FS(), "default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	if indent {
		data, err = json.MarshalIndent(doc, "", " ")
	} else {
		data, err = json.Marshal(doc)
	}
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "default.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, data
}

// A mapped JSON scenario, most of whose entities take the fast path (Accept, stored in place),
// loads to exactly what the YAML loader makes of the same file, and what a stream makes of it.
func TestLoadFileMapsAndAgrees(t *testing.T) {
	t.Parallel()
	v, err := validate.Shared()
	if err != nil {
		t.Fatal(err)
	}
	rows := 0 // the report rows: every one of them takes the fast path
	path, data := defaultAsJSON(t, false, func(doc map[string]any) {
		for _, k := range reports.Kinds() {
			list, _ := doc[k.ScenarioKey()].([]any)
			rows += len(list)
		}
	})
	check := &countingChecker{Validator: v}
	mapped := loaded(t, func() (*Loaded, error) { return loadFile(path, check, nil, 0) })
	if n := check.accepted.Load(); n < 100 {
		t.Fatalf("only %d entities took the fast path: the test does not exercise it", n)
	}
	if n := check.rows.Load(); rows < 2 || n != int64(rows) {
		t.Fatalf("%d of the %d report rows took the fast path", n, rows)
	}
	want := loaded(t, func() (*Loaded, error) { return loadYAML(path, data, v, nil) })
	if mapped != want {
		t.Fatalf("mapped and accepted: %.600s\nthe YAML loader: %.600s", mapped, want)
	}
	streamed := loaded(t, func() (*Loaded, error) { return LoadFile(path, v, nil) })
	if streamed != want {
		t.Fatalf("streamed: %.600s\nthe YAML loader: %.600s", streamed, want)
	}
}

// A mapped file that is not plain JSON is still judged by the YAML loader, with its lines.
func TestLoadFileMappedReportsProblems(t *testing.T) {
	t.Parallel()
	doc := "{\"callRecords\": [\n  {\"id\": \"r1\", \"id\": \"r2\"}\n]}"
	path := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	got := loaded(t, func() (*Loaded, error) { return loadFile(path, nil, nil, 0) })
	want := loaded(t, func() (*Loaded, error) { return loadYAML(path, []byte(doc), nil, nil) })
	if got != want || want[:9] != "problems:" {
		t.Fatalf("mapped: %s\nthe YAML loader: %s", got, want)
	}
}

// A report row the fast path cannot take (here one with a member its schema does not have) sends
// the whole list through the YAML loader's path: the problem is reported at its line, as the
// YAML loader reports it, and nothing of the list is kept.
func TestLoadFileReportsARowItCannotTake(t *testing.T) {
	t.Parallel()
	v, err := validate.Shared()
	if err != nil {
		t.Fatal(err)
	}
	path, data := defaultAsJSON(t, true, func(doc map[string]any) {
		rows, _ := doc[reports.PSTN.ScenarioKey()].([]any)
		if len(rows) < 2 {
			t.Fatalf("the default scenario has %d PSTN rows: the test needs two", len(rows))
		}
		rows[1].(map[string]any)["notAMember"] = true
	})
	got := loaded(t, func() (*Loaded, error) { return loadFile(path, v, nil, 0) })
	want := loaded(t, func() (*Loaded, error) { return loadYAML(path, data, v, nil) })
	if got != want || !strings.Contains(want, "/pstnCalls/1") {
		t.Fatalf("mapped: %.600s\nthe YAML loader: %.600s", got, want)
	}
}

// A report member that is not a list is reported as the YAML loader reports it, fast path or not.
func TestLoadReportsAReportThatIsNotAList(t *testing.T) {
	t.Parallel()
	v, err := validate.Shared()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range reports.Kinds() {
		for _, value := range []string{"null", "{}", "5", `"rows"`, "[]"} {
			doc := `{"callRecords": [], "` + k.ScenarioKey() + `": ` + value + `}`
			got := loaded(t, func() (*Loaded, error) { return Load("s.json", []byte(doc), v, nil) })
			want := loaded(t, func() (*Loaded, error) { return loadYAML("s.json", []byte(doc), v, nil) })
			if got != want || value != "[]" && !strings.Contains(want, "must be a list") {
				t.Errorf("%s: the JSON loader says\n%.400s\nthe YAML loader says\n%.400s", doc, got, want)
			}
		}
	}
}
