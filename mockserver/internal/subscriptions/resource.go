package subscriptions

import (
	"fmt"
	"net/url"
	"strings"
)

// basePath is the one resource call records can be subscribed to, without its leading slash.
const basePath = "communications/callRecords"

// resourceHint says what a call records resource may be, for the details of a refused one.
const resourceHint = "A call records subscription's resource is /communications/callRecords, or " +
	"/communications/callRecords?$filter=participants/any(p:p/id eq '{id}') with eq, or and in on the participant id."

// Resource is a subscription's resource as understood: the key two subscriptions are compared
// by (the path without its leading slash and the filter as sent), and the participant ids its
// filter names (nil: every call record).
type Resource struct {
	Key          string
	Participants []string
}

// ParseResource reads a resource as Graph documents it for call records: the collection with
// or without the leading slash, alone or with ?$filter=participants/any(p:p/id eq '…'), where
// the lambda's body combines p/id eq '…' and p/id in ('…', …) with or (and several any(…)
// may be joined by or). The path's case does not matter; the query may be percent-encoded.
// Anything else is a *RequestError.
func ParseResource(raw string) (Resource, error) {
	bad := func(why string) error {
		return &RequestError{Member: "resource", Message: fmt.Sprintf("Invalid 'resource' attribute: '%s'.", raw), Hint: why + " " + resourceHint}
	}
	path, query, hasQuery := strings.Cut(strings.TrimPrefix(raw, "/"), "?")
	if !strings.EqualFold(path, basePath) {
		return Resource{}, bad("The path is not one change notifications support for call records.")
	}
	if !hasQuery {
		return Resource{Key: basePath}, nil
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return Resource{}, bad("The query string is not correctly percent-encoded.")
	}
	filters := values["$filter"]
	if len(values) != 1 || len(filters) != 1 {
		return Resource{}, bad("The only query option a call records resource takes is one $filter.")
	}
	ids, err := parseFilter(filters[0])
	if err != nil {
		return Resource{}, bad(err.Error())
	}
	return Resource{Key: basePath + "?$filter=" + filters[0], Participants: ids}, nil
}

// filterParser reads a participants filter: a recursive-descent parser over the expression's
// text, tokens separated by spaces.
type filterParser struct {
	s   string
	pos int
	ids []string
}

// parseFilter returns the participant ids a filter names, in order and without repeats, or an
// error saying where it stops being one.
func parseFilter(s string) ([]string, error) {
	p := &filterParser{s: s}
	for {
		if err := p.anyTerm(); err != nil {
			return nil, err
		}
		p.space()
		if p.pos == len(p.s) {
			return p.ids, nil
		}
		if !p.word("or") {
			return nil, p.fail("'or' or the end")
		}
	}
}

// anyTerm reads participants/any(v:body).
func (p *filterParser) anyTerm() error {
	p.space()
	if !p.literal("participants/any(") {
		return p.fail("participants/any(")
	}
	p.space()
	v := p.ident()
	if v == "" {
		return p.fail("a lambda variable")
	}
	p.space()
	if !p.literal(":") {
		return p.fail("':'")
	}
	for {
		p.space()
		if !p.literal(v + "/id") {
			return p.fail("'" + v + "/id'")
		}
		p.space()
		switch {
		case p.word("eq"):
			p.space()
			id, err := p.quoted()
			if err != nil {
				return err
			}
			p.add(id)
		case p.word("in"):
			if err := p.list(); err != nil {
				return err
			}
		default:
			return p.fail("'eq' or 'in'")
		}
		p.space()
		if p.literal(")") {
			return nil
		}
		if !p.word("or") {
			return p.fail("'or' or ')'")
		}
	}
}

// list reads ('a', 'b', …) after in.
func (p *filterParser) list() error {
	p.space()
	if !p.literal("(") {
		return p.fail("'(' after 'in'")
	}
	for {
		p.space()
		id, err := p.quoted()
		if err != nil {
			return err
		}
		p.add(id)
		p.space()
		if p.literal(")") {
			return nil
		}
		if !p.literal(",") {
			return p.fail("',' or ')'")
		}
	}
}

// quoted reads an OData string literal: single quotes, a quote inside doubled. An empty id
// names no participant and is refused.
func (p *filterParser) quoted() (string, error) {
	if !p.literal("'") {
		return "", p.fail("a quoted participant id")
	}
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		p.pos++
		if c != '\'' {
			b.WriteByte(c)
			continue
		}
		if p.pos < len(p.s) && p.s[p.pos] == '\'' {
			b.WriteByte('\'')
			p.pos++
			continue
		}
		if b.Len() == 0 {
			return "", fmt.Errorf("The filter names an empty participant id at position %d.", p.pos)
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("The filter's string starting at position %d has no closing quote.", p.pos)
}

// add keeps an id once.
func (p *filterParser) add(id string) {
	for _, have := range p.ids {
		if have == id {
			return
		}
	}
	p.ids = append(p.ids, id)
}

// space skips spaces.
func (p *filterParser) space() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
}

// literal consumes s if the text continues with it.
func (p *filterParser) literal(s string) bool {
	if strings.HasPrefix(p.s[p.pos:], s) {
		p.pos += len(s)
		return true
	}
	return false
}

// word consumes a keyword followed by a space, a quote or a parenthesis (any case, as Graph
// reads operators).
func (p *filterParser) word(w string) bool {
	end := p.pos + len(w)
	if end > len(p.s) || !strings.EqualFold(p.s[p.pos:end], w) {
		return false
	}
	if end < len(p.s) && !strings.ContainsRune(" ('", rune(p.s[end])) {
		return false
	}
	p.pos = end
	return true
}

// ident reads a lambda variable name: letters, digits and underscores, not starting with a
// digit.
func (p *filterParser) ident() string {
	start := p.pos
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		letter := c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (p.pos == start || c < '0' || c > '9') {
			break
		}
		p.pos++
	}
	return p.s[start:p.pos]
}

// fail says what the parser expected where it stopped.
func (p *filterParser) fail(want string) error {
	return fmt.Errorf("The filter is not one call records support: expected %s at position %d.", want, p.pos)
}
