package fastschema

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/graphmock/graphmock/scenarios"
)

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
	minimalSession, _ := setPointer(minimal, "/modalities", []any{}, false)
	minimalRecord := decodeNumber(t, st.consts["minimalCallRecordJSON"])
	// The documents as written (with their whitespace) and compact.
	c.add("given", "fullSegmentJSON as written", defSegment, []byte(st.consts["fullSegmentJSON"]))
	c.add("given", "minimalSegmentJSON as written", defSegment, []byte(st.consts["minimalSegmentJSON"]))
	bases := []base{
		{"fullSegment", defSegment, seg},
		{"fullSession", defSession, ses},
		{"fullCallRecord", defCallRecord, rec},
		{"minimalSegment", defSegment, minimal},
		{"minimalSegment as session", defSession, minimalSession},
		{"minimal callRecord", defCallRecord, minimalRecord},
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
