package model_test

import (
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/model"
)

func TestEntityTypes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		t          model.EntityType
		name       string
		property   string
		navigation string
	}{
		{model.CallRecord(), "microsoft.graph.callRecords.callRecord", "startDateTime", "sessions"},
		{model.Session(), "microsoft.graph.callRecords.session", "failureInfo", "segments"},
		{model.Segment(), "microsoft.graph.callRecords.segment", "media", ""},
		{model.Participant(), "microsoft.graph.callRecords.participant", "identity", ""},
		{model.Organizer(), "microsoft.graph.callRecords.organizer", "administrativeUnitInfos", ""},
		{model.PstnCallLogRow(), "microsoft.graph.callRecords.pstnCallLogRow", "connectionCharge", ""},
		{model.DirectRoutingLogRow(), "microsoft.graph.callRecords.directRoutingLogRow", "trunkFullyQualifiedDomainName", ""},
	}
	for _, c := range cases {
		if c.t.Name() != c.name {
			t.Errorf("Name() = %q, want %q", c.t.Name(), c.name)
		}
		if !c.t.HasProperty(c.property) || c.t.HasProperty("nope") || c.t.HasProperty("") {
			t.Errorf("%s: HasProperty(%q) wrong", c.name, c.property)
		}
		if c.navigation != "" && (!c.t.HasNavigation(c.navigation) || c.t.HasProperty(c.navigation)) {
			t.Errorf("%s: %q should be a navigation property only", c.name, c.navigation)
		}
		if model.NavigationTarget("sessions") != model.Session() || model.NavigationTarget("participants_v2") != model.Participant() {
			t.Errorf("NavigationTarget is wrong")
		}
	}
	if len(model.All()) != len(cases) {
		t.Errorf("All() has %d types, want %d", len(model.All()), len(cases))
	}
	for _, n := range []string{"@odata.context", "sessions@odata.nextLink", "@odata.etag"} {
		if !model.IsControlAnnotation(n) {
			t.Errorf("%s is a control annotation", n)
		}
	}
	for _, n := range []string{"@odata.type", "id", "odata"} {
		if model.IsControlAnnotation(n) {
			t.Errorf("%s is not a control annotation", n)
		}
	}
}
