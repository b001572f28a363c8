package mockserver

// entityType describes one Graph entity type the mock serves: its full name (used in error
// messages, exactly as Graph names it), its structural properties (what $select may name) and
// its navigation properties (what $expand may name, and what the store keeps apart from the
// entity's own JSON).
type entityType struct {
	name       string
	properties []string
	navigation []string
}

// The entity types of microsoft.graph.callRecords that have URLs in the mock.
var (
	callRecordType = entityType{
		name: "microsoft.graph.callRecords.callRecord",
		properties: []string{"id", "version", "type", "modalities", "lastModifiedDateTime", "startDateTime",
			"endDateTime", "joinWebUrl", "organizer", "participants"},
		navigation: []string{"sessions", "organizer_v2", "participants_v2"},
	}
	sessionType = entityType{
		name:       "microsoft.graph.callRecords.session",
		properties: []string{"id", "modalities", "startDateTime", "endDateTime", "isTest", "caller", "callee", "failureInfo"},
		navigation: []string{"segments"},
	}
	segmentType = entityType{
		name:       "microsoft.graph.callRecords.segment",
		properties: []string{"id", "startDateTime", "endDateTime", "caller", "callee", "failureInfo", "media"},
	}
	participantType = entityType{
		name:       "microsoft.graph.callRecords.participant",
		properties: []string{"id", "identity", "administrativeUnitInfos"},
	}
	organizerType = entityType{
		name:       "microsoft.graph.callRecords.organizer",
		properties: []string{"id", "identity", "administrativeUnitInfos"},
	}
)

// hasProperty reports whether name is a structural property of t.
func (t entityType) hasProperty(name string) bool { return contains(t.properties, name) }

// hasNavigation reports whether name is a navigation property of t.
func (t entityType) hasNavigation(name string) bool { return contains(t.navigation, name) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
