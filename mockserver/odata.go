package mockserver

import (
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// queryOption is one OData system query option the mock understands.
type queryOption uint16

// The system query options. A route accepts a set of them; any other $-option is a 400.
const (
	optSelect queryOption = 1 << iota
	optExpand
	optFilter
	optTop
	optSkip
	optCount
	optSkipToken
)

// optionByName maps a lower-cased option name to its option.
func optionByName(name string) (queryOption, bool) {
	switch name {
	case "$select":
		return optSelect, true
	case "$expand":
		return optExpand, true
	case "$filter":
		return optFilter, true
	case "$top":
		return optTop, true
	case "$skip":
		return optSkip, true
	case "$count":
		return optCount, true
	case "$skiptoken":
		return optSkipToken, true
	}
	return 0, false
}

// knownUnsupported reports OData options Graph defines that the callRecords routes do not support.
func knownUnsupported(name string) bool {
	switch name {
	case "$orderby", "$search", "$format", "$apply", "$compute", "$levels", "$deltatoken", "$index", "$schemaversion":
		return true
	}
	return false
}

// rawOption is one query pair as the client sent it: raw is the exact text (kept for nextLink),
// name and value are percent-decoded.
type rawOption struct {
	raw   string
	name  string
	value string
}

// query holds a request's parsed query options.
type query struct {
	given     queryOption
	selects   []string
	expand    []expandItem
	filter    *recordFilter
	top       int
	skip      int
	count     bool
	skipToken string
	pairs     []rawOption
}

// expandItem is one $expand entry: a navigation property and its nested options.
type expandItem struct {
	name    string
	selects []string
	expand  []expandItem
}

// parseQuery parses a raw query string for a route that accepts allowed. Option names are matched
// case-insensitively, as OData 4.01 allows; on beta the `$` may be left off, as Graph allows.
// Names without `$` are custom options, which Graph ignores on v1.0.
func parseQuery(rawQuery string, allowed queryOption, beta bool, t model.EntityType) (query, error) {
	var q query
	if rawQuery == "" {
		return q, nil
	}
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return q, badRequest("The query option name '%s' is not correctly percent-encoded.", rawName)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return q, badRequest("The value of query option '%s' is not correctly percent-encoded.", name)
		}
		lower := strings.ToLower(name)
		if beta && !strings.HasPrefix(lower, "$") {
			if _, ok := optionByName("$" + lower); ok || knownUnsupported("$"+lower) {
				lower = "$" + lower
			}
		}
		q.pairs = append(q.pairs, rawOption{raw: part, name: lower, value: value})
		if !strings.HasPrefix(lower, "$") {
			continue
		}
		opt, known := optionByName(lower)
		switch {
		case !known && knownUnsupported(lower):
			return q, badRequest("The query option '%s' is not supported on this resource.", name)
		case !known:
			return q, badRequest("The query parameter '%s' is not supported.", name)
		case allowed&opt == 0:
			return q, badRequest("The query option '%s' is not supported on this resource.", name)
		case q.given&opt != 0:
			return q, badRequest("Query option '%s' was specified more than once, but it must be specified at most once.", name)
		}
		q.given |= opt
		if err := q.set(opt, name, value, t); err != nil {
			return q, err
		}
	}
	return q, nil
}

// set parses one option's value into q.
func (q *query) set(opt queryOption, name, value string, t model.EntityType) error {
	var err error
	switch opt {
	case optSelect:
		q.selects, err = parseSelect(value, t)
	case optExpand:
		q.expand, err = parseExpand(value, t)
	case optFilter:
		q.filter, err = parseFilter(value)
	case optTop:
		q.top, err = parseNonNegative(name, value)
	case optSkip:
		q.skip, err = parseNonNegative(name, value)
	case optCount:
		switch strings.ToLower(value) {
		case "true":
			q.count = true
		case "false":
		default:
			return badRequest("The value '%s' of %s is not valid: use true or false.", value, name)
		}
	case optSkipToken:
		if value == "" {
			return badRequest("The $skiptoken is empty.")
		}
		q.skipToken = value
	}
	return err
}

func parseNonNegative(name, value string) (int, error) {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 {
		return 0, badRequest("Invalid value '%s' for query option '%s': expected a non-negative integer.", value, name)
	}
	return n, nil
}

// parseSelect checks a $select list against the type's properties.
func parseSelect(value string, t model.EntityType) ([]string, error) {
	if strings.TrimSpace(value) == "" {
		return nil, badRequest("The $select option is empty.")
	}
	var out []string
	for _, p := range strings.Split(value, ",") {
		p = strings.TrimSpace(p)
		if p == "*" {
			return nil, nil
		}
		if !t.HasProperty(p) && !t.HasNavigation(p) {
			return nil, badRequest("Could not find a property named '%s' on type '%s'.", p, t.Name())
		}
		out = append(out, p)
	}
	return out, nil
}

// parseExpand parses `a`, `a($expand=b)`, `a($select=x,y;$expand=b)`, comma-separated, checking
// each name against the type's navigation properties.
func parseExpand(value string, t model.EntityType) ([]expandItem, error) {
	items, err := splitTopLevel(value, ',')
	if err != nil {
		return nil, err
	}
	var out []expandItem
	for _, it := range items {
		it = strings.TrimSpace(it)
		name, inner := it, ""
		if i := strings.IndexByte(it, '('); i >= 0 {
			if !strings.HasSuffix(it, ")") {
				return nil, badRequest("Syntax error in $expand: '%s' has no closing parenthesis.", it)
			}
			name, inner = strings.TrimSpace(it[:i]), it[i+1:len(it)-1]
		}
		if name == "" {
			return nil, badRequest("Syntax error in $expand: empty item in '%s'.", value)
		}
		if name == "*" {
			return nil, badRequest("$expand=* is not supported; name the relationship to expand.")
		}
		if !t.HasNavigation(name) {
			if t.HasProperty(name) {
				return nil, badRequest("Property '%s' on type '%s' is not a navigation property or complex property. Only navigation properties can be expanded.", name, t.Name())
			}
			return nil, badRequest("Could not find a property named '%s' on type '%s'.", name, t.Name())
		}
		item := expandItem{name: name}
		if inner != "" {
			if err := item.parseNested(inner, model.NavigationTarget(name)); err != nil {
				return nil, err
			}
		}
		out = append(out, item)
	}
	return out, nil
}

// parseNested parses the `;`-separated options inside an $expand item's parentheses.
func (it *expandItem) parseNested(inner string, t model.EntityType) error {
	parts, err := splitTopLevel(inner, ';')
	if err != nil {
		return err
	}
	for _, p := range parts {
		name, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok {
			return badRequest("Syntax error in $expand: '%s' inside '%s(...)' is not an option.", p, it.name)
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "$expand", "expand":
			if it.expand, err = parseExpand(value, t); err != nil {
				return err
			}
		case "$select", "select":
			if it.selects, err = parseSelect(value, t); err != nil {
				return err
			}
		default:
			return badRequest("The query option '%s' is not supported inside $expand.", name)
		}
	}
	return nil
}

// splitTopLevel splits s on sep outside parentheses and quotes.
func splitTopLevel(s string, sep byte) ([]string, error) {
	var out []string
	depth, start := 0, 0
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return nil, badRequest("Syntax error: unbalanced ')' in '%s'.", s)
			}
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if depth != 0 || inQuote {
		return nil, badRequest("Syntax error: unbalanced parentheses or quotes in '%s'.", s)
	}
	return append(out, s[start:]), nil
}

// selected reports whether a member should be written under $select (nil selects all). Instance
// annotations such as @odata.type always are.
func selected(selects []string, name string) bool {
	if selects == nil || strings.HasPrefix(name, "@") {
		return true
	}
	return slices.Contains(selects, name)
}
