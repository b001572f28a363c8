package jsondoc

import "strings"

// EscapePointerToken escapes a member name for use as one token of a JSON pointer (RFC 6901):
// "~" becomes "~0" and "/" becomes "~1". Every problem the mock reports carries such a pointer,
// so schema messages, scenario lines and the fast validator all escape names this one way.
func EscapePointerToken(name string) string {
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	return strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
}

// UnescapePointerToken reads one JSON pointer token back into a member name.
func UnescapePointerToken(tok string) string {
	if !strings.Contains(tok, "~") {
		return tok
	}
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}
