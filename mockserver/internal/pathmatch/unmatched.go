package pathmatch

// Methods lists the methods the table serves on a path, given as its segments after the version
// (still escaped): the Allow header of a 405 when the path exists but not under the request's
// method. The order is GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, then any other method in
// table order; a path no rule serves has none.
func (m *Matcher) Methods(segs []string) []string {
	var allow []string
	for _, method := range m.methods {
		for i := range m.rows {
			if rw := &m.rows[i]; rw.method == method && rw.matches(segs) {
				allow = append(allow, method)
				break
			}
		}
	}
	return allow
}

// Unresolved returns the index of the first of a path's segments (after the version, not empty)
// that no template accepts after the segments before it: the segment Graph names in "Resource not
// found for the segment". A path that is a proper prefix of templates (such as /v1.0/communications
// for /communications/callRecords) names its last segment.
func (m *Matcher) Unresolved(segs []string) int {
	for i := range segs {
		if !m.resolves(segs[:i+1]) {
			return i
		}
	}
	return len(segs) - 1
}

// resolves reports whether some template begins with segments that accept these.
func (m *Matcher) resolves(prefix []string) bool {
	for r := range m.rows {
		rw := &m.rows[r]
		if len(rw.segs) < len(prefix) {
			continue
		}
		ok := true
		for j := 0; j < len(prefix) && ok; j++ {
			ok = rw.segs[j].accepts(prefix[j])
		}
		if ok {
			return true
		}
	}
	return false
}
