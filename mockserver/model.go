package mockserver

import "strings"

// entityType describes one Graph entity type the mock serves: its full name (used in error
// messages, exactly as Graph names it), its structural properties (what $select may name) and
// its navigation properties (what $expand may name, and what the store keeps apart from the
// entity's own JSON). The lists are comma-separated constants, so the types are plain values
// made without allocating: no package state.
type entityType struct {
	name       string
	properties string
	navigation string
}

// The entity types of microsoft.graph.callRecords that have URLs in the mock.

func callRecordType() entityType {
	return entityType{
		name:       "microsoft.graph.callRecords.callRecord",
		properties: "id,version,type,modalities,lastModifiedDateTime,startDateTime,endDateTime,joinWebUrl,organizer,participants",
		navigation: "sessions,organizer_v2,participants_v2",
	}
}

func sessionType() entityType {
	return entityType{
		name:       "microsoft.graph.callRecords.session",
		properties: "id,modalities,startDateTime,endDateTime,isTest,caller,callee,failureInfo",
		navigation: "segments",
	}
}

func segmentType() entityType {
	return entityType{
		name:       "microsoft.graph.callRecords.segment",
		properties: "id,startDateTime,endDateTime,caller,callee,failureInfo,media",
	}
}

func participantType() entityType {
	return entityType{name: "microsoft.graph.callRecords.participant", properties: "id,identity,administrativeUnitInfos"}
}

func organizerType() entityType {
	return entityType{name: "microsoft.graph.callRecords.organizer", properties: "id,identity,administrativeUnitInfos"}
}

// hasProperty reports whether name is a structural property of t.
func (t entityType) hasProperty(name string) bool { return inList(t.properties, name) }

// hasNavigation reports whether name is a navigation property of t.
func (t entityType) hasNavigation(name string) bool { return inList(t.navigation, name) }

// inList reports whether name is one of the comma-separated names of list.
func inList(list, name string) bool {
	for list != "" {
		var item string
		item, list, _ = strings.Cut(list, ",")
		if item == name {
			return true
		}
	}
	return false
}
