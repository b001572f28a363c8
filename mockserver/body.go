package mockserver

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// DefaultMaxBodyBytes is the default limit on a write's body, before and after decompression.
const DefaultMaxBodyBytes = 4 << 20

// maxJSONDepth bounds how deeply a request body may nest.
const maxJSONDepth = 64

// readJSONBody reads a write request's body: Content-Type must be JSON (415 otherwise),
// Content-Encoding gzip or identity (415 otherwise; the Graph SDK for Go gzips bodies), at most
// limit bytes before and after decompression (413), and the JSON must be one well-formed object
// with no duplicate keys (400 naming line and column).
func readJSONBody(r *http.Request, limit int64) (object, error) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return object{}, &GraphError{Status: http.StatusUnsupportedMediaType, Code: "UnsupportedMediaType",
			Message: fmt.Sprintf("The Content-Type '%s' is not supported: send application/json.", r.Header.Get("Content-Type"))}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return object{}, &GraphError{Status: http.StatusUnsupportedMediaType, Code: "UnsupportedMediaType",
			Message: fmt.Sprintf("The charset '%s' is not supported: send UTF-8.", cs)}
	}
	tooLarge := &GraphError{Status: http.StatusRequestEntityTooLarge, Code: "RequestEntityTooLarge",
		Message: fmt.Sprintf("The request body is larger than the limit of %d bytes.", limit)}
	var body io.Reader = io.LimitReader(r.Body, limit+1)
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
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
		return object{}, &GraphError{Status: http.StatusUnsupportedMediaType, Code: "UnsupportedMediaType",
			Message: fmt.Sprintf("The Content-Encoding '%s' is not supported: send gzip or identity.", enc)}
	}
	data, err := io.ReadAll(body)
	if err != nil {
		if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
			return object{}, badRequest("The request body is not valid gzip: %v", err)
		}
		return object{}, badRequest("The request body could not be read: %v", err)
	}
	if int64(len(data)) > limit {
		return object{}, tooLarge
	}
	return parseBody(data)
}

// parseBody checks that data is one well-formed JSON object, with no duplicate keys at any level
// and bounded nesting, and builds the object.
func parseBody(data []byte) (object, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return object{}, badRequest("The request body is empty: send a JSON object.")
	}
	if !utf8.Valid(data) {
		line, col := lineCol(data, int64(invalidUTF8At(data)))
		return object{}, badRequest("Malformed JSON at line %d, column %d: the body is not valid UTF-8.", line, col)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := checkValue(dec, data, 0); err != nil {
		return object{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := lineCol(data, dec.InputOffset())
		return object{}, badRequest("Malformed JSON at line %d, column %d: unexpected data after the top-level value.", line, col)
	}
	if b := bytes.TrimSpace(data); b[0] != '{' {
		return object{}, badRequest("The request body must be a JSON object.")
	}
	obj, err := parseObject(data)
	if err != nil {
		return object{}, badRequest("Malformed JSON: %v", err)
	}
	return obj, nil
}

// checkValue walks one JSON value token by token.
func checkValue(dec *json.Decoder, data []byte, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return syntaxError(data, dec, err)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	if depth >= maxJSONDepth {
		line, col := lineCol(data, dec.InputOffset())
		return badRequest("Malformed JSON at line %d, column %d: values nest deeper than %d levels.", line, col, maxJSONDepth)
	}
	var seen map[string]bool
	if d == '{' {
		seen = map[string]bool{}
	}
	for dec.More() {
		if d == '{' {
			keyTok, err := dec.Token()
			if err != nil {
				return syntaxError(data, dec, err)
			}
			key := keyTok.(string)
			if seen[key] {
				line, col := lineCol(data, dec.InputOffset())
				return badRequest("Malformed JSON at line %d, column %d: the property '%s' appears twice in one object.", line, col, key)
			}
			seen[key] = true
		}
		if err := checkValue(dec, data, depth+1); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntaxError(data, dec, err)
	}
	return nil
}

// syntaxError words a JSON decoding error with the line and column it happened at.
func syntaxError(data []byte, dec *json.Decoder, err error) error {
	off := dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	line, col := lineCol(data, off)
	msg := err.Error()
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "unexpected end of input"
	}
	return badRequest("Malformed JSON at line %d, column %d: %s.", line, col, msg)
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

// invalidUTF8At is the offset of the first byte that is not valid UTF-8.
func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}
