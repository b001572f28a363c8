package odata

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// Pair is one query pair as the client sent it. Raw is the exact text, kept so that a next link
// repeats the client's options byte for byte; Name (lower-cased, with the `$` restored on beta)
// and Value are percent-decoded.
type Pair struct {
	Raw   string
	Name  string
	Value string
}

// Query is a request's parsed query options. Fields of options the client did not give keep
// their zero values; Given says which were given, since $top=0 and no $top differ.
type Query struct {
	// Given holds every system query option present in the request.
	Given Option
	// Select lists the $select properties; nil selects all (no $select, or `*`).
	Select []string
	// Expand lists the $expand items, with their nested options.
	Expand []ExpandItem
	// Filter is the parsed $filter, or nil.
	Filter *Filter
	// Top and Skip are the values of $top and $skip.
	Top, Skip int
	// Count is $count=true.
	Count bool
	// SkipToken is the opaque $skiptoken, still encoded; DecodeSkipToken reads it.
	SkipToken string
	// Pairs is every query pair in order, custom options included, for next links.
	Pairs []Pair
}

// Has reports whether the client gave option o.
func (q Query) Has(o Option) bool { return q.Given&o != 0 }

// Parse parses a raw query string for a route that accepts the options in allowed, on entity
// type t (which $select and $expand are checked against). Option names are matched
// case-insensitively, as OData 4.01 allows; on beta the `$` may be left off, as Graph allows.
// Names without `$` are custom options, which Graph ignores on v1.0. Every problem is a
// *QueryError with Graph's message.
func Parse(rawQuery string, allowed Option, beta bool, t model.EntityType) (Query, error) {
	var q Query
	if rawQuery == "" {
		return q, nil
	}
	allowed |= OptFormat
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return q, errorf("The query option name '%s' is not correctly percent-encoded.", rawName)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return q, errorf("The value of query option '%s' is not correctly percent-encoded.", name)
		}
		lower := strings.ToLower(name)
		if beta && !strings.HasPrefix(lower, "$") {
			if _, ok := optionByName("$" + lower); ok || knownUnsupported("$"+lower) {
				lower = "$" + lower
			}
		}
		q.Pairs = append(q.Pairs, Pair{Raw: part, Name: lower, Value: value})
		if !strings.HasPrefix(lower, "$") {
			continue
		}
		opt, known := optionByName(lower)
		switch {
		case !known && knownUnsupported(lower):
			return q, errorf("The query option '%s' is not supported on this resource.", name)
		case !known:
			return q, errorf("The query parameter '%s' is not supported.", name)
		case allowed&opt == 0:
			return q, errorf("The query option '%s' is not supported on this resource.", name)
		case q.Given&opt != 0:
			return q, errorf("Query option '%s' was specified more than once, but it must be specified at most once.", name)
		}
		q.Given |= opt
		if err := q.set(opt, name, value, t); err != nil {
			return q, err
		}
	}
	return q, nil
}

// set parses one option's value into q.
func (q *Query) set(opt Option, name, value string, t model.EntityType) error {
	var err error
	switch opt {
	case OptSelect:
		q.Select, err = parseSelect(value, t)
	case OptExpand:
		q.Expand, err = parseExpand(value, t)
	case OptFilter:
		q.Filter, err = ParseFilter(value)
	case OptTop:
		q.Top, err = parseNonNegative(name, value)
	case OptSkip:
		q.Skip, err = parseNonNegative(name, value)
	case OptCount:
		switch strings.ToLower(value) {
		case "true":
			q.Count = true
		case "false":
		default:
			return errorf("The value '%s' of %s is not valid: use true or false.", value, name)
		}
	case OptSkipToken:
		if value == "" {
			return errorf("The $skiptoken is empty.")
		}
		q.SkipToken = value
	case OptFormat:
		mediaType, _, _ := strings.Cut(value, ";")
		if mt := strings.ToLower(strings.TrimSpace(mediaType)); mt != "json" && mt != "application/json" {
			return errorf("The $format '%s' is not supported: Graph answers in JSON; use $format=json or leave it out.", value)
		}
	}
	return err
}

// parseNonNegative reads the value of $top or $skip.
func parseNonNegative(name, value string) (int, error) {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 {
		return 0, errorf("Invalid value '%s' for query option '%s': expected a non-negative integer.", value, name)
	}
	return n, nil
}
