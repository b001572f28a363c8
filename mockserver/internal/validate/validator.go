// Package validate checks an entity's JSON against graphmock's embedded JSON Schemas
// (schemas/*.json) and says what is wrong in terms a client can act on: one
// model.Violation per problem, with the JSON pointer of the field and a message that names it
// and says why. Request bodies and scenario files are checked by the same compiled schemas, so
// a field that a scenario may hold is one a client may write, and the other way round.
//
// Two engines share the work: fastschema accepts valid JSON straight from its bytes, and
// jsonschema/v5 (the reference) decides and explains whatever the fast path does not accept.
package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/validate/fastschema"
	"github.com/graphmock/graphmock/schemas"
)

// schemaBase is the URL the embedded schema files are registered under. Nothing is ever fetched
// from it: the compiler refuses every URL it was not given.
const schemaBase = "https://schemas.graphmock.invalid/"

// Validator holds the compiled schema of every entity type that scenarios seed and clients
// write. Nothing in it changes after it is built, so one Validator serves any number of servers
// and goroutines at once; checking never reads or compiles a schema again.
type Validator struct {
	byType map[string]*jsonschema.Schema
	// fast accepts valid bodies without decoding them; jsonschema decides (and explains)
	// whatever it does not accept.
	fast *fastschema.Set
}

// shared is the Validator of the process, built on first use and never changed after.
var shared = sync.OnceValues(build)

// Shared returns the one Validator of the process, compiling the embedded schemas on the first
// call. The schemas never change and compiling them (both engines) is most of what building a
// server would otherwise cost, so every server shares this one. A broken embedded schema is an
// error naming the file, returned by every call.
func Shared() (*Validator, error) { return shared() }

// build compiles the embedded schemas with both engines. A broken schema is an error naming the
// file.
func build() (*Validator, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schema %s is not embedded; graphmock fetches nothing", u)
	}
	names, err := fs.Glob(schemas.FS(), "*.json")
	if err != nil {
		return nil, err
	}
	files, fileOf := map[string][]byte{}, map[string]string{} // fileOf: the file defining each type
	for _, name := range names {
		data, err := fs.ReadFile(schemas.FS(), name)
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(schemaBase+name, bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		files[name] = data
		var doc struct {
			Defs map[string]json.RawMessage `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		for def := range doc.Defs {
			fileOf[def] = name
		}
	}
	fast, err := fastschema.Compile(files)
	if err != nil {
		return nil, err
	}
	v := &Validator{byType: map[string]*jsonschema.Schema{}, fast: fast}
	for _, t := range model.All() {
		s, err := c.Compile(schemaBase + fileOf[t.Name()] + "#/$defs/" + t.Name())
		if err != nil {
			return nil, fmt.Errorf("schema for %s: %w", t.Name(), err)
		}
		v.byType[t.Name()] = s
	}
	// The subscription is not stored with the call records (All leaves it out), but its bodies
	// are judged the same way.
	sub := model.Subscription()
	s, err := c.Compile(schemaBase + fileOf[sub.Name()] + "#/$defs/" + sub.Name())
	if err != nil {
		return nil, fmt.Errorf("schema for %s: %w", sub.Name(), err)
	}
	v.byType[sub.Name()] = s
	return v, nil
}
