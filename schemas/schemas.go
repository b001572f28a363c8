// Package schemas holds the JSON Schemas (draft 2020-12) of the Microsoft
// Graph callRecords types that graphmock serves: callRecord, session, segment
// and every type reachable from them, including the microsoft.graph identity
// types they use (the *.schema.json files), the rows of the two report
// functions, pstnCallLogRow.json and directRoutingLogRow.json, and the
// change-notification subscription, subscription.json.
//
// The schemas are data, not code: this package only embeds the
// *.schema.json files so that they ship inside the binary and can be read
// from tests and tools without touching the file system. Compiling them and
// turning validation errors into messages is left to the packages that
// validate, so that this package stays free of dependencies.
package schemas

import (
	"embed"
	"io/fs"
)

//go:embed *.json
var files embed.FS

// FS returns the embedded schema files, every *.json file at the root of the
// returned file system. Each sits under its bare name, which is also its $id
// (for example "microsoft.graph.callRecords.schema.json"), so references
// between the files resolve when every file is added to a compiler under its
// name; each type is defined in exactly one file.
func FS() fs.FS {
	return files
}
