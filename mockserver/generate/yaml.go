package generate

import (
	"bufio"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// yamlFrame is one open YAML block collection.
type yamlFrame struct {
	object bool
	indent int // the column of its members' keys, or of its items' dashes
	items  int
	// prefix is what must be written before the collection's first member or item, once it is
	// known not to be empty: a line break after "key:", or "- " for an object that is a list item
	// (its first key then goes on the dash's line).
	prefix string
}

// yamlEmitter writes block-style YAML in the layout of scenarios/default.yaml: two-space
// indentation, lists of objects as "- key: value", lists of enum members in flow style
// ([audio, video]), strings plain where YAML reads them back as the same string and
// double-quoted otherwise (ids, times, numbers-as-strings, anything with punctuation).
type yamlEmitter struct {
	w        *bufio.Writer
	stack    []yamlFrame
	afterKey bool
	buf      []byte
	comments []string
}

func newYAMLEmitter(w *bufio.Writer) *yamlEmitter {
	return &yamlEmitter{w: w, stack: []yamlFrame{{object: true, indent: 0, items: 1}}} // the document's mapping, already open
}

func (e *yamlEmitter) spaces(n int) {
	for range n {
		e.w.WriteByte(' ')
	}
}

// open writes the pending prefix of the innermost collection when it gets its first member or
// item.
func (e *yamlEmitter) open() *yamlFrame {
	f := &e.stack[len(e.stack)-1]
	if f.items == 0 {
		e.w.WriteString(f.prefix)
	}
	return f
}

// writeComments writes the comments waiting for the next line at the given indentation.
func (e *yamlEmitter) writeComments(indent int) {
	for _, c := range e.comments {
		e.spaces(indent)
		e.w.WriteString("# ")
		e.w.WriteString(c)
		e.w.WriteByte('\n')
	}
	e.comments = e.comments[:0]
}

// scalar writes a scalar value: after a key, or as a list item.
func (e *yamlEmitter) scalar(text string) {
	if e.afterKey {
		e.afterKey = false
		e.w.WriteByte(' ')
		e.w.WriteString(text)
		e.w.WriteByte('\n')
		return
	}
	f := e.open()
	e.writeComments(f.indent)
	e.spaces(f.indent)
	f.items++
	e.w.WriteString("- ")
	e.w.WriteString(text)
	e.w.WriteByte('\n')
}

// start pushes a collection that is the value after a key, or a list item.
func (e *yamlEmitter) start(object bool) {
	if e.afterKey {
		e.afterKey = false
		parent := e.stack[len(e.stack)-1]
		e.stack = append(e.stack, yamlFrame{object: object, indent: parent.indent + 2, prefix: "\n"})
		return
	}
	f := e.open()
	f.items++
	e.writeComments(f.indent)
	var b strings.Builder
	for range f.indent {
		b.WriteByte(' ')
	}
	b.WriteString("- ")
	e.stack = append(e.stack, yamlFrame{object: object, indent: f.indent + 2, prefix: b.String()})
}

// end pops a collection, writing an empty one in flow style.
func (e *yamlEmitter) end(empty string) {
	f := e.stack[len(e.stack)-1]
	e.stack = e.stack[:len(e.stack)-1]
	if f.items > 0 {
		return
	}
	if f.prefix == "\n" {
		e.w.WriteString(" " + empty + "\n")
		return
	}
	e.w.WriteString(f.prefix + empty + "\n")
}

func (e *yamlEmitter) objectStart() { e.start(true) }
func (e *yamlEmitter) objectEnd()   { e.end("{}") }
func (e *yamlEmitter) arrayStart()  { e.start(false) }
func (e *yamlEmitter) arrayEnd()    { e.end("[]") }

func (e *yamlEmitter) key(k string) {
	f := e.stack[len(e.stack)-1]
	first := f.items == 0
	e.open()
	e.stack[len(e.stack)-1].items++
	if !first || f.prefix == "\n" { // the first key of a list item goes on the dash's line
		e.writeComments(f.indent)
		e.spaces(f.indent)
	}
	e.w.WriteString(yamlString(k))
	e.w.WriteByte(':')
	e.afterKey = true
}

func (e *yamlEmitter) str(s string) { e.scalar(yamlString(s)) }
func (e *yamlEmitter) lit(s string) { e.scalar(s) }

func (e *yamlEmitter) enums(items []string) {
	var b strings.Builder
	b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(yamlString(it))
	}
	b.WriteByte(']')
	e.scalar(b.String())
}

func (e *yamlEmitter) entity()             {}
func (e *yamlEmitter) comment(text string) { e.comments = append(e.comments, text) }
func (e *yamlEmitter) flush() error        { return e.w.Flush() }

// yamlString is s as a YAML scalar that reads back as the string s: plain when it is a word of
// letters and digits that YAML would not read as something else, double-quoted (with JSON's
// escapes, which YAML's double-quoted style shares) otherwise.
func yamlString(s string) string {
	if plainWord(s) {
		return s
	}
	return string(jsondoc.AppendString(nil, s))
}

// plainWord reports whether s may be written as a plain YAML scalar: an ASCII letter followed by
// letters and digits, and not one of the words YAML resolves to null or a boolean.
func plainWord(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isLetter(s[i]) && (s[i] < '0' || s[i] > '9') && s[i] != '_' {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "null", "true", "false", "yes", "no", "on", "off", "y", "n":
		return false
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
