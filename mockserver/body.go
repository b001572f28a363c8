package mockserver

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// maxJSONDepth bounds how deeply a request body may nest.
const maxJSONDepth = 64

// readJSONBody reads a write request's body: Content-Type must be JSON (415 otherwise),
// Content-Encoding gzip or identity (415 otherwise; the Graph SDK for Go gzips bodies), at most
// limit bytes before and after decompression (413), and the JSON must be one well-formed object
// with no duplicate keys (400 naming line and column).
func readJSONBody(r *http.Request, limit int64) (object, error) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return object{}, &graphError{Status: http.StatusUnsupportedMediaType, Code: "UnsupportedMediaType",
			Message: fmt.Sprintf("The Content-Type '%s' is not supported: send application/json.", r.Header.Get("Content-Type"))}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return object{}, &graphError{Status: http.StatusUnsupportedMediaType, Code: "UnsupportedMediaType",
			Message: fmt.Sprintf("The charset '%s' is not supported: send UTF-8.", cs)}
	}
	tooLarge := &graphError{Status: http.StatusRequestEntityTooLarge, Code: "RequestEntityTooLarge",
		Message: fmt.Sprintf("The request body is larger than the limit of %d bytes.", limit)}
	var body io.Reader = io.LimitReader(r.Body, limit+1)
	enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	switch enc {
	case "", "identity":
	case "gzip":
		compressed, err := io.ReadAll(body)
		if err != nil {
			return object{}, badRequest("The request body could not be read: %v", err)
		}
		if int64(len(compressed)) > limit {
			return object{}, tooLarge
		}
		zr, err := gzip.NewReader(bytes.NewReader(compressed))
		if err != nil {
			return object{}, badRequest("The request body is not valid gzip: %v", err)
		}
		body = io.LimitReader(zr, limit+1)
	default:
		return object{}, &graphError{Status: http.StatusUnsupportedMediaType, Code: "UnsupportedMediaType",
			Message: fmt.Sprintf("The Content-Encoding '%s' is not supported: send gzip or identity.", enc)}
	}
	data, err := readAllSized(body, r.ContentLength, limit)
	if err != nil {
		// A gzip body was read whole above, so here any error is the decompressor's (a corrupt
		// stream too); a plain body cut short (a Content-Length that promised more) is a read
		// error, not bad gzip.
		if enc == "gzip" {
			return object{}, badRequest("The request body is not valid gzip: %v", err)
		}
		return object{}, badRequest("The request body could not be read: %v", err)
	}
	if int64(len(data)) > limit {
		return object{}, tooLarge
	}
	return parseBody(data)
}

// parseBody checks that data is one well-formed JSON object, with no duplicate keys at any level,
// valid UTF-8 and bounded nesting, and builds the object; a problem names its line and column.
func parseBody(data []byte) (object, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return object{}, badRequest("The request body is empty: send a JSON object.")
	}
	compact, fields, isObject, serr := jsondoc.Scan(data, maxJSONDepth)
	if serr != nil {
		line, col := lineCol(data, int64(serr.Offset))
		return object{}, badRequest("Malformed JSON at line %d, column %d: %s.", line, col, serr.Msg)
	}
	if !isObject {
		return object{}, badRequest("The request body must be a JSON object.")
	}
	return object{Raw: compact, Fields: fields}, nil
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

// readAllSized reads r to the end into a buffer sized from the request's Content-Length (when it
// is known and within the limit), so a body is read without growing a buffer several times.
func readAllSized(r io.Reader, contentLength, limit int64) ([]byte, error) {
	if contentLength <= 0 || contentLength > limit {
		return io.ReadAll(r)
	}
	var buf bytes.Buffer
	buf.Grow(int(contentLength) + bytes.MinRead)
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
