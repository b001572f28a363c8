// Package model describes the types of microsoft.graph.callRecords the mock stores and serves:
// the entity types that have URLs and the rows of the two report functions (getPstnCalls,
// getDirectRoutingCalls); their names, their structural properties (what $select may name) and
// their navigation properties (what $expand may name, and what the store keeps apart from an
// entity's own JSON). Every domain package that reads entities (odata, scenario, validate, canon)
// shares this one table.
package model

import "strings"

// EntityType is one Graph entity type. Its lists are comma-separated constants, so a type is a
// plain value built without allocating and the table needs no package state.
type EntityType struct {
	name       string
	properties string
	navigation string
}

// CallRecord is microsoft.graph.callRecords.callRecord.
func CallRecord() EntityType {
	return EntityType{
		name:       "microsoft.graph.callRecords.callRecord",
		properties: "id,version,type,modalities,lastModifiedDateTime,startDateTime,endDateTime,joinWebUrl,organizer,participants",
		navigation: "sessions,organizer_v2,participants_v2",
	}
}

// Session is microsoft.graph.callRecords.session.
func Session() EntityType {
	return EntityType{
		name:       "microsoft.graph.callRecords.session",
		properties: "id,modalities,startDateTime,endDateTime,isTest,caller,callee,failureInfo",
		navigation: "segments",
	}
}

// Segment is microsoft.graph.callRecords.segment.
func Segment() EntityType {
	return EntityType{
		name:       "microsoft.graph.callRecords.segment",
		properties: "id,startDateTime,endDateTime,caller,callee,failureInfo,media",
	}
}

// Participant is microsoft.graph.callRecords.participant (participants_v2).
func Participant() EntityType {
	return EntityType{name: "microsoft.graph.callRecords.participant", properties: "id,identity,administrativeUnitInfos"}
}

// Organizer is microsoft.graph.callRecords.organizer (organizer_v2).
func Organizer() EntityType {
	return EntityType{name: "microsoft.graph.callRecords.organizer", properties: "id,identity,administrativeUnitInfos"}
}

// PstnCallLogRow is microsoft.graph.callRecords.pstnCallLogRow, one row of getPstnCalls: a
// complex type, so it has no key and no URL of its own; its id is data.
func PstnCallLogRow() EntityType {
	return EntityType{
		name: "microsoft.graph.callRecords.pstnCallLogRow",
		properties: "callDurationSource,calleeNumber,callerNumber,callId,callType,charge,conferenceId,connectionCharge," +
			"currency,destinationContext,destinationName,duration,endDateTime,id,inventoryType,licenseCapability,operator," +
			"startDateTime,tenantCountryCode,usageCountryCode,userDisplayName,userId,userPrincipalName",
	}
}

// DirectRoutingLogRow is microsoft.graph.callRecords.directRoutingLogRow, one row of
// getDirectRoutingCalls: a complex type like PstnCallLogRow.
func DirectRoutingLogRow() EntityType {
	return EntityType{
		name: "microsoft.graph.callRecords.directRoutingLogRow",
		properties: "calleeNumber,callEndSubReason,callerNumber,callType,correlationId,duration,endDateTime,failureDateTime," +
			"finalSipCode,finalSipCodePhrase,id,inviteDateTime,mediaBypassEnabled,mediaPathLocation,signalingLocation," +
			"startDateTime,successfulCall,trunkFullyQualifiedDomainName,userDisplayName,userId,userPrincipalName",
	}
}

// Subscription is microsoft.graph.subscription, the change-notification subscription of
// /subscriptions. It is not part of the callRecords model (All leaves it out: nothing of a call
// record leads to it), but its bodies are judged by a schema like theirs, so a rejected one is
// reported the same way.
func Subscription() EntityType {
	return EntityType{
		name: "microsoft.graph.subscription",
		properties: "id,resource,applicationId,changeType,clientState,notificationUrl,notificationQueryOptions,lifecycleNotificationUrl," +
			"expirationDateTime,creatorId,includeResourceData,latestSupportedTlsVersion,encryptionCertificate,encryptionCertificateId,notificationUrlAppId",
	}
}

// All lists every type the mock stores, for code that prepares something per type (compiled
// schemas, the canonical form).
func All() []EntityType {
	return []EntityType{CallRecord(), Session(), Segment(), Participant(), Organizer(), PstnCallLogRow(), DirectRoutingLogRow()}
}

// NavigationTarget is the type a navigation property leads to.
func NavigationTarget(name string) EntityType {
	switch name {
	case "sessions":
		return Session()
	case "segments":
		return Segment()
	case "organizer_v2":
		return Organizer()
	}
	return Participant()
}

// Name is the full name, exactly as Graph writes it in messages.
func (t EntityType) Name() string { return t.name }

// HasProperty reports whether name is a structural property of t.
func (t EntityType) HasProperty(name string) bool { return inList(t.properties, name) }

// HasNavigation reports whether name is a navigation property of t.
func (t EntityType) HasNavigation(name string) bool { return inList(t.navigation, name) }

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

// IsControlAnnotation reports whether a member name is an OData control annotation that a pasted
// Graph response may carry (@odata.context, sessions@odata.nextLink, ...). @odata.type is data:
// it selects the derived type, so it is kept.
func IsControlAnnotation(name string) bool {
	i := strings.Index(name, "@odata.")
	if i < 0 {
		return false
	}
	return name != "@odata.type"
}
