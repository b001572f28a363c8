package conformance

import (
	"strings"
	"testing"

	core "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/communications"
	"github.com/microsoftgraph/msgraph-sdk-go/models/callrecords"

	"github.com/graphmock/graphmock/mockserver"
)

// TestExpandedSessionsNextLink gets the 64-session meeting with its sessions (and their segments)
// expanded: 60 come inline, and sessions@odata.nextLink, followed through the SDK's sessions
// request builder, brings the last 4 with their segments still expanded.
func TestExpandedSessionsNextLink(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	rec, err := g.records.ByCallRecordId(bigID).Get(ctx(t), &communications.CallRecordsCallRecordItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsCallRecordItemRequestBuilderGetQueryParameters{Expand: []string{"sessions($expand=segments)"}},
	})
	if err != nil {
		t.Fatalf("Get: %v", describe(err))
	}
	strict(t, "callRecord", rec)
	if n := len(rec.GetSessions()); n != 60 {
		t.Fatalf("inline sessions = %d, want 60", n)
	}
	link := annotation(rec, "sessions@odata.nextLink")
	if link == "" {
		t.Fatal("no sessions@odata.nextLink")
	}
	seen := map[string]bool{}
	for _, s := range rec.GetSessions() {
		seen[str(s.GetId())] = true
	}
	page, err := g.records.ByCallRecordId(bigID).Sessions().WithUrl(link).Get(ctx(t), nil)
	if err != nil {
		t.Fatalf("following %s: %v", link, describe(err))
	}
	it, err := core.NewPageIterator[callrecords.Sessionable](page, g.adapter, callrecords.CreateSessionCollectionResponseFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	err = it.Iterate(ctx(t), func(s callrecords.Sessionable) bool {
		strict(t, "session", s)
		if seen[str(s.GetId())] {
			t.Errorf("session %s repeated after the link", str(s.GetId()))
		}
		seen[str(s.GetId())] = true
		if len(s.GetSegments()) == 0 {
			t.Errorf("session %s from the link has no expanded segments", str(s.GetId()))
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 64 {
		t.Errorf("sessions = %d, want 64", len(seen))
	}
}

// TestOrganizerAndParticipants reads organizer_v2 and pages participants_v2 through their own
// request builders.
func TestOrganizerAndParticipants(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	org, err := g.records.ByCallRecordId(pstnID).Organizer_v2().Get(ctx(t), nil)
	if err != nil {
		t.Fatalf("organizer_v2: %v", describe(err))
	}
	strict(t, "organizer_v2", org)
	if org.GetIdentity() == nil || org.GetIdentity().GetPhone() == nil || str(org.GetIdentity().GetPhone().GetId()) != "+14255550143" {
		t.Errorf("organizer_v2 identity.phone not typed")
	}
	first, err := g.records.ByCallRecordId(meetID).Participants_v2().Get(ctx(t), &communications.CallRecordsItemParticipants_v2RequestBuilderGetRequestConfiguration{
		Headers: headers("Prefer", "odata.maxpagesize=2"),
	})
	if err != nil {
		t.Fatalf("participants_v2: %v", describe(err))
	}
	it, err := core.NewPageIterator[callrecords.Participantable](first, g.adapter, callrecords.CreateParticipantCollectionResponseFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	err = it.Iterate(ctx(t), func(p callrecords.Participantable) bool {
		strict(t, "participant", p)
		ids = append(ids, str(p.GetId()))
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := g.records.ByCallRecordId(meetID).Participants_v2().Count().Get(ctx(t), nil)
	if err != nil || n == nil || int(*n) != len(ids) || len(ids) < 3 {
		t.Errorf("participants iterated = %d, $count = %v (%v)", len(ids), n, err)
	}
	// A phone participant's id has a '+', which the SDK's URI template percent-encodes.
	for _, id := range []string{aliceID, "+14255550187"} {
		one, err := g.records.ByCallRecordId(meetID).Participants_v2().ByParticipantId(id).Get(ctx(t), nil)
		if err != nil || str(one.GetId()) != id {
			t.Errorf("participant %s: %v", id, err)
		}
	}
	if n, err := g.records.Count().Get(ctx(t), nil); err != nil || n == nil || *n != 5 {
		t.Errorf("callRecords/$count = %v, %v, want 5", n, err)
	}
}

// TestListCallRecordsByStartDateTime filters the list on startDateTime as a user of the SDK
// writes it (spaces and all; the SDK percent-encodes them).
func TestListCallRecordsByStartDateTime(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	filter := "startDateTime ge 2026-11-21T00:00:00Z and startDateTime lt 2026-11-25T00:00:00Z"
	resp, err := g.records.Get(ctx(t), &communications.CallRecordsRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsRequestBuilderGetQueryParameters{Filter: &filter},
	})
	if err != nil {
		t.Fatalf("Get: %v", describe(err))
	}
	if len(resp.GetValue()) == 0 || len(resp.GetValue()) == 5 {
		t.Fatalf("filtered records = %d, want some but not all", len(resp.GetValue()))
	}
	for _, r := range resp.GetValue() {
		strict(t, "callRecord", r)
		if s := r.GetStartDateTime(); s.Format("2006-01-02") < "2026-11-21" || s.Format("2006-01-02") >= "2026-11-25" {
			t.Errorf("record %s starts %v, outside the filter", str(r.GetId()), s)
		}
		if r.GetOrganizerV2() == nil {
			t.Errorf("record %s: organizer_v2 not expanded by default", str(r.GetId()))
		}
	}
}

// TestNestedSelectInExpand selects members at both levels of the expand, in one OData option
// that the SDK percent-encodes whole.
func TestNestedSelectInExpand(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	rec, err := g.records.ByCallRecordId(meetID).Get(ctx(t), &communications.CallRecordsCallRecordItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsCallRecordItemRequestBuilderGetQueryParameters{
			Select: []string{"id", "type"},
			Expand: []string{"sessions($select=id,modalities;$expand=segments($select=id,startDateTime))"},
		},
	})
	if err != nil {
		t.Fatalf("Get: %v", describe(err))
	}
	if str(rec.GetId()) != meetID || rec.GetTypeEscaped() == nil || rec.GetStartDateTime() != nil {
		t.Errorf("record: id %s, type %v, startDateTime %v (not selected)", str(rec.GetId()), rec.GetTypeEscaped(), rec.GetStartDateTime())
	}
	if len(rec.GetSessions()) == 0 {
		t.Fatal("no sessions")
	}
	for _, s := range rec.GetSessions() {
		if s.GetId() == nil || len(s.GetModalities()) == 0 || s.GetStartDateTime() != nil || s.GetCaller() != nil {
			t.Errorf("session %s: not exactly id,modalities", str(s.GetId()))
		}
		if len(s.GetSegments()) == 0 {
			t.Errorf("session %s: segments not expanded", str(s.GetId()))
		}
		for _, seg := range s.GetSegments() {
			if seg.GetId() == nil || seg.GetStartDateTime() == nil || seg.GetEndDateTime() != nil || seg.GetMedia() != nil {
				t.Errorf("segment %s: not exactly id,startDateTime", str(seg.GetId()))
			}
		}
	}
	if c := annotation(rec, "@odata.context"); !strings.HasSuffix(c, "#communications/callRecords(id,type,sessions(id,modalities,segments(id,startDateTime)))/$entity") {
		t.Errorf("@odata.context = %s", c)
	}
}

// TestPageIteratorFilteredCallRecords pages a filtered, selected, counted call record list one
// record a page (WithPageSize): every nextLink keeps the SDK-encoded $filter, so each page holds
// only matching records and the walk ends after all of them.
func TestPageIteratorFilteredCallRecords(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0", mockserver.WithPageSize(1))
	count := true
	filter := "participants_v2/any(p:p/id eq '" + aliceID + "')"
	first, err := g.records.Get(ctx(t), &communications.CallRecordsRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsRequestBuilderGetQueryParameters{Filter: &filter, Select: []string{"id", "startDateTime"}, Count: &count},
	})
	if err != nil {
		t.Fatalf("Get: %v", describe(err))
	}
	total := first.GetOdataCount()
	if total == nil || *total < 2 {
		t.Fatalf("@odata.count = %v, want at least 2 to page", total)
	}
	it, err := core.NewPageIterator[callrecords.CallRecordable](first, g.adapter, callrecords.CreateCallRecordCollectionResponseFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	err = it.Iterate(ctx(t), func(r callrecords.CallRecordable) bool {
		strictDeep(t, "callRecord", r)
		if seen[str(r.GetId())] || r.GetTypeEscaped() != nil {
			t.Errorf("record %s repeated or not selected", str(r.GetId()))
		}
		seen[str(r.GetId())] = true
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(seen)) != *total || !seen[p2pID] || !seen[meetID] {
		t.Errorf("iterated %v, want the %d records with Alice", seen, *total)
	}
	if n := len(g.rec.exchanges()); int64(n) != *total {
		t.Errorf("requests = %d, want one per record (%d)", n, *total)
	}
}

// TestExpandedSessionsNextLinkKeepsNestedOptions follows sessions@odata.nextLink of a record
// whose expand selects members at both levels: the next page has the same shape as the inline
// sessions.
func TestExpandedSessionsNextLinkKeepsNestedOptions(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	rec, err := g.records.ByCallRecordId(bigID).Get(ctx(t), &communications.CallRecordsCallRecordItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsCallRecordItemRequestBuilderGetQueryParameters{
			Expand: []string{"sessions($select=id,modalities;$expand=segments($select=id,startDateTime))"},
		},
	})
	if err != nil {
		t.Fatalf("Get: %v", describe(err))
	}
	link := annotation(rec, "sessions@odata.nextLink")
	if len(rec.GetSessions()) != 60 || link == "" {
		t.Fatalf("inline sessions = %d, nextLink %q", len(rec.GetSessions()), link)
	}
	page, err := g.records.ByCallRecordId(bigID).Sessions().WithUrl(link).Get(ctx(t), nil)
	if err != nil {
		t.Fatalf("following %s: %v", link, describe(err))
	}
	if len(page.GetValue()) != 4 {
		t.Fatalf("sessions after the link = %d, want 4", len(page.GetValue()))
	}
	for _, s := range page.GetValue() {
		if s.GetId() == nil || len(s.GetModalities()) == 0 || s.GetStartDateTime() != nil || s.GetCaller() != nil {
			t.Errorf("session %s: not exactly id,modalities (link %s)", str(s.GetId()), link)
		}
		if len(s.GetSegments()) == 0 {
			t.Errorf("session %s: segments not expanded (link %s)", str(s.GetId()), link)
		}
		for _, seg := range s.GetSegments() {
			if seg.GetId() == nil || seg.GetStartDateTime() == nil || seg.GetEndDateTime() != nil || seg.GetMedia() != nil {
				t.Errorf("segment %s: not exactly id,startDateTime (link %s)", str(seg.GetId()), link)
			}
		}
	}
}

// TestExpandParticipantsWithSelect expands participants_v2 with a nested $select, two a page:
// the inline participants and the ones behind participants_v2@odata.nextLink have only the
// selected members.
func TestExpandParticipantsWithSelect(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0", mockserver.WithPageSize(2))
	rec, err := g.records.ByCallRecordId(meetID).Get(ctx(t), &communications.CallRecordsCallRecordItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &communications.CallRecordsCallRecordItemRequestBuilderGetQueryParameters{Expand: []string{"participants_v2($select=id)"}},
	})
	if err != nil {
		t.Fatalf("Get: %v", describe(err))
	}
	check := func(where string, ps []callrecords.Participantable) {
		for _, p := range ps {
			if p.GetId() == nil || p.GetIdentity() != nil || p.GetAdministrativeUnitInfos() != nil {
				t.Errorf("%s: participant %s is not exactly id", where, str(p.GetId()))
			}
		}
	}
	if len(rec.GetParticipantsV2()) != 2 {
		t.Fatalf("inline participants = %d, want 2", len(rec.GetParticipantsV2()))
	}
	check("inline", rec.GetParticipantsV2())
	link := annotation(rec, "participants_v2@odata.nextLink")
	if link == "" {
		t.Fatal("no participants_v2@odata.nextLink")
	}
	page, err := g.records.ByCallRecordId(meetID).Participants_v2().WithUrl(link).Get(ctx(t), nil)
	if err != nil {
		t.Fatalf("following %s: %v", link, describe(err))
	}
	check("after "+link, page.GetValue())
}
