package journal

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
)

// gzipped compresses s.
func gzipped(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestCapture(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("a", MaxBody+10)
	zipped := gzipped(t, `{"id":"z1"}`)
	cases := []struct {
		name          string
		sent          string
		contentLength int64
		encoding      string
		read          int // bytes the handler reads; -1 = all
		want          string
		truncated     bool
	}{
		{"plain", `{"id":"x"}`, 10, "", -1, `{"id":"x"}`, false},
		{"unknown length", `{"id":"x"}`, -1, "", -1, `{"id":"x"}`, false},
		{"nothing read", `{"id":"x"}`, 10, "", 0, "", false},
		{"partly read", `{"id":"x"}`, 10, "", 4, `{"id`, false},
		{"over the bound", big, int64(len(big)), "", -1, big[:MaxBody], true},
		{"gzip decoded", zipped, int64(len(zipped)), "gzip", -1, `{"id":"z1"}`, false},
		{"gzip in any case", zipped, int64(len(zipped)), "GZip", -1, `{"id":"z1"}`, false},
		{"not really gzip", "plain text", 10, "gzip", -1, "plain text", false},
		{"gzip cut short keeps what decoded", zipped[:len(zipped)-8], -1, "gzip", -1, `{"id":"z1"}`, false},
	}
	for _, c := range cases {
		capt := NewCapture(io.NopCloser(strings.NewReader(c.sent)), c.contentLength)
		var err error
		if c.read < 0 {
			_, err = io.ReadAll(capt)
		} else {
			_, err = io.ReadFull(capt, make([]byte, c.read))
		}
		if err != nil {
			t.Fatalf("%s: reading through the capture: %v", c.name, err)
		}
		head, body, truncated := capt.Body(c.encoding)
		if head != "" || string(body) != c.want || truncated != c.truncated {
			t.Errorf("%s: Body = %q + %.40q (%d bytes), %v; want %.40q (%d bytes), %v", c.name, head, body, len(body), truncated, c.want, len(c.want), c.truncated)
		}
		if c.want == "" && body != nil {
			t.Errorf("%s: Body of an unread request = %q, want nil", c.name, body)
		}
		if err := capt.Close(); err != nil {
			t.Errorf("%s: Close: %v", c.name, err)
		}
	}
}

func TestClaimedCaptureKeepsWhatItsReaderRead(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("b", MaxBody+5)
	cases := []struct {
		name        string
		sent, plain string
		want        string
		truncated   bool
	}{
		{"plain body", `{"id":"x"}`, `{"id":"x"}`, `{"id":"x"}`, false},
		{"decoded body shown", "\x1f\x8b...", `{"id":"z"}`, `{"id":"z"}`, false},
		{"nothing decoded: as sent", "not gzip", "", "not gzip", false},
		{"nothing read", "", "", "", false},
		{"over the bound", big, big, big[:MaxBody], true},
		{"decoded over the bound", "small", big, big[:MaxBody], true},
	}
	for _, c := range cases {
		capt := NewCapture(io.NopCloser(strings.NewReader(c.sent)), int64(len(c.sent)))
		capt.Claim()
		read, err := io.ReadAll(capt)
		if err != nil || string(read) != c.sent {
			t.Fatalf("%s: reading through a claimed capture: %q, %v", c.name, read, err)
		}
		if capt.buf != nil {
			t.Errorf("%s: a claimed capture copied what was read", c.name)
		}
		var plain []byte
		if c.plain != "" {
			plain = []byte(c.plain)
		}
		capt.Keep(read, plain)
		head, rest, truncated := capt.Body("gzip") // never inflated again
		if body := head + string(rest); body != c.want || truncated != c.truncated {
			t.Errorf("%s: Body = %.40q (%d bytes), %v; want %.40q (%d bytes), %v", c.name, body, len(body), truncated, c.want, len(c.want), c.truncated)
		}
		if c.want == "" && (head != "" || rest != nil) {
			t.Errorf("%s: Body = %q + %q, want nothing", c.name, head, rest)
		}
		if len(rest) == MaxBody-1 && (&rest[0] == &plain[1] || &rest[0] == &read[1]) {
			t.Errorf("%s: a cut body still holds the reader's big buffer", c.name)
		}
	}
	var none *Capture // a request without a body
	none.Claim()
	none.Keep([]byte("x"), nil)
}

// A claimed body's reader may write over the body's first byte once it is kept (a create stores
// the body with an id put first, in the same buffer): the journal still shows the body as sent,
// without copying the rest.
func TestAClaimedBodysFirstByteIsKeptApart(t *testing.T) {
	t.Parallel()
	sent := []byte(`{"a":1}`)
	capt := NewCapture(io.NopCloser(bytes.NewReader(sent)), int64(len(sent)))
	capt.Claim()
	if _, err := io.ReadAll(capt); err != nil {
		t.Fatal(err)
	}
	capt.Keep(sent, sent)
	sent[0] = ','
	var e Entry
	capt.Fill(&e, "")
	if got := e.clone().Body; got != `{"a":1}` {
		t.Errorf("Body = %q, want the body as sent", got)
	}
	if &e.body[0] != &sent[1] {
		t.Error("the entry copied the body")
	}
}
