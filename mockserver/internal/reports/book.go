package reports

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// Row is one row of a report: its JSON as loaded (canonical: see package canon) and the start
// time calls select it by.
type Row struct {
	Obj   jsondoc.Object
	Start time.Time
}

// NewRow makes a row from its JSON. The row must have a startDateTime, since every call selects
// rows by it (the schemas allow null, as the metadata does, but such a row could never be
// returned); the error says what is wrong with it.
func NewRow(obj jsondoc.Object) (Row, error) {
	v := obj.Get("startDateTime")
	if v == nil || bytes.Equal(v, []byte("null")) {
		return Row{}, fmt.Errorf("startDateTime is required: the report's calls select rows by their start time")
	}
	s, ok := obj.GetString("startDateTime")
	t, err := time.Parse(time.RFC3339Nano, s)
	if !ok || err != nil {
		return Row{}, fmt.Errorf("startDateTime %s is not an ISO 8601 date-time such as 2019-11-01T00:00:08.2589935Z", v)
	}
	return Row{Obj: obj, Start: t}, nil
}

// Book holds the rows of both reports for one loaded scenario. It is immutable once made (a
// deferred book builds itself once, on first use, before anything reads it), so the namespaces
// that loaded the scenario share it and calls read it without a lock. The nil *Book has no rows.
type Book struct {
	once     sync.Once
	deferred bool         // made by NewDeferredBook
	pending  [2][]Pending // a deferred book's rows, unscanned (never changed once made)
	tables   [2]table
}

// table is one report's rows, in load order (what an export writes back) and by start time
// (what calls page through; rows that start together keep their load order).
type table struct {
	loaded  []Row
	byStart []Row
}

// NewBook makes a book from each report's rows, in load order; it keeps the slices.
func NewBook(pstn, directRouting []Row) *Book {
	b := &Book{}
	b.once.Do(func() { b.tables = [2]table{newTable(pstn), newTable(directRouting)} })
	return b
}

// newTable sorts a report's rows by start time.
func newTable(rows []Row) table {
	sorted := slices.Clone(rows)
	slices.SortStableFunc(sorted, func(a, b Row) int { return a.Start.Compare(b.Start) })
	return table{loaded: rows, byStart: sorted}
}

// Pending is a row's JSON as a snapshot holds it, not scanned yet, and what its Evolvable mark
// will say.
type Pending struct {
	Raw       []byte
	Evolvable bool
}

// NewDeferredBook makes a book of rows whose JSON is scanned on the book's first use, once per
// process for every namespace sharing it: a snapshot's rows, so that loading one costs no more
// than splitting its lines (a process that never calls a report never scans them). Only JSON
// that passed the loader's checks may be deferred; should a row still not scan, or lack its
// start time, it is kept as its bytes (an export writes it back) and starts at the zero time.
func NewDeferredBook(pstn, directRouting []Pending) *Book {
	return &Book{deferred: true, pending: [2][]Pending{pstn, directRouting}}
}

// ready builds a deferred book's tables on first use.
func (b *Book) ready() *Book {
	b.once.Do(func() {
		var sc jsondoc.Scanner
		for k, list := range b.pending {
			rows := make([]Row, len(list))
			for i, p := range list {
				obj, err := sc.Parse(p.Raw)
				if err != nil {
					obj = jsondoc.Object{Raw: p.Raw}
				}
				obj.Evolvable = p.Evolvable
				rows[i] = Row{Obj: obj}
				if row, err := NewRow(obj); err == nil {
					rows[i] = row
				}
			}
			b.tables[k] = newTable(rows)
		}
	})
	return b
}

// Rows returns report k's rows in load order. The slice is shared: callers must not change it.
func (b *Book) Rows(k Kind) []Row {
	if b == nil {
		return nil
	}
	return b.ready().tables[k].loaded
}

// ByStart returns report k's rows by start time, the order calls answer in. The slice is
// shared: callers must not change it.
func (b *Book) ByStart(k Kind) []Row {
	if b == nil {
		return nil
	}
	return b.ready().tables[k].byStart
}

// Len is how many rows report k has, without scanning a deferred book.
func (b *Book) Len(k Kind) int {
	switch {
	case b == nil:
		return 0
	case b.deferred:
		return len(b.pending[k])
	}
	return len(b.Rows(k))
}

// window returns the rows of report k whose start time is in r, by start time: two binary
// searches, so a call costs the same however many rows lie outside its range.
func (b *Book) window(k Kind, r Range) []Row {
	rows := b.ByStart(k)
	lo, _ := slices.BinarySearchFunc(rows, r.From, func(row Row, t time.Time) int { return row.Start.Compare(t) })
	hi := lo + sort.Search(len(rows)-lo, func(i int) bool { return !r.contains(k, rows[lo+i].Start) })
	return rows[lo:hi]
}
