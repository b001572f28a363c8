// Package scenarios holds graphmock's embedded scenario files. It only embeds them, so the binary
// and in-process tests serve the same data without reading the disk.
package scenarios

import (
	"embed"
	"io/fs"
)

//go:embed *.yaml *.snapshot
var files embed.FS

// FS returns the embedded scenario files, named NAME.yaml, each with NAME.snapshot: the
// same scenario already loaded, generated from the YAML (go generate ./mockserver) so that a
// process starts without parsing it.
func FS() fs.FS { return files }
