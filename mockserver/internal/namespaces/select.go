package namespaces

import (
	"fmt"
	"net/url"
	"strings"
)

// Header selects a namespace for a request; a path prefix /_ns/NAME/ does the same.
const Header = "X-Graphmock-Namespace"

// SplitPath splits an escaped request path of the form /_ns/NAME/rest into NAME, as sent,
// and the rest of the path ("/rest", escaped and decoded); ok is false for a path without the
// prefix. NAME is the segment as sent, so an encoded '/' or dot segment stays in it
// (/_ns/a%2Fb/ names "a%2Fb", which CheckName refuses) rather than moving part of the
// name into the path.
func SplitPath(escapedPath string) (name, escapedRest, rest string, ok bool) {
	after, ok := strings.CutPrefix(escapedPath, "/_ns/")
	if !ok {
		return "", "", "", false
	}
	name, tail, _ := strings.Cut(after, "/")
	escapedRest = "/" + tail
	rest, err := url.PathUnescape(escapedRest)
	if err != nil {
		rest = escapedRest // not from url.URL.EscapedPath; the route matcher refuses it
	}
	return name, escapedRest, rest, true
}

// Select is the namespace a request selects: the name from its /_ns/NAME/ prefix when
// prefixed, else the X-Graphmock-Namespace header ("" is the default namespace). A name must
// pass CheckName (a *NameError), and a prefix and a header that name different namespaces are
// refused rather than one silently winning (a *SelectorError).
func Select(pathName string, prefixed bool, header string) (string, error) {
	if !prefixed {
		if header == "" {
			return "", nil
		}
		return header, CheckName(header)
	}
	if err := CheckName(pathName); err != nil {
		return pathName, err
	}
	if header != "" && header != pathName {
		return pathName, &SelectorError{Path: pathName, Header: header}
	}
	return pathName, nil
}

// SelectorError is a request whose /_ns/NAME/ prefix and X-Graphmock-Namespace header name
// different namespaces; nothing was selected or made.
type SelectorError struct{ Path, Header string }

// Error names both and what to send instead.
func (e *SelectorError) Error() string {
	return fmt.Sprintf("The path names namespace '%s' (/_ns/%s/) and the %s header names '%s': "+
		"name one namespace, in either place or the same in both.", e.Path, e.Path, Header, e.Header)
}
