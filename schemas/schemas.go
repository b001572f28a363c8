// Package schemas holds the JSON Schemas (draft 2020-12) of the Microsoft
// Graph callRecords types that graphmock serves: callRecord, session, segment
// and every type reachable from them, including the microsoft.graph identity
// types they use (the *.schema.json files), the rows of the two report
// functions, pstnCallLogRow.json and directRoutingLogRow.json, and the
// change-notification subscription, subscription.json.
//
// The schemas are data, not code: this package embeds the files so that they
// ship inside the binary and can be read from tests and tools without touching
// the file system, and decodes their $defs for the tables derived from them
// (Defs). Compiling them and turning validation errors into messages is left
// to the packages that validate, so that this package stays free of
// dependencies.
package schemas

import (
	"embed"
	"encoding/json"
	"fmt"
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

// Defs decodes the $defs entries of the embedded files whose names match pattern (fs.Glob
// syntax, such as "*.json"), by definition name, each as generic JSON: what the packages that
// derive a table from the schemas (the canonical form, the personal-data classification) read,
// once, instead of each decoding the files its own way. A file that is not JSON is an error
// naming it.
func Defs(pattern string) (map[string]map[string]any, error) {
	names, err := fs.Glob(files, pattern)
	if err != nil {
		return nil, err
	}
	defs := map[string]map[string]any{}
	for _, name := range names {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Defs map[string]map[string]any `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		for def, s := range doc.Defs {
			defs[def] = s
		}
	}
	return defs, nil
}
