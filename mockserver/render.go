package mockserver

import (
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

// A session with its expanded segments, as Graph writes it; the members and arrays are written
// by odata's payload writers.

// appendSession writes a session, with its segments array when they were expanded.
func appendSession(b []byte, v sessionView, selects []string, segSelects []string) []byte {
	return append(appendSessionMembers(append(b, '{'), v, selects, segSelects), '}')
}

// appendSessionMembers appends a session's members (and expanded segments) to an open object.
func appendSessionMembers(b []byte, v sessionView, selects []string, segSelects []string) []byte {
	b = odata.AppendFields(b, v.Obj, selects)
	if v.Segments != nil {
		b = jsondoc.AppendMember(b, "segments")
		b = odata.AppendObjects(b, v.Segments, segSelects)
	}
	return b
}
