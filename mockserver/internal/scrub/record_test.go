package scrub_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/scenarios"
	"gopkg.in/yaml.v3"
)

// defaultRecords returns the call records of the embedded default scenario as JSON, each with
// its navigation properties nested, as the importer hands them to the scrubber.
func defaultRecords(t testing.TB) []json.RawMessage {
	t.Helper()
	data, err := fs.ReadFile(scenarios.FS(), "default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		CallRecords []any `yaml:"callRecords"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := make([]json.RawMessage, len(doc.CallRecords))
	for i, r := range doc.CallRecords {
		if out[i], err = json.Marshal(r); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// personalNames are the members whose strings must change (the keys of calls aside), checked
// independently of the classification table.
var personalNames = map[string]bool{
	"id": true, "displayName": true, "userPrincipalName": true, "tenantId": true, "email": true,
	"ipAddress": true, "reflexiveIPAddress": true, "relayIPAddress": true, "subnet": true,
	"macAddress": true, "basicServiceSetIdentifier": true, "name": true, "captureDeviceName": true,
	"renderDeviceName": true, "dnsSuffix": true, "joinWebUrl": true, "text": true,
	"communicationServiceId": true, "azureCommunicationServicesResourceId": true,
}

// keyPath is where an id is a call's key, kept: a record's, a session's or a segment's.
var keyPath = regexp.MustCompile(`^(/sessions/\d+(/segments/\d+)?)?/id$`)

// placeholders are personal-looking values that name nobody, kept as they are: the MAC address
// operating systems report instead of the real one, loopback, and a network address that is
// all range (192.168/16 keeps its two octets, and zero octets stay zero).
var placeholders = map[string]bool{"02-00-00-00-00-00": true, "127.0.0.1": true, "192.168.0.0": true}

// TestRecordScrubsEveryPersonalField scrubs the default scenario's records (five calls: peer to
// peer, a meeting with a phone invitee and a guest, ACS, PSTN) and compares each with its
// original leaf by leaf: the structure and every other value are unchanged, every personal
// string changed, and one value maps to one pseudonym across all records.
func TestRecordScrubsEveryPersonalField(t *testing.T) {
	t.Parallel()
	s := newScrubber(t, "record test")
	forward, backward := map[string]string{}, map[string]string{}
	changed := 0
	for _, rec := range defaultRecords(t) {
		out, err := s.Record(rec)
		if err != nil {
			t.Fatal(err)
		}
		var before, after any
		mustDecode(t, rec, &before)
		mustDecode(t, out, &after)
		compareLeaves(t, "", before, after, func(path, name, in, got string) {
			personal := personalNames[name] && !keyPath.MatchString(path) && strings.TrimSpace(in) != "" && !placeholders[in]
			switch {
			case personal && got == in:
				t.Errorf("%s: %q was kept", path, in)
			case !personal && got != in && !sameButDNSName(in, got):
				t.Errorf("%s: %q became %q, but it is not personal", path, in, got)
			}
			if !personal {
				return
			}
			changed++
			if prev, ok := forward[in]; ok && prev != got && name != "name" && !strings.HasSuffix(name, "DeviceName") {
				t.Errorf("%s: %q maps to %q here and to %q elsewhere", path, in, got, prev)
			}
			if prev, ok := backward[got]; ok && prev != in {
				t.Errorf("%s: %q and %q both map to %q", path, prev, in, got)
			}
			forward[in], backward[got] = got, in
		})
	}
	if changed < 300 {
		t.Errorf("only %d personal strings changed; the default scenario has more", changed)
	}
}

// dnsName is a DNS name in parentheses, as a Direct Routing SBC's user agent ends.
var dnsName = regexp.MustCompile(`\([a-z0-9.-]+\.[a-z]+\)`)

// sameButDNSName reports that got is in with its DNS names replaced by pseudonyms: what a
// technical text keeps.
func sameButDNSName(in, got string) bool {
	want := regexp.QuoteMeta(dnsName.ReplaceAllString(in, "\x00"))
	return dnsName.MatchString(in) && regexp.MustCompile("^"+strings.ReplaceAll(want, "\x00", `\(d[0-9a-f]{8}\.example\)`)+"$").MatchString(got)
}

// compareLeaves walks two decoded JSON values in step, failing where their shapes differ, and
// hands each pair of strings to leaf.
func compareLeaves(t *testing.T, path string, a, b any, leaf func(path, name, in, got string)) {
	t.Helper()
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok || len(av) != len(bv) {
			t.Errorf("%s: the object changed shape: %v", path, b)
			return
		}
		for k, v := range av {
			compareLeaves(t, path+"/"+k, v, bv[k], leaf)
		}
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			t.Errorf("%s: the array changed shape", path)
			return
		}
		for i := range av {
			compareLeaves(t, path+"/"+itoa(i), av[i], bv[i], leaf)
		}
	case string:
		bv, ok := b.(string)
		if !ok {
			t.Errorf("%s: the string %q became %v", path, av, b)
			return
		}
		leaf(path, path[strings.LastIndexByte(path, '/')+1:], av, bv)
	default:
		if ab, _ := json.Marshal(a); !bytes.Equal(ab, mustMarshal(t, b)) {
			t.Errorf("%s: %s became %v", path, ab, b)
		}
	}
}

// TestRecordDropsAnnotationsAndScrubsExtras: control annotations go at every level, @odata.type
// stays, member order and numbers are kept, and members the schemas do not declare (an open
// identity set's acsUser, an identity's tenantId) are scrubbed.
func TestRecordDropsAnnotationsAndScrubsExtras(t *testing.T) {
	t.Parallel()
	in := `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#x","id":"r1","version":1.50,` +
		`"organizer_v2@odata.context":"c","organizer_v2":{"id":"5e8a2d71-9f4c-4b3e-a6d0-7c1b8e2f9a63","identity":{` +
		`"@odata.type":"#microsoft.graph.communicationsIdentitySet","acsUser":{"displayName":"Ann","id":"8:acs:abc"},` +
		`"user":{"displayName":"Ann","id":"5e8a2d71-9f4c-4b3e-a6d0-7c1b8e2f9a63","tenantId":"2a6e4c1d-8b3f-4f0e-9d57-61c0b8e4a913","shoeSize":44}}},` +
		`"sessions@odata.nextLink":"n","sessions":[{"id":"s1","segments@odata.context":"x","segments":[{"id":"g1","media":[{"label":"main-audio",` +
		`"callerNetwork":{"ipAddress":"10.0.0.7","macAddress":null}}]}]}]}`
	out, err := newScrubber(t, "k").Record([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, gone := range []string{"@odata.context", "nextLink", "Ann", "8:acs:abc", "5e8a2d71", "2a6e4c1d", "10.0.0.7"} {
		if strings.Contains(s, gone) {
			t.Errorf("%q survived: %s", gone, s)
		}
	}
	for _, kept := range []string{`"id":"r1","version":1.50,"organizer_v2":{`, `"@odata.type":"#microsoft.graph.communicationsIdentitySet","acsUser":{"displayName":"User `,
		`"shoeSize":44`, `"id":"s1","segments":[{"id":"g1"`, `"label":"main-audio"`, `"macAddress":null`} {
		if !strings.Contains(s, kept) {
			t.Errorf("%q is not in the result: %s", kept, s)
		}
	}
	for _, bad := range []string{``, `[]`, `"x"`, `{"a":}`, `{"a":1} {}`, strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat(`}`, 100)} {
		if _, err := newScrubber(t, "k").Record([]byte(bad)); err == nil {
			t.Errorf("Record(%.30q) = nil error", bad)
		}
	}
}

func mustDecode(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
