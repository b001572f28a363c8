package mockserver

import (
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// object is one stored Graph JSON object (see jsondoc.Object): compact bytes as seeded or
// written, with its top-level members; immutable once built.
type object = jsondoc.Object

// parseObject builds an object from JSON bytes that must hold a single JSON object.
func parseObject(data []byte) (object, error) { return jsondoc.Parse(data) }
