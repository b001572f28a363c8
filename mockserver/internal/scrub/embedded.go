package scrub

import (
	"net/netip"
	"regexp"
	"strings"
	"sync"
)

// embeddedAddress finds what may name the tenant inside a technical text: an e-mail address, a
// DNS name (labels ending in a lower-case alphabetic top-level label, as a Direct Routing SBC's
// user agent carries its FQDN: "AudioCodes/7.40A (sbc01.voice.contoso.com)") or an IPv4 address
// in brackets or parentheses (elsewhere four small numbers are a version: 22.250.1.2). This
// package's regular expressions compile on first use, not at every start of the binary, which
// only scrubs in graphmock import.
var embeddedAddress = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}` +
		`|([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[a-z]{2,24}` +
		`|\d{1,3}(\.\d{1,3}){3}`)
})

// technical keeps a technical text (a version, a driver, a user agent) but maps the addresses
// inside it: e-mail addresses and DNS names as UPN and Domain do, IPv4 addresses as IP does. A
// match that runs on into a longer word or number (a version's 1.2.3.4567) is left alone.
func (s *Scrubber) technical(v string) string {
	locs := embeddedAddress().FindAllStringIndex(v, -1)
	if locs == nil {
		return v
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		start, end := l[0], l[1]
		if start > 0 && inWord(v[start-1]) || end < len(v) && inWord(v[end]) {
			continue
		}
		m := v[start:end]
		out := ""
		switch {
		case strings.Contains(m, "@"):
			out, _ = s.email(m)
		case isDigit(m[len(m)-1]):
			if a, err := netip.ParseAddr(m); err == nil && start > 0 && (v[start-1] == '(' || v[start-1] == '[') {
				out = s.ip(a).String()
			}
		default:
			out = s.domain(m)
		}
		if out == "" {
			continue
		}
		b.WriteString(v[last:start])
		b.WriteString(out)
		last = end
	}
	if last == 0 {
		return v
	}
	b.WriteString(v[last:])
	return b.String()
}

// inWord reports a byte that would continue an address or a number.
func inWord(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '-' || c == '_' || c == '@'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
