package scenario

import (
	"bytes"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver/generate"
)

// readerInput is a generated scenario of the million's shape (lean segments, three sessions of
// six segments a record, one long session), a few MB: what the benchmarks of the reader read.
var readerInput = sync.OnceValues(func() ([]byte, error) {
	var b bytes.Buffer
	_, err := generate.Write(&b, generate.Options{Records: 400, Sessions: 3, Segments: 6, LongSession: 2000, Detail: "lean", Format: "json"})
	return b.Bytes(), err
})

// readOnly runs the JSON loader's reader alone over a document: every call record is read into
// batches, which are handed straight back for reuse with their windows (nothing is prepared or
// stored). It returns the number of jobs read.
func readOnly(s *jsonStream) (int, error) {
	empty, err := s.opened('{', '}')
	if err != nil || empty {
		return 0, err
	}
	jobs := 0
	for {
		name, _, err := s.key()
		if err != nil {
			return 0, err
		}
		if name == "callRecords" {
			rd := &reader{s: s, batches: make(chan *batch, 4)}
			out := make(chan part, 1)
			done := make(chan error, 1)
			go func() { done <- rd.readRecords(out, nil); close(out) }()
			for p := range out {
				jobs += len(p.jobs)
				if !p.done {
					continue
				}
				b := p.b
				for _, w := range b.windows { // as prepareAll gives them back
					select {
					case s.free <- w[:0]:
					default:
					}
				}
				b.windows = nil
				rd.batches <- b
			}
			if err := <-done; err != nil {
				return 0, err
			}
		} else if _, _, err := s.value(); err != nil {
			return 0, err
		}
		more, err := s.next('}')
		if err != nil || !more {
			return jobs, err
		}
	}
}

// BenchmarkReader measures the reader's throughput over a document in memory (stable: the
// mapped case) and through a stream of windows.
func BenchmarkReader(b *testing.B) {
	data, err := readerInput()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		s    func() *jsonStream
	}{
		{"stable", func() *jsonStream { return newJSONStable(data) }},
		{"stream", func() *jsonStream { return newJSONStream(bytes.NewReader(data)) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := readOnly(c.s()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
