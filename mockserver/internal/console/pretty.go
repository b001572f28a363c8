package console

import (
	"bytes"
	"encoding/json"
	"mime"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Piece is a run of the body as shown: text, or (with Link set) the value of an
// @odata.nextLink, which the console shows as a link that runs it.
type Piece struct {
	Text string
	Link string // the next link's URL as sent ("" for plain text)
}

// Pretty shows a response body: JSON indented by two spaces with every "...@odata.nextLink"
// value (the top-level one, sessions@odata.nextLink, participants_v2@odata.nextLink) a Link
// piece; anything else as it came, or a note when it is not text. It reports whether the body
// was JSON.
func Pretty(body []byte, contentType string) (pieces []Piece, isJSON bool) {
	if len(body) == 0 {
		return nil, false
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	var buf bytes.Buffer
	if (mt == "application/json" || strings.HasSuffix(mt, "+json")) && json.Indent(&buf, body, "", "  ") == nil {
		return linkNextLinks(buf.String()), true
	}
	if !utf8.Valid(body) {
		return []Piece{{Text: "(" + strconv.Itoa(len(body)) + " bytes that are not UTF-8 text: not shown)"}}, false
	}
	return []Piece{{Text: string(body)}}, false
}

// nextLinkKey ends the member names whose values the console links.
const nextLinkKey = `@odata.nextLink": `

// linkNextLinks splits indented JSON so that each next link's string value is a piece of its
// own. json.Indent puts each member on a line of its own, as `"name": value`.
func linkNextLinks(s string) []Piece {
	var out []Piece
	for {
		i := strings.Index(s, nextLinkKey)
		if i < 0 {
			break
		}
		v := i + len(nextLinkKey)
		end := strings.IndexByte(s[v:], '\n')
		if end < 0 {
			end = len(s) - v
		}
		value := strings.TrimSuffix(s[v:v+end], ",")
		var link string
		if json.Unmarshal([]byte(value), &link) != nil || link == "" {
			out = append(out, Piece{Text: s[:v+end]})
			s = s[v+end:]
			continue
		}
		out = append(out, Piece{Text: s[:v]}, Piece{Text: value, Link: link})
		s = s[v+len(value):]
	}
	if s != "" {
		out = append(out, Piece{Text: s})
	}
	return out
}

// NextLinks lists the links Pretty found, in order.
func NextLinks(pieces []Piece) []string {
	var out []string
	for _, p := range pieces {
		if p.Link != "" {
			out = append(out, p.Link)
		}
	}
	return out
}
