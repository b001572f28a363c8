package pathmatch

import "strings"

// Match is a path a rule serves.
type Match struct {
	// Rule is the index of the matched rule in the slice given to New.
	Rule int
	// Version is the path's API version, one of those given to New.
	Version string
	// Vars are the path's variables.
	Vars Vars
}

// Vars are the variables of a matched path, raw (still percent-encoded, as in the escaped path),
// by the names the template gives them. The zero value has none.
type Vars struct {
	names  []string // the matched rule's variable names (shared with the matcher, read-only)
	values [MaxVars]string
}

// Get returns a variable's raw value, and whether the matched template has a variable of that
// name.
func (v *Vars) Get(name string) (string, bool) {
	for i, n := range v.names {
		if n == name {
			return v.values[i], true
		}
	}
	return "", false
}

// Match finds the first rule, in table order, for a method and an escaped path under one of the
// versions; ok is false when no rule serves them. It allocates nothing.
func (m *Matcher) Match(method, path string) (match Match, ok bool) {
	var buf [MaxSegments]string
	version, n, ok := m.split(path, &buf)
	if !ok {
		return Match{}, false
	}
	segs := buf[:n]
	for i := range m.rows {
		rw := &m.rows[i]
		if rw.method != method || !rw.matches(segs) {
			continue
		}
		match = Match{Rule: i, Version: version, Vars: Vars{names: rw.names}}
		k := 0
		for j, s := range rw.segs {
			if s.variable {
				match.Vars.values[k] = s.value(segs[j])
				k++
			}
		}
		return match, true
	}
	return Match{}, false
}

// split splits an escaped path into its version and its segments after the version; ok is false
// when the path is not under "/version/" for one of the versions, or has more segments than any
// template may have.
func (m *Matcher) split(path string, segs *[MaxSegments]string) (version string, n int, ok bool) {
	rest, found := "", false
	for _, v := range m.versions {
		if len(path) > len(v)+1 && path[0] == '/' && path[1+len(v)] == '/' && path[1:1+len(v)] == v {
			version, rest, found = v, path[len(v)+2:], true
			break
		}
	}
	if !found {
		return "", 0, false
	}
	for {
		if n == len(segs) {
			return version, n, false
		}
		seg, after, more := strings.Cut(rest, "/")
		segs[n] = seg
		n++
		if !more {
			return version, n, true
		}
		rest = after
	}
}

// matches reports whether a row's template fits the path's segments exactly.
func (rw *row) matches(segs []string) bool {
	if len(rw.segs) != len(segs) {
		return false
	}
	for j, s := range rw.segs {
		if !s.accepts(segs[j]) {
			return false
		}
	}
	return true
}
