package subscriptions

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/model"
)

var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

func TestParseResource(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		key  string
		ids  []string
		fail string
	}{
		{in: "/communications/callRecords", key: "communications/callRecords"},
		{in: "communications/callRecords", key: "communications/callRecords"},
		{in: "/Communications/CallRecords", key: "communications/callRecords"},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id eq 'a')", key: "communications/callRecords?$filter=participants/any(p:p/id eq 'a')", ids: []string{"a"}},
		{in: "/communications/callRecords?%24filter=participants%2Fany(p%3Ap%2Fid%20eq%20'a')", key: "communications/callRecords?$filter=participants/any(p:p/id eq 'a')", ids: []string{"a"}},
		{in: "/communications/callRecords?$filter=participants/any(x:x/id eq 'a' or x/id eq 'b')", ids: []string{"a", "b"}},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id in ('a', 'b','c'))", ids: []string{"a", "b", "c"}},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id eq 'a') or participants/any(q:q/id in ('b','a'))", ids: []string{"a", "b"}},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id EQ 'o''brien')", ids: []string{"o'brien"}},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id eq 'a') ", ids: []string{"a"}},
		{in: "/communications/onlineMeetings", fail: "path"},
		{in: "/communications/callRecords/abc", fail: "path"},
		{in: "/communications/callRecords?$top=1", fail: "one $filter"},
		{in: "/communications/callRecords?$filter=a&$filter=b", fail: "one $filter"},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id eq 'a'", fail: "position"},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id ne 'a')", fail: "'eq' or 'in'"},
		{in: "/communications/callRecords?$filter=participants/any(p:q/id eq 'a')", fail: "'p/id'"},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id eq '')", fail: "empty participant id"},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id eq 'a) ", fail: "no closing quote"},
		{in: "/communications/callRecords?$filter=participants/any(p:p/id eq 'a') and participants/any(p:p/id eq 'b')", fail: "'or' or the end"},
		{in: "/communications/callRecords?$filter=startDateTime ge 2026-01-01", fail: "participants/any("},
		{in: "/communications/callRecords?$filter=%zz", fail: "percent-encoded"},
		{in: "", fail: "path"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			t.Parallel()
			r, err := ParseResource(c.in)
			if c.fail != "" {
				var re *RequestError
				if !errors.As(err, &re) || !strings.Contains(re.Hint, c.fail) || re.Message != "Invalid 'resource' attribute: '"+c.in+"'." {
					t.Fatalf("err = %#v, want a RequestError whose hint says %q", err, c.fail)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.key != "" && r.Key != c.key {
				t.Errorf("key %q, want %q", r.Key, c.key)
			}
			if !reflect.DeepEqual(r.Participants, c.ids) {
				t.Errorf("participants %q, want %q", r.Participants, c.ids)
			}
		})
	}
}

// body is a create body with the given members replacing the defaults ("-" removes one).
func body(members map[string]string) []byte {
	m := map[string]string{
		"changeType": `"created,updated"`, "notificationUrl": `"https://example.com/notify?x=1"`,
		"resource": `"/communications/callRecords"`, "expirationDateTime": `"2026-11-29T12:00:00Z"`,
	}
	for k, v := range members {
		m[k] = v
	}
	var parts []string
	for _, k := range []string{"changeType", "notificationUrl", "resource", "expirationDateTime", "clientState", "includeResourceData", "lifecycleNotificationUrl", "latestSupportedTlsVersion", "extra"} {
		if v, ok := m[k]; ok && v != "-" {
			parts = append(parts, fmt.Sprintf("%q:%s", k, v))
		}
	}
	return []byte("{" + strings.Join(parts, ",") + "}")
}

func TestParseCreate(t *testing.T) {
	t.Parallel()
	type want struct {
		pointer string // a *model.InvalidError with a violation here
		request string // a *RequestError with this message part
		expired bool   // an *ExpirationError
	}
	cases := []struct {
		name    string
		members map[string]string
		urls    URLPolicy
		want    want
		check   func(t *testing.T, s Spec)
	}{
		{name: "valid", check: func(t *testing.T, s Spec) {
			if s.Changes != Created|Updated || s.Expiration != now.Add(24*time.Hour) || s.TLSVersion != "v1_2" || s.ClientState != nil || s.LifecycleURL != "" {
				t.Errorf("spec %+v", s)
			}
		}},
		{name: "under 45 minutes is 45", members: map[string]string{"expirationDateTime": `"2026-11-28T12:10:00Z"`}, check: func(t *testing.T, s Spec) {
			if s.Expiration != now.Add(45*time.Minute) {
				t.Errorf("expiration %v", s.Expiration)
			}
		}},
		{name: "in the past is 45", members: map[string]string{"expirationDateTime": `"2020-01-01T00:00:00Z"`}, check: func(t *testing.T, s Spec) {
			if s.Expiration != now.Add(45*time.Minute) {
				t.Errorf("expiration %v", s.Expiration)
			}
		}},
		{name: "exactly 4230 minutes", members: map[string]string{"expirationDateTime": `"2026-12-01T10:30:00+00:00"`}, check: func(t *testing.T, s Spec) {
			if s.Expiration != now.Add(MaxLifetime) {
				t.Errorf("expiration %v", s.Expiration)
			}
		}},
		{name: "an offset is UTC", members: map[string]string{"expirationDateTime": `"2026-11-29T14:00:00+02:00"`}, check: func(t *testing.T, s Spec) {
			if s.Expiration != now.Add(24*time.Hour) || s.Expiration.Location() != time.UTC {
				t.Errorf("expiration %v", s.Expiration)
			}
		}},
		{name: "4231 minutes", members: map[string]string{"expirationDateTime": `"2026-12-01T10:31:00Z"`}, want: want{expired: true}},
		{name: "created alone", members: map[string]string{"changeType": `"created"`}, check: func(t *testing.T, s Spec) {
			if s.Changes != Created {
				t.Errorf("changes %v", s.Changes)
			}
		}},
		{name: "deleted", members: map[string]string{"changeType": `"created,deleted"`}, want: want{request: "Invalid 'changeType' attribute: 'deleted'."}},
		{name: "empty change type", members: map[string]string{"changeType": `""`}, want: want{request: "Invalid 'changeType' attribute: ''."}},
		{name: "rich notifications", members: map[string]string{"includeResourceData": "true"}, want: want{request: "includeResourceData"}},
		{name: "includeResourceData false", members: map[string]string{"includeResourceData": "false"}},
		{name: "clientState 128", members: map[string]string{"clientState": `"` + strings.Repeat("é", 128) + `"`}},
		{name: "clientState 129", members: map[string]string{"clientState": `"` + strings.Repeat("x", 129) + `"`}, want: want{pointer: "/clientState"}},
		{name: "missing expiration", members: map[string]string{"expirationDateTime": "-"}, want: want{pointer: "/expirationDateTime"}},
		{name: "null resource", members: map[string]string{"resource": "null"}, want: want{pointer: "/resource"}},
		{name: "resource a number", members: map[string]string{"resource": "1"}, want: want{pointer: "/resource"}},
		{name: "bad expiration", members: map[string]string{"expirationDateTime": `"tomorrow"`}, want: want{pointer: "/expirationDateTime"}},
		{name: "http to a public host", members: map[string]string{"notificationUrl": `"http://example.com/n"`}, want: want{request: "NotificationUrl scheme='http' is not supported."}},
		{name: "http to loopback", members: map[string]string{"notificationUrl": `"http://127.0.0.1:8080/n"`}},
		{name: "http to localhost", members: map[string]string{"notificationUrl": `"http://localhost:8080/n"`}},
		{name: "http to ::1", members: map[string]string{"notificationUrl": `"http://[::1]:8080/n"`}},
		{name: "http to loopback, https only", urls: HTTPSOnly, members: map[string]string{"notificationUrl": `"http://127.0.0.1:8080/n"`}, want: want{request: "scheme='http'"}},
		{name: "http anywhere allowed", urls: AnyHTTP, members: map[string]string{"notificationUrl": `"http://receiver:8080/n"`}},
		{name: "ftp", urls: AnyHTTP, members: map[string]string{"notificationUrl": `"ftp://example.com/n"`}, want: want{request: "scheme='ftp'"}},
		{name: "relative URL", members: map[string]string{"notificationUrl": `"/notify"`}, want: want{request: "not an absolute URL"}},
		{name: "lifecycle over http", members: map[string]string{"lifecycleNotificationUrl": `"http://example.com/l"`}, want: want{request: "LifecycleNotificationUrl scheme='http'"}},
		{name: "lifecycle", members: map[string]string{"lifecycleNotificationUrl": `"https://example.com/l"`}, check: func(t *testing.T, s Spec) {
			if s.LifecycleURL != "https://example.com/l" {
				t.Errorf("lifecycle %q", s.LifecycleURL)
			}
		}},
		{name: "bad resource", members: map[string]string{"resource": `"/me/messages"`}, want: want{request: "Invalid 'resource' attribute"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, err := ParseCreate(body(c.members), now, nil, c.urls)
			var ie *model.InvalidError
			var re *RequestError
			var ee *ExpirationError
			switch {
			case c.want.pointer != "":
				if !errors.As(err, &ie) || ie.Violations[0].Pointer != c.want.pointer {
					t.Fatalf("err = %v, want a violation at %s", err, c.want.pointer)
				}
			case c.want.request != "":
				if !errors.As(err, &re) || !strings.Contains(re.Message, c.want.request) {
					t.Fatalf("err = %v, want a RequestError saying %q", err, c.want.request)
				}
			case c.want.expired:
				if !errors.As(err, &ee) || err.Error() != "Subscription expiration can only be 4230 minutes in the future." {
					t.Fatalf("err = %v, want an ExpirationError", err)
				}
			case err != nil:
				t.Fatal(err)
			case c.check != nil:
				c.check(t, s)
			}
		})
	}
}

func TestParsePatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		body string
		fail string
	}{
		{body: `{"expirationDateTime":"2026-11-29T12:00:00Z"}`},
		{body: `{"notificationUrl":"https://example.com/new"}`},
		{body: `{"@odata.type":"#microsoft.graph.subscription","expirationDateTime":"2026-11-28T12:01:00Z"}`},
		{body: `{}`, fail: "Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value."},
		{body: `{"clientState":"x","expirationDateTime":"2026-11-29T12:00:00Z"}`, fail: "'clientState'"},
		{body: `{"lifecycleNotificationUrl":"https://example.com/l"}`, fail: "'lifecycleNotificationUrl'"},
		{body: `{"expirationDateTime":null}`, fail: "may not be null"},
		{body: `{"expirationDateTime":"2027-01-01T00:00:00Z"}`, fail: "4230 minutes"},
		{body: `{"notificationUrl":"http://example.com/n"}`, fail: "scheme='http'"},
		{body: `{"notificationUrl":5}`, fail: "must be a JSON string"},
		{body: `[1]`, fail: "not a JSON object"},
	}
	for _, c := range cases {
		p, err := ParsePatch([]byte(c.body), now, LoopbackHTTP)
		if c.fail == "" {
			if err != nil || p.Expiration == nil && p.NotificationURL == nil {
				t.Errorf("%s: %+v, %v", c.body, p, err)
			}
			continue
		}
		text := fmt.Sprint(err)
		var ie *model.InvalidError
		if errors.As(err, &ie) {
			text = ie.Violations[0].Message
		}
		if !strings.Contains(text, c.fail) {
			t.Errorf("%s: err = %v, want %q", c.body, err, c.fail)
		}
	}
	p, _ := ParsePatch([]byte(`{"expirationDateTime":"2026-11-28T12:01:00Z"}`), now, LoopbackHTTP)
	if *p.Expiration != now.Add(MinLifetime) {
		t.Errorf("a renewal under 45 minutes gives %v", p.Expiration)
	}
}

// spec is a valid Spec for resource and changeType.
func spec(t *testing.T, resource, changeType string) Spec {
	t.Helper()
	s, err := ParseCreate(body(map[string]string{"resource": fmt.Sprintf("%q", resource), "changeType": fmt.Sprintf("%q", changeType)}), now, nil, LoopbackHTTP)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTableLimits(t *testing.T) {
	t.Parallel()
	tb := NewTable()
	a, err := tb.Add("a", spec(t, "/communications/callRecords", "created"), Owner{}, now)
	if err != nil || a.ID != "a" {
		t.Fatal(a, err)
	}
	var ce *ConflictError
	// Graph compares changeType and resource: the leading slash does not make another resource.
	if err := tb.Check(spec(t, "communications/callRecords", "created"), now); !errors.As(err, &ce) || ce.ExistingID != "a" ||
		err.Error() != "Subscription Id a already exists for the requested combination" {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := tb.Add("b", spec(t, "/communications/callRecords", "created,updated"), Owner{}, now); err != nil {
		t.Fatal(err)
	}
	for i := 2; i < MaxPerNamespace; i++ {
		if _, err := tb.Add(fmt.Sprint(i), spec(t, fmt.Sprintf("/communications/callRecords?$filter=participants/any(p:p/id eq '%d')", i), "updated"), Owner{}, now); err != nil {
			t.Fatal(i, err)
		}
	}
	var qe *QuotaError
	if _, err := tb.Add("x", spec(t, "/communications/callRecords", "updated"), Owner{}, now); !errors.As(err, &qe) || !strings.Contains(err.Error(), "100") {
		t.Fatalf("101st: %v", err)
	}
	if n := len(tb.List(now)); n != MaxPerNamespace {
		t.Fatalf("listed %d", n)
	}
	if err := tb.Delete("a", now); err != nil {
		t.Fatal(err)
	}
	var nf *NotFoundError
	if err := tb.Delete("a", now); !errors.As(err, &nf) {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := tb.Add("x", spec(t, "/communications/callRecords", "updated"), Owner{}, now); err != nil {
		t.Fatalf("after a delete: %v", err)
	}
}

func TestTableExpiry(t *testing.T) {
	t.Parallel()
	tb := NewTable()
	s := spec(t, "/communications/callRecords", "created")
	if _, err := tb.Add("a", s, Owner{}, now); err != nil {
		t.Fatal(err)
	}
	at := s.Expiration
	if _, err := tb.Get("a", at.Add(-time.Nanosecond)); err != nil {
		t.Fatalf("before expiry: %v", err)
	}
	var nf *NotFoundError
	if _, err := tb.Get("a", at); !errors.As(err, &nf) {
		t.Fatalf("at expiry: %v", err)
	}
	if _, err := tb.Add("b", s, Owner{}, now); err != nil {
		t.Fatal(err)
	}
	later := at.Add(time.Hour)
	if _, err := tb.Update("b", Patch{Expiration: &later}, now); err != nil {
		t.Fatal(err)
	}
	if gone := tb.Expire(at); len(gone) != 0 {
		t.Fatalf("a renewed subscription expired: %v", gone)
	}
	if gone := tb.Expire(later); len(gone) != 1 || gone[0].ID != "b" {
		t.Fatalf("expired %v", gone)
	}
}

func TestRoute(t *testing.T) {
	t.Parallel()
	tb := NewTable()
	for _, sub := range []struct {
		id string
		sp Spec
	}{
		{"1-created", spec(t, "/communications/callRecords", "created")},
		{"2-both", spec(t, "/communications/callRecords", "created,updated")},
		{"3-alice", spec(t, "/communications/callRecords?$filter=participants/any(p:p/id eq 'alice' or p/id eq 'carol')", "updated")},
		{"4-bob", spec(t, "/communications/callRecords?$filter=participants/any(p:p/id in ('bob'))", "created,updated")},
	} {
		if _, err := tb.Add(sub.id, sub.sp, Owner{}, now); err != nil {
			t.Fatal(err)
		}
	}
	people := func(ids ...string) []string { return ids }
	names := func(ns []Notice) string {
		var out []string
		for _, n := range ns {
			out = append(out, n.Sub.ID+":"+n.Change.String()+":"+n.RecordID)
		}
		return strings.Join(out, " ")
	}
	if got, want := names(tb.Route("r1", now, people("alice", "dave"))), "1-created:created:r1 2-both:created:r1 2-both:updated:r1 3-alice:updated:r1"; got != want {
		t.Errorf("first change of r1: %s, want %s", got, want)
	}
	if got, want := names(tb.Route("r1", now, people("alice"))), "2-both:updated:r1 3-alice:updated:r1"; got != want {
		t.Errorf("second change of r1: %s, want %s", got, want)
	}
	if got, want := names(tb.Route("r2", now, people("bob"))), "1-created:created:r2 2-both:created:r2 2-both:updated:r2 4-bob:created:r2 4-bob:updated:r2"; got != want {
		t.Errorf("first change of r2: %s, want %s", got, want)
	}
	if got := names(tb.Route("r3", now.Add(MaxLifetime), people())); got != "" {
		t.Errorf("after every subscription expired: %s", got)
	}
}

func TestAppendJSON(t *testing.T) {
	t.Parallel()
	cs := "secret"
	s := Subscription{Spec: Spec{Resource: "/communications/callRecords", ChangeType: "created", NotificationURL: "https://example.com/n",
		Expiration: now.Add(time.Hour), ClientState: &cs, TLSVersion: "v1_2"}, ID: "id1", ApplicationID: "app", CreatorID: "sp"}
	want := `"id":"id1","resource":"/communications/callRecords","applicationId":"app","changeType":"created","clientState":"secret",` +
		`"notificationUrl":"https://example.com/n","notificationQueryOptions":null,"lifecycleNotificationUrl":null,` +
		`"expirationDateTime":"2026-11-28T13:00:00.0000000Z","creatorId":"sp","includeResourceData":false,"latestSupportedTlsVersion":"v1_2",` +
		`"encryptionCertificate":null,"encryptionCertificateId":null,"notificationUrlAppId":null`
	if got := string(s.AppendJSON(nil, false)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := string(s.AppendJSON(nil, true)); !strings.Contains(got, `"clientState":null`) {
		t.Errorf("listed: %s", got)
	}
}
