package fastschema

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type instance struct {
	source string // where it comes from, for messages
	group  string // given (real or hand-written documents), edit (schemas_test.go edits), mutation
	def    string
	raw    []byte
}

// decodeNumber decodes JSON keeping numbers exact.
func decodeNumber(t testing.TB, raw string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %.80q: %v", raw, err)
	}
	return v
}

func marshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func deepClone(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepClone(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepClone(x)
		}
		return out
	}
	return v
}

const deleteValue = "<delete>"

type edit struct{ ptr, raw string }

// setPointer returns a copy of doc with the value at ptr replaced by val (or removed when del),
// and false when ptr does not name a position in doc.
func setPointer(doc any, ptr string, val any, del bool) (any, bool) {
	if ptr == "" {
		if del {
			return nil, false
		}
		return deepClone(val), true
	}
	doc = deepClone(doc)
	tokens := strings.Split(ptr[1:], "/")
	cur := doc
	for i, tok := range tokens {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		last := i == len(tokens)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if del {
					if _, ok := c[tok]; !ok {
						return nil, false
					}
					delete(c, tok)
				} else {
					c[tok] = deepClone(val)
				}
				return doc, true
			}
			next, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 || n >= len(c) || (last && del) {
				return nil, false
			}
			if last {
				c[n] = deepClone(val)
				return doc, true
			}
			cur = c[n]
		default:
			return nil, false
		}
	}
	return doc, true
}

// schemasTest is what TestDifferential reads from schemas/schemas_test.go: its base documents,
// its edits (single and grouped as the tests apply them) and the values of its tables.
type schemasTest struct {
	consts  map[string]string
	edits   []edit
	groups  [][]edit
	prims   []edit // {def, value} of TestPrimitives
	strings []string
}

func readSchemasTest(t testing.TB) schemasTest {
	t.Helper()
	path := filepath.Join("..", "..", "..", "..", "schemas", "schemas_test.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	st := schemasTest{consts: map[string]string{}}
	str := func(e ast.Expr) (string, bool) {
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				s, err := strconv.Unquote(e.Value)
				return s, err == nil
			}
		case *ast.Ident:
			if e.Name == "deleteValue" {
				return deleteValue, true
			}
		}
		return "", false
	}
	asEdit := func(e ast.Expr) (edit, bool) {
		cl, ok := e.(*ast.CompositeLit)
		if !ok || len(cl.Elts) != 2 {
			return edit{}, false
		}
		p, ok1 := str(cl.Elts[0])
		r, ok2 := str(cl.Elts[1])
		if !ok1 || !ok2 || !(p == "" || strings.HasPrefix(p, "/")) {
			return edit{}, false
		}
		return edit{p, r}, true
	}
	isIdent := func(e ast.Expr, name string) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == name
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			if len(n.Names) == 1 && len(n.Values) == 1 {
				if s, ok := str(n.Values[0]); ok {
					st.consts[n.Names[0].Name] = s
				}
			}
		case *ast.CallExpr:
			if isIdent(n.Fun, "apply") {
				var g []edit
				for _, a := range n.Args {
					if cl, ok := a.(*ast.CompositeLit); ok && isIdent(cl.Type, "edit") {
						if e, ok := asEdit(cl); ok {
							g = append(g, e)
						}
					}
				}
				if len(g) > 1 {
					st.groups = append(st.groups, g)
				}
			}
		case *ast.CompositeLit:
			if at, ok := n.Type.(*ast.ArrayType); ok && isIdent(at.Elt, "edit") {
				var g []edit
				for _, el := range n.Elts {
					if e, ok := asEdit(el); ok {
						g = append(g, e)
						st.edits = append(st.edits, e)
					}
				}
				if len(g) > 1 {
					st.groups = append(st.groups, g)
				}
			}
			if isIdent(n.Type, "edit") {
				if e, ok := asEdit(n); ok {
					st.edits = append(st.edits, e)
				}
			}
			if len(n.Elts) == 3 && n.Type == nil {
				d, ok1 := str(n.Elts[0])
				v, ok2 := str(n.Elts[1])
				if ok1 && ok2 && strings.HasPrefix(d, "Edm.") && (isIdent(n.Elts[2], "true") || isIdent(n.Elts[2], "false")) {
					st.prims = append(st.prims, edit{d, v})
				}
			}
			for _, el := range n.Elts {
				if s, ok := str(el); ok && s != deleteValue {
					st.strings = append(st.strings, s)
				}
			}
		}
		return true
	})
	for _, name := range []string{"fullSegmentJSON", "fullSessionJSON", "fullCallRecordJSON", "minimalSegmentJSON"} {
		if st.consts[name] == "" {
			t.Fatalf("schemas_test.go has no const %s any more", name)
		}
	}
	if len(st.edits) < 80 || len(st.groups) < 5 || len(st.prims) < 30 {
		t.Fatalf("schemas_test.go: found only %d edits, %d groups, %d primitive cases", len(st.edits), len(st.groups), len(st.prims))
	}
	return st
}
