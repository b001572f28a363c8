package scrub_test

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/scrub"
)

// BenchmarkScrubRecord scrubs the default scenario's five records (1.3 MB of JSON) with a warm
// cache, as an import does after its first records; BenchmarkTokenizeRecord is the baseline of
// the same run: reading the same JSON token by token, which Record does once.
func BenchmarkScrubRecord(b *testing.B) {
	recs := defaultRecords(b)
	s, err := scrub.New([]byte("bench"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(totalSize(recs))
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range recs {
			if _, err := s.Record(r); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkTokenizeRecord(b *testing.B) {
	recs := defaultRecords(b)
	b.SetBytes(totalSize(recs))
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range recs {
			dec := json.NewDecoder(bytes.NewReader(r))
			dec.UseNumber()
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}

func totalSize(recs []json.RawMessage) int64 {
	n := 0
	for _, r := range recs {
		n += len(r)
	}
	return int64(n)
}
