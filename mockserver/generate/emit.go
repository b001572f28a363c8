package generate

import (
	"bufio"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// emitter writes one scenario document as a stream of values, so a scenario of any size is
// written record by record and never held whole. The generator drives it in document order; the
// JSON and YAML emitters turn the same calls into the same data. Write errors stick in the
// bufio.Writer and are reported once, when the document is flushed.
type emitter interface {
	objectStart()
	key(k string)
	objectEnd()
	arrayStart()
	arrayEnd()
	// str writes a string value.
	str(s string)
	// lit writes a JSON number, true, false or null, as given.
	lit(s string)
	// enums writes a list of enum members (modalities).
	enums(items []string)
	// entity says that the next value is an entity (a call record, session or segment): the JSON
	// emitter starts it on a line of its own, so a problem's line number points at it.
	entity()
	// comment writes a comment line where the format has them (YAML), before the next value.
	comment(text string)
	// flush writes out what is buffered and returns the first write error.
	flush() error
}

// jsonFrame is one open JSON container.
type jsonFrame struct {
	items    int  // values (or members) written so far
	entities bool // an item was an entity, so the closing bracket goes on a line of its own
}

// jsonEmitter writes compact JSON, except that each entity and each top-level member starts on a
// line of its own, indented by its depth: a generated file of a million segments stays readable
// line by line, and its diffs stay small.
type jsonEmitter struct {
	w          *bufio.Writer
	stack      []jsonFrame
	afterKey   bool // a member name was written; its value comes next
	nextEntity bool
	buf        []byte
}

func newJSONEmitter(w *bufio.Writer) *jsonEmitter { return &jsonEmitter{w: w} }

// beforeValue writes the separator and, for an entity or a top-level member, the line break a
// value needs.
func (e *jsonEmitter) beforeValue() {
	if e.afterKey {
		e.afterKey = false
		e.nextEntity = false
		return
	}
	if n := len(e.stack); n > 0 {
		f := &e.stack[n-1]
		if f.items > 0 {
			e.w.WriteByte(',')
		}
		f.items++
		if e.nextEntity {
			f.entities = true
			e.newline(n)
		}
	}
	e.nextEntity = false
}

func (e *jsonEmitter) newline(depth int) {
	e.w.WriteByte('\n')
	for range depth {
		e.w.WriteString("  ")
	}
}

func (e *jsonEmitter) objectStart() {
	e.beforeValue()
	e.w.WriteByte('{')
	e.stack = append(e.stack, jsonFrame{})
}

func (e *jsonEmitter) key(k string) {
	n := len(e.stack)
	f := &e.stack[n-1]
	if f.items > 0 {
		e.w.WriteByte(',')
	}
	f.items++
	if n == 1 {
		f.entities = true
		e.newline(1)
	}
	e.buf = append(jsondoc.AppendString(e.buf[:0], k), ':')
	e.w.Write(e.buf)
	e.afterKey = true
}

func (e *jsonEmitter) close(c byte) {
	n := len(e.stack)
	if e.stack[n-1].entities {
		e.newline(n - 1)
	}
	e.stack = e.stack[:n-1]
	e.w.WriteByte(c)
	if len(e.stack) == 0 {
		e.w.WriteByte('\n')
	}
}

func (e *jsonEmitter) objectEnd() { e.close('}') }

func (e *jsonEmitter) arrayStart() {
	e.beforeValue()
	e.w.WriteByte('[')
	e.stack = append(e.stack, jsonFrame{})
}

func (e *jsonEmitter) arrayEnd() { e.close(']') }

func (e *jsonEmitter) str(s string) {
	e.beforeValue()
	e.buf = jsondoc.AppendString(e.buf[:0], s)
	e.w.Write(e.buf)
}

func (e *jsonEmitter) lit(s string) {
	e.beforeValue()
	e.w.WriteString(s)
}

func (e *jsonEmitter) enums(items []string) {
	e.arrayStart()
	for _, it := range items {
		e.str(it)
	}
	e.arrayEnd()
}

func (e *jsonEmitter) entity()        { e.nextEntity = true }
func (e *jsonEmitter) comment(string) {}
func (e *jsonEmitter) flush() error   { return e.w.Flush() }
