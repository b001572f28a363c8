// Package scrub replaces the personal data in call records read from a real tenant with
// pseudonyms, so an imported scenario can be shared and committed. Every string field of the
// callRecords model is classified in one table (fields.go): kept as read (times, enums, software,
// the keys of calls) or personal (ids of people and devices, names, addresses, free text). The
// table is checked against the embedded JSON Schemas when a Scrubber is made, so a string field
// the schemas gain without a classification is an error, never data that slips through.
//
// Pseudonyms are an HMAC-SHA256 of the value under a secret key: the same value maps to the same
// pseudonym in every field, record and run with the same key (a user id is the same scrubbed id
// wherever it occurs), and without the key the mapping cannot be reversed or recomputed. Each
// pseudonym keeps the value's shape, so the scenario still validates and still looks like Graph's
// data: a GUID stays a GUID, an IP address a valid IP address in the same kind of range (and
// addresses sharing a prefix still share one, so subnets stay subnets), a MAC address a MAC
// address, a phone number a phone number with as many digits, an e-mail address an e-mail
// address whose domain is the same pseudonym for every user of one domain.
package scrub

// Kind is how one string field is treated: kept as read, or replaced by a pseudonym of a shape.
type Kind uint8

// The kinds of the classification table. The first four keep the value, Technical keeps all of
// it but the addresses inside it; the others replace it.
const (
	// Key is the id of a call record, session or segment: it names a call, not a person, and
	// a scenario's records, sessions and segments are found by it.
	Key Kind = iota + 1
	// Time is a DateTimeOffset.
	Time
	// Duration is an ISO 8601 duration.
	Duration
	// Enum is a member of an enumeration.
	Enum
	// Technical is a fact about software, hardware or the media path that names no person,
	// device or network of the tenant: versions, drivers, user agents, CPU names, media labels,
	// failure reasons, stream numbers, first-party application ids. It is kept, but for the
	// e-mail addresses, DNS names and IPv4 addresses inside it (a Direct Routing SBC's user
	// agent carries its FQDN), which are mapped as UPN, Domain and IP are.
	Technical

	// ID is the id of a person, device, tenant, administrative unit or resource: a GUID becomes
	// another GUID, a phone number another phone number, an address an address; a messaging id
	// such as 8:orgid:GUID keeps its prefix; anything else becomes id-<16 hex digits>.
	ID
	// Name is a display name: "User <8 hex digits>" (a name that is a phone number, an address
	// or a GUID is mapped as one, so it matches the id it repeats).
	Name
	// UPN is a user principal name or an e-mail address: user.<8 hex digits>@<domain>, the
	// domain mapped as Domain is.
	UPN
	// IP is an IPv4 or IPv6 address, mapped prefix-preservingly.
	IP
	// Subnet is a network address (a.b.c.0, or CIDR a.b.0.0/16): mapped as IP, host bits zero.
	Subnet
	// MAC is a MAC address (also a Wi-Fi BSSID): a locally administered unicast MAC.
	MAC
	// Device is the name of a computer, phone or audio device: Device-<8 HEX DIGITS>.
	Device
	// Domain is a DNS name such as a DNS suffix: d<8 hex digits>.example.
	Domain
	// URL is a meeting join URL: its Microsoft host kept, its path and query a pseudonym.
	URL
	// Text is free text written by a person: "Text <8 hex digits>".
	Text
)

// Personal reports whether the kind replaces the value.
func (k Kind) Personal() bool { return k >= ID }

// String is the kind's name in docs/import.md and in messages.
func (k Kind) String() string {
	switch k {
	case Key:
		return "key"
	case Time:
		return "time"
	case Duration:
		return "duration"
	case Enum:
		return "enum"
	case Technical:
		return "technical"
	case ID:
		return "id"
	case Name:
		return "name"
	case UPN:
		return "upn"
	case IP:
		return "ip"
	case Subnet:
		return "subnet"
	case MAC:
		return "mac"
	case Device:
		return "device"
	case Domain:
		return "domain"
	case URL:
		return "url"
	case Text:
		return "text"
	}
	return "unclassified"
}
