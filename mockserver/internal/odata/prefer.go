package odata

import (
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
)

// Prefer is what a request's Prefer header lines ask for, read as RFC 7240 writes them: a
// comma-separated list of preferences, each `name`, `name=value` or either followed by
// `; parameter` items, with optional whitespace around `=` and `;`, and values that are tokens or
// quoted strings (`odata.maxpagesize="10"`). Names are case-insensitive. A preference the mock
// does not know, or whose value it cannot use, is ignored, as the RFC asks; for one given twice
// the first usable one counts.
type Prefer struct {
	// MaxPageSize is odata.maxpagesize, 0 when absent or not a positive integer.
	MaxPageSize int
	// ReturnMinimal is return=minimal: a write answers 204 without a body.
	ReturnMinimal bool
	// OmitNulls is omit-values=nulls: members whose value is null are left out.
	OmitNulls bool
	// IncludeUnknownEnumMembers is include-unknown-enum-members: evolvable enum members are shown
	// as they are instead of as unknownFutureValue.
	IncludeUnknownEnumMembers bool
}

// ParsePrefer reads the values of every Prefer header line of a request (nil: none, at no cost).
func ParsePrefer(lines []string) Prefer {
	var p Prefer
	for _, line := range lines {
		for rest := line; rest != ""; {
			var name, value string
			var ok bool
			name, value, rest, ok = nextPreference(rest)
			if ok {
				p.set(strings.ToLower(name), value)
			}
		}
	}
	return p
}

// set records one preference, unless an earlier one of the same name already counted.
func (p *Prefer) set(name, value string) {
	switch name {
	case "odata.maxpagesize":
		if n, err := strconv.Atoi(value); err == nil && n > 0 && p.MaxPageSize == 0 {
			p.MaxPageSize = n
		}
	case "return":
		p.ReturnMinimal = p.ReturnMinimal || strings.EqualFold(value, "minimal")
	case "omit-values":
		p.OmitNulls = p.OmitNulls || strings.EqualFold(value, "nulls")
	case "include-unknown-enum-members":
		p.IncludeUnknownEnumMembers = true
	}
}

// Show is how a response shows stored entities under these preferences.
func (p Prefer) Show() canon.Show {
	return canon.Show{OmitNulls: p.OmitNulls, UnknownEnumMembers: p.IncludeUnknownEnumMembers}
}

// AppliedWith returns a Preference-Applied value: applied (what the handler honoured, such as
// odata.maxpagesize=10, or "") followed by the output preferences p holds, which every response
// that shows entities honours. All go in one header, comma-separated, as RFC 7240 writes them.
func (p Prefer) AppliedWith(applied string) string {
	for _, pref := range [...]struct {
		on   bool
		text string
	}{{p.OmitNulls, "omit-values=nulls"}, {p.IncludeUnknownEnumMembers, "include-unknown-enum-members"}} {
		if !pref.on {
			continue
		}
		if applied != "" {
			applied += ", "
		}
		applied += pref.text
	}
	return applied
}

// nextPreference reads the preference at the start of s (after any commas and whitespace): its
// name, its value (unquoted; "" when it has none) and what follows it. ok is false when s holds
// nothing more, or when the preference is malformed, which is then skipped up to the next comma
// outside a quoted string.
func nextPreference(s string) (name, value, rest string, ok bool) {
	s = strings.TrimLeft(s, ", \t")
	name, s = readToken(s)
	if name == "" {
		return "", "", skipPreference(s), false
	}
	s = strings.TrimLeft(s, " \t")
	if strings.HasPrefix(s, "=") {
		if value, s, ok = readWord(strings.TrimLeft(s[1:], " \t")); !ok {
			return "", "", skipPreference(s), false
		}
	}
	for s = strings.TrimLeft(s, " \t"); strings.HasPrefix(s, ";"); s = strings.TrimLeft(s, " \t") {
		s = strings.TrimLeft(s[1:], " \t")
		var param string
		param, s = readToken(s)
		if param == "" {
			continue // an empty parameter (`;;`) is allowed
		}
		s = strings.TrimLeft(s, " \t")
		if strings.HasPrefix(s, "=") {
			if _, s, ok = readWord(strings.TrimLeft(s[1:], " \t")); !ok {
				return "", "", skipPreference(s), false
			}
		}
	}
	if s != "" && s[0] != ',' {
		return "", "", skipPreference(s), false
	}
	return name, value, s, true
}

// readToken reads an RFC 9110 token at the start of s.
func readToken(s string) (token, rest string) {
	i := 0
	for i < len(s) && isTokenChar(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// readWord reads a token or a quoted string (backslash escapes undone) at the start of s.
func readWord(s string) (word, rest string, ok bool) {
	if !strings.HasPrefix(s, `"`) {
		word, rest = readToken(s)
		return word, rest, word != ""
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), s[i+1:], true
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", false // no closing quote
}

// skipPreference drops the rest of a malformed preference: everything up to the next comma
// outside a quoted string.
func skipPreference(s string) string {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			return s[i:]
		}
	}
	return ""
}

// isTokenChar reports RFC 9110's tchar.
func isTokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
