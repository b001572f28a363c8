package fastschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"math/big"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/scenarios"
	"github.com/graphmock/graphmock/schemas"
)

const (
	refBase = "https://schemas.graphmock.invalid/"
	crFile  = "microsoft.graph.callRecords.schema.json"
	gFile   = "microsoft.graph.schema.json"
	cr      = "microsoft.graph.callRecords."

	defSegment     = cr + "segment"
	defSession     = cr + "session"
	defCallRecord  = cr + "callRecord"
	defParticipant = cr + "participant"
	defOrganizer   = cr + "organizer"
)

// ---------------------------------------------------------------------------------------------
// The two validators.

func schemaFiles(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := loadFiles()
	if err != nil || len(files) != 2 {
		t.Fatalf("schema files: %d, %v", len(files), err)
	}
	return files
}

var (
	fastOnce sync.Once
	fastSet  *Set
	fastErr  error
)

func fast(t testing.TB) *Set {
	t.Helper()
	fastOnce.Do(func() {
		var files map[string][]byte
		files, fastErr = loadFiles()
		if fastErr == nil {
			fastSet, fastErr = Compile(files)
		}
	})
	if fastErr != nil {
		t.Fatal(fastErr)
	}
	return fastSet
}

func loadFiles() (map[string][]byte, error) {
	names, err := fs.Glob(schemas.FS(), "*.schema.json")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, name := range names {
		if out[name], err = fs.ReadFile(schemas.FS(), name); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// reference is jsonschema/v5 compiled as mockserver/validate.go compiles it.
type reference struct {
	byDef map[string]*jsonschema.Schema
	defs  []string // every $defs name, sorted
}

var (
	refOnce sync.Once
	refSet  *reference
	refErr  error
)

func ref(t testing.TB) *reference {
	t.Helper()
	refOnce.Do(func() { refSet, refErr = newReference() })
	if refErr != nil {
		t.Fatal(refErr)
	}
	return refSet
}

func newReference() (*reference, error) {
	files, err := loadFiles()
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(u string) (io.ReadCloser, error) { return nil, fmt.Errorf("not embedded: %s", u) }
	for name, data := range files {
		if err := c.AddResource(refBase+name, bytes.NewReader(data)); err != nil {
			return nil, err
		}
	}
	r := &reference{byDef: map[string]*jsonschema.Schema{}}
	for name, data := range files {
		var doc struct {
			Defs map[string]json.RawMessage `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, err
		}
		for def := range doc.Defs {
			s, err := c.Compile(refBase + name + "#/$defs/" + def)
			if err != nil {
				return nil, err
			}
			r.byDef[def] = s
			r.defs = append(r.defs, def)
		}
	}
	sort.Strings(r.defs)
	return r, nil
}

// verdict is the reference's answer: valid, or not; panicked when jsonschema/v5 panicked (it
// does on numbers math/big refuses to read).
func (r *reference) verdict(def string, raw []byte) (valid, panicked bool) {
	defer func() {
		if recover() != nil {
			valid, panicked = false, true
		}
	}()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return false, false
	}
	return r.byDef[def].Validate(doc) == nil, false
}

// wellFormed is the precondition of Valid: one JSON value, valid UTF-8, no duplicate names.
func wellFormed(raw []byte) bool {
	if !json.Valid(raw) {
		return false
	}
	_, _, _, err := jsondoc.Scan(raw, 0)
	return err == nil
}

// ---------------------------------------------------------------------------------------------
// Instances.

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

// base is a decoded document and its definition.
type base struct {
	name string
	def  string
	doc  any
}

// corpus collects every instance of the differential test.
type corpus struct {
	t     testing.TB
	items []instance
	seen  map[string]bool
	bases []base // documents worth mutating
	// values by member name, from every document, for value swaps.
	byKey map[string][]any
	pool  []any // values for any position
}

func newCorpus(t testing.TB) *corpus {
	return &corpus{t: t, seen: map[string]bool{}, byKey: map[string][]any{}}
}

func (c *corpus) add(group, source, def string, raw []byte) {
	key := def + "\x00" + string(raw)
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	c.items = append(c.items, instance{source: source, group: group, def: def, raw: raw})
}

func (c *corpus) addDoc(group, source, def string, doc any) {
	c.add(group, source, def, marshal(c.t, doc))
}

// collectValues records the values found under each member name.
func (c *corpus) collectValues(v any) {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if len(c.byKey[k]) < 12 {
				c.byKey[k] = append(c.byKey[k], v[k])
			}
			c.collectValues(v[k])
		}
	case []any:
		for _, x := range v {
			c.collectValues(x)
		}
	}
}

// givenDocuments adds the hand-written documents of schemas_test.go with their edits, the real
// examples of schemas/testdata and every entity of the embedded scenarios.
func (c *corpus) givenDocuments(st schemasTest) {
	t := c.t
	seg := decodeNumber(t, st.consts["fullSegmentJSON"])
	ses, _ := setPointer(decodeNumber(t, st.consts["fullSessionJSON"]), "/segments", []any{seg}, false)
	rec, _ := setPointer(decodeNumber(t, st.consts["fullCallRecordJSON"]), "/sessions", []any{ses}, false)
	minimal := decodeNumber(t, st.consts["minimalSegmentJSON"])
	// The documents as written (with their whitespace) and compact.
	c.add("given", "fullSegmentJSON as written", defSegment, []byte(st.consts["fullSegmentJSON"]))
	c.add("given", "minimalSegmentJSON as written", defSegment, []byte(st.consts["minimalSegmentJSON"]))
	bases := []base{
		{"fullSegment", defSegment, seg},
		{"fullSession", defSession, ses},
		{"fullCallRecord", defCallRecord, rec},
		{"minimalSegment", defSegment, minimal},
		{"minimalSegment as session", defSession, minimal},
		{"empty callRecord", defCallRecord, map[string]any{}},
	}
	for _, b := range bases {
		c.addDoc("given", b.name, b.def, b.doc)
		c.collectValues(b.doc)
	}
	c.bases = append(c.bases, bases[:3]...)

	// The edits of schemas_test.go, on every base where the pointer resolves, and segment edits
	// also on the segment nested in the session and the call record.
	applyGroup := func(b base, prefix string, g []edit) {
		doc := b.doc
		for _, e := range g {
			var val any
			if e.raw != deleteValue {
				val = decodeNumber(t, e.raw)
			}
			next, ok := setPointer(doc, prefix+e.ptr, val, e.raw == deleteValue)
			if !ok {
				return
			}
			doc = next
		}
		c.addDoc("edit", fmt.Sprintf("%s%s %v", b.name, prefix, g), b.def, doc)
	}
	nested := []struct {
		b      base
		prefix string
	}{
		{bases[0], ""}, {bases[1], ""}, {bases[2], ""}, {bases[3], ""}, {bases[5], ""},
		{bases[1], "/segments/0"}, {bases[2], "/sessions/0/segments/0"}, {bases[2], "/sessions/0"},
	}
	for _, n := range nested {
		for _, e := range st.edits {
			applyGroup(n.b, n.prefix, []edit{e})
		}
		for _, g := range st.groups {
			applyGroup(n.b, n.prefix, g)
		}
	}
	for _, p := range st.prims {
		c.add("edit", "TestPrimitives "+p.raw, p.ptr, []byte(p.raw))
	}
	for _, s := range st.strings {
		c.pool = append(c.pool, s)
	}

	// Real examples.
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "..", "schemas", "testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("schemas/testdata: %v %v", files, err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc := decodeNumber(t, string(data))
		c.collectValues(doc)
		name := filepath.Base(file)
		switch {
		case strings.HasSuffix(file, ".callRecord.json"):
			c.add("given", name+" as written", defCallRecord, data)
			c.addDoc("given", name, defCallRecord, doc)
			c.entities(name, defCallRecord, doc, false)
		case strings.HasSuffix(file, ".session-list.json"):
			for i, item := range doc.(map[string]any)["value"].([]any) {
				c.addDoc("given", fmt.Sprintf("%s/value/%d", name, i), defSession, item)
				c.entities(fmt.Sprintf("%s/value/%d", name, i), defSession, item, false)
			}
		}
	}

	// Scenarios, converted from YAML to JSON.
	names, err := fs.Glob(scenarios.FS(), "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("scenarios: %v %v", names, err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(scenarios.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		var y any
		if err := yaml.Unmarshal(data, &y); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		doc := decodeNumber(t, string(marshal(t, y)))
		m, _ := doc.(map[string]any)
		recs, _ := m["callRecords"].([]any)
		for i, r := range recs {
			src := fmt.Sprintf("%s/callRecords/%d", name, i)
			c.collectValues(r)
			c.addDoc("given", src, defCallRecord, r)
			c.entities(src, defCallRecord, r, true)
		}
	}
}

// entities adds the sessions, segments, participants and organizer inside a document, as the
// scenario loader validates them one by one; with mutate, a few of them become bases.
func (c *corpus) entities(src, def string, doc any, mutate bool) {
	m, ok := doc.(map[string]any)
	if !ok {
		return
	}
	switch def {
	case defCallRecord:
		if o, ok := m["organizer_v2"].(map[string]any); ok {
			c.addDoc("given", src+"/organizer_v2", defOrganizer, o)
		}
		ps, _ := m["participants_v2"].([]any)
		for i, p := range ps {
			c.addDoc("given", fmt.Sprintf("%s/participants_v2/%d", src, i), defParticipant, p)
		}
		ss, _ := m["sessions"].([]any)
		for i, s := range ss {
			ssrc := fmt.Sprintf("%s/sessions/%d", src, i)
			c.addDoc("given", ssrc, defSession, s)
			c.entities(ssrc, defSession, s, mutate && i < 3)
		}
	case defSession:
		gs, _ := m["segments"].([]any)
		for i, g := range gs {
			gsrc := fmt.Sprintf("%s/segments/%d", src, i)
			c.addDoc("given", gsrc, defSegment, g)
			if mutate && i == 0 {
				c.bases = append(c.bases, base{gsrc, defSegment, g})
			}
		}
	}
}

// path is a position in a document.
type path struct {
	ptr    string
	key    string // the member name, "" for array items and the root
	val    any
	object bool // the value is an object
}

func paths(doc any) []path {
	var out []path
	var walk func(ptr, key string, v any)
	walk = func(ptr, key string, v any) {
		_, isObj := v.(map[string]any)
		out = append(out, path{ptr, key, v, isObj})
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(ptr+"/"+strings.NewReplacer("~", "~0", "/", "~1").Replace(k), k, v[k])
			}
		case []any:
			for i, x := range v {
				walk(ptr+"/"+strconv.Itoa(i), "", x)
			}
		}
	}
	walk("", "", doc)
	return out
}

// replacements are values tried at every position: every JSON type, the integer and float
// bounds of the Edm types just inside and outside, integers written as decimals, a number
// jsonschema/v5 panics on, and strings near the patterns.
var replacements = []string{
	`null`, `true`, `false`, `"x"`, `""`, `0`, `-1`, `1.5`, `27288.0`, `1e2`, `-0`,
	`2147483647`, `2147483648`, `-2147483648`, `-2147483649`, `2147483647.0`,
	`9223372036854775807`, `9223372036854775808`, `-9223372036854775808`, `-9223372036854775809`,
	`3.4028234663852886e+38`, `3.4028234663852887e+38`, `-3.4028234663852886e+38`, `1e39`, `1e-400`, `1e999999999`,
	`{}`, `[]`, `[{}]`, `[null]`, `{"@odata.type": "#microsoft.graph.identity"}`,
	`"PT1S"`, `"P1DT"`, `"PT0.5M"`, `"2024-03-01T10:00:00Z"`, `"2024-03-01T10:00:00"`, `"2024-02-30T24:00:00Z"`,
	`"\u0023microsoft.graph.callRecords.participantEndpoint"`, `"opu\u0073"`,
}

// mutations adds, for each base, changes at every position: removals, replacements, value
// swaps between members of the same name, foreign members, and @odata.type changes. Up to
// perBase per base, picked at random (seeded) when there are more.
func (c *corpus) mutations(perBase int, rng *rand.Rand) {
	t := c.t
	var reps []any
	for _, r := range replacements {
		reps = append(reps, decodeNumber(t, r))
	}
	var odataTypes []any
	for _, v := range c.byKey["@odata.type"] {
		odataTypes = append(odataTypes, v)
	}
	for _, s := range c.pool {
		if s, ok := s.(string); ok && strings.HasPrefix(s, "#microsoft.graph.") {
			odataTypes = append(odataTypes, s)
		}
	}
	for _, b := range c.bases {
		type mut struct {
			ptr string
			val any
			del bool
		}
		var muts []mut
		for _, p := range paths(b.doc) {
			if p.ptr != "" && p.key != "" {
				muts = append(muts, mut{p.ptr, nil, true})
			}
			for _, r := range reps {
				muts = append(muts, mut{p.ptr, r, false})
			}
			for _, v := range c.byKey[p.key] {
				muts = append(muts, mut{p.ptr, v, false})
			}
			if len(c.pool) > 0 {
				muts = append(muts, mut{p.ptr, c.pool[rng.Intn(len(c.pool))], false})
			}
			if p.object {
				muts = append(muts, mut{p.ptr + "/zzUnknown", json.Number("1"), false})
				for _, ot := range odataTypes {
					muts = append(muts, mut{p.ptr + "/@odata.type", ot, false})
				}
				// A foreign member whose name is a declared one plus a non-ASCII letter.
				if ps := paths(p.val); len(ps) > 1 {
					muts = append(muts, mut{p.ptr + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(ps[1].key) + "\u00e9", json.Number("1"), false})
				}
			}
		}
		if len(muts) > perBase {
			rng.Shuffle(len(muts), func(i, j int) { muts[i], muts[j] = muts[j], muts[i] })
			muts = muts[:perBase]
		}
		for _, m := range muts {
			doc, ok := setPointer(b.doc, m.ptr, m.val, m.del)
			if !ok {
				continue
			}
			c.addDoc("mutation", fmt.Sprintf("%s %s=%v", b.name, m.ptr, m.val), b.def, doc)
		}
	}
	// Escapes: every instance so far with its strings' first letters written as \u escapes.
	n := len(c.items)
	for _, it := range c.items[:n] {
		if it.group == "mutation" || rng.Intn(4) != 0 {
			continue
		}
		c.add("mutation", it.source+" (escaped)", it.def, escapeLetters(it.raw))
	}
}

// escapeLetters rewrites the first letter of each string (member names included) as a \u
// escape, which must not change any verdict.
var firstLetter = regexp.MustCompile(`"([A-Za-z#@])`)

func escapeLetters(raw []byte) []byte {
	return firstLetter.ReplaceAllFunc(raw, func(m []byte) []byte {
		return []byte(fmt.Sprintf(`"\u%04x`, m[1]))
	})
}

// ---------------------------------------------------------------------------------------------
// Differential test.

type tally struct {
	n, refValid, fastValid, missed, wrong, refPanics int
	missedExamples                                   []string
}

func TestDifferential(t *testing.T) {
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

// ---------------------------------------------------------------------------------------------
// Pieces.

func TestPatternsMatchRegexp(t *testing.T) {
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

func TestDecimal(t *testing.T) {
	nums := []string{"0", "-0", "0.0", "0e5", "1", "-1", "10", "100", "1e2", "1E+2", "1e-2", "0.01", "0.010", "27288", "27288.0",
		"27288.5", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809", "3.4028234663852886e+38", "3.4028234663852887e+38", "340282346638528860000000000000000000000",
		"340282346638528860000000000000000000001", "-3.4028234663852886e+38", "1e39", "1e-45", "-1e-45", "123.456e1", "1234.56e-1", "0.5", "5e-1", "1.23e4567"}
	for _, a := range nums {
		da, ok := parseDecimal([]byte(a), nil)
		if !ok {
			t.Fatalf("parseDecimal(%s) failed", a)
		}
		ra, _ := new(big.Rat).SetString(a)
		if da.isInt() != ra.IsInt() {
			t.Errorf("%s: isInt %v, big.Rat says %v", a, da.isInt(), ra.IsInt())
		}
		for _, b := range nums {
			db, _ := parseDecimal([]byte(b), nil)
			rb, _ := new(big.Rat).SetString(b)
			if got, want := cmpDecimal(da, db), ra.Cmp(rb); got != want {
				t.Errorf("cmp(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
	for _, bad := range []string{"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1e123456", "1x"} {
		if _, ok := parseDecimal([]byte(bad), nil); ok {
			t.Errorf("parseDecimal(%q) succeeded", bad)
		}
	}
}

// TestCompileRejects checks that Compile refuses what the fast path does not implement.
func TestCompileRejects(t *testing.T) {
	files := schemaFiles(t)
	if _, err := Compile(files); err != nil {
		t.Fatalf("the embedded schemas do not compile: %v", err)
	}
	change := func(file, old, new string) map[string][]byte {
		out := map[string][]byte{}
		for k, v := range files {
			out[k] = v
		}
		if !bytes.Contains(out[file], []byte(old)) {
			t.Fatalf("%s does not contain %s", file, old)
		}
		out[file] = bytes.Replace(out[file], []byte(old), []byte(new), 1)
		return out
	}
	cases := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"unknown keyword", change(crFile, `"id": {"type": "string"},`, `"id": {"type": "string", "minLength": 1},`), `"minLength"`},
		{"additionalProperties", change(crFile, `"unevaluatedProperties": false`, `"additionalProperties": false`), `"additionalProperties"`},
		{"format", change(gFile, `"tenantId": {"type": ["string", "null"]}`, `"tenantId": {"type": ["string", "null"], "format": "uuid"}`), `"format"`},
		{"oneOf", change(crFile, `"allOf": [`, `"oneOf": [`), `"oneOf"`},
		{"misspelt keyword", change(crFile, `"required": ["startDateTime", "endDateTime"]`, `"requried": ["startDateTime", "endDateTime"]`), `"requried"`},
		{"dangling $ref", change(crFile, `"#/$defs/Edm.Int32"`, `"#/$defs/Edm.Int31"`), "no such definition"},
		{"$ref to another file", change(crFile, `"microsoft.graph.schema.json#/$defs/microsoft.graph.identity"`, `"other.json#/$defs/microsoft.graph.identity"`), "not given"},
		{"$ref by pointer", change(crFile, `"#/$defs/Edm.Int32"`, `"#/$defs/Edm.Int64/maximum"`), "escaping"},
		{"other draft", change(crFile, `"https://json-schema.org/draft/2020-12/schema"`, `"http://json-schema.org/draft-07/schema#"`), "$schema"},
		{"$id not the file name", change(gFile, `"$id": "microsoft.graph.schema.json"`, `"$id": "https://example.com/g.json"`), "$id"},
		{"type typo", change(crFile, `"id": {"type": "string"},`, `"id": {"type": "strin"},`), "unknown type"},
		{"items as an array", change(crFile, `"items": {"$ref": "#/$defs/microsoft.graph.callRecords.modality"}`, `"items": [{"$ref": "#/$defs/microsoft.graph.callRecords.modality"}]`), "schema must be"},
		{"loop", change(crFile, `"title": "Edm.Int32",`, `"title": "Edm.Int32", "allOf": [{"$ref": "#/$defs/Edm.Int32"}],`), "loop"},
		{"bad pattern", change(crFile, `"pattern": "^\\d{4}`, `"pattern": "(?=T)^\\d{4}`), "pattern"},
	}
	for _, tc := range cases {
		_, err := Compile(tc.files)
		if err == nil {
			t.Errorf("%s: Compile succeeded", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not mention %s", tc.name, err, tc.want)
		}
		t.Logf("%s: %v", tc.name, err)
	}
}

// ---------------------------------------------------------------------------------------------
// Fuzzing.

// FuzzDifferential feeds fastschema and jsonschema/v5 the same JSON: the seed instances with
// their bytes mutated by the fuzzer and, selected by a and b, one value replaced by a copy of
// another. Whenever fastschema accepts, jsonschema/v5 must accept too.
func FuzzDifferential(f *testing.F) {
	set, r := fast(f), ref(f)
	st := readSchemasTest(f)
	c := newCorpus(f)
	c.givenDocuments(st)
	defIndex := map[string]uint8{}
	for i, d := range r.defs {
		defIndex[d] = uint8(i)
	}
	for _, it := range c.items {
		if len(it.raw) < 20000 {
			f.Add(it.raw, defIndex[it.def], uint16(0), uint16(0))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, sel uint8, a, b uint16) {
		def := r.defs[int(sel)%len(r.defs)]
		check := func(raw []byte) {
			if !wellFormed(raw) {
				return
			}
			fv := set.Valid(def, raw)
			if !fv {
				return
			}
			if rv, panicked := r.verdict(def, raw); !rv {
				t.Fatalf("fastschema accepts what jsonschema/v5 rejects (%s, panicked %v):\n%s", def, panicked, raw)
			}
		}
		check(raw)
		if a == 0 && b == 0 || !wellFormed(raw) {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var doc any
		if dec.Decode(&doc) != nil {
			return
		}
		ps := paths(doc)
		from, to := ps[int(b)%len(ps)], ps[int(a)%len(ps)]
		var val any = from.val
		del := false
		if a&0x8000 != 0 {
			del = true
		}
		mutated, ok := setPointer(doc, to.ptr, val, del)
		if !ok {
			return
		}
		out, err := json.Marshal(mutated)
		if err != nil {
			return
		}
		check(out)
	})
}

// ---------------------------------------------------------------------------------------------
// Benchmarks.

// wideSegment is the largest segment of the default scenario (media with devices, networks
// and streams), compact, as a POST body reaches the validator.
func wideSegment(b testing.TB) []byte {
	data, err := fs.ReadFile(scenarios.FS(), "default.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var y any
	if err := yaml.Unmarshal(data, &y); err != nil {
		b.Fatal(err)
	}
	doc := decodeNumber(b, string(marshal(b, y)))
	var best []byte
	for _, r := range doc.(map[string]any)["callRecords"].([]any) {
		for _, s := range r.(map[string]any)["sessions"].([]any) {
			for _, g := range s.(map[string]any)["segments"].([]any) {
				if raw := marshal(b, g); len(raw) > len(best) {
					best = raw
				}
			}
		}
	}
	return best
}

func BenchmarkValid(b *testing.B) {
	set, r := fast(b), ref(b)
	st := readSchemasTest(b)
	docs := []struct {
		name string
		raw  []byte
	}{
		{"defaultScenarioWidest", wideSegment(b)},
		{"schemasTestFullSegment", marshal(b, decodeNumber(b, st.consts["fullSegmentJSON"]))},
	}
	for _, d := range docs {
		if !set.Valid(defSegment, d.raw) {
			b.Fatalf("%s: not valid", d.name)
		}
		b.Run(d.name+"/fastschema", func(b *testing.B) {
			b.SetBytes(int64(len(d.raw)))
			b.ReportAllocs()
			for b.Loop() {
				if !set.Valid(defSegment, d.raw) {
					b.Fatal("invalid")
				}
			}
		})
		b.Run(d.name+"/jsonschema-v5", func(b *testing.B) {
			s := r.byDef[defSegment]
			b.SetBytes(int64(len(d.raw)))
			b.ReportAllocs()
			for b.Loop() {
				dec := json.NewDecoder(bytes.NewReader(d.raw))
				dec.UseNumber()
				var doc any
				if err := dec.Decode(&doc); err != nil {
					b.Fatal(err)
				}
				if err := s.Validate(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// ---------------------------------------------------------------------------------------------
// Keyword semantics beyond the shapes the embedded files use: a synthetic schema file, compared
// with jsonschema/v5 on every combination of its definitions and a set of values. Here the two
// must agree both ways (none of the values is a doubt case).

const syntheticSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "t.json",
  "title": "synthetic",
  "$defs": {
    "constNum": {"const": 1.5},
    "constInt": {"const": 100},
    "constStr": {"const": "a\"b\u00e9"},
    "constObj": {"const": {"a": [1, "x", null, true], "b": {"c": 2.0}}},
    "constArr": {"const": [1, {"a": false}]},
    "constNull": {"const": null},
    "enumMixed": {"enum": [null, true, 0, "a\nb", "\u00e9", [1, 2], {"k": "v"}, 1e2]},
    "bounds": {"allOf": [{"minimum": -2.5}, {"maximum": 1e30}]},
    "boundsInt": {"type": "integer", "minimum": 0.5, "maximum": 10},
    "boundsNeg": {"minimum": -1e30, "maximum": -2.5},
    "boundsHuge": {"minimum": 1e30},
    "boundsTiny": {"maximum": -1e30},
    "boundsFrac": {"minimum": 0.25, "maximum": 0.75},
    "notString": {"not": {"type": "string"}},
    "ifElse": {"if": {"type": "integer"}, "then": {"minimum": 5}, "else": {"type": "string"}},
    "ifOnly": {"if": {"properties": {"a": {"type": "integer"}}}, "unevaluatedProperties": false},
    "thenWithoutIf": {"then": false},
    "unevalSchema": {"properties": {"a": true}, "unevaluatedProperties": {"type": "integer"}},
    "unevalIf": {"if": {"properties": {"k": {"const": "x"}}, "required": ["k"]}, "then": {"properties": {"x": true}}, "else": {"properties": {"y": true}}, "unevaluatedProperties": false},
    "unevalNot": {"not": {"not": {"properties": {"a": true}}}, "unevaluatedProperties": false},
    "unevalNested": {"allOf": [{"properties": {"a": true}, "unevaluatedProperties": false}], "properties": {"b": true}},
    "unevalRef": {"$ref": "#/$defs/unevalSchema", "properties": {"z": {"type": "string"}}, "unevaluatedProperties": false},
    "unevalTrue": {"allOf": [{"unevaluatedProperties": true}], "unevaluatedProperties": false},
    "unevalFailedBranch": {"allOf": [{"if": {"properties": {"a": {"type": "string"}}}, "then": true}], "unevaluatedProperties": false},
    "unevalItemsSchema": {"type": "array", "items": {"$ref": "#/$defs/unevalIf"}},
    "items": {"type": "array", "items": {"type": ["integer", "null"], "maximum": 3}},
    "patternEsc": {"type": "string", "pattern": "^a\tb$"},
    "patternOther": {"pattern": "^[a-c]+$"},
    "alwaysFalse": false,
    "alwaysTrue": true,
    "propsSmall": {"properties": {"p": {"type": "string"}}, "required": ["q"]},
    "propsBig": {"properties": {"a": {"type": "integer"}, "b": {"type": "string"}, "c": {"const": null}, "d\u00e9": {"type": "boolean"}}, "unevaluatedProperties": false},
    "typeArr": {"type": ["number", "boolean"]},
    "typeInt": {"type": "integer"},
    "refFar": {"$ref": "t2.json#/$defs/far"}
  }
}`

const syntheticSchema2 = `{"$defs": {"far": {"type": "object", "required": ["a"], "$comment": "in a file without $id or $schema", "deprecated": true}}}`

func syntheticValues() []string {
	atoms := []string{`null`, `true`, `false`, `0`, `-0`, `0.0`, `1`, `1.5`, `1.50`, `15e-1`, `100`, `1e2`, `100.0`, `3`, `3.5`, `-2.5`, `-2.4`, `-2.6`,
		`-3`, `10`, `10.5`, `0.5`, `0.25`, `0.2`, `0.75`, `0.7500001`, `1e30`, `1e31`, `-1e30`, `-1e31`, `9.99e29`, `1e-30`, `5`, `4`,
		`123456789012345678901234567890`, `-123456789012345678901234567890.5`,
		`""`, `"a"`, `"abc"`, `"abd"`, `"x"`, `"a\nb"`, `"a\u000ab"`, `"\u00e9"`, `"é"`, `"a\tb"`, `"a\u0009b"`, `"a\"b\u00e9"`, `"a\u0022bé"`, `"\ud83d\ude00"`, `"\ud800"`, `"\/"`, `"\\"`,
		`[]`, `[1, 2]`, `[1.0, 2e0]`, `[1, {"a": false}]`, `[1.0, {"a": false}]`, `[1, {"a": false, "b": 1}]`, `[null]`, `[1, 4]`, `[3, null, -1]`, `[[]]`,
		`{}`, `{"k": "v"}`, `{"k": "w"}`, `{"\u006b": "\u0076"}`, `{"a": [1, "x", null, true], "b": {"c": 2}}`, `{"b": {"c": 2.0}, "a": [1.0, "x", null, true]}`,
		`{"a": [1, "x", null, false], "b": {"c": 2}}`}
	keys := []string{"a", "b", "c", "k", "x", "y", "z", "p", "q", "dé", `d\u00e9`}
	vals := []string{`1`, `"x"`, `null`, `true`, `2.5`, `{}`}
	out := append([]string{}, atoms...)
	rng := rand.New(rand.NewSource(3))
	for n := 0; n < 3000; n++ {
		m := rng.Intn(4) + 1
		used := map[string]bool{}
		var b strings.Builder
		b.WriteString("{")
		for k := 0; k < m; k++ {
			key := keys[rng.Intn(len(keys))]
			norm := strings.ReplaceAll(key, `\u00e9`, "é")
			if used[norm] {
				continue
			}
			used[norm] = true
			if b.Len() > 1 {
				b.WriteString(",")
			}
			b.WriteString(`"` + key + `":`)
			if rng.Intn(3) == 0 {
				b.WriteString(atoms[rng.Intn(len(atoms))])
			} else {
				b.WriteString(vals[rng.Intn(len(vals))])
			}
		}
		b.WriteString("}")
		out = append(out, b.String())
		if rng.Intn(4) == 0 {
			out = append(out, "["+b.String()+","+atoms[rng.Intn(len(atoms))]+"]")
		}
	}
	return out
}

func TestSyntheticSemantics(t *testing.T) {
	files := map[string][]byte{"t.json": []byte(syntheticSchema), "t2.json": []byte(syntheticSchema2)}
	set, err := Compile(files)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	for name, data := range files {
		if err := c.AddResource(refBase+name, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
	}
	var doc struct {
		Defs map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(files["t.json"], &doc); err != nil {
		t.Fatal(err)
	}
	values := syntheticValues()
	agree, valid := 0, 0
	for def := range doc.Defs {
		s, err := c.Compile(refBase + "t.json#/$defs/" + def)
		if err != nil {
			t.Fatalf("%s: %v", def, err)
		}
		r := &reference{byDef: map[string]*jsonschema.Schema{def: s}}
		for _, v := range values {
			if !wellFormed([]byte(v)) {
				continue
			}
			want, _ := r.verdict(def, []byte(v))
			got := set.Valid(def, []byte(v))
			if got != want {
				t.Errorf("%s %s: fastschema %v, jsonschema/v5 %v", def, v, got, want)
				continue
			}
			agree++
			if got {
				valid++
			}
		}
	}
	t.Logf("%d verdicts agree (%d valid)", agree, valid)

	// An empty enum means "no value" in JSON Schema and "any value" to jsonschema/v5.
	empty := map[string][]byte{"t.json": []byte(`{"$defs": {"e": {"enum": []}}}`)}
	if _, err := Compile(empty); err == nil || !strings.Contains(err.Error(), "enum") {
		t.Errorf("Compile with an empty enum: %v", err)
	}
}
