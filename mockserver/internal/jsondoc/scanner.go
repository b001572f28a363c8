package jsondoc

import "fmt"

// Scanner keeps Scan's working memory (its stacks, name tables and the members being found)
// from one document to the next, so a server scanning write after write allocates it once: a
// server keeps Scanners in a pool. The zero value is ready; a Scanner is not safe for concurrent
// use. Nothing it returns shares memory with it.
type Scanner struct {
	frames   []jsonScanFrame
	keys     []jsonScanKey
	scratch  []byte
	tables   [][]int32
	fields   []Field
	names    []byte
	nameEnds []int
}

// maxKeptSlots bounds the working memory a Scanner keeps after an unusually wide or deep
// document: past it, the next document starts afresh.
const maxKeptSlots = 4096

// Scan is the package's Scan, using and keeping sc's working memory.
func (sc *Scanner) Scan(data []byte, maxDepth int) (compact []byte, fields []Field, isObject bool, err *ScanError) {
	// out is data itself until the first whitespace to drop (unalias).
	s := &jsonScanner{data: data, maxDepth: maxDepth, out: data, aliased: true,
		frames: sc.frames[:0], keys: sc.keys[:0], scratch: sc.scratch[:0], tables: sc.tables,
		fields: sc.fields[:0], names: sc.names[:0], nameEnds: sc.nameEnds[:0]}
	defer sc.keep(s)
	if err := s.run(); err != nil {
		return nil, nil, false, err
	}
	if !s.isObject {
		return s.out[:s.n], nil, false, nil
	}
	if len(s.fields) == 0 {
		return s.out[:s.n], nil, true, nil
	}
	// The members leave the scanner: one slice, and one string their names share.
	names := string(s.names)
	fields = make([]Field, len(s.fields))
	start := 0
	for i, f := range s.fields {
		f.Name = names[start:s.nameEnds[i]]
		start = s.nameEnds[i]
		fields[i] = f
	}
	return s.out[:s.n], fields, true, nil
}

// Parse is the package's Parse, using and keeping sc's working memory: what a loop that parses
// many objects calls, so their working memory is allocated once.
func (sc *Scanner) Parse(data []byte) (Object, error) {
	compact, fields, isObject, err := sc.Scan(data, 0)
	if err != nil {
		return Object{}, err
	}
	if !isObject {
		return Object{}, fmt.Errorf("expected a JSON object")
	}
	return Object{Raw: compact, Fields: fields}, nil
}

// ScanInto is Scan with the members appended to buf instead of a slice of their own: a loader
// that scans a million entities and keeps none of their member lists reuses one buffer (the
// names still share one new string per document, and the values point into compact).
func (sc *Scanner) ScanInto(buf []Field, data []byte, maxDepth int) (compact []byte, fields []Field, isObject bool, err *ScanError) {
	s := &jsonScanner{data: data, maxDepth: maxDepth, out: data, aliased: true,
		frames: sc.frames[:0], keys: sc.keys[:0], scratch: sc.scratch[:0], tables: sc.tables,
		fields: sc.fields[:0], names: sc.names[:0], nameEnds: sc.nameEnds[:0]}
	defer sc.keep(s)
	if err := s.run(); err != nil {
		return nil, buf[:0], false, err
	}
	fields = buf[:0]
	if !s.isObject || len(s.fields) == 0 {
		return s.out[:s.n], fields, s.isObject, nil
	}
	names := string(s.names)
	start := 0
	for i, f := range s.fields {
		f.Name = names[start:s.nameEnds[i]]
		start = s.nameEnds[i]
		fields = append(fields, f)
	}
	return s.out[:s.n], fields, true, nil
}

// keep takes back the scanner's grown memory for the next document, cleared of references to
// this one, unless a huge document grew it.
func (sc *Scanner) keep(s *jsonScanner) {
	big := max(cap(s.keys), cap(s.fields), cap(s.names), cap(s.scratch), len(s.tables)) > maxKeptSlots
	for _, t := range s.tables {
		big = big || cap(t) > maxKeptSlots
	}
	if big {
		*sc = Scanner{}
		return
	}
	clear(s.fields[:cap(s.fields)]) // they point into the document
	sc.frames, sc.keys, sc.scratch, sc.tables = s.frames[:0], s.keys[:0], s.scratch[:0], s.tables
	sc.fields, sc.names, sc.nameEnds = s.fields[:0], s.names[:0], s.nameEnds[:0]
}

// unalias gives the scanner an output buffer of its own, the first time it drops whitespace:
// what was written so far is data's own bytes, and the members found so far move with it.
func (s *jsonScanner) unalias() {
	out := make([]byte, len(s.data)) // compact is never longer than data
	copy(out, s.data[:s.n])
	for i := range s.fields {
		if f := &s.fields[i]; f.Value != nil {
			f.Value = out[f.start : f.start+len(f.Value) : f.start+len(f.Value)]
		}
	}
	s.out, s.aliased = out, false
}
