package mockserver

import (
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// object is one stored Graph JSON object (see jsondoc.Object): compact bytes as seeded or
// written, with its top-level members; immutable once built.
type object = jsondoc.Object

// parseObject builds an object from JSON bytes that must hold a single JSON object.
func parseObject(data []byte) (object, error) { return jsondoc.Parse(data) }

// isControlAnnotation reports whether a member name is an OData control annotation that a pasted
// Graph response may carry (@odata.context, sessions@odata.nextLink, ...). @odata.type is data:
// it selects the derived type, so it is kept.
func isControlAnnotation(name string) bool {
	i := strings.Index(name, "@odata.")
	if i < 0 {
		return false
	}
	return name != "@odata.type"
}
