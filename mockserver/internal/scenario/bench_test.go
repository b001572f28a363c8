package scenario

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphmock/graphmock/mockserver/generate"
	"github.com/graphmock/graphmock/mockserver/internal/validate"
)

// BenchmarkLoadGeneratedJSON loads a generated JSON scenario of about 6,000 lean segments (a
// few MB, one session of 4,000) from a mapped file, as a million-segment load does a sixth of a
// thousand times over: reading, preparing on every core, assembling and building the store.
// Compare ns/op, B/op and allocs/op across changes; a CPU profile of it (-cpuprofile) shows
// the assembler (loader.assemble) and the store build (store.Builder) apart from the rest.
func BenchmarkLoadGeneratedJSON(b *testing.B) {
	v, err := validate.Shared()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := generate.Write(&buf, generate.Options{Records: 110, Seed: 16, Sessions: 3, Segments: 6,
		LongSession: 4000, Detail: "lean", Format: "json"}); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "generated.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		l, err := loadFile(path, v, nil, 0)
		if err != nil {
			b.Fatal(err)
		}
		if l.Info.Segments < 5000 {
			b.Fatalf("only %d segments", l.Info.Segments)
		}
	}
}
