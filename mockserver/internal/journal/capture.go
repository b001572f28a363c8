package journal

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
)

// MaxBody bounds the request body kept per entry.
const MaxBody = 64 << 10

// Capture wraps a request body and keeps what the journal shows of it. A handler that reads
// the whole body itself (a write's JSON reader) claims it: reads then pass through uncopied and
// Keep hands over what that reader made of them, already decompressed, so the body is neither
// copied a second time nor inflated again. Otherwise the capture keeps the first MaxBody bytes
// read through it, so the journal shows what was sent without reading the body twice or holding
// a huge one.
type Capture struct {
	body    io.ReadCloser
	size    int64 // the Content-Length, which sizes buf on the first read that copies
	buf     []byte
	total   int
	claimed bool
	head    string // the first byte of a claimed body, kept apart from the reader's buffer
	kept    []byte // the rest of it
	cut     bool   // head and kept are the first MaxBody bytes of more
}

// NewCapture wraps body; contentLength (the request's, -1 or 0 when unknown) sizes the buffer
// once, on the first read that is not claimed.
func NewCapture(body io.ReadCloser, contentLength int64) *Capture {
	return &Capture{body: body, size: contentLength}
}

// Reset makes c a capture of body as NewCapture does, forgetting what it captured before, so a
// server can keep Captures in the requests it pools instead of allocating one per request.
func (c *Capture) Reset(body io.ReadCloser, contentLength int64) {
	*c = Capture{body: body, size: contentLength}
}

// Read reads from the body and keeps what fits, unless the body was claimed.
func (c *Capture) Read(p []byte) (int, error) {
	n, err := c.body.Read(p)
	if room := MaxBody - len(c.buf); room > 0 && !c.claimed && n > 0 {
		if c.buf == nil && c.size > 0 {
			c.buf = make([]byte, 0, min(c.size, MaxBody))
		}
		c.buf = append(c.buf, p[:min(n, room)]...)
	}
	c.total += n
	return n, err
}

// Close closes the body.
func (c *Capture) Close() error { return c.body.Close() }

// Claim stops the copying: the caller reads the whole body through the capture and reports
// what it read with Keep. On a nil Capture (a request without a body) it does nothing.
func (c *Capture) Claim() {
	if c != nil {
		c.claimed = true
	}
}

// Keep records what a claimed body's reader read: sent, the bytes as they came, and plain, the
// body decoded (decompressed) when it was encoded, nil when it was not or nothing decoded. The
// journal shows plain when there is one, else sent; at most MaxBody bytes of it, copied only
// when there is more (so a big buffer is not held). Its first byte is copied apart, and the
// caller may write over that byte afterwards: a create stores the body's object in the buffer
// it was read into, with an id put first in place of the brace (body.Read.WithFirst). The
// caller must not change the other bytes. On a nil Capture it does nothing.
func (c *Capture) Keep(sent, plain []byte) {
	if c == nil {
		return
	}
	shown := sent
	if len(plain) > 0 {
		shown = plain
	}
	c.cut = len(shown) > MaxBody || len(sent) > MaxBody
	if len(shown) > MaxBody {
		shown = bytes.Clone(shown[:MaxBody])
	}
	if len(shown) > 0 {
		c.head, c.kept = string(shown[:1]), shown[1:] // a one-byte string is not allocated
	}
}

// Fill keeps on e what was captured of the request body (Body) and whether more was read than
// was kept.
func (c *Capture) Fill(e *Entry, contentEncoding string) {
	e.bodyHead, e.body, e.BodyTruncated = c.Body(contentEncoding)
}

// Body returns what was kept for the entry, as head followed by rest, and whether more was read
// than was kept: for a claimed body what Keep was given (head its first byte, kept apart);
// otherwise the bytes read (head empty), decompressed when contentEncoding is gzip and they
// decode (a cut or corrupt stream keeps what decoded, else the bytes as sent). It returns ""
// and nil when nothing was read.
func (c *Capture) Body(contentEncoding string) (head string, rest []byte, truncated bool) {
	if c.claimed {
		if c.head == "" {
			return "", nil, false
		}
		return c.head, c.kept, c.cut
	}
	if len(c.buf) == 0 {
		return "", nil, false
	}
	body := c.buf
	if strings.EqualFold(contentEncoding, "gzip") {
		if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
			if plain, err := io.ReadAll(io.LimitReader(zr, MaxBody)); err == nil || len(plain) > 0 {
				body = plain
			}
		}
	}
	return "", body, c.total > len(c.buf)
}
