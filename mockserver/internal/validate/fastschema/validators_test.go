package fastschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/schemas"
)

const (
	refBase = "https://schemas.graphmock.invalid/"
	crFile  = "microsoft.graph.callRecords.schema.json"
	gFile   = "microsoft.graph.schema.json"
	cr      = "microsoft.graph.callRecords."

	defSegment     = cr + "segment"
	defSession     = cr + "session"
	defCallRecord  = cr + "callRecord"
	defParticipant = cr + "participant"
	defOrganizer   = cr + "organizer"
)

func schemaFiles(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := loadFiles()
	if err != nil || len(files) != 5 { // the two *.schema.json files, the two report rows and the subscription
		t.Fatalf("schema files: %d, %v", len(files), err)
	}
	return files
}

var (
	fastOnce sync.Once
	fastSet  *Set
	fastErr  error
)

func fast(t testing.TB) *Set {
	t.Helper()
	fastOnce.Do(func() {
		var files map[string][]byte
		files, fastErr = loadFiles()
		if fastErr == nil {
			fastSet, fastErr = Compile(files)
		}
	})
	if fastErr != nil {
		t.Fatal(fastErr)
	}
	return fastSet
}

func loadFiles() (map[string][]byte, error) {
	names, err := fs.Glob(schemas.FS(), "*.json")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, name := range names {
		if out[name], err = fs.ReadFile(schemas.FS(), name); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// reference is jsonschema/v5 compiled as mockserver/validate.go compiles it.
type reference struct {
	byDef map[string]*jsonschema.Schema
	defs  []string // every $defs name, sorted
}

var (
	refOnce sync.Once
	refSet  *reference
	refErr  error
)

func ref(t testing.TB) *reference {
	t.Helper()
	refOnce.Do(func() { refSet, refErr = newReference() })
	if refErr != nil {
		t.Fatal(refErr)
	}
	return refSet
}

func newReference() (*reference, error) {
	files, err := loadFiles()
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(u string) (io.ReadCloser, error) { return nil, fmt.Errorf("not embedded: %s", u) }
	for name, data := range files {
		if err := c.AddResource(refBase+name, bytes.NewReader(data)); err != nil {
			return nil, err
		}
	}
	r := &reference{byDef: map[string]*jsonschema.Schema{}}
	for name, data := range files {
		var doc struct {
			Defs map[string]json.RawMessage `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, err
		}
		for def := range doc.Defs {
			s, err := c.Compile(refBase + name + "#/$defs/" + def)
			if err != nil {
				return nil, err
			}
			r.byDef[def] = s
			r.defs = append(r.defs, def)
		}
	}
	sort.Strings(r.defs)
	return r, nil
}

// verdict is the reference's answer: valid, or not; panicked when jsonschema/v5 panicked (it
// does on numbers math/big refuses to read).
func (r *reference) verdict(def string, raw []byte) (valid, panicked bool) {
	defer func() {
		if recover() != nil {
			valid, panicked = false, true
		}
	}()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return false, false
	}
	return r.byDef[def].Validate(doc) == nil, false
}

// wellFormed is the precondition of Valid: one JSON value, valid UTF-8, no duplicate names.
func wellFormed(raw []byte) bool {
	if !json.Valid(raw) {
		return false
	}
	_, _, _, err := jsondoc.Scan(raw, 0)
	return err == nil
}
