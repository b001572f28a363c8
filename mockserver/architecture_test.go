package mockserver_test

import (
	"bufio"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The module's import rules (docs/architecture.md draws them). Each internal package may import
// only the module packages listed here; a new arrow is a design decision, so it is added here
// and to the picture in the same change.
const module = "github.com/graphmock/graphmock"

func allowedArrows() map[string][]string {
	in := func(names ...string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			switch n {
			case "schemas", "scenarios":
				out[i] = module + "/" + n
			default:
				out[i] = module + "/mockserver/internal/" + n
			}
		}
		return out
	}
	return map[string][]string{
		"model":               nil,
		"jsondoc":             nil,
		"canon":               in("model", "jsondoc", "schemas"),
		"validate/fastschema": in("jsondoc", "canon"),
		"validate":            in("model", "jsondoc", "validate/fastschema", "canon", "schemas"),
		"odata":               in("model", "jsondoc", "canon"),
		"store":               in("model", "jsondoc", "prefault"),
		"scenario":            in("model", "store", "jsondoc", "canon", "reports", "prefault"),
		"snapshot":            in("scenario", "store", "reports", "jsondoc"),
		"reports":             in("model", "jsondoc"),
		"faults":              nil,
		"journal":             in("faults"),
		"auth":                nil,
		"pathmatch":           nil,
		"body":                in("jsondoc", "prefault"),
		"prefault":            nil,
		"explorer":            in("jsondoc", "console", "quality", "timechart", "notify", "subscriptions"),
		"console":             nil,
		"quality":             nil,
		"timechart":           nil,
		"namespaces":          nil,
		"admit":               nil,
		"stamp":               nil,
		"runstats":            nil,
		"admin":               in("body", "clock", "faults", "journal", "notify", "runstats", "scenario", "store"),
		"clock":               nil,
		"resources":           in("model", "jsondoc", "odata", "store", "canon", "validate", "pathmatch"),
		"timeline":            in("store", "clock"),
		"scrub":               in("model", "jsondoc", "schemas"),
		"importer":            in("model", "jsondoc", "scrub", "scenario", "validate"),
		"batch":               in("jsondoc"),
		"subscriptions":       in("model"),
		"notify":              in("subscriptions", "auth", "validate", "timeline"),
	}
}

// withoutNetHTTP are the domains that must stay pure: data and OData text, no HTTP.
func withoutNetHTTP() []string {
	return []string{"store", "odata", "scenario", "snapshot", "model", "auth", "pathmatch", "body", "namespaces", "admit", "stamp", "runstats", "canon", "clock", "timeline", "scrub", "reports", "quality", "timechart", "subscriptions"}
}

// pkgInfo is what the rules need to know of one package directory.
type pkgInfo struct {
	imports   map[string]bool // of its non-test files
	lines     int             // non-test lines, generated files aside
	bigFiles  []string        // non-test files over 400 lines
	testFiles map[string]bool // imports of its test files
}

// readPackages parses the import blocks of every Go package below the module root.
func readPackages(t *testing.T, root string) map[string]*pkgInfo {
	t.Helper()
	pkgs := map[string]*pkgInfo{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "conformance") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		importPath := module
		if rel != "." {
			importPath += "/" + filepath.ToSlash(rel)
		}
		p := pkgs[importPath]
		if p == nil {
			p = &pkgInfo{imports: map[string]bool{}, testFiles: map[string]bool{}}
			pkgs[importPath] = p
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		test := strings.HasSuffix(path, "_test.go")
		for _, imp := range f.Imports {
			v, _ := strconv.Unquote(imp.Path.Value)
			if test {
				p.testFiles[v] = true
			} else {
				p.imports[v] = true
			}
		}
		if !test {
			n, generated := countLines(t, path)
			if !generated {
				p.lines += n
				if n > 400 {
					p.bigFiles = append(p.bigFiles, filepath.ToSlash(path[len(root)+1:]))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// countLines counts a file's lines and reports whether it is generated (Go's convention).
func countLines(t *testing.T, path string) (int, bool) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n, generated := 0, false
	for sc.Scan() {
		if n == 0 && strings.HasPrefix(sc.Text(), "// Code generated ") && strings.HasSuffix(sc.Text(), " DO NOT EDIT.") {
			generated = true
		}
		n++
	}
	return n, generated
}

// moduleDeps is every module package p reaches through its non-test imports.
func moduleDeps(pkgs map[string]*pkgInfo, p string) []string {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(q string) {
		info := pkgs[q]
		if info == nil {
			return
		}
		for imp := range info.imports {
			if !seen[imp] {
				seen[imp] = true
				walk(imp)
			}
		}
	}
	walk(p)
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

func TestArchitecture(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	pkgs := readPackages(t, root)
	if pkgs[module+"/mockserver"] == nil {
		t.Fatalf("no mockserver package under %s", root)
	}
	internal := module + "/mockserver/internal/"
	allowed := allowedArrows()
	for path, info := range pkgs {
		for imp := range info.imports {
			if strings.HasPrefix(imp, module+"/cmd") {
				t.Errorf("%s imports %s: nothing imports cmd", path, imp)
			}
		}
		for _, f := range info.bigFiles {
			t.Errorf("%s has over 400 lines: split it by purpose", f)
		}
		if info.lines > 3000 {
			t.Errorf("%s has %d non-test lines (at most ~3,000): it is two packages", path, info.lines)
		}
		name, ok := strings.CutPrefix(path, internal)
		if !ok {
			continue
		}
		arrows, known := allowed[name]
		if !known {
			t.Errorf("%s is not in the architecture: add it and its arrows to allowedArrows and docs/architecture.md", path)
			continue
		}
		for imp := range info.imports {
			if strings.HasPrefix(imp, module) && !slices.Contains(arrows, imp) {
				t.Errorf("%s imports %s: not an agreed arrow (allowed: %v)", path, imp, arrows)
			}
		}
	}
	for _, name := range withoutNetHTTP() {
		p := internal + name
		if pkgs[p] == nil {
			continue
		}
		for _, d := range append(moduleDeps(pkgs, p), p) {
			if info := pkgs[d]; info != nil && (info.imports["net/http"] || info.imports["net/http/httptest"]) {
				t.Errorf("%s reaches net/http through %s: it must stay free of HTTP", p, d)
			}
		}
	}
	ms := pkgs[module+"/mockserver"]
	for imp := range ms.imports {
		if imp == "testing" || strings.Contains(imp, "microsoftgraph") || strings.Contains(imp, "kiota") {
			t.Errorf("mockserver imports %s: the library links into binaries and must not pull in testing or a Graph SDK", imp)
		}
	}
}
