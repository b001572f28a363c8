// Package subscriptions is graphmock's model of Graph's change-notification subscriptions to call
// records (/subscriptions): reading and judging create and update bodies by Graph's rules (the
// resource forms, changeType, the expiration window, https, clientState), and each namespace's
// table of live subscriptions with Graph's limits (no duplicate changeType and resource, at most
// 100), expiry, and which subscriptions a change to a call record concerns. It knows nothing of
// HTTP: the validation handshake and delivery are internal/notify's, and mockserver maps the
// errors here to Graph's statuses and codes.
package subscriptions

import (
	"encoding/json"
	"time"
)

// Graph's limits for call records subscriptions.
const (
	// MinLifetime: an expirationDateTime under 45 minutes from the request is set to 45 minutes.
	MinLifetime = 45 * time.Minute
	// MaxLifetimeMinutes: a call records subscription lives at most 4,230 minutes.
	MaxLifetimeMinutes = 4230
	// MaxLifetime is MaxLifetimeMinutes as a duration.
	MaxLifetime = MaxLifetimeMinutes * time.Minute
	// MaxPerNamespace: a tenant (here: a namespace) holds at most 100 call records subscriptions.
	MaxPerNamespace = 100
	// MaxClientState is the longest clientState, in characters.
	MaxClientState = 128
	// DefaultTLSVersion is latestSupportedTlsVersion when the body does not say.
	DefaultTLSVersion = "v1_2"
)

// Changes is the set of change types a subscription asks for.
type Changes uint8

// The change types call records have.
const (
	Created Changes = 1 << iota
	Updated
)

// Has reports whether c includes every type of o.
func (c Changes) Has(o Changes) bool { return c&o == o }

// String is the change type's name as Graph writes it in a notification ("created", "updated").
func (c Changes) String() string {
	switch c {
	case Created:
		return "created"
	case Updated:
		return "updated"
	case Created | Updated:
		return "created,updated"
	}
	return ""
}

// Spec is a create body that passed every rule, as it will be stored.
type Spec struct {
	// Resource and ChangeType are as sent (Graph echoes them); Target and Changes are what they
	// mean.
	Resource   string
	ChangeType string
	Target     Resource
	Changes    Changes
	// NotificationURL and LifecycleURL ("" when none) are as sent; the handshake and delivery use
	// them with their query strings.
	NotificationURL string
	LifecycleURL    string
	// Expiration is in UTC, raised to MinLifetime from the request when it was sooner.
	Expiration  time.Time
	ClientState *string
	TLSVersion  string
	// Echoed as sent; they mean nothing for call records.
	EncryptionCertificate, EncryptionCertificateID, NotificationURLAppID, NotificationQueryOptions *string
}

// Subscription is a stored subscription. Values handed out are copies.
type Subscription struct {
	Spec
	ID string
	// ApplicationID and CreatorID say who made it (Graph: the app and its service principal);
	// TenantID goes into every notification.
	ApplicationID, CreatorID, TenantID string
	// Created is when it was made, by the server's clock.
	Created time.Time
	// Reauthorized is when POST …/reauthorize (or a renewal) last answered its lifecycle
	// notifications; zero when never.
	Reauthorized time.Time
}

// Owner is who makes a subscription: the ids Graph records on it, read from the caller's token.
type Owner struct {
	ApplicationID, CreatorID, TenantID string
}

// timeLayout is how Graph writes a subscription's expirationDateTime: seven fractional digits, Z.
const timeLayout = "2006-01-02T15:04:05.0000000Z"

// FormatTime writes a time as Graph writes subscription times.
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// wire is a subscription as Graph returns it, members in the order of Graph's examples; unset
// optional members are null, as the live service sends them.
type wire struct {
	ID                        string  `json:"id"`
	Resource                  string  `json:"resource"`
	ApplicationID             string  `json:"applicationId"`
	ChangeType                string  `json:"changeType"`
	ClientState               *string `json:"clientState"`
	NotificationURL           string  `json:"notificationUrl"`
	NotificationQueryOptions  *string `json:"notificationQueryOptions"`
	LifecycleNotificationURL  *string `json:"lifecycleNotificationUrl"`
	ExpirationDateTime        string  `json:"expirationDateTime"`
	CreatorID                 string  `json:"creatorId"`
	IncludeResourceData       bool    `json:"includeResourceData"`
	LatestSupportedTLSVersion string  `json:"latestSupportedTlsVersion"`
	EncryptionCertificate     *string `json:"encryptionCertificate"`
	EncryptionCertificateID   *string `json:"encryptionCertificateId"`
	NotificationURLAppID      *string `json:"notificationUrlAppId"`
}

// AppendJSON appends the members of s as Graph returns them, without the braces, so the caller
// can put @odata.context first. In a list Graph leaves clientState out "for security purposes"
// (null): listed says so.
func (s Subscription) AppendJSON(b []byte, listed bool) []byte {
	w := wire{ID: s.ID, Resource: s.Resource, ApplicationID: s.ApplicationID, ChangeType: s.ChangeType,
		ClientState: s.ClientState, NotificationURL: s.NotificationURL, NotificationQueryOptions: s.NotificationQueryOptions,
		ExpirationDateTime: FormatTime(s.Expiration), CreatorID: s.CreatorID, LatestSupportedTLSVersion: s.TLSVersion,
		EncryptionCertificate: s.EncryptionCertificate, EncryptionCertificateID: s.EncryptionCertificateID,
		NotificationURLAppID: s.NotificationURLAppID}
	if s.LifecycleURL != "" {
		w.LifecycleNotificationURL = &s.LifecycleURL
	}
	if listed {
		w.ClientState = nil
	}
	out, _ := json.Marshal(w) // strings and a bool: cannot fail
	return append(b, out[1:len(out)-1]...)
}

// AppendEntity appends a subscription as Graph answers GET, POST and PATCH: one JSON object
// whose @odata.context is context.
func AppendEntity(b []byte, context string, s Subscription) []byte {
	ctx, _ := json.Marshal(context)
	b = append(append(append(b, `{"@odata.context":`...), ctx...), ',')
	return append(s.AppendJSON(b, false), '}')
}

// AppendList appends subscriptions as Graph lists them (clientState null): a collection whose
// @odata.context is context.
func AppendList(b []byte, context string, subs []Subscription) []byte {
	ctx, _ := json.Marshal(context)
	b = append(append(append(b, `{"@odata.context":`...), ctx...), `,"value":[`...)
	for i, s := range subs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(s.AppendJSON(append(b, '{'), true), '}')
	}
	return append(b, "]}"...)
}

// clone copies the pointed-to strings, so a copy handed out shares nothing with the table.
func (s Subscription) clone() Subscription {
	for _, p := range []**string{&s.ClientState, &s.EncryptionCertificate, &s.EncryptionCertificateID, &s.NotificationURLAppID, &s.NotificationQueryOptions} {
		if *p != nil {
			v := **p
			*p = &v
		}
	}
	s.Target.Participants = append([]string(nil), s.Target.Participants...)
	return s
}
