package mockserver

import (
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// object is one stored Graph JSON object (see jsondoc.Object): compact bytes as seeded or
// written, with its top-level members; immutable once built.
type object = jsondoc.Object

// The short names the handlers and renderers use for what the store hands out.
type (
	position    = store.Position
	page[T any] = store.Page[T]
)
