package stamp

import (
	"strconv"
	"sync/atomic"
	"time"
)

// Header values are handed out as one-element slices ready to put in an http.Header. They are
// shared by every response that carries the same value, so they must only be read (net/http
// only reads them).

// timeFormat is RFC 7231's IMF-fixdate, net/http's TimeFormat.
const timeFormat = "Mon, 02 Jan 2006 15:04:05 GMT"

// Dates keeps the Date header value of the current second: formatting a time costs more than
// the rest of a small response's headers. It is safe for concurrent use.
type Dates struct {
	v atomic.Pointer[cached]
}

// cached is a header value made for one key (a second, a length).
type cached struct {
	key   int64
	value []string
}

// Header returns the Date header value (RFC 7231 format, in UTC) for now.
func (d *Dates) Header(now time.Time) []string {
	sec := now.Unix()
	if c := d.v.Load(); c != nil && c.key == sec {
		return c.value
	}
	c := &cached{key: sec, value: []string{now.UTC().Format(timeFormat)}}
	d.v.Store(c)
	return c.value
}

// Lengths keeps the Content-Length header values of recent response sizes, a few per slot
// chosen by the size, so a server answering the same resource again formats nothing. It is safe
// for concurrent use.
type Lengths struct {
	slots [64]atomic.Pointer[cached]
}

// Header returns the Content-Length header value for a body of n bytes.
func (l *Lengths) Header(n int) []string {
	slot := &l.slots[uint(n)%uint(len(l.slots))]
	if c := slot.Load(); c != nil && c.key == int64(n) {
		return c.value
	}
	c := &cached{key: int64(n), value: []string{strconv.Itoa(n)}}
	slot.Store(c)
	return c.value
}
