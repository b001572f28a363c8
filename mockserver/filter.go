package mockserver

import (
	"regexp"
	"strings"
	"time"
)

// recordFilter is a parsed $filter for the call records list. Graph supports only startDateTime
// compared with lt, le, gt or ge, and participants_v2/any(p:p/id eq '…'), joined by `and`; the
// mock supports exactly that and rejects the rest with a 400 that says so.
type recordFilter struct {
	times        []timeCondition
	participants []string
}

// timeCondition is `startDateTime <op> <value>`.
type timeCondition struct {
	op string
	at time.Time
}

// parseFilter parses a $filter value for GET /communications/callRecords.
func parseFilter(value string) (*recordFilter, error) {
	tokens, err := filterTokens(value)
	if err != nil {
		return nil, err
	}
	if len(tokens) == 0 {
		return nil, badRequest("Invalid filter clause: the $filter is empty.")
	}
	f := &recordFilter{}
	var clause []string
	flush := func() error {
		if len(clause) == 0 {
			return badRequest("Invalid filter clause: 'and' needs a condition on each side in '%s'.", value)
		}
		err := f.addClause(clause)
		clause = nil
		return err
	}
	for _, tok := range tokens {
		switch strings.ToLower(tok) {
		case "and":
			if err := flush(); err != nil {
				return nil, err
			}
		case "or", "not":
			return nil, badRequest("Invalid filter clause: '%s' is not supported on callRecords; only conditions joined by 'and' are.", tok)
		default:
			clause = append(clause, tok)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return f, nil
}

// anyParticipant matches participants_v2/any(p:p/id eq 'id').
func anyParticipant(clause string) (string, bool) {
	m := regexp.MustCompile(`^participants_v2/any\(\s*(\w+)\s*:\s*(\w+)/id\s+eq\s+'((?:[^']|'')*)'\s*\)$`).FindStringSubmatch(clause)
	if m == nil || m[1] != m[2] {
		return "", false
	}
	return strings.ReplaceAll(m[3], "''", "'"), true
}

func (f *recordFilter) addClause(clause []string) error {
	text := strings.Join(clause, " ")
	if len(clause) == 1 {
		inner := strings.TrimSpace(clause[0])
		if strings.HasPrefix(inner, "(") && strings.HasSuffix(inner, ")") {
			tokens, err := filterTokens(inner[1 : len(inner)-1])
			if err != nil {
				return err
			}
			return f.addClause(tokens)
		}
		if id, ok := anyParticipant(inner); ok {
			f.participants = append(f.participants, id)
			return nil
		}
	}
	if len(clause) != 3 {
		return badRequest("Invalid filter clause: '%s'. Supported: startDateTime lt|le|gt|ge <date-time>, and participants_v2/any(p:p/id eq '<id>').", text)
	}
	prop, op, lit := clause[0], strings.ToLower(clause[1]), clause[2]
	if prop != "startDateTime" {
		return badRequest("Invalid filter clause: filtering on '%s' is not supported; only startDateTime and participants_v2/id are.", prop)
	}
	switch op {
	case "lt", "le", "gt", "ge":
	default:
		return badRequest("Invalid filter clause: the operator '%s' is not supported on startDateTime; use lt, le, gt or ge.", clause[1])
	}
	at, err := parseDateTime(lit)
	if err != nil {
		return badRequest("Invalid filter clause: '%s' is not a DateTimeOffset literal such as 2026-11-20T10:00:00Z.", lit)
	}
	f.times = append(f.times, timeCondition{op: op, at: at})
	return nil
}

// maxFilterNesting bounds how deeply parentheses may nest in a $filter, so one request cannot
// make the parser work for seconds.
const maxFilterNesting = 16

// filterTokens splits a filter on spaces outside parentheses and quotes.
func filterTokens(s string) ([]string, error) {
	var out []string
	depth, start := 0, -1
	inQuote := false
	for i := 0; i <= len(s); i++ {
		if i == len(s) || (s[i] == ' ' && depth == 0 && !inQuote) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
		switch s[i] {
		case '\'':
			inQuote = !inQuote
		case '(':
			if !inQuote {
				depth++
				if depth > maxFilterNesting {
					return nil, badRequest("Invalid filter clause: parentheses nest deeper than %d levels.", maxFilterNesting)
				}
			}
		case ')':
			if !inQuote {
				depth--
			}
		}
		if depth < 0 {
			return nil, badRequest("Invalid filter clause: unbalanced ')' in '%s'.", s)
		}
	}
	if depth != 0 || inQuote {
		return nil, badRequest("Invalid filter clause: unbalanced parentheses or quotes in '%s'.", s)
	}
	return out, nil
}

// match reports whether a record passes every condition.
func (f *recordFilter) match(r *record) bool {
	for _, c := range f.times {
		if r.start.IsZero() {
			return false
		}
		switch c.op {
		case "lt":
			if !r.start.Before(c.at) {
				return false
			}
		case "le":
			if r.start.After(c.at) {
				return false
			}
		case "gt":
			if !r.start.After(c.at) {
				return false
			}
		case "ge":
			if r.start.Before(c.at) {
				return false
			}
		}
	}
	for _, id := range f.participants {
		if _, ok := r.participants.get(id); !ok {
			return false
		}
	}
	return true
}
