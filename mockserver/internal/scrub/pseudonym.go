package scrub

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// Scrubber replaces personal data with pseudonyms keyed by a secret. It remembers each value it
// has mapped, so a value repeated across a tenant's records costs one HMAC. It is not safe for
// concurrent use.
type Scrubber struct {
	mac   hash.Hash
	sum   []byte
	cache map[string]string
	model *types
}

// New returns a Scrubber keyed by key, which must not be empty. The same key maps the same value
// to the same pseudonym in every run; keep it secret, since whoever holds it can test guesses (a
// phone number, an address) against the pseudonyms. The error is also a string field of the
// schemas that the classification table does not name.
func New(key []byte) (*Scrubber, error) {
	if len(key) == 0 {
		return nil, errors.New("scrub: the key is empty")
	}
	t, err := shared()
	if err != nil {
		return nil, err
	}
	return &Scrubber{mac: hmac.New(sha256.New, key), cache: map[string]string{}, model: t}, nil
}

// digest is the HMAC of value in a domain: the domains keep the shapes apart, so a GUID and a
// name with the same text do not share bits.
func (s *Scrubber) digest(domain, value string) []byte {
	s.mac.Reset()
	s.mac.Write([]byte(domain))
	s.mac.Write([]byte{0})
	s.mac.Write([]byte(value))
	s.sum = s.mac.Sum(s.sum[:0])
	return s.sum
}

// hexOf is the first n bytes of a domain's digest of value in hex.
func (s *Scrubber) hexOf(domain, value string, n int) string {
	return hex.EncodeToString(s.digest(domain, value)[:n])
}

// Value returns the pseudonym of v as a field of kind k. A key, time, duration or enum, an empty
// value and a value of blanks are returned as they are; a technical text is kept but for the
// addresses inside it.
func (s *Scrubber) Value(k Kind, v string) string {
	if k < Technical || strings.TrimSpace(v) == "" {
		return v
	}
	key := string(rune('A'+k)) + v
	if out, ok := s.cache[key]; ok {
		return out
	}
	out := s.value(k, v)
	s.cache[key] = out
	return out
}

// value maps v by kind. A value with a recognisable shape (a GUID, an IP or MAC address, an
// e-mail address, a phone number) is mapped by its shape in every kind that can hold one, so a
// display name that repeats a phone number maps to the phone number's pseudonym.
func (s *Scrubber) value(k Kind, v string) string {
	switch k {
	case Technical:
		return s.technical(v)
	case IP, Subnet:
		if out, ok := s.subnet(v, k == Subnet); ok {
			return out
		}
	case MAC:
		if out, ok := s.macAddress(v, true); ok {
			return out
		}
	case Domain:
		return s.domain(v)
	case URL:
		return s.url(v)
	case Text:
		return "Text " + s.hexOf("text", v, 4)
	}
	if out, ok := s.shaped(v); ok {
		return out
	}
	switch k {
	case Name:
		return "User " + s.hexOf("name", v, 4)
	case Device:
		return "Device-" + strings.ToUpper(s.hexOf("device", v, 4))
	}
	if m := messagingID().FindStringSubmatch(v); m != nil {
		if strings.Trim(guidIn().ReplaceAllString(m[2], ""), "_:") == "" {
			return m[1] + guidIn().ReplaceAllStringFunc(m[2], s.guid) // 8:acs:RESOURCE_USER: each GUID as itself
		}
		return m[1] + s.Value(ID, m[2])
	}
	return "id-" + s.hexOf("id", v, 8)
}

// messagingID is a Teams or Skype messaging id: a numeric type, a scheme and the id, such as
// 8:orgid:GUID or 8:acs:RESOURCE_USER. The type and scheme are kept; the id is mapped as an id,
// or GUID by GUID when it is GUIDs joined by _ (so an ACS user's resource matches its
// azureCommunicationServicesResourceId).
var messagingID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{1,3}:[a-z]{2,16}:)(.+)$`) })

// guidIn finds the GUIDs in a text.
var guidIn = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}`)
})

// shaped maps a value by its shape: GUID, IP address, MAC address, e-mail address, phone number.
func (s *Scrubber) shaped(v string) (string, bool) {
	switch {
	case isGUID(v):
		return s.guid(v), true
	case strings.Contains(v, "@"):
		return s.email(v)
	}
	if out, ok := s.subnet(v, false); ok {
		return out, true
	}
	if out, ok := s.macAddress(v, false); ok {
		return out, true
	}
	return s.phone(v)
}

// isGUID reports whether v is a GUID in its 8-4-4-4-12 form.
func isGUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := v[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !isHex(c) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// guid maps a GUID to a version-4 GUID, case-insensitively, in the case it was written.
func (s *Scrubber) guid(v string) string {
	d := s.digest("guid", strings.ToLower(v))
	d[6] = d[6]&0x0f | 0x40
	d[8] = d[8]&0x3f | 0x80
	h := hex.EncodeToString(d[:16])
	out := h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	if strings.ToUpper(v) == v && strings.ToLower(v) != v {
		out = strings.ToUpper(out)
	}
	return out
}

// email maps local@domain to user.<hex>@<domain's pseudonym>: every user of one domain shares
// its pseudonym, and the local part is keyed by the whole address (case-insensitively).
func (s *Scrubber) email(v string) (string, bool) {
	at := strings.LastIndexByte(v, '@')
	local, dom := v[:max(at, 0)], v[at+1:]
	if at <= 0 || !strings.Contains(dom, ".") || strings.ContainsAny(v, " \t\r\n<>\"") {
		return "", false
	}
	return "user." + s.hexOf("upn", strings.ToLower(local+"@"+dom), 4) + "@" + s.domain(dom), true
}

// domain maps a DNS name to d<hex>.example (RFC 2606), case-insensitively.
func (s *Scrubber) domain(v string) string {
	return "d" + s.hexOf("domain", strings.TrimSuffix(strings.ToLower(v), "."), 4) + ".example"
}

// phoneShape is a phone number as Graph writes it: digits with an optional leading + (or tel:)
// and the usual separators.
var phoneShape = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(tel:)?\+?[0-9(][0-9 ().\-]*$`) })

// phone maps a phone number (7 to 20 digits) to one with as many digits and the same
// separators; the digits alone are keyed, so +1 (425) 555-0100 and +14255550100 agree.
func (s *Scrubber) phone(v string) (string, bool) {
	if !phoneShape().MatchString(v) {
		return "", false
	}
	var digits []byte
	for i := 0; i < len(v); i++ {
		if v[i] >= '0' && v[i] <= '9' {
			digits = append(digits, v[i])
		}
	}
	if len(digits) < 7 || len(digits) > 20 {
		return "", false
	}
	d := s.digest("phone", string(digits))
	out := []byte(v)
	n := 0
	for i := range out {
		if out[i] < '0' || out[i] > '9' {
			continue
		}
		digit := d[n] % 10
		if n == 0 {
			digit = 1 + d[n]%9 // no leading zero: the number stays dialable in form
		}
		out[i] = '0' + digit
		n++
	}
	return string(out), true
}

// url maps a meeting join URL: a Microsoft host (teams.microsoft.com, *.skype.com) is kept and
// another is mapped as a domain; the path and query, which carry the tenant's and the
// organizer's ids, become /l/meetup-join/<hex> (or /<hex>).
func (s *Scrubber) url(v string) string {
	token := s.hexOf("url", v, 12)
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "https://teams.microsoft.com/l/meetup-join/" + token
	}
	host := strings.ToLower(u.Hostname())
	if host != "teams.microsoft.com" && host != "teams.live.com" && !strings.HasSuffix(host, ".microsoft.com") && !strings.HasSuffix(host, ".skype.com") {
		host = s.domain(host)
	}
	path := "/" + token
	if strings.HasPrefix(u.Path, "/l/meetup-join/") {
		path = "/l/meetup-join/" + token
	}
	return u.Scheme + "://" + host + path
}

// subnet maps an IP address, or a network address (a.b.c.0 or CIDR a.b.0.0/16) when network is
// set: the address is mapped by ipBytes, and a CIDR prefix keeps its length with its host bits
// zero. ok is false when v is neither.
func (s *Scrubber) subnet(v string, network bool) (string, bool) {
	if p, err := netip.ParsePrefix(v); err == nil && network {
		a := s.ip(p.Addr())
		return netip.PrefixFrom(a, p.Bits()).Masked().String(), true
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return "", false
	}
	return s.ip(a).String(), true
}
