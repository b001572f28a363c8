package store

import (
	"errors"
	"fmt"
	"sync"
)

// Budget caps the bytes of entity JSON that a group of stores holds together: one server's
// namespaces share one, so a long load test against a sidecar is refused with an error that says
// what to do instead of running the process out of memory. It counts what the stores count (see
// Store): the JSON of every entity and organizer they hold, as seeded or written. It is safe for
// concurrent use; the stores sharing it each hold their own lock, so the check and the charge
// happen under the budget's, and racing writers never take the total past the limit.
type Budget struct {
	limit int64
	// mu guards used and refused.
	mu      sync.Mutex
	used    int64
	refused bool // the latest charge that needed room did not fit, and nothing was freed since
}

// NewBudget returns an empty budget of limit bytes.
func NewBudget(limit int64) *Budget { return &Budget{limit: limit} }

// Usage is what a budget reports: the bytes held, the limit, and whether the latest write that
// needed room was refused for lack of it (cleared by a write that fits or by freed room). The
// JSON names are the ones GET /_mock/readyz shows.
type Usage struct {
	StoredBytes    int64 `json:"storedBytes"`
	MaxStoredBytes int64 `json:"maxStoredBytes"`
	Full           bool  `json:"full"`
}

// Usage reports the budget's state at one moment.
func (b *Budget) Usage() Usage {
	b.mu.Lock()
	defer b.mu.Unlock()
	return Usage{StoredBytes: b.used, MaxStoredBytes: b.limit, Full: b.refused}
}

// charge adds delta bytes (negative: frees them). Growth that would take the total past the limit
// is refused with a *FullError and changes nothing, unless force is set: a reset to the loaded
// scenario always succeeds, since it is how a full server is emptied.
func (b *Budget) charge(delta int64, force bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if delta > 0 && !force && delta > b.limit-b.used {
		b.refused = true
		return &FullError{Limit: b.limit, Stored: b.used, Need: delta}
	}
	b.used += delta
	if delta < 0 || delta > 0 && !force { // room freed, or a write that fit
		b.refused = false
	}
	return nil
}

// ErrFull is what every *FullError matches with errors.Is: a write would take the stored bytes
// past the budget's limit. The HTTP layer answers it with 507 Insufficient Storage.
var ErrFull = errors.New("store full")

// FullError is a write refused because the stores sharing a budget would hold more than its
// limit; nothing was changed. It carries the numbers, and its message names the cap and how to
// raise it or free room, so a load test that fills a sidecar says what to do.
type FullError struct {
	Limit  int64 // the cap, in bytes
	Stored int64 // the bytes held when the write came
	Need   int64 // the bytes the write would add
}

// Error names the numbers, the cap and the ways out.
func (e *FullError) Error() string {
	return fmt.Sprintf("This server holds %d bytes of call-record JSON across its namespaces and this write needs %d more, past its cap of %s. "+
		"Free room with POST /_mock/reset (back to the loaded scenario) or DELETE /_mock/namespaces/NAME, "+
		"or raise the cap: -max-stored-bytes (GRAPHMOCK_MAX_STORED_BYTES) for the graphmock binary, Sidecar.MaxStoredBytes in Go.",
		e.Stored, e.Need, byteSize(e.Limit))
}

// Is makes errors.Is(err, ErrFull) true.
func (e *FullError) Is(target error) bool { return target == ErrFull }

// byteSize spells a size in bytes, with MiB alongside when it is at least one.
func byteSize(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%d bytes (%.4g MiB)", n, float64(n)/(1<<20))
}
