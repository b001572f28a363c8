package body

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"
)

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := io.WriteString(zw, s); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameArray reports whether a and b start at the same byte of one array.
func sameArray(a, b []byte) bool { return len(a) > 0 && len(b) > 0 && &a[0] == &b[0] }

func TestReadJSON(t *testing.T) {
	t.Parallel()
	const doc = `{"id":"x","n":[1,2]}`
	zipped := gzipped(t, doc)
	wide := `{"a":"` + strings.Repeat("x", 200) + `"}`
	zippedWide := gzipped(t, wide) // far smaller than wide
	cases := []struct {
		name          string
		contentType   string
		encoding      string
		sent          []byte
		contentLength int64 // -2: len(sent)
		limit         int64
		raw           string // the object's bytes; "" when an error is wanted
		err           any    // a pointer to the wanted error type
		plain         string // Read.Plain
		sharesSent    bool   // the object's bytes are Read.Sent's buffer
	}{
		{"compact, known length", "application/json", "", []byte(doc), -2, 100, doc, nil, doc, true},
		{"compact, unknown length", "application/json", "", []byte(doc), -1, 100, doc, nil, doc, true},
		{"charset parameter", "application/json; charset=UTF-8", "identity", []byte(doc), -2, 100, doc, nil, doc, true},
		{"spaced: compacted into a copy", "application/json", "", []byte(" {\"id\": \"x\", \"n\":[1, 2]}\n"), -2, 100, doc, nil, " {\"id\": \"x\", \"n\":[1, 2]}\n", false},
		{"a Content-Length that promised less", "application/json", "", []byte(doc), 5, 100, doc, nil, doc, true},
		{"gzip", "application/json", "gzip", zipped, -2, 100, doc, nil, doc, false},
		{"gzip in any case", "application/json", " GZip ", zipped, -1, 100, doc, nil, doc, false},
		{"too large", "application/json", "", []byte(doc), -2, 10, "", new(*TooLargeError), doc[:11], false},
		{"too large once decompressed", "application/json", "gzip", zippedWide, -2, 100, "", new(*TooLargeError), wide[:101], false},
		{"not gzip", "application/json", "gzip", []byte(doc), -2, 100, "", new(*MalformedError), "", false},
		{"gzip cut short", "application/json", "gzip", zipped[:len(zipped)-8], -2, 100, "", new(*MalformedError), doc, false},
		{"other media type", "text/plain", "", []byte(doc), -2, 100, "", new(*UnsupportedError), "", false},
		{"other charset", "application/json;charset=latin1", "", []byte(doc), -2, 100, "", new(*UnsupportedError), "", false},
		{"other coding", "application/json", "br", []byte(doc), -2, 100, "", new(*UnsupportedError), "", false},
		{"empty", "application/json", "", nil, -2, 100, "", new(*MalformedError), "", false},
		{"not an object", "application/json", "", []byte(`[1]`), -2, 100, "", new(*MalformedError), `[1]`, false},
	}
	for _, c := range cases {
		cl := c.contentLength
		if cl == -2 {
			cl = int64(len(c.sent))
		}
		obj, got, err := ReadJSON(c.contentType, c.encoding, bytes.NewReader(c.sent), cl, c.limit)
		if c.err != nil {
			target := c.err
			switch want := target.(type) {
			case **TooLargeError:
				if !errors.As(err, want) {
					t.Errorf("%s: err %v, want a TooLargeError", c.name, err)
				}
			case **MalformedError:
				if !errors.As(err, want) {
					t.Errorf("%s: err %v, want a MalformedError", c.name, err)
				}
			case **UnsupportedError:
				if !errors.As(err, want) {
					t.Errorf("%s: err %v, want an UnsupportedError", c.name, err)
				}
			}
		} else if err != nil || string(obj.Raw) != c.raw {
			t.Errorf("%s: %q, %v; want %q", c.name, obj.Raw, err, c.raw)
		}
		if string(got.Plain) != c.plain {
			t.Errorf("%s: Read.Plain = %q, want %q", c.name, got.Plain, c.plain)
		}
		if _, unsupported := c.err.(**UnsupportedError); unsupported && got.Sent != nil {
			t.Errorf("%s: read %q before refusing the body", c.name, got.Sent)
		}
		if c.err == nil && sameArray(obj.Raw, got.Sent) != c.sharesSent {
			t.Errorf("%s: the object shares the read buffer = %v, want %v", c.name, !c.sharesSent, c.sharesSent)
		}
	}
}

func TestReadJSONReportsLineAndColumn(t *testing.T) {
	t.Parallel()
	_, _, err := ReadJSON("application/json", "", strings.NewReader("{\n  \"a\": tru\n}"), -1, 100)
	if err == nil || !strings.Contains(err.Error(), "line 2, column 11") {
		t.Errorf("err = %v, want line 2, column 11", err)
	}
}

func TestAReaderReadsBodyAfterBody(t *testing.T) {
	t.Parallel()
	var rd Reader
	docs := []string{`{"id":"a"}`, `{"id":"b","n":1}`, `{"bad":`, `{"id":"c"}`}
	for i, d := range docs {
		for _, enc := range []string{"", "gzip"} {
			sent := []byte(d)
			if enc == "gzip" {
				sent = gzipped(t, d)
			}
			obj, got, err := rd.ReadJSON("application/json", enc, bytes.NewReader(sent), int64(len(sent)), 1<<20, Options{})
			want, wantErr := Parse([]byte(d))
			if string(obj.Raw) != string(want.Raw) || (err == nil) != (wantErr == nil) || string(got.Plain) != d {
				t.Errorf("body %d (%q): %q, %v, plain %q; want %q, %v", i, enc, obj.Raw, err, got.Plain, want.Raw, wantErr)
			}
		}
	}
}

// Not parallel: testing.AllocsPerRun refuses to run beside parallel tests.
func TestAWarmReaderReadsABodyIntoOneBuffer(t *testing.T) {
	doc := []byte(`{"id":"x","startDateTime":"2026-11-20T10:00:00Z","media":[{"label":"a"}]}`)
	zipped := gzipped(t, string(doc))
	r := bytes.NewReader(doc)
	var rd Reader
	cases := []struct {
		name     string
		encoding string
		sent     []byte
		want     float64
	}{
		// The buffer the body is read into, the object's fields and the string their names share.
		{"compact", "", doc, 3},
		// Also the buffer of the compressed bytes; the decompressor is the Reader's.
		{"gzip", "gzip", zipped, 4},
	}
	for _, c := range cases {
		read := func() {
			r.Reset(c.sent)
			if _, _, err := rd.ReadJSON("application/json", c.encoding, r, int64(len(c.sent)), 1<<20, Options{}); err != nil {
				t.Fatal(err)
			}
		}
		read()
		if n := testing.AllocsPerRun(100, read); n != c.want {
			t.Errorf("%s: a warm Reader allocates %v times, want %v", c.name, n, c.want)
		}
	}
}

func TestWithFirstPutsTheMemberInFrontOfTheBody(t *testing.T) {
	t.Parallel()
	const doc = `{"a":1,"b":[2]}`
	const id = "0f6b1e0a-5d3c-4f7e-9a2b-8c1d2e3f4a5b"
	const want = `{"id":"0f6b1e0a-5d3c-4f7e-9a2b-8c1d2e3f4a5b","a":1,"b":[2]}`
	long := strings.Repeat("x", Headroom)
	cases := []struct {
		name     string
		encoding string
		sent     string
		value    string
		other    bool   // raw is a copy of the object's bytes, not the body's
		want     string // the result
		inPlace  bool   // the result shares the body's buffer
	}{
		{"compact: in place", "", doc, id, false, want, true},
		{"gzip, compact: in the decompressed buffer", "gzip", doc, id, false, want, true},
		{"spaced: the compacted copy is copied", "", "{\"a\": 1, \"b\": [2]}", id, false, want, false},
		{"rewritten: copied", "", doc, id, true, want, false},
		{"no members: copied", "", `{}`, id, false, `{"id":"0f6b1e0a-5d3c-4f7e-9a2b-8c1d2e3f4a5b"}`, false},
		{"a member longer than the room: copied", "", doc, long, false, `{"id":"` + long + `","a":1,"b":[2]}`, false},
	}
	for _, c := range cases {
		sent := []byte(c.sent)
		if c.encoding == "gzip" {
			sent = gzipped(t, c.sent)
		}
		obj, got, err := ReadJSON("application/json", c.encoding, bytes.NewReader(sent), int64(len(sent)), 1<<20)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		raw := obj.Raw
		if c.other {
			raw = bytes.Clone(raw)
		}
		out := got.WithFirst(raw, "id", c.value)
		if string(out) != c.want {
			t.Errorf("%s: WithFirst = %s, want %s", c.name, out, c.want)
		}
		if shared := &out[len(out)-1] == &got.Plain[len(got.Plain)-1]; shared != c.inPlace {
			t.Errorf("%s: the result shares the body's buffer = %v, want %v", c.name, shared, c.inPlace)
		}
		if !c.inPlace && string(got.Plain) != c.sent {
			t.Errorf("%s: a copying WithFirst changed the body: %q", c.name, got.Plain)
		}
		if cap(out) != len(out) {
			t.Errorf("%s: the result has room to grow into (cap %d, len %d)", c.name, cap(out), len(out))
		}
	}
}
