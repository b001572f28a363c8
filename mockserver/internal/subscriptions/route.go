package subscriptions

import (
	"sort"
	"time"
)

// Notice is one change notification to send: to which subscription (a copy, as it is at the
// change), of which change type (Created or Updated), about which call record.
type Notice struct {
	Sub      Subscription
	Change   Changes
	RecordID string
}

// Route returns the notifications a change to call record recordID makes at now, in the order
// the subscriptions were made. Graph's rule for call records: a subscription sends one
// "created" notification when it first sees a record, and an "updated" one then and at every
// later change ("Creation of call records also triggers the updated changeType"); so the first
// change a subscription sees of a record makes "created" (when it asks for created) and
// "updated" (when it asks for updated), later ones "updated" only. A subscription with a
// participants filter sees only records one of whose participants it names (participants: the
// ids of the record's people). A table without subscriptions answers at once, allocating nothing.
func (t *Table) Route(recordID string, now time.Time, participants []string) []Notice {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.expireLocked(now)
	if len(t.subs) == 0 {
		return nil
	}
	es := make([]*entry, 0, len(t.subs))
	for _, e := range t.subs {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool { return es[i].seq < es[j].seq })
	var have map[string]bool
	var out []Notice
	for _, e := range es {
		if want := e.sub.Target.Participants; want != nil {
			if have == nil {
				have = map[string]bool{}
				for _, id := range participants {
					have[id] = true
				}
			}
			if !anyIn(want, have) {
				continue
			}
		}
		first := !e.seen[recordID]
		e.seen[recordID] = true
		if first && e.sub.Changes.Has(Created) {
			out = append(out, Notice{Sub: e.sub.clone(), Change: Created, RecordID: recordID})
		}
		if e.sub.Changes.Has(Updated) {
			out = append(out, Notice{Sub: e.sub.clone(), Change: Updated, RecordID: recordID})
		}
	}
	return out
}

// anyIn reports whether one of want is in have.
func anyIn(want []string, have map[string]bool) bool {
	for _, id := range want {
		if have[id] {
			return true
		}
	}
	return false
}
