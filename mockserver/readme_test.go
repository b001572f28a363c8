package mockserver_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// The README and the pages under docs/ show Go code and a scenario file; these tests keep them
// true. cmd/graphmock's TestReadmeCommands runs their shell commands.

// fencedBlock is one fenced code block of a Markdown file.
type fencedBlock struct {
	file, lang string
	line       int      // of the opening fence
	lines      []string // the block's lines, the fence's indentation removed
	skip       bool     // an HTML comment "<!-- not compiled ...-->" precedes the fence
}

// fencedBlocks reads the fenced code blocks of the README and of docs/*.md.
func fencedBlocks(t *testing.T) []fencedBlock {
	t.Helper()
	files, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []fencedBlock
	fence := regexp.MustCompile("^(\\s*)```(\\w*)\\s*$")
	for _, file := range append([]string{"../README.md"}, files...) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		for i := 0; i < len(lines); i++ {
			m := fence.FindStringSubmatch(lines[i])
			if m == nil {
				continue
			}
			b := fencedBlock{file: filepath.Base(file), lang: m[2], line: i + 1}
			b.skip = i > 0 && strings.HasPrefix(strings.TrimSpace(lines[i-1]), "<!-- not compiled")
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				b.lines = append(b.lines, strings.TrimPrefix(lines[i], m[1]))
			}
			out = append(out, b)
		}
	}
	return out
}

// codeLines is code without indentation and blank lines, so a snippet compares equal to the
// same lines inside a function.
func codeLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// TestReadmeGoSnippets checks that every Go block of the README and docs/ (except those marked
// "not compiled", which need the Graph SDK) appears line for line in example_test.go, where it
// runs: so the snippets compile, check the errors they get, and do what the text says.
func TestReadmeGoSnippets(t *testing.T) {
	t.Parallel()
	examples, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	haystack := "\n" + strings.Join(codeLines(strings.Split(string(examples), "\n")), "\n") + "\n"
	checked := 0
	for _, b := range fencedBlocks(t) {
		if b.lang != "go" || b.skip {
			continue
		}
		lines := codeLines(b.lines)
		if len(lines) > 0 && strings.HasPrefix(lines[0], "// ") && len(lines[0]) < 8 {
			lines = lines[1:] // a label such as "// Go"
		}
		if !strings.Contains(haystack, "\n"+strings.Join(lines, "\n")+"\n") {
			t.Errorf("%s:%d: this Go snippet is not in mockserver/example_test.go, so it never runs:\n%s", b.file, b.line, strings.Join(b.lines, "\n"))
		}
		checked++
	}
	if checked < 4 {
		t.Errorf("checked %d Go snippets; the README and docs/ have at least 4", checked)
	}
}

// TestReadmeScenarioExample checks the README's scenario file: it is testdata/two-sessions.yaml
// byte for byte (which TestMyDashboard loads), it loads, and the problem the README quotes for a
// segment that ends after its session is the one ValidateScenario reports, line number included.
func TestReadmeScenarioExample(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile("testdata/two-sessions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var example *fencedBlock
	blocks := fencedBlocks(t)
	for i, b := range blocks {
		if b.file == "README.md" && b.lang == "yaml" && len(b.lines) > 0 && b.lines[0] == "name: two-sessions" {
			example = &blocks[i]
			break
		}
	}
	if example == nil {
		t.Fatal("the README has no scenario example starting with 'name: two-sessions'")
	}
	if got := strings.Join(example.lines, "\n") + "\n"; got != string(want) {
		t.Errorf("README.md:%d: the scenario example differs from mockserver/testdata/two-sessions.yaml", example.line)
	}
	if err := mockserver.ValidateScenario("two-sessions.yaml", want); err != nil {
		t.Errorf("the README's scenario example does not load: %v", err)
	}

	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("for example `(two-sessions\\.yaml:[^`]+)`").FindSubmatch(readme)
	if m == nil {
		t.Fatal("the README quotes no problem of two-sessions.yaml")
	}
	quoted := strings.Join(strings.Fields(string(m[1])), " ")
	late := strings.Replace(string(want), `endDateTime: "2026-11-21T09:05:00Z"`, `endDateTime: "2026-11-21T09:11:00Z"`, 1)
	err = mockserver.ValidateScenario("two-sessions.yaml", []byte(late))
	if err == nil || err.Error() != quoted {
		t.Errorf("with segment g1 ending at 09:11, ValidateScenario =\n%v\nthe README quotes\n%s", err, quoted)
	}
}

// TestReadmeLinks checks every relative link of the README and docs/*.md, and every `../path`
// they name in code: the file is in the repository (a path such as ../shared/… that leaves it
// is an error) and the #anchor, if any, is a heading of that file.
func TestReadmeLinks(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile("\\]\\(([^)\\s]+)\\)|`(\\.\\./[^`\\s]+)`") // [text](target), or `../path` named in code
	heading := regexp.MustCompile(`(?m)^#+ (.+)$`)
	slug := func(h string) string {
		h = strings.ToLower(strings.ReplaceAll(h, "`", ""))
		h = regexp.MustCompile(`[^\p{L}\p{N} _-]`).ReplaceAllString(h, "")
		return strings.ReplaceAll(h, " ", "-")
	}
	anchors := func(file string) map[string]bool {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil
		}
		out := map[string]bool{}
		for _, m := range heading.FindAllStringSubmatch(string(data), -1) {
			out[slug(m[1])] = true
		}
		return out
	}
	for _, file := range append([]string{"../README.md"}, files...) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(data), -1) {
			target := m[1] + m[2]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			resolved := file
			if path != "" {
				resolved = filepath.Join(filepath.Dir(file), path)
			}
			abs, err := filepath.Abs(resolved)
			if err != nil || !strings.HasPrefix(abs, root+string(filepath.Separator)) {
				t.Errorf("%s: link %s leaves the repository", filepath.Base(file), target)
				continue
			}
			if _, err := os.Stat(resolved); err != nil {
				t.Errorf("%s: link %s: %v", filepath.Base(file), target, err)
				continue
			}
			if anchor != "" && !anchors(resolved)[anchor] {
				t.Errorf("%s: link %s: %s has no heading #%s", filepath.Base(file), target, filepath.Base(resolved), anchor)
			}
		}
	}
}
