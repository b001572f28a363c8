package scrub

import "strings"

// Field is one string field of the model and its classification. Type is the schema definition
// that declares the field (the types derived from another repeat its fields, each classified
// where it is repeated), without the "microsoft.graph." prefix.
type Field struct {
	Type     string
	Property string
	Kind     Kind
}

// typePrefix is what every definition name of the schemas starts with.
const typePrefix = "microsoft.graph."

// Fields is the classification table: every field of the callRecords model whose JSON value is
// a string (Edm.String, DateTimeOffset, Duration, or an enumeration), in the order of the
// schemas. It is the one place that says what is personal; docs/import.md lists it, and
// building the scrubber fails when the schemas have a string field this table does not name.
func Fields() []Field {
	var out []Field
	for _, g := range table() {
		for _, pk := range strings.Fields(g.fields) {
			prop, kind, _ := strings.Cut(pk, ":")
			out = append(out, Field{Type: g.typ, Property: prop, Kind: kindNamed(kind)})
		}
	}
	return out
}

// group is one type's row of the table: its string fields as "property:kind" words.
type group struct {
	typ    string
	fields string
}

// table is the classification, one row per schema definition with string fields. Why each
// personal field is personal, and why each kept one is not, is in docs/import.md.
func table() []group {
	return []group{
		{"callRecords.callRecord", "id:key endDateTime:time joinWebUrl:url lastModifiedDateTime:time modalities:enum startDateTime:time type:enum"},
		{"callRecords.session", "id:key endDateTime:time modalities:enum startDateTime:time"},
		{"callRecords.segment", "id:key endDateTime:time startDateTime:time"},
		// The id of a participant or organizer is the person's id (or phone number).
		{"callRecords.participantBase", "id:id"},
		{"callRecords.participant", "id:id"},
		{"callRecords.organizer", "id:id"},
		{"callRecords.administrativeUnitInfo", "id:id"},
		{"callRecords.participantEndpoint", "cpuName:technical name:device"},
		{"callRecords.userAgent", "applicationVersion:technical headerValue:technical"},
		// azureADAppId names the application (Teams, a bot), not a person; the Azure
		// Communication Services resource is the tenant's own.
		{"callRecords.clientUserAgent", "applicationVersion:technical headerValue:technical azureADAppId:technical communicationServiceId:id platform:enum productFamily:enum"},
		{"callRecords.serviceUserAgent", "applicationVersion:technical headerValue:technical role:enum"},
		{"callRecords.failureInfo", "reason:technical stage:enum"},
		{"callRecords.media", "label:technical"},
		{"callRecords.deviceInfo", "captureDeviceDriver:technical captureDeviceName:device renderDeviceDriver:technical renderDeviceName:device"},
		// basicServiceSetIdentifier is the BSSID: the access point's MAC address.
		{"callRecords.networkInfo", "basicServiceSetIdentifier:mac connectionType:enum dnsSuffix:domain ipAddress:ip macAddress:mac " +
			"networkTransportProtocol:enum reflexiveIPAddress:ip relayIPAddress:ip subnet:subnet wifiBand:enum " +
			"wifiMicrosoftDriver:technical wifiMicrosoftDriverVersion:technical wifiRadioType:enum wifiVendorDriver:technical wifiVendorDriverVersion:technical"},
		{"callRecords.mediaStream", "audioCodec:enum averageAudioNetworkJitter:duration averageFreezeDuration:duration averageJitter:duration " +
			"averageRoundTripTime:duration endDateTime:time maxAudioNetworkJitter:duration maxJitter:duration maxRoundTripTime:duration " +
			"rmsFreezeDuration:duration startDateTime:time streamDirection:enum streamId:technical videoCodec:enum"},
		{"callRecords.traceRouteHop", "ipAddress:ip roundTripTime:duration"},
		{"callRecords.userFeedback", "rating:enum text:text"},
		{"callRecords.userIdentity", "displayName:name id:id userPrincipalName:upn"},
		{"identity", "displayName:name id:id"},
		{"communicationsIdentitySet", "endpointType:enum"},
		{"userIdentity", "displayName:name id:id ipAddress:ip userPrincipalName:upn"},
		// A tenant id names the organisation: with the users' ids it would identify them.
		{"communicationsUserIdentity", "displayName:name id:id tenantId:id"},
		{"communicationsPhoneIdentity", "displayName:name id:id"},
		{"communicationsGuestIdentity", "displayName:name id:id email:upn"},
		{"communicationsApplicationIdentity", "displayName:name id:id applicationType:technical"},
		{"communicationsApplicationInstanceIdentity", "displayName:name id:id tenantId:id"},
		{"communicationsEncryptedIdentity", "displayName:name id:id"},
		{"azureCommunicationServicesUserIdentity", "displayName:name id:id azureCommunicationServicesResourceId:id"},
	}
}

// kindNamed is the kind a table word names (0 for a word that names none, which the table test
// catches).
func kindNamed(name string) Kind {
	for k := Key; k <= Text; k++ {
		if k.String() == name {
			return k
		}
	}
	return 0
}

// classification indexes the table by full type name and property.
func classification() map[string]Kind {
	m := map[string]Kind{}
	for _, f := range Fields() {
		m[typePrefix+f.Type+"."+f.Property] = f.Kind
	}
	return m
}
