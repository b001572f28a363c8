package scenario

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// The extent finder must find exactly the ends the loop it replaced found (refValue below, kept
// as the reference), whatever the input and wherever the reads cut it.

// refValue is jsonStream.value as it was before scanExtent: a byte loop over brackets, with
// bytes.IndexByte for each string's closing quote and the backslashes before it counted back.
func (s *jsonStream) refValue() (raw []byte, line int, err error) {
	c := s.skipSpace()
	if c == 0 {
		return nil, 0, errNotPlainJSON
	}
	line = s.line
	start, i := s.pos, s.pos
	if c != '{' && c != '[' && c != '"' {
		return s.scalar(start)
	}
	depth, lines := 0, 0
	for {
		if i >= len(s.buf) {
			off := i - start
			s.pos = start
			if !s.more() {
				return nil, 0, errNotPlainJSON
			}
			start, i = s.pos, s.pos+off
			continue
		}
		switch c := s.buf[i]; c {
		case '"':
			end, ok := s.refStringEnd(&start, i)
			if !ok {
				return nil, 0, errNotPlainJSON
			}
			i = end
			if depth == 0 {
				s.pos = i
				return s.buf[start:i], line, nil
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				i++
				s.pos, s.line = i, s.line+lines
				return s.buf[start:i], line, nil
			}
		case '\n':
			lines++
		}
		i++
	}
}

// refStringEnd is the reference's search for a string's end.
func (s *jsonStream) refStringEnd(start *int, i int) (int, bool) {
	j := i + 1
	for {
		k := bytes.IndexByte(s.buf[j:], '"')
		if k < 0 {
			si, sj := i-*start, j-*start
			s.pos = *start
			if !s.more() {
				return 0, false
			}
			*start = s.pos
			i, j = *start+si, *start+sj
			continue
		}
		q := j + k
		n := 0
		for b := q - 1; b > i && s.buf[b] == '\\'; b-- {
			n++
		}
		if n%2 == 0 {
			return q + 1, true
		}
		j = q + 1
	}
}

// refKey is jsonStream.key as it was before its fast path: every name read whole, checked and
// copied (keySlow is that code).
func (s *jsonStream) refKey() (string, int, error) {
	if s.skipSpace() != '"' {
		return "", 0, errNotPlainJSON
	}
	return s.keySlow(s.line)
}

// A member name outlives the bytes it was read from, unless they are a stable document's.
func TestKeyOutlivesItsWindow(t *testing.T) {
	t.Parallel()
	for _, stable := range []bool{false, true} {
		data := []byte(`{"abc": 1, "abc": 2}`)
		s := newJSONBytes(data)
		if stable {
			s = newJSONStable(data)
		}
		s.pos++
		first, _, err := s.key()
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.value(); err != nil {
			t.Fatal(err)
		}
		s.pos++
		second, _, err := s.key()
		if err != nil || first != "abc" || second != "abc" {
			t.Fatalf("names %q and %q, %v", first, second, err)
		}
		if !stable {
			copy(data, "{\"xyz\": 1, \"xyz\"")
			if first != "abc" || second != "abc" {
				t.Fatalf("names %q and %q changed with the bytes they were read from", first, second)
			}
		}
	}
}

// chunkReader reads at most n bytes a call.
type chunkReader struct {
	r io.Reader
	n int
}

func (c chunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// agreeExtent reads doc value by value (a ',' or ':' between values skipped; on odd steps a
// string as a member name, and an opening bracket alone) with value and key and with the
// references, from memory (chunk 0) or through reads of chunk bytes, and fails at the first
// difference in what they return or where they leave the stream. Windows come from free and go
// back to it (a stream's are of 4 MiB: allocating two a call would make the test slow).
func agreeExtent(t *testing.T, doc string, chunk int, free chan []byte) {
	t.Helper()
	open := func() *jsonStream {
		if chunk == 0 {
			return newJSONBytes([]byte(doc))
		}
		s := &jsonStream{r: chunkReader{strings.NewReader(doc), chunk}, line: 1, owned: true, free: free} // newJSONStream's
		select {
		case w := <-free:
			s.buf = w[:0]
		default:
			s.buf = make([]byte, 0, 4*streamChunk)
		}
		return s
	}
	got, want := open(), open()
	defer func() {
		if chunk == 0 {
			return
		}
		for _, s := range []*jsonStream{got, want} {
			for _, w := range append(s.retired, s.buf) {
				select {
				case free <- w[:0]:
				default:
				}
			}
		}
	}()
	for n := 0; ; n++ {
		c := got.skipSpace()
		if c != want.skipSpace() {
			t.Fatalf("%q read %d bytes a time, step %d: the streams went apart", doc, chunk, n)
		}
		if (c == '{' || c == '[') && n%2 == 1 { // into the container, so its members are read one by one
			got.pos++
			want.pos++
			continue
		}
		if c == '"' && n%2 == 1 { // a member name
			g, gl, gerr := got.key()
			w, wl, werr := want.refKey()
			if g != w || gl != wl || gerr != werr || got.line != want.line || got.pos != want.pos {
				t.Fatalf("%q read %d bytes a time, name %d: got %q line %d (%v), stream at %d line %d; want %q line %d (%v), stream at %d line %d",
					doc, chunk, n, g, gl, gerr, got.pos, got.line, w, wl, werr, want.pos, want.line)
			}
			if gerr != nil {
				return
			}
			continue
		}
		g, gl, gerr := got.value()
		w, wl, werr := want.refValue()
		if string(g) != string(w) || gl != wl || gerr != werr || got.line != want.line || got.pos != want.pos {
			t.Fatalf("%q read %d bytes a time, value %d: got %q line %d (%v), stream at %d line %d; want %q line %d (%v), stream at %d line %d",
				doc, chunk, n, g, gl, gerr, got.pos, got.line, w, wl, werr, want.pos, want.line)
		}
		if gerr != nil {
			return
		}
		for _, s := range []*jsonStream{got, want} {
			if c := s.skipSpace(); c == ',' || c == ':' {
				s.pos++
			}
		}
	}
}

// extentCases are documents whose strings end in every way a scan can miss: escaped quotes and
// backslashes in runs of every parity, brackets and line breaks inside strings, values that
// never end.
func extentCases() []string {
	return []string{
		`{"a": "x\"y", "b": ["\\", "\\\"", "\\\\"], "c": {"d": "}]\n{["}}`,
		"{\"a\":\n[1,\n2],\n\"b\":\"line\nbreak\"}\n[\n]",
		`"\\" "\"" "a\\\\\"b" ["[", "]"], {"{": "}"}`,
		`{"long": "` + strings.Repeat(`0123456\"`, 9) + `", "n": [` + strings.Repeat(`{"q":"\\"},`, 5) + `0]}`,
		`{"caf\u00e9": 1, "tab\there": 2, "ünï": 3, "ctl` + "\x01" + `": 4, "a\\\"b": 5, "": 6}`,
		`{"unterminated": "abc\"`, `["open"`, `"`, `"\`, `{`, `{"a":1}}`, `]`, `nul`, `1 2 true`,
	}
}

// Values end where they ended before, whatever reads cut them (every cut of a short document).
func TestExtentAgreesWithTheReference(t *testing.T) {
	t.Parallel()
	free := make(chan []byte, 4)
	for _, doc := range extentCases() {
		for chunk := range len(doc) + 1 {
			agreeExtent(t, doc, chunk, free)
		}
	}
}

// FuzzExtent compares the extent finder with the reference over any input and any size of reads.
func FuzzExtent(f *testing.F) {
	for _, doc := range extentCases() {
		f.Add(doc, uint8(0))
		f.Add(doc, uint8(3))
	}
	free := make(chan []byte, 4)
	f.Fuzz(func(t *testing.T, doc string, chunk uint8) {
		agreeExtent(t, doc, int(chunk%64), free)
	})
}

// segmentValues are the leaf values (segments, participants, organizers) of readerInput.
func segmentValues(tb testing.TB) [][]byte {
	tb.Helper()
	data, err := readerInput()
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for i := 0; i+len(`{"id":`) < len(data); i++ {
		if data[i] == '{' && bytes.HasPrefix(data[i:], []byte(`{"id":`)) {
			s := newJSONBytes(data[i:])
			v, _, err := s.refValue()
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, v)
			i += len(v) - 1
		}
	}
	return out
}

// BenchmarkExtent compares the extent finder with the reference over the values of a generated
// scenario, in one run.
func BenchmarkExtent(b *testing.B) {
	values := segmentValues(b)
	n := 0
	for _, v := range values {
		n += len(v)
	}
	for _, c := range []struct {
		name string
		find func(s *jsonStream) ([]byte, int, error)
	}{
		{"ref", (*jsonStream).refValue},
		{"new", (*jsonStream).value},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(n))
			var s jsonStream
			for b.Loop() {
				for _, v := range values {
					s = jsonStream{buf: v, line: 1, eof: true}
					if _, _, err := c.find(&s); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
