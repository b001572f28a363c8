// Package odata is the OData layer of the mock as pure functions over strings and bytes: it
// parses system query options ($select, $expand, $filter, $top, $skip, $count, $skiptoken),
// decides page sizes from the query and the Prefer header, signs and reads skip tokens, and
// writes context URLs and next links. It knows nothing of HTTP statuses or of the store: errors
// are *QueryError values, and a $filter is matched against plain values.
package odata

// Option is one OData system query option the mock understands, as a bit so that a route can
// say which ones it accepts as a set.
type Option uint16

// The system query options. A route accepts a set of them; any other $-option is rejected.
const (
	OptSelect Option = 1 << iota
	OptExpand
	OptFilter
	OptTop
	OptSkip
	OptCount
	OptSkipToken
	// OptFormat is $format, which Graph documents for every request; only JSON is served, so
	// every route accepts $format=json (or application/json) and refuses any other format.
	OptFormat
)

// optionByName maps a lower-cased option name to its option.
func optionByName(name string) (Option, bool) {
	switch name {
	case "$select":
		return OptSelect, true
	case "$expand":
		return OptExpand, true
	case "$filter":
		return OptFilter, true
	case "$top":
		return OptTop, true
	case "$skip":
		return OptSkip, true
	case "$count":
		return OptCount, true
	case "$skiptoken":
		return OptSkipToken, true
	case "$format":
		return OptFormat, true
	}
	return 0, false
}

// knownUnsupported reports OData options Graph defines that the callRecords routes do not support.
func knownUnsupported(name string) bool {
	switch name {
	case "$orderby", "$search", "$apply", "$compute", "$levels", "$deltatoken", "$index", "$schemaversion":
		return true
	}
	return false
}
