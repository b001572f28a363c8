package odata

import (
	"regexp"
	"strings"
	"time"
)

// Filter is a parsed $filter for the call records list. Graph supports only startDateTime
// compared with lt, le, gt or ge, and participants_v2/any(p:p/id eq '…'), joined by `and`; the
// mock supports exactly that and rejects the rest with a message that says so. It is matched
// against plain values, so it does not depend on how the store keeps records.
type Filter struct {
	times        []timeCondition
	participants []string
}

// timeCondition is `startDateTime <op> <value>`.
type timeCondition struct {
	op string
	at time.Time
}

// ParseFilter parses a $filter value for GET /communications/callRecords; a filter the mock
// cannot evaluate is a *QueryError, never a filter that matches something else.
func ParseFilter(value string) (*Filter, error) {
	tokens, err := filterTokens(value)
	if err != nil {
		return nil, err
	}
	if len(tokens) == 0 {
		return nil, errorf("Invalid filter clause: the $filter is empty.")
	}
	f := &Filter{}
	var clause []string
	flush := func() error {
		if len(clause) == 0 {
			return errorf("Invalid filter clause: 'and' needs a condition on each side in '%s'.", value)
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
			return nil, errorf("Invalid filter clause: '%s' is not supported on callRecords; only conditions joined by 'and' are.", tok)
		default:
			clause = append(clause, tok)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return f, nil
}

// Match reports whether a call record passes every condition: start is its startDateTime (zero
// when it has none, which no time condition accepts) and hasParticipant says whether a
// participant id is among its participants_v2. A nil filter matches every record.
func (f *Filter) Match(start time.Time, hasParticipant func(id string) bool) bool {
	if f == nil {
		return true
	}
	for _, c := range f.times {
		if start.IsZero() {
			return false
		}
		switch c.op {
		case "lt":
			if !start.Before(c.at) {
				return false
			}
		case "le":
			if start.After(c.at) {
				return false
			}
		case "gt":
			if !start.After(c.at) {
				return false
			}
		case "ge":
			if start.Before(c.at) {
				return false
			}
		}
	}
	for _, id := range f.participants {
		if !hasParticipant(id) {
			return false
		}
	}
	return true
}

// Window returns the start times the filter's startDateTime conditions allow, as the half-open
// [since, until) (a zero bound is open; gt and le move a bound by a nanosecond, the finest a
// time has), and whether those conditions are all the filter says (no participant condition):
// then a record in the window is a record the filter accepts.
func (f *Filter) Window() (since, until time.Time, timeOnly bool) {
	if f == nil {
		return since, until, true
	}
	for _, c := range f.times {
		lo, hi := time.Time{}, time.Time{}
		switch c.op {
		case "ge":
			lo = c.at
		case "gt":
			lo = c.at.Add(time.Nanosecond)
		case "lt":
			hi = c.at
		case "le":
			hi = c.at.Add(time.Nanosecond)
		}
		if !lo.IsZero() && (since.IsZero() || lo.After(since)) {
			since = lo
		}
		if !hi.IsZero() && (until.IsZero() || hi.Before(until)) {
			until = hi
		}
	}
	return since, until, len(f.participants) == 0
}

// anyParticipant matches participants_v2/any(p:p/id eq 'id').
func anyParticipant(clause string) (string, bool) {
	m := regexp.MustCompile(`^participants_v2/any\(\s*(\w+)\s*:\s*(\w+)/id\s+eq\s+'((?:[^']|'')*)'\s*\)$`).FindStringSubmatch(clause)
	if m == nil || m[1] != m[2] {
		return "", false
	}
	return strings.ReplaceAll(m[3], "''", "'"), true
}

// addClause adds one condition (its tokens, between `and`s) to f.
func (f *Filter) addClause(clause []string) error {
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
		return errorf("Invalid filter clause: '%s'. Supported: startDateTime lt|le|gt|ge <date-time>, and participants_v2/any(p:p/id eq '<id>').", text)
	}
	prop, op, lit := clause[0], strings.ToLower(clause[1]), clause[2]
	if prop != "startDateTime" {
		return errorf("Invalid filter clause: filtering on '%s' is not supported; only startDateTime and participants_v2/id are.", prop)
	}
	switch op {
	case "lt", "le", "gt", "ge":
	default:
		return errorf("Invalid filter clause: the operator '%s' is not supported on startDateTime; use lt, le, gt or ge.", clause[1])
	}
	at, err := time.Parse(time.RFC3339Nano, lit) // Graph's DateTimeOffset: 0 to 7 fractional digits, Z or an offset
	if err != nil {
		return errorf("Invalid filter clause: '%s' is not a DateTimeOffset literal such as 2026-11-20T10:00:00Z.", lit)
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
					return nil, errorf("Invalid filter clause: parentheses nest deeper than %d levels.", maxFilterNesting)
				}
			}
		case ')':
			if !inQuote {
				depth--
			}
		}
		if depth < 0 {
			return nil, errorf("Invalid filter clause: unbalanced ')' in '%s'.", s)
		}
	}
	if depth != 0 || inQuote {
		return nil, errorf("Invalid filter clause: unbalanced parentheses or quotes in '%s'.", s)
	}
	return out, nil
}
