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
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// MaxDepth bounds how deeply a request body may nest.
const MaxDepth = 64

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

// ReadJSON reads a write request's body given its Content-Type and Content-Encoding header
// values and its Content-Length (-1 when unknown): the media type must be application/json in
// UTF-8, the coding gzip or identity (the Graph SDK for Go gzips bodies), at most limit bytes
// before and after decompression, and the JSON one well-formed object with no duplicate keys.
func ReadJSON(contentType, contentEncoding string, r io.Reader, contentLength, limit int64) (jsondoc.Object, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != "application/json" {
		return jsondoc.Object{}, &UnsupportedError{fmt.Sprintf("The Content-Type '%s' is not supported: send application/json.", contentType)}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return jsondoc.Object{}, &UnsupportedError{fmt.Sprintf("The charset '%s' is not supported: send UTF-8.", cs)}
	}
	var in io.Reader = io.LimitReader(r, limit+1)
	enc := strings.ToLower(strings.TrimSpace(contentEncoding))
	switch enc {
	case "", "identity":
	case "gzip":
		compressed, err := io.ReadAll(in)
		if err != nil {
			return jsondoc.Object{}, malformed("The request body could not be read: %v", err)
		}
		if int64(len(compressed)) > limit {
			return jsondoc.Object{}, &TooLargeError{limit}
		}
		zr, err := gzip.NewReader(bytes.NewReader(compressed))
		if err != nil {
			return jsondoc.Object{}, malformed("The request body is not valid gzip: %v", err)
		}
		in = io.LimitReader(zr, limit+1)
	default:
		return jsondoc.Object{}, &UnsupportedError{fmt.Sprintf("The Content-Encoding '%s' is not supported: send gzip or identity.", enc)}
	}
	data, err := readAllSized(in, contentLength, limit)
	if err != nil {
		// A gzip body was read whole above, so here any error is the decompressor's (a corrupt
		// stream too); a plain body cut short (a Content-Length that promised more) is a read
		// error, not bad gzip.
		if enc == "gzip" {
			return jsondoc.Object{}, malformed("The request body is not valid gzip: %v", err)
		}
		return jsondoc.Object{}, malformed("The request body could not be read: %v", err)
	}
	if int64(len(data)) > limit {
		return jsondoc.Object{}, &TooLargeError{limit}
	}
	return Parse(data)
}

// Parse checks that data is one well-formed JSON object, with no duplicate keys at any level,
// valid UTF-8 and bounded nesting, and builds the object; a problem names its line and column.
func Parse(data []byte) (jsondoc.Object, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return jsondoc.Object{}, malformed("The request body is empty: send a JSON object.")
	}
	compact, fields, isObject, serr := jsondoc.Scan(data, MaxDepth)
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

// readAllSized reads r to the end into a buffer sized from the Content-Length (when it is known
// and within the limit), so a body is read without growing a buffer several times.
func readAllSized(r io.Reader, contentLength, limit int64) ([]byte, error) {
	if contentLength <= 0 || contentLength > limit {
		return io.ReadAll(r)
	}
	var buf bytes.Buffer
	buf.Grow(int(contentLength) + bytes.MinRead)
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
