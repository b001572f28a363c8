package store

import (
	"strconv"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// The timeline of a call record: when it may be read (its availability, and the retention after
// which Graph no longer has it) and what it tells listeners when it appears or changes. A record
// that may not be read (yet, or any more) is, to every read and write, a record that does not
// exist: a *NotFoundError, left out of lists and counts.

// Timing says when a record becomes available: From (zero: at once). Available is how its
// scenario said so, as written ("25m" after its end, or a date-time), kept for export.
type Timing struct {
	Available string
	From      time.Time
}

// ChangeKind says what happened to a record: it became available (Created), or something in it
// or under it changed while it was available (Updated).
type ChangeKind string

// The kinds of change a store reports.
const (
	Created ChangeKind = "created"
	Updated ChangeKind = "updated"
)

// Change is one record event: the record, what happened, its version after the change, the user
// ids of the people in it (organizer and participants, for filtered subscriptions) and when, on
// the store's clock.
type Change struct {
	Kind         ChangeKind
	RecordID     string
	Version      int64
	Participants []string
	At           time.Time
}

// Watch sets the store's clock (nil: the wall clock), by which records become available and
// expire and writes are stamped, and the function that hears of every change (nil: none). It is
// called once, before the store is shared. changed runs under the store's write lock, so events
// arrive in the order the changes were made: it must not block or call the store (queue the event).
func (s *Store) Watch(now func() time.Time, changed func(Change)) {
	s.now, s.changed = now, changed
}

// SetRetention makes records older than d (by their startDateTime) unreadable, as Graph keeps
// call records 30 days; 0 keeps them forever. It is set on a store before it is shared (a
// scenario's), and goes with it into every clone.
func (s *Store) SetRetention(d time.Duration) { s.retention = d }

// clock reads the store's clock.
func (s *Store) clock() time.Time {
	if s.now == nil {
		return time.Now()
	}
	return s.now()
}

// visible reports whether a record may be read now; callers hold mu.
func (s *Store) visible(r *record) bool {
	if s.timed == 0 && s.retention == 0 {
		return true
	}
	return readable(r, s.retention, s.clock())
}

// readable reports whether a record may be read at now under retention.
func readable(r *record, retention time.Duration, now time.Time) bool {
	if !r.timing.From.IsZero() && now.Before(r.timing.From) {
		return false
	}
	start := r.start()
	return retention == 0 || start.IsZero() || now.Before(start.Add(retention))
}

// emit hands a change to the listener; callers hold mu for writing.
func (s *Store) emit(kind ChangeKind, r *record, at time.Time) {
	if s.changed != nil {
		s.changed(Change{Kind: kind, RecordID: r.ID, Version: versionOf(r.object()), Participants: r.people, At: at})
	}
}

// touch is a change under a record about to be made: the record's JSON with its version one
// higher and its lastModifiedDateTime the clock's time, as Graph marks a call record that
// changed, and the bytes that adds (for the write's budget check, so the stamp never passes the
// cap). Callers hold mu for writing, and commit it once the write is made.
type touch struct {
	r     *record
	next  jsondoc.Object
	at    time.Time
	delta int64
}

// touchOf prepares a touch of r; callers hold mu for writing.
func (s *Store) touchOf(r *record) touch {
	at, obj := s.clock(), r.object()
	next := stamped(obj, versionOf(obj)+1, at)
	return touch{r: r, next: next, at: at, delta: int64(len(next.Raw)) - r.size()}
}

// commit stores the touched record (its bytes already charged) and tells listeners: Updated.
func (s *Store) commit(t touch) {
	t.r.setObject(t.next)
	s.emit(Updated, t.r, t.at)
}

// stamped is a record's JSON with version and lastModifiedDateTime set (a DateTimeOffset with at
// most 7 fractional digits, as Graph writes them).
func stamped(o jsondoc.Object, version int64, at time.Time) jsondoc.Object {
	var vb [20]byte
	var tb [40]byte
	v := strconv.AppendInt(vb[:0], version, 10)
	t := append(at.UTC().AppendFormat(append(tb[:0], '"'), "2006-01-02T15:04:05.9999999"), 'Z', '"')
	return o.WithValues([]string{"version", "lastModifiedDateTime"}, [][]byte{v, t})
}

// versionOf reads a call record's version; absent, null or not an integer is 0.
func versionOf(o jsondoc.Object) int64 {
	v, _ := strconv.ParseInt(string(o.Get("version")), 10, 64)
	return v
}

// Publish announces every record that has become available and was not announced yet (Created),
// in listing order, and returns when the next one will (zero: none waits). The timeline calls it
// when the store is loaded and when the clock reaches that time. A record moved out of reach by
// setting the clock back is not announced again.
func (s *Store) Publish() (next time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	for i, r := range s.recs.list {
		if s.announced.has(i) {
			continue
		}
		if !r.timing.From.IsZero() && now.Before(r.timing.From) {
			if next.IsZero() || r.timing.From.Before(next) {
				next = r.timing.From
			}
			continue
		}
		if !s.recsOwned {
			// Every write under a record needs the list of records made the store's own (see
			// writableRecord): made before the first request rather than inside it, as when
			// announcing copied each record.
			s.ownRecords()
		}
		s.announced.put(i, true) // the store's own mark: a record shared with a clone stays shared
		if readable(r, s.retention, now) {
			s.emit(Created, r, now)
		}
	}
	return next
}
