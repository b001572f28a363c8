// Package scenarios holds graphmock's embedded scenario files. It only embeds them, so the binary
// and in-process tests serve the same data without reading the disk.
package scenarios

import (
	"embed"
	"io/fs"
)

//go:embed *.yaml
var files embed.FS

// FS returns the embedded scenario files, named NAME.yaml.
func FS() fs.FS { return files }
