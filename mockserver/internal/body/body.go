// Package body reads the JSON body of a write request the way Graph does: the media type, the
// content coding, the size limit before and after decompression, and one well-formed JSON object
// with no duplicate keys. It works on header values and a reader, so it knows nothing of HTTP
// statuses: its errors say what is wrong, and mockserver's error map picks the status.
package body

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"mime"
	"slices"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/prefault"
)

// MaxDepth bounds how deeply a request body may nest.
const MaxDepth = 64

// Headroom is how many bytes ReadJSON leaves free in front of the JSON it reads into a buffer of
// its own: room for Read.WithFirst to put a member first (the id a create generates) without
// copying the body. A generated GUID member, {"id":"…", is 44 bytes.
const Headroom = 64

// UnsupportedError is a Content-Type, charset or Content-Encoding the mock does not accept
// (Graph answers 415); Message says which and what to send instead.
type UnsupportedError struct{ Message string }

func (e *UnsupportedError) Error() string { return e.Message }

// TooLargeError is a body over the limit, before or after decompression (Graph answers 413).
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("The request body is larger than the limit of %d bytes.", e.Limit)
}

// MalformedError is a body that cannot be read, decompressed or parsed as one JSON object
// (Graph answers 400); Message names the line and column of a syntax error.
type MalformedError struct{ Message string }

func (e *MalformedError) Error() string { return e.Message }

func malformed(format string, args ...any) error {
	return &MalformedError{Message: fmt.Sprintf(format, args...)}
}

// CheckMediaType checks the Content-Type of a request whose body is read as one of the media
// types accepted (compared without parameters, in any case). Without a Content-Type the request
// passes unless required. A form or text/plain body (what a web page can send without a CORS
// preflight) is refused like any other type not accepted.
func CheckMediaType(contentType string, required bool, accepted ...string) error {
	if contentType == "" && !required {
		return nil
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err == nil {
		for _, a := range accepted {
			if mediaType == a {
				return nil
			}
		}
	}
	return &UnsupportedError{fmt.Sprintf("The Content-Type '%s' is not supported here: send %s.", contentType, strings.Join(accepted, " or "))}
}

// Read is what ReadJSON read of a body, for the journal: Sent, its bytes as they came (at most
// limit+1 of them), and Plain, the body decompressed when it came gzip (what decoded before an
// error; nil when nothing did). For an identity body Plain is Sent. A body read to its end is
// in exactly one buffer (two when gzip), which the returned Object shares when the body was
// compact JSON already, so nothing downstream needs to copy it. Plain's buffer starts Headroom
// bytes before Plain (WithFirst writes there).
type Read struct {
	Sent, Plain []byte
	room        []byte // Plain's whole buffer: Headroom free bytes, then Plain
}

// WithFirst returns raw, the compact JSON of an object that has no member called name, with
// name: value (a JSON string) put first. When raw is this Read's Plain (the body was compact JSON
// and nothing rewrote it) and the member fits in the Headroom, the member is written there and
// Plain's opening brace becomes the comma after it: the result shares the body's buffer and
// nothing is copied, so a created entity is stored in the buffer its body was read into. Plain
// then no longer starts with its brace: a caller that keeps Plain keeps its first byte apart
// beforehand (journal.Capture.Keep does). Otherwise raw is copied once, into a buffer of the
// result's size. The result must not be changed.
func (got Read) WithFirst(raw []byte, name, value string) []byte {
	var tmp [Headroom]byte // the member is built on the stack: `{"name":"value"`
	member := jsondoc.AppendString(jsondoc.AppendMember(append(tmp[:0], '{'), name), value)
	n := len(got.Plain)
	if len(raw) > 2 && len(raw) == n && &raw[0] == &got.Plain[0] && len(member) <= Headroom && len(got.room) == Headroom+n {
		start := Headroom - len(member)
		copy(got.room[start:], member)
		got.room[Headroom] = ','
		return got.room[start : Headroom+n : Headroom+n]
	}
	if len(raw) <= 2 { // {}
		return append(append(make([]byte, 0, len(member)+1), member...), '}')
	}
	out := append(make([]byte, 0, len(member)+len(raw)), member...)
	return append(append(out, ','), raw[1:]...)
}

// Options are what a caller knows of a body before it is read.
type Options struct {
	// Accept (nil: none) is offered the decoded JSON before it is scanned: true vouches that it
	// is a compact object jsondoc.Scan with maxDepth takes unchanged (fastschema.Accept proves
	// that while it validates), and the Object is then that JSON, unindexed, with no scan of its
	// own.
	Accept func(data []byte, maxDepth int) bool
	// Kept says the body's buffer will most likely be kept (a create stores it): it is read into
	// memory whose pages are made present in bulk (prefault.Arena), not faulted in one by one.
	Kept bool
}

// Reader keeps ReadJSON's working memory from one body to the next (the JSON scanner's, and a
// gzip decompressor, whose state is tens of kilobytes), so a server reading write after write
// allocates it once: a server keeps Readers in a pool. The zero value is ready; a Reader is not
// safe for concurrent use. Nothing it returns shares memory with it.
type Reader struct {
	kept    prefault.Arena // where the bodies of creates are read (Options.Kept)
	scanner jsondoc.Scanner
	gz      *gzip.Reader
	zipped  bytes.Reader
}

// ReadJSON reads a write request's body with a fresh Reader (Reader.ReadJSON).
func ReadJSON(contentType, contentEncoding string, r io.Reader, contentLength, limit int64) (jsondoc.Object, Read, error) {
	var rd Reader
	return rd.ReadJSON(contentType, contentEncoding, r, contentLength, limit, Options{})
}

// ReadJSON reads a write request's body given its Content-Type and Content-Encoding header
// values and its Content-Length (-1 when unknown): the media type must be application/json in
// UTF-8, the coding gzip or identity (the Graph SDK for Go gzips bodies), at most limit bytes
// before and after decompression, and the JSON one well-formed object with no duplicate keys.
// It returns what it read whether or not the body was accepted. The caller must not change the
// Object's bytes or Read's, other than through Read.WithFirst.
func (rd *Reader) ReadJSON(contentType, contentEncoding string, r io.Reader, contentLength, limit int64, opts Options) (jsondoc.Object, Read, error) {
	var kept *prefault.Arena
	if opts.Kept {
		kept = &rd.kept
	}
	if err := checkJSONMediaType(contentType); err != nil {
		return jsondoc.Object{}, Read{}, err
	}
	enc := strings.ToLower(strings.TrimSpace(contentEncoding))
	switch enc {
	case "", "identity":
		room, err := readAll(r, contentLength, limit, Headroom, kept)
		data := room[Headroom:]
		got := Read{Sent: data, Plain: data, room: room}
		if err != nil {
			// A plain body cut short (a Content-Length that promised more) is a read error.
			return jsondoc.Object{}, got, malformed("The request body could not be read: %v", err)
		}
		if int64(len(data)) > limit {
			return jsondoc.Object{}, got, &TooLargeError{limit}
		}
		obj, err := rd.parseOrAccept(data, opts.Accept)
		return obj, got, err
	case "gzip":
		compressed, err := readAll(r, contentLength, limit, 0, nil)
		got := Read{Sent: compressed}
		if err != nil {
			return jsondoc.Object{}, got, malformed("The request body could not be read: %v", err)
		}
		if int64(len(compressed)) > limit {
			return jsondoc.Object{}, got, &TooLargeError{limit}
		}
		zr, err := rd.gunzip(compressed)
		if err != nil {
			return jsondoc.Object{}, got, malformed("The request body is not valid gzip: %v", err)
		}
		// The body was read whole above, so here any error is the decompressor's (a corrupt
		// stream too).
		room, err := readAll(zr, min(4*int64(len(compressed)), limit), limit, Headroom, kept)
		data := room[Headroom:]
		rd.zipped.Reset(nil) // the decompressor keeps no hold on the body
		if len(data) > 0 {
			got.Plain, got.room = data, room
		}
		if err != nil {
			return jsondoc.Object{}, got, malformed("The request body is not valid gzip: %v", err)
		}
		if int64(len(data)) > limit {
			return jsondoc.Object{}, got, &TooLargeError{limit}
		}
		obj, err := rd.parseOrAccept(data, opts.Accept)
		return obj, got, err
	}
	return jsondoc.Object{}, Read{}, &UnsupportedError{fmt.Sprintf("The Content-Encoding '%s' is not supported: send gzip or identity.", enc)}
}

// checkJSONMediaType accepts application/json in UTF-8 (the exact value clients send is checked
// without parsing it).
func checkJSONMediaType(contentType string) error {
	if contentType == "application/json" {
		return nil
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != "application/json" {
		return &UnsupportedError{fmt.Sprintf("The Content-Type '%s' is not supported: send application/json.", contentType)}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return &UnsupportedError{fmt.Sprintf("The charset '%s' is not supported: send UTF-8.", cs)}
	}
	return nil
}

// gunzip returns the Reader's decompressor reading compressed, made on first use.
func (rd *Reader) gunzip(compressed []byte) (*gzip.Reader, error) {
	rd.zipped.Reset(compressed)
	if rd.gz == nil {
		zr, err := gzip.NewReader(&rd.zipped)
		if err == nil {
			rd.gz = zr
		}
		return zr, err
	}
	return rd.gz, rd.gz.Reset(&rd.zipped)
}

// Parse checks that data is one well-formed JSON object, with no duplicate keys at any level,
// valid UTF-8 and bounded nesting, and builds the object; a problem names its line and column.
// The object shares data when data is compact.
func Parse(data []byte) (jsondoc.Object, error) {
	var rd Reader
	return rd.parse(data)
}

// parseOrAccept is data unscanned when accept vouches for it, else parse.
func (rd *Reader) parseOrAccept(data []byte, accept func([]byte, int) bool) (jsondoc.Object, error) {
	if accept != nil && len(data) > 0 && accept(data, MaxDepth) {
		return jsondoc.Object{Raw: data[:len(data):len(data)]}, nil
	}
	return rd.parse(data)
}

// parse is Parse with the Reader's scanner.
func (rd *Reader) parse(data []byte) (jsondoc.Object, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return jsondoc.Object{}, malformed("The request body is empty: send a JSON object.")
	}
	compact, fields, isObject, serr := rd.scanner.Scan(data, MaxDepth)
	if serr != nil {
		line, col := lineCol(data, int64(serr.Offset))
		return jsondoc.Object{}, malformed("Malformed JSON at line %d, column %d: %s.", line, col, serr.Msg)
	}
	if !isObject {
		return jsondoc.Object{}, malformed("The request body must be a JSON object.")
	}
	return jsondoc.Object{Raw: compact, Fields: fields}, nil
}

// lineCol converts a byte offset into 1-based line and column numbers.
func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// readAll reads r to its end, but at most limit+1 bytes (one more than the limit, so a body over
// it shows), into one buffer sized from sizeHint (the Content-Length, -1 when unknown) when it
// is known and within the limit: a body of the size it announced is read without a second
// buffer or a copy. The buffer it returns starts with room free bytes, then what it read. On an
// error it returns what it read.
//
// keep (nil: none) is the arena the first buffer comes from: the body's memory will be kept.
func readAll(r io.Reader, sizeHint, limit int64, room int, keep *prefault.Arena) ([]byte, error) {
	size := int64(512)
	if sizeHint > 0 {
		size = min(sizeHint, limit)
	}
	// One byte more than expected, so the read that finds the end has room to try.
	var buf []byte
	if keep != nil {
		buf = keep.Alloc(room, int(int64(room)+size+1))
	} else {
		buf = make([]byte, room, int64(room)+size+1)
	}
	end := int64(room) + limit + 1 // where the byte past the limit goes
	for int64(len(buf)) < end {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(int64(cap(buf)-room), end-int64(len(buf)))))
		}
		n, err := r.Read(buf[len(buf):min(int64(cap(buf)), end)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}
