package scenario

import (
	"encoding/json"
	"strconv"
	"strings"
	"unsafe"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/prefault"
)

// worker is what one of the JSON loader's workers keeps from job to job: a scanner, the block
// it copies entities into, and a buffer for the members of the entity at hand.
type worker struct {
	sc     jsondoc.Scanner
	slab   []byte
	fields []jsondoc.Field
	acc    acceptance
}

// acceptance is what the Checker's Accept said of an entity it took: its verdict, and the
// members the loader reads (members[memberID], ...) as written, so it need not look for them.
type acceptance struct {
	verdict canon.Verdict
	members [3]jsondoc.Field
}

// The members an acceptance holds, by index.
const (
	memberID = iota
	memberStart
	memberEnd
)

// newAcceptance asks for the members the loader reads; a worker is made with one.
func newAcceptance() acceptance {
	return acceptance{members: [3]jsondoc.Field{memberID: {Name: "id"}, memberStart: {Name: "startDateTime"}, memberEnd: {Name: "endDateTime"}}}
}

// prepare scans, checks and makes canonical one entity the JSON loader read, as the YAML loader
// does (entryOf), and finds the line of each problem. It touches only its job and its worker, so
// the jobs of a batch are prepared on every core at once. JSON the reader may keep (its own
// window, or what it assembled in its own slab) is stored where it is; JSON a caller handed in
// is first copied into the worker's slab: either way stored entities share blocks of a MiB or
// more instead of being an allocation each. Entities are stored without their member index
// (jsondoc.Object.Unindexed), which saves a few hundred bytes each, and only $select, a Prefer
// that rewrites members and a PATCH need again (they scan the bytes).
func prepare(w *worker, j *job, check Checker) {
	own := j.raw[:len(j.raw):len(j.raw)]
	if !j.keep {
		own = w.copy(j.raw)
	}
	j.raw = own
	var obj jsondoc.Object
	var clean bool
	if check != nil {
		clean, w.acc.verdict = check.Accept(j.t, own, maxNesting, w.acc.members[:])
	}
	verdict := w.acc.verdict
	if clean {
		// Compact, valid and free of control annotations (closed schemas refuse them), in one
		// pass: stored as written, read in place for its id and times.
		obj, check = jsondoc.Object{Raw: own}, nil
	} else {
		compact, fields, isObject, err := w.sc.ScanInto(w.fields, own, maxNesting)
		w.fields = fields[:0]
		if err != nil || !isObject {
			j.bad = true
			return
		}
		obj = canon.WithoutControl(jsondoc.Object{Raw: compact, Fields: fields})
	}
	var ps []relProblem
	if j.t == model.Organizer() {
		// organizer_v2 is kept as bare JSON: checked, made canonical, no id or times of its own.
		j.ok = true
		if check != nil {
			for _, v := range check.Check(j.t, obj.Raw) {
				ps = append(ps, relProblem{pointer: v.Pointer, msg: v.Message})
				j.ok = false
			}
		}
		if j.ok && clean && verdict.Canonical {
			j.entry.Obj = jsondoc.Object{Raw: obj.Raw, Evolvable: verdict.Evolvable}
		} else if j.ok {
			if obj, err := canon.CanonicalClean(j.t, obj); err == nil {
				j.entry.Obj = obj.Unindexed()
			} else {
				j.ok = false
			}
		}
	} else {
		var accepted *acceptance
		if clean {
			accepted = &w.acc
		}
		j.entry, ps, j.ok = entryOf(j.t, obj, check, accepted)
		j.entry.Obj = j.entry.Obj.Unindexed()
		if !clean { // an accepted entity's id already shares its bytes (jsondoc.StringShared)
			j.entry.ID = aliasID(j.entry.Obj.Raw, j.entry.ID)
		}
	}
	for _, p := range ps {
		line := j.line
		if !p.own {
			line = j.lineOf(p.pointer)
		}
		j.probs = append(j.probs, Problem{Line: line, Pointer: p.pointer, Message: p.msg})
	}
}

// copy copies raw into the worker's slab.
func (w *worker) copy(raw []byte) []byte {
	if len(w.slab)+len(raw) > cap(w.slab) {
		w.slab = prefault.Block(0, max(slabSize, len(raw))) // fresh memory, its pages present
	}
	start := len(w.slab)
	w.slab = append(w.slab, raw...)
	return w.slab[start:len(w.slab):len(w.slab)]
}

// aliasID returns id as a string sharing the stored JSON's bytes when the JSON holds it written
// without escapes (as "id":"…" first, as Graph and the generator write it), so that a million
// ids cost no memory of their own. Stored JSON is never changed, so the string never changes.
func aliasID(raw []byte, id string) string {
	const head = `{"id":"`
	if len(raw) < len(head)+len(id)+1 || string(raw[:len(head)]) != head || string(raw[len(head):len(head)+len(id)]) != id || raw[len(head)+len(id)] != '"' || id == "" {
		return id
	}
	return unsafe.String(&raw[len(head)], len(id))
}

// slabSize is the size of the blocks the JSON loader copies entities into.
const slabSize = 1 << 20

// lineOf is the line of the member a pointer (relative to the entity) names, as the YAML loader
// finds it: a member's name's line, a list item's first line, or the nearest enclosing one's
// when the pointer does not resolve.
func (j *job) lineOf(pointer string) int {
	if pointer == "" {
		return j.line
	}
	if j.members == nil {
		return lineIn(j.raw, j.line, pointer)
	}
	name, rest, _ := strings.Cut(strings.TrimPrefix(pointer, "/"), "/")
	name = unescapeToken(name)
	for _, m := range j.members {
		if m.name == name {
			if rest == "" {
				return m.keyLine
			}
			if l := lineIn(j.raw[m.off:m.end], m.valueLine, "/"+rest); l > 0 {
				return max(l, m.keyLine)
			}
			return m.keyLine
		}
	}
	return j.line
}

func unescapeToken(tok string) string { return strings.NewReplacer("~1", "/", "~0", "~").Replace(tok) }

// lineIn walks JSON raw, which starts on line, to the value a pointer names and returns the line
// where its last resolved token was written. It is only used for problems, so it favours
// simplicity over speed.
func lineIn(raw []byte, line int, pointer string) int {
	w := &lineWalker{raw: raw, line: line}
	found := line
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = unescapeToken(tok)
		switch w.space() {
		case '{':
			w.i++
			ok := false
			for w.space() == '"' {
				keyLine := w.line
				name := w.str()
				w.space()
				w.i++ // the colon
				if name == tok {
					found, ok = keyLine, true
					break
				}
				w.skip()
				if w.space() == ',' {
					w.i++
				}
			}
			if !ok {
				return found
			}
		case '[':
			w.i++
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 {
				return found
			}
			for k := 0; k < n; k++ {
				if w.space() == ']' {
					return found
				}
				w.skip()
				if w.space() == ',' {
					w.i++
				}
			}
			if w.space() == ']' || w.i >= len(w.raw) {
				return found
			}
			found = w.line
		default:
			return found
		}
	}
	return found
}

// lineWalker reads JSON that jsondoc.Scan accepted, counting lines.
type lineWalker struct {
	raw  []byte
	i    int
	line int
}

// space skips whitespace and returns the next byte (0 at the end).
func (w *lineWalker) space() byte {
	for ; w.i < len(w.raw); w.i++ {
		switch c := w.raw[w.i]; c {
		case '\n':
			w.line++
		case ' ', '\t', '\r':
		default:
			return c
		}
	}
	return 0
}

// str reads a string literal and returns its value.
func (w *lineWalker) str() string {
	start := w.i
	for w.i++; w.i < len(w.raw) && w.raw[w.i] != '"'; w.i++ {
		if w.raw[w.i] == '\\' {
			w.i++
		}
	}
	w.i++
	var s string
	_ = json.Unmarshal(w.raw[start:min(w.i, len(w.raw))], &s)
	return s
}

// skip skips one value.
func (w *lineWalker) skip() {
	depth := 0
	for w.space() != 0 {
		switch w.raw[w.i] {
		case '"':
			w.str()
			if depth == 0 {
				return
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return // the end of the enclosing container: not part of the value
			}
			if depth--; depth == 0 {
				w.i++
				return
			}
		case ',':
			if depth == 0 {
				return
			}
		}
		w.i++
	}
}
