package mockserver

import (
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/validate"
)

// Clock is a namespace's server time, which a test steers instead of sleeping: Date headers, the
// journal, rate-limit windows, fault delays, when records become available (availableAfter) and
// are gone (retention), and what change notifications wait for all read it. It follows real time
// (or WithClock's function) from where the scenario's clock: key starts it; each namespace has
// its own, so parallel jobs in one sidecar never move each other's time. GET and POST
// /_mock/clock are the same steering over HTTP.
type Clock interface {
	// Now is the namespace's time.
	Now() time.Time
	// Advance moves the clock d forward; everything due on the way happens, in order of time,
	// with the clock reading each moment (a record becomes available, a retry goes out), before
	// Advance returns: a test can pass four hours in a millisecond. A negative d moves it back.
	Advance(d time.Duration)
	// Set moves the clock to t, forward (as Advance does) or back (nothing that already
	// happened happens again).
	Set(t time.Time)
	// Freeze stops the clock (on) until Advance or Set moves it, or lets it run on with real
	// time from where it stopped (off).
	Freeze(on bool)
}

// Clock returns the namespace's clock.
func (n *Namespace) Clock() Clock { return n.clock }

// PutCallRecord adds a call record (Graph's JSON for GET …/callRecords/{id} with
// $expand=sessions($expand=segments), optionally with organizer_v2, participants_v2 and
// availableAfter) or replaces the one with its id, all or nothing, checked like a scenario's
// record (a *ScenarioError lists every problem). A new record is announced to change
// notifications (created) when it becomes available; replacing an available one is an update
// (its version one higher, lastModifiedDateTime the clock's). POST /_mock/callRecords does the same.
func (n *Namespace) PutCallRecord(data []byte) error {
	_, _, err := n.putCallRecord(data)
	return err
}

// putCallRecord is PutCallRecord; it reports whether a record was replaced and when the new one
// becomes available (zero: now).
func (n *Namespace) putCallRecord(data []byte) (replaced bool, availableAt time.Time, err error) {
	v, err := validate.Shared()
	if err != nil {
		return false, time.Time{}, err
	}
	rd, err := scenario.LoadRecord("callRecord", data, v)
	if err != nil {
		return false, time.Time{}, err
	}
	return n.timeline.Put(rd)
}
