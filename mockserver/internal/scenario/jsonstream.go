package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"unicode/utf8"
	"unsafe"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// errNotPlainJSON stops the JSON loader: the input is not well-formed JSON of the shape it reads
// (a syntax error, a repeated key, a list where an object belongs...). Load then reads the whole
// input with the YAML loader, which accepts every JSON document too and reports its problems with
// their lines, so what a scenario may hold and every message about it stay the YAML loader's.
var errNotPlainJSON = errors.New("scenario: not plain JSON")

// jsonStream reads a JSON document from an io.Reader one value at a time, counting lines, through
// a window of a few MiB: a scenario of any size is read without holding it whole. A full window is
// never reused but replaced, so the values it handed out stay good until their holders let go of
// them (the JSON loader's workers copy them into the store). It checks only what finding a
// value's end needs (brackets, strings); the values it hands out are checked by jsondoc.Scan.
type jsonStream struct {
	r    io.Reader
	buf  []byte
	pos  int // the next unread byte of buf
	line int // the line of buf[pos]
	eof  bool
	err  error // the first read error other than io.EOF
	// owned says the window is the stream's own memory (not a document a caller handed in): a
	// full window is retired (for whoever holds values in it to give back through free) and a
	// window from free, or a new one, takes its place.
	owned   bool
	retired [][]byte
	free    chan []byte
	// stable says buf is the whole document in memory that is never written and never freed (a
	// mapped scenario file): values may be stored where they are, without a copy.
	stable bool
	names  map[string]string // member names read, interned (see name)
}

const streamChunk = 1 << 20

func newJSONStream(r io.Reader) *jsonStream {
	return &jsonStream{r: r, buf: make([]byte, 0, 4*streamChunk), line: 1, owned: true, free: make(chan []byte, 8)}
}

// newJSONBytes reads a document already in memory: the window is data itself.
func newJSONBytes(data []byte) *jsonStream {
	return &jsonStream{buf: data, line: 1, eof: true}
}

// newJSONStable reads a document in memory that is never written and never freed (see stable).
func newJSONStable(data []byte) *jsonStream {
	return &jsonStream{buf: data, line: 1, eof: true, stable: true}
}

// more reads at least one more byte into the window, keeping buf[s.pos:]. It reports false at
// the end of the input (or on a read error, kept in s.err).
func (s *jsonStream) more() bool {
	if s.eof {
		return false
	}
	if cap(s.buf)-len(s.buf) < streamChunk { // no room for a chunk: a new window, with what is left to read
		live := s.buf[s.pos:]
		need := max(4*streamChunk, 2*(len(live)+streamChunk))
		var next []byte
		select {
		case w := <-s.free:
			if cap(w) >= need {
				next = w[:0]
			}
		default:
		}
		if next == nil {
			next = make([]byte, 0, need)
		}
		if s.owned {
			s.retired = append(s.retired, s.buf)
		}
		s.buf, s.pos = append(next, live...), 0
	}
	for {
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// skipSpace skips whitespace and returns the next byte, or 0 at the end of the input.
func (s *jsonStream) skipSpace() byte {
	for {
		for s.pos < len(s.buf) {
			switch c := s.buf[s.pos]; c {
			case '\n':
				s.line++
				fallthrough
			case ' ', '\t', '\r':
				s.pos++
			default:
				return c
			}
		}
		if !s.more() {
			return 0
		}
	}
}

// expect consumes the byte c after whitespace.
func (s *jsonStream) expect(c byte) error {
	if s.skipSpace() != c {
		return errNotPlainJSON
	}
	s.pos++
	return nil
}

// next consumes a ',' (true: another member or item follows) or the closing byte (false).
func (s *jsonStream) next(closing byte) (bool, error) {
	switch s.skipSpace() {
	case ',':
		s.pos++
		return true, nil
	case closing:
		s.pos++
		return false, nil
	}
	return false, errNotPlainJSON
}

// opened consumes an opening bracket and reports whether the container is empty (its closing
// bracket consumed too).
func (s *jsonStream) opened(open, closing byte) (empty bool, err error) {
	if err := s.expect(open); err != nil {
		return false, err
	}
	if s.skipSpace() == closing {
		s.pos++
		return true, nil
	}
	return false, nil
}

// key reads a member name and its colon; line is the name's line. A plain name (printable
// ASCII, no escape: every name of Graph's model) wholly in the window is read where it is and
// not copied (see name); any other goes through keySlow.
func (s *jsonStream) key() (name string, line int, err error) {
	if s.skipSpace() != '"' {
		return "", 0, errNotPlainJSON
	}
	line = s.line
	for i := s.pos + 1; i < len(s.buf); i++ {
		c := s.buf[i]
		if c == '"' {
			name = s.name(s.buf[s.pos+1 : i])
			s.pos = i + 1
			return name, line, s.expect(':')
		}
		if c < 0x20 || c >= utf8.RuneSelf || c == '\\' {
			break
		}
	}
	return s.keySlow(line)
}

// keySlow reads a member name that key cannot read in place: decoded, checked, copied.
func (s *jsonStream) keySlow(line int) (name string, _ int, err error) {
	raw, _, err := s.value()
	if err != nil {
		return "", 0, err
	}
	if !utf8.Valid(raw) || bytes.ContainsFunc(raw, func(r rune) bool { return r < 0x20 }) {
		return "", 0, errNotPlainJSON // jsondoc.Scan would refuse it in a value: the YAML loader says why
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		name = string(raw[1 : len(raw)-1])
	} else if json.Unmarshal(raw, &name) != nil {
		return "", 0, errNotPlainJSON
	}
	return name, line, s.expect(':')
}

// maxNames bounds the names a stream interns: a scenario's are the few of Graph's model, and a
// document of endless new names costs an allocation each past it, never unbounded memory.
const maxNames = 4096

// name is a member name written in the window as a string that outlives the window: in a stable
// document the bytes themselves (never written, never freed), else one string for each distinct
// name, interned, so the millions of members of a scenario cost no allocation each.
func (s *jsonStream) name(b []byte) string {
	if s.stable && len(b) > 0 {
		return unsafe.String(&b[0], len(b))
	}
	if n, ok := s.names[string(b)]; ok {
		return n
	}
	n := string(b)
	if s.names == nil {
		s.names = map[string]string{}
	}
	if len(s.names) < maxNames {
		s.names[n] = n
	}
	return n
}

// value reads the next value whole and returns its bytes as written (good until the next read)
// and the line it starts on. Only a scalar's grammar is checked here; a container's is left to
// whoever reads it (jsondoc.Scan). Its end is found by jsondoc.ScanExtent, resumed where it stood after
// each read of more input (which may move the window).
func (s *jsonStream) value() (raw []byte, line int, err error) {
	c := s.skipSpace()
	if c == 0 {
		return nil, 0, errNotPlainJSON
	}
	line = s.line
	start := s.pos
	if c != '{' && c != '[' && c != '"' {
		return s.scalar(start)
	}
	var e jsondoc.Extent
	i := start
	for {
		end, ok := jsondoc.ScanExtent(s.buf, i, &e)
		if ok {
			s.pos, s.line = end, s.line+e.Lines
			return s.buf[start:end], line, nil
		}
		off := end - start
		s.pos = start
		if !s.more() {
			return nil, 0, errNotPlainJSON
		}
		start = s.pos
		i = start + off
	}
}

// scalar reads a number or a literal starting at start: up to the next delimiter, and it must be
// JSON.
func (s *jsonStream) scalar(start int) ([]byte, int, error) {
	line, i := s.line, start
	for {
		for i < len(s.buf) && !isDelimiter(s.buf[i]) {
			i++
		}
		if i < len(s.buf) || s.eof {
			break
		}
		off := i - start
		s.pos = start
		s.more()
		start, i = s.pos, s.pos+off
	}
	tok := s.buf[start:i]
	if !json.Valid(tok) {
		return nil, 0, errNotPlainJSON
	}
	s.pos = i
	return tok, line, nil
}

// isDelimiter reports the bytes that end a number or literal.
func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', '{', '[', '"', ':', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}
