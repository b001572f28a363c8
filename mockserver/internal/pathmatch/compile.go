// Package pathmatch matches request paths against the path templates of a route table, without
// regular expressions and without allocating on a match. A template is a list of literal,
// {variable} and function-call segments after an API version ("/items/{itemID}/parts",
// "/items/count({args})"); the matcher finds the first
// rule whose method and template fit an escaped path under one of the versions, with the path's
// variables, and answers the two questions about a path no rule serves: which methods it has (a
// 405's Allow header) and which of its segments is the first that leads nowhere (Graph's 400
// "Resource not found for the segment"). It knows nothing of what a route carries: rules are
// (method, template) pairs and a match names the index of its rule, so the table that gives
// routes their names and handlers stays the one description of the URL space.
package pathmatch

import (
	"fmt"
	"slices"
	"strings"
)

// MaxSegments is the most segments a template may have after the version: a match splits the
// path into a fixed array of this size, so a longer path is known to match nothing without being
// split further and matching allocates nothing.
const MaxSegments = 8

// MaxVars is the most {variable} segments a template may have: a match carries their values in a
// fixed array of this size.
const MaxVars = 4

// Rule is one row of a route table as the matcher sees it.
type Rule struct {
	// Method is the HTTP method, matched exactly (case-sensitive, as Graph does).
	Method string
	// Template is the path after the version: "/" then segments separated by "/", each a
	// literal, a {name}, or a function call fn({name}). A variable accepts any segment that is not
	// empty and does not start with '$', so ".../$count" never reads as an id. A function call
	// accepts a segment that is fn, "(" (or %28), any text, then ")" (or %29), and that text, the
	// call's parameters still escaped, is the variable's value: one URL segment, since a
	// parameter's escaped value holds no '/'.
	Template string
}

// Matcher is a compiled route table. It is immutable once built and safe for concurrent use.
type Matcher struct {
	versions []string
	rows     []row
	methods  []string // every method of the table, in Allow order
}

// row is one rule in matcher form.
type row struct {
	method string
	segs   []segment
	names  []string // the variables' names, in template order
}

// segment is one segment of a template: a literal, a variable, or a function call (call: literal
// is the function's name, and the variable its parameters).
type segment struct {
	literal  string
	variable bool
	call     bool
}

// accepts reports whether a path segment fits this segment of a template: a literal exactly, a
// variable when it is not empty and does not start with '$', a call when it calls the function.
func (s segment) accepts(seg string) bool {
	switch {
	case s.call:
		_, ok := callArgs(s.literal, seg)
		return ok
	case s.variable:
		return seg != "" && seg[0] != '$'
	}
	return seg == s.literal
}

// value is what a path segment this segment accepts gives its variable.
func (s segment) value(seg string) string {
	if s.call {
		seg, _ = callArgs(s.literal, seg)
	}
	return seg
}

// callArgs returns the parameter text of a call of function fn in an escaped path segment:
// fn(…) with either parenthesis raw or percent-encoded, as clients send them.
func callArgs(fn, seg string) (string, bool) {
	rest, ok := strings.CutPrefix(seg, fn)
	if !ok {
		return "", false
	}
	if rest, ok = strings.CutPrefix(rest, "("); !ok {
		if rest, ok = strings.CutPrefix(seg[len(fn):], "%28"); !ok {
			return "", false
		}
	}
	if args, ok := strings.CutSuffix(rest, ")"); ok {
		return args, true
	}
	return strings.CutSuffix(rest, "%29")
}

// New compiles a route table: versions are the API versions a path may start with ("v1.0"
// matches "/v1.0/..."), rules the routes in the order they are tried. It returns an error naming
// the rule when a template is malformed (no leading "/", an empty segment, an unbalanced or
// repeated {name}) or too long for the fixed arrays of a match (MaxSegments, MaxVars).
func New(versions []string, rules []Rule) (*Matcher, error) {
	for _, v := range versions {
		if v == "" || strings.Contains(v, "/") {
			return nil, fmt.Errorf("pathmatch: version %q: want one non-empty path segment", v)
		}
	}
	m := &Matcher{versions: slices.Clone(versions), rows: make([]row, len(rules))}
	for i, r := range rules {
		rw, err := compile(r)
		if err != nil {
			return nil, fmt.Errorf("pathmatch: rule %d (%s %s): %w", i, r.Method, r.Template, err)
		}
		m.rows[i] = rw
		if !slices.Contains(m.methods, r.Method) {
			m.methods = append(m.methods, r.Method)
		}
	}
	slices.SortStableFunc(m.methods, func(a, b string) int { return methodRank(a) - methodRank(b) })
	return m, nil
}

// compile turns one rule into a row.
func compile(r Rule) (row, error) {
	if r.Method == "" {
		return row{}, fmt.Errorf("no method")
	}
	path, ok := strings.CutPrefix(r.Template, "/")
	if !ok {
		return row{}, fmt.Errorf("the template must start with /")
	}
	rw := row{method: r.Method}
	for _, seg := range strings.Split(path, "/") {
		if seg == "" {
			return row{}, fmt.Errorf("empty segment")
		}
		if fn, call, ok := strings.Cut(seg, "({"); ok && strings.HasSuffix(call, "})") {
			name := strings.TrimSuffix(call, "})")
			switch {
			case fn == "" || strings.ContainsAny(fn, "{}()") || name == "" || strings.ContainsAny(name, "{}()"):
				return row{}, fmt.Errorf("segment %q: want fn({name})", seg)
			case slices.Contains(rw.names, name):
				return row{}, fmt.Errorf("variable %q appears twice", name)
			}
			rw.segs = append(rw.segs, segment{literal: fn, variable: true, call: true})
			rw.names = append(rw.names, name)
			continue
		}
		name, isVar := strings.CutPrefix(seg, "{")
		if !isVar {
			if strings.ContainsAny(seg, "{}") {
				return row{}, fmt.Errorf("segment %q: a variable is a whole segment", seg)
			}
			rw.segs = append(rw.segs, segment{literal: seg})
			continue
		}
		name, closed := strings.CutSuffix(name, "}")
		switch {
		case !closed || name == "" || strings.ContainsAny(name, "{}"):
			return row{}, fmt.Errorf("segment %q: want {name}", seg)
		case slices.Contains(rw.names, name):
			return row{}, fmt.Errorf("variable %q appears twice", name)
		}
		rw.segs = append(rw.segs, segment{variable: true})
		rw.names = append(rw.names, name)
	}
	switch {
	case len(rw.segs) > MaxSegments:
		return row{}, fmt.Errorf("%d segments, at most %d", len(rw.segs), MaxSegments)
	case len(rw.names) > MaxVars:
		return row{}, fmt.Errorf("%d variables, at most %d", len(rw.names), MaxVars)
	}
	return rw, nil
}

// methodRank orders methods for an Allow header: the common ones in the customary order, any
// other after them.
func methodRank(method string) int {
	order := [...]string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	if i := slices.Index(order[:], method); i >= 0 {
		return i
	}
	return len(order)
}
