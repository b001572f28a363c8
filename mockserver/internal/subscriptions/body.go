package subscriptions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// Checker judges a body against the subscription's JSON Schema (validate.Validator does): nil, or
// a *model.InvalidError with every violation.
type Checker interface {
	CheckBody(t model.EntityType, raw []byte) error
}

// createBody is what a create body's members decode to; a member that is absent or null is nil.
type createBody struct {
	Resource                 *string `json:"resource"`
	ChangeType               *string `json:"changeType"`
	NotificationURL          *string `json:"notificationUrl"`
	LifecycleNotificationURL *string `json:"lifecycleNotificationUrl"`
	ExpirationDateTime       *string `json:"expirationDateTime"`
	ClientState              *string `json:"clientState"`
	IncludeResourceData      *bool   `json:"includeResourceData"`
	LatestSupportedTLS       *string `json:"latestSupportedTlsVersion"`
	EncryptionCertificate    *string `json:"encryptionCertificate"`
	EncryptionCertificateID  *string `json:"encryptionCertificateId"`
	NotificationURLAppID     *string `json:"notificationUrlAppId"`
	NotificationQueryOptions *string `json:"notificationQueryOptions"`
}

// ParseCreate judges a create body (one JSON object, already read) at the server time now: the
// schema first (check; nil when the server does not validate bodies), then Graph's rules in the
// order a client fixes them. It returns the Spec to store, a *model.InvalidError (schema
// violations, a member of the wrong type, clientState too long), a *RequestError or an
// *ExpirationError. Nothing is stored: duplicates and the limit are the Table's.
func ParseCreate(raw []byte, now time.Time, check Checker, urls URLPolicy) (Spec, error) {
	if check != nil {
		if err := check.CheckBody(model.Subscription(), raw); err != nil {
			return Spec{}, err
		}
	}
	var b createBody
	if err := decode(raw, &b); err != nil {
		return Spec{}, err
	}
	var missing []model.Violation
	for _, m := range []struct {
		name string
		v    *string
	}{{"changeType", b.ChangeType}, {"expirationDateTime", b.ExpirationDateTime}, {"notificationUrl", b.NotificationURL}, {"resource", b.Resource}} {
		if m.v == nil {
			missing = append(missing, model.Violation{Pointer: "/" + m.name, Code: "required", Message: m.name + " is a required property for subscription creation"})
		}
	}
	if len(missing) > 0 {
		return Spec{}, invalid(missing...)
	}
	if b.ClientState != nil && utf8.RuneCountInString(*b.ClientState) > MaxClientState {
		return Spec{}, invalid(model.Violation{Pointer: "/clientState", Code: "invalidValue",
			Message: fmt.Sprintf("clientState is %d characters long; the maximum length is %d characters", utf8.RuneCountInString(*b.ClientState), MaxClientState)})
	}
	target, err := ParseResource(*b.Resource)
	if err != nil {
		return Spec{}, err
	}
	changes, err := parseChangeType(*b.ChangeType)
	if err != nil {
		return Spec{}, err
	}
	if b.IncludeResourceData != nil && *b.IncludeResourceData {
		return Spec{}, &RequestError{Member: "includeResourceData",
			Message: "Rich notifications (includeResourceData) are not supported for resource '" + *b.Resource + "'.",
			Hint:    "Call records send basic notifications: fetch the record the notification names."}
	}
	exp, err := expiration(*b.ExpirationDateTime, now)
	if err != nil {
		return Spec{}, err
	}
	if _, err := urls.CheckURL("notificationUrl", *b.NotificationURL); err != nil {
		return Spec{}, err
	}
	spec := Spec{Resource: *b.Resource, ChangeType: *b.ChangeType, Target: target, Changes: changes,
		NotificationURL: *b.NotificationURL, Expiration: exp, ClientState: b.ClientState, TLSVersion: DefaultTLSVersion,
		EncryptionCertificate: b.EncryptionCertificate, EncryptionCertificateID: b.EncryptionCertificateID,
		NotificationURLAppID: b.NotificationURLAppID, NotificationQueryOptions: b.NotificationQueryOptions}
	if b.LifecycleNotificationURL != nil {
		if _, err := urls.CheckURL("lifecycleNotificationUrl", *b.LifecycleNotificationURL); err != nil {
			return Spec{}, err
		}
		spec.LifecycleURL = *b.LifecycleNotificationURL
	}
	if b.LatestSupportedTLS != nil {
		spec.TLSVersion = *b.LatestSupportedTLS
	}
	return spec, nil
}

// Patch is an update body that passed every rule: the new expiration and notification URL, each
// nil when the body leaves it alone.
type Patch struct {
	Expiration      *time.Time
	NotificationURL *string
}

// patchable are the members PATCH may carry: the two it changes, and the annotations and id a
// client may send back with them.
var patchable = map[string]bool{"expirationDateTime": true, "notificationUrl": true, "@odata.type": true, "id": true}

// ParsePatch judges an update body at the server time now: only expirationDateTime and
// notificationUrl may change, at least one of them must be there, and each is judged as on
// create (the expiration window, the URL's scheme).
func ParsePatch(raw []byte, now time.Time, urls URLPolicy) (Patch, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return Patch{}, invalid(model.Violation{Code: "invalidJson", Message: "the body is not a JSON object"})
	}
	var others []string
	for name := range members {
		if !patchable[name] && !model.IsControlAnnotation(name) {
			others = append(others, name)
		}
	}
	if len(others) > 0 {
		sort.Strings(others)
		return Patch{}, notAllowedOnPatch(others)
	}
	var b struct {
		ExpirationDateTime *string `json:"expirationDateTime"`
		NotificationURL    *string `json:"notificationUrl"`
		ID                 *string `json:"id"`
		Type               *string `json:"@odata.type"`
	}
	if err := decode(raw, &b); err != nil {
		return Patch{}, err
	}
	var vs []model.Violation
	for _, name := range []string{"expirationDateTime", "notificationUrl"} {
		if v, ok := members[name]; ok && bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			vs = append(vs, model.Violation{Pointer: "/" + name, Code: "nullNotAllowed", Message: name + " may not be null: it is not nullable"})
		}
	}
	if len(vs) > 0 {
		return Patch{}, invalid(vs...)
	}
	if b.ExpirationDateTime == nil && b.NotificationURL == nil {
		return Patch{}, &RequestError{Message: "Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value."}
	}
	var p Patch
	if b.ExpirationDateTime != nil {
		exp, err := expiration(*b.ExpirationDateTime, now)
		if err != nil {
			return Patch{}, err
		}
		p.Expiration = &exp
	}
	if b.NotificationURL != nil {
		if _, err := urls.CheckURL("notificationUrl", *b.NotificationURL); err != nil {
			return Patch{}, err
		}
		p.NotificationURL = b.NotificationURL
	}
	return p, nil
}

// decode reads a body into v; a member of the wrong JSON type is a violation at its pointer (the
// schema reports these first when the server validates bodies).
func decode(raw []byte, v any) error {
	err := json.Unmarshal(raw, v)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		return invalid(model.Violation{Pointer: "/" + strings.ReplaceAll(te.Field, ".", "/"), Code: "invalidType",
			Message: fmt.Sprintf("%s must be a JSON %s, not %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)})
	default:
		return invalid(model.Violation{Code: "invalidJson", Message: "the body is not a JSON object: " + err.Error()})
	}
}

// jsonKind names a Go kind as the JSON type it decodes from.
func jsonKind(kind string) string {
	switch kind {
	case "bool":
		return "boolean"
	case "ptr", "string":
		return "string"
	}
	return kind
}

// invalid is a rejected subscription body with these violations.
func invalid(vs ...model.Violation) error {
	return &model.InvalidError{Type: model.Subscription(), Violations: vs}
}

// parseChangeType reads a comma list of change types; call records have created and updated.
func parseChangeType(s string) (Changes, error) {
	var c Changes
	for _, item := range strings.Split(s, ",") {
		switch strings.TrimSpace(item) {
		case "created":
			c |= Created
		case "updated":
			c |= Updated
		default:
			return 0, &RequestError{Member: "changeType", Message: fmt.Sprintf("Invalid 'changeType' attribute: '%s'.", strings.TrimSpace(item)),
				Hint: "Call records support the change types created and updated, alone or as a comma-separated list."}
		}
	}
	return c, nil
}

// expiration reads an expirationDateTime at the server time now: under MinLifetime away it is
// raised to now + MinLifetime; over MaxLifetime away it is an *ExpirationError.
func expiration(s string, now time.Time) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, invalid(model.Violation{Pointer: "/expirationDateTime", Code: "invalidValue",
			Message: fmt.Sprintf("expirationDateTime %q is not an ISO 8601 date-time such as 2026-11-20T10:15:42.4170000Z", s)})
	}
	switch d := t.Sub(now); {
	case d > MaxLifetime:
		return time.Time{}, &ExpirationError{Max: MaxLifetimeMinutes}
	case d < MinLifetime:
		return now.Add(MinLifetime).UTC(), nil
	}
	return t.UTC(), nil
}
