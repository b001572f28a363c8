package scrub_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/scrub"
)

func newScrubber(t *testing.T, key string) *scrub.Scrubber {
	t.Helper()
	s, err := scrub.New([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPseudonymShapes: each kind maps a value to one of the same shape, never to itself.
func TestPseudonymShapes(t *testing.T) {
	t.Parallel()
	s := newScrubber(t, "test key")
	guid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	cases := []struct {
		kind scrub.Kind
		in   string
		want *regexp.Regexp
	}{
		{scrub.ID, "5e8a2d71-9f4c-4b3e-a6d0-7c1b8e2f9a63", guid},
		{scrub.ID, "5E8A2D71-9F4C-4B3E-A6D0-7C1B8E2F9A63", regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)},
		{scrub.ID, "+5564981205182", regexp.MustCompile(`^\+[1-9]\d{12}$`)},
		{scrub.ID, "tel:+1 (425) 555-0100", regexp.MustCompile(`^tel:\+[1-9] \(\d{3}\) \d{3}-\d{4}$`)},
		{scrub.ID, "8:orgid:5e8a2d71-9f4c-4b3e-a6d0-7c1b8e2f9a63", regexp.MustCompile(`^8:orgid:[0-9a-f-]{36}$`)},
		{scrub.ID, "8:acs:1f2e_00000012-3456", regexp.MustCompile(`^8:acs:id-[0-9a-f]{16}$`)},
		{scrub.ID, "8:acs:3c9d1e7f-2b4a-4d8e-9f61-0a5c7e2b8d43_00000027-4f1a-8b2c-3e5d-6f7a8b9c0d1e", regexp.MustCompile(`^8:acs:[0-9a-f-]{36}_[0-9a-f-]{36}$`)},
		{scrub.ID, "some-opaque-id", regexp.MustCompile(`^id-[0-9a-f]{16}$`)},
		{scrub.Name, "Dana Okafor", regexp.MustCompile(`^User [0-9a-f]{8}$`)},
		{scrub.Name, "+14255550100", regexp.MustCompile(`^\+[1-9]\d{10}$`)},
		{scrub.UPN, "dana.okafor@contoso.com", regexp.MustCompile(`^user\.[0-9a-f]{8}@d[0-9a-f]{8}\.example$`)},
		{scrub.IP, "10.20.14.37", regexp.MustCompile(`^10\.\d+\.\d+\.\d+$`)},
		{scrub.IP, "192.168.1.23", regexp.MustCompile(`^192\.168\.\d+\.\d+$`)},
		{scrub.IP, "52.114.188.37", regexp.MustCompile(`^52\.\d+\.\d+\.\d+$`)},
		{scrub.IP, "2a01:111:f100:3000::a83e:1a2b", regexp.MustCompile(`^2a01:[0-9a-f:]+$`)},
		{scrub.IP, "fe80::1c2d:3e4f:5a6b:7c8d%eth0", regexp.MustCompile(`^fe80::[0-9a-f:]+%eth0$`)},
		{scrub.IP, "::ffff:10.1.2.3", regexp.MustCompile(`^::ffff:10\.\d+\.\d+\.\d+$`)},
		{scrub.Subnet, "10.20.14.0", regexp.MustCompile(`^10\.\d+\.\d+\.0$`)},
		{scrub.Subnet, "10.20.0.0/16", regexp.MustCompile(`^10\.\d+\.0\.0/16$`)},
		{scrub.MAC, "3C-52-82-4A-2B-91", regexp.MustCompile(`^[0-9A-F]([26AE])(-[0-9A-F]{2}){5}$`)},
		{scrub.MAC, "a4:2b:b0:6c:1d:3e", regexp.MustCompile(`^[0-9a-f][26ae](:[0-9a-f]{2}){5}$`)},
		{scrub.MAC, "a42b.b06c.1d3e", regexp.MustCompile(`^[0-9a-f][26ae][0-9a-f]{2}\.[0-9a-f]{4}\.[0-9a-f]{4}$`)},
		{scrub.Device, "DESKTOP-8F3KQ2", regexp.MustCompile(`^Device-[0-9A-F]{8}$`)},
		{scrub.Domain, "corp.contoso.com", regexp.MustCompile(`^d[0-9a-f]{8}\.example$`)},
		{scrub.URL, "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%22Tid%22%7d", regexp.MustCompile(`^https://teams\.microsoft\.com/l/meetup-join/[0-9a-f]{24}$`)},
		{scrub.URL, "https://meet.contoso.com/alice/XY12", regexp.MustCompile(`^https://d[0-9a-f]{8}\.example/[0-9a-f]{24}$`)},
		{scrub.Text, "Echo on my side", regexp.MustCompile(`^Text [0-9a-f]{8}$`)},
		{scrub.Technical, "AudioCodes/7.40A.500.262 (sbc01.voice.contoso.com)", regexp.MustCompile(`^AudioCodes/7\.40A\.500\.262 \(d[0-9a-f]{8}\.example\)$`)},
		{scrub.Technical, "SBC/1.0 (10.1.2.3) admin@contoso.com", regexp.MustCompile(`^SBC/1\.0 \(10\.\d+\.\d+\.\d+\) user\.[0-9a-f]{8}@d[0-9a-f]{8}\.example$`)},
	}
	for _, c := range cases {
		got := s.Value(c.kind, c.in)
		if !c.want.MatchString(got) || got == c.in {
			t.Errorf("Value(%v, %q) = %q, want a match of %s", c.kind, c.in, got, c.want)
		}
		if again := newScrubber(t, "test key").Value(c.kind, c.in); again != got {
			t.Errorf("Value(%v, %q) with a new scrubber and the same key = %q, want %q", c.kind, c.in, again, got)
		}
		if other := newScrubber(t, "other key").Value(c.kind, c.in); other == got {
			t.Errorf("Value(%v, %q) is %q with two keys", c.kind, c.in, got)
		}
	}
}

// TestPseudonymsKeepWhatIsNotPersonal: kept kinds, empty values, privacy placeholders and
// special addresses come back as they are.
func TestPseudonymsKeepWhatIsNotPersonal(t *testing.T) {
	t.Parallel()
	s := newScrubber(t, "k")
	cases := []struct {
		kind scrub.Kind
		in   string
	}{
		{scrub.Key, "6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48"},
		{scrub.Time, "2026-11-20T09:14:03.2169889Z"},
		{scrub.Technical, "Microsoft Teams/24295.605.3225.8804"},
		{scrub.Technical, "Microsoft Teams/1416/1.0.0.2025224401 (Android 16; Google Pixel 9)"},
		{scrub.Technical, "22.250.1.2"},
		{scrub.Technical, "Realtek: 6.0.9235.1 Microsoft.Teams"},
		{scrub.Name, ""},
		{scrub.Name, "  "},
		{scrub.MAC, "02-00-00-00-00-00"},
		{scrub.MAC, "00:00:00:00:00:00"},
		{scrub.IP, "127.0.0.1"},
		{scrub.IP, "::1"},
		{scrub.IP, "0.0.0.0"},
		{scrub.Subnet, "0.0.0.0"},
	}
	for _, c := range cases {
		if got := s.Value(c.kind, c.in); got != c.in {
			t.Errorf("Value(%v, %q) = %q, want it kept", c.kind, c.in, got)
		}
	}
	if _, err := scrub.New(nil); err == nil {
		t.Error("New(nil) = nil error, want an error for the empty key")
	}
}

// TestConsistentAcrossFields: one value is one pseudonym whatever field it is in, and the users
// of one domain share the domain's pseudonym.
func TestConsistentAcrossFields(t *testing.T) {
	t.Parallel()
	s := newScrubber(t, "k")
	id := "3f2c8a1e-6b4d-4e7a-9c15-8d2e0f6a7b31"
	if a, b, c := s.Value(scrub.ID, id), s.Value(scrub.Name, id), s.Value(scrub.ID, "8:orgid:"+id); a != b || c != "8:orgid:"+a {
		t.Errorf("a GUID as an id %q, as a name %q, in a messaging id %q: want one pseudonym", a, b, c)
	}
	resource := "3c9d1e7f-2b4a-4d8e-9f61-0a5c7e2b8d43"
	if acs, r := s.Value(scrub.ID, "8:acs:"+resource+"_00000027-4f1a-8b2c-3e5d-6f7a8b9c0d1e"), s.Value(scrub.ID, resource); !strings.HasPrefix(acs, "8:acs:"+r+"_") {
		t.Errorf("an ACS user %q does not name its resource %q", acs, r)
	}
	phone := "+14255550100"
	if a, b := s.Value(scrub.ID, phone), s.Value(scrub.Name, "+1 425 555 0100"); strings.ReplaceAll(b, " ", "") != a {
		t.Errorf("a phone number as an id %q and as a spaced display name %q: want the same digits", a, b)
	}
	a, b := s.Value(scrub.UPN, "alice@contoso.com"), s.Value(scrub.UPN, "bob@Contoso.com")
	if _, da, _ := strings.Cut(a, "@"); !strings.HasSuffix(b, "@"+da) || a == b {
		t.Errorf("alice %q and bob %q: want distinct users of one domain", a, b)
	}
	if d := s.Value(scrub.Domain, "contoso.com"); !strings.HasSuffix(a, "@"+d) {
		t.Errorf("the DNS suffix contoso.com is %q but the users' domain is %q", d, a)
	}
}

// TestAddressesKeepTheirRelations: addresses that share their first octets share them mapped
// (so a subnet's addresses stay in the mapped subnet), distinct addresses stay distinct, and
// public IPv4 addresses stay public.
func TestAddressesKeepTheirRelations(t *testing.T) {
	t.Parallel()
	s := newScrubber(t, "k")
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[string]string{}
	for i := 0; i < 3000; i++ {
		a := netip.AddrFrom4([4]byte{byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
		b := a.As4()
		b[3] = byte(rng.IntN(256))
		if i%2 == 0 {
			b[2] = byte(rng.IntN(256))
		}
		ma, mb := s.Value(scrub.IP, a.String()), s.Value(scrub.IP, netip.AddrFrom4(b).String())
		if prev, ok := seen[ma]; ok && prev != a.String() {
			t.Fatalf("%s and %s both map to %s", prev, a, ma)
		}
		seen[ma] = a.String()
		pa, pb := netip.MustParseAddr(ma).As4(), netip.MustParseAddr(mb).As4()
		if shared := sharedOctets(a.As4(), b); sharedOctets(pa, pb) < shared {
			t.Fatalf("%s and %s share %d octets, mapped %s and %s fewer", a, netip.AddrFrom4(b), shared, ma, mb)
		}
		if !isSpecial(a) && isSpecial(netip.MustParseAddr(ma)) {
			t.Fatalf("the public %s maps to the special %s", a, ma)
		}
		sub := a.As4()
		sub[3] = 0
		msub := netip.MustParseAddr(s.Value(scrub.Subnet, netip.AddrFrom4(sub).String())).As4()
		if sub[2] != 0 && (msub[3] != 0 || [3]byte(msub[:3]) != [3]byte(pa[:3])) {
			t.Fatalf("%s is in %s, but mapped %s is not in %v", a, netip.AddrFrom4(sub), ma, msub)
		}
	}
}

func sharedOctets(a, b [4]byte) int {
	n := 0
	for n < 4 && a[n] == b[n] {
		n++
	}
	return n
}

// isSpecial reports a private, shared, link-local, loopback or benchmarking IPv4 address.
func isSpecial(a netip.Addr) bool {
	for _, p := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8", "198.18.0.0/15"} {
		if netip.MustParsePrefix(p).Contains(a) {
			return true
		}
	}
	return false
}

// TestPseudonymsDoNotCollide maps many distinct values of each kind and finds no two alike.
func TestPseudonymsDoNotCollide(t *testing.T) {
	t.Parallel()
	s := newScrubber(t, "k")
	for _, k := range []scrub.Kind{scrub.ID, scrub.Name, scrub.UPN, scrub.Device, scrub.MAC} {
		seen := map[string]bool{}
		for i := 0; i < 2000; i++ {
			in := fmt.Sprintf("value %d", i)
			switch k {
			case scrub.UPN:
				in = fmt.Sprintf("user%d@contoso.com", i)
			case scrub.MAC:
				in = fmt.Sprintf("00-1b-21-%02x-%02x-%02x", i>>16&255, i>>8&255, i&255)
			}
			out := s.Value(k, in)
			if seen[out] {
				t.Fatalf("%v: %q collides", k, out)
			}
			seen[out] = true
		}
	}
}
