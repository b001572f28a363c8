package journal

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
)

// MaxBody bounds the request body kept per entry.
const MaxBody = 64 << 10

// Capture wraps a request body and keeps the first MaxBody bytes the handler reads from it, so
// the journal shows what was sent without reading the body twice or holding a huge one.
type Capture struct {
	body  io.ReadCloser
	buf   []byte
	total int
}

// NewCapture wraps body; contentLength (the request's, -1 or 0 when unknown) sizes the buffer
// once.
func NewCapture(body io.ReadCloser, contentLength int64) *Capture {
	c := &Capture{body: body}
	if contentLength > 0 {
		c.buf = make([]byte, 0, min(contentLength, MaxBody))
	}
	return c
}

// Read reads from the body and keeps what fits.
func (c *Capture) Read(p []byte) (int, error) {
	n, err := c.body.Read(p)
	if room := MaxBody - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(n, room)]...)
	}
	c.total += n
	return n, err
}

// Close closes the body.
func (c *Capture) Close() error { return c.body.Close() }

// Body returns what was kept for the entry (Entry.SetBody): decompressed when contentEncoding
// is gzip and the kept bytes decode (a cut or corrupt stream keeps what decoded, else the bytes
// as sent), and whether more was read than was kept. It returns nil when nothing was read.
func (c *Capture) Body(contentEncoding string) (body []byte, truncated bool) {
	if len(c.buf) == 0 {
		return nil, false
	}
	body = c.buf
	if strings.EqualFold(contentEncoding, "gzip") {
		if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
			if plain, err := io.ReadAll(io.LimitReader(zr, MaxBody)); err == nil || len(plain) > 0 {
				body = plain
			}
		}
	}
	return body, c.total > len(c.buf)
}
