package scrub

import (
	"encoding/hex"
	"net/netip"
	"strings"
)

// IP addresses are mapped octet by octet: each octet goes through a keyed permutation chosen by
// the octets before it (a 4-round Feistel network on 8 bits, from the HMAC of the prefix). So
// addresses that share their first n octets share their first n mapped octets (a /24 stays one
// /24, a subnet's addresses stay in the mapped subnet), and no two addresses map to one. An
// octet 0 stays 0 (and in IPv4 an octet 255 stays 255), so network and broadcast addresses
// keep their form. The octets that say what kind of address it is are kept: the first octet of
// a public IPv4 address (its /8), the first two of a private, shared or link-local one (10/8
// keeps one), the first three of a documentation range, all of a loopback, multicast or
// reserved one; the first two octets of an IPv6 address (all of loopback and multicast), and an
// IPv4 address embedded in IPv6 is mapped as IPv4. A mapped public IPv4 address is
// never private or reserved.

// ip maps an address, keeping its zone.
func (s *Scrubber) ip(a netip.Addr) netip.Addr {
	zone := a.Zone()
	var out netip.Addr
	switch {
	case a.Is4():
		b := a.As4()
		s.mapOctets(b[:], "ip4", keep4(b))
		out = netip.AddrFrom4(b)
	case a.Is4In6():
		v4 := s.ip(a.Unmap())
		out = netip.AddrFrom16(netip.AddrFrom4(v4.As4()).As16())
	default:
		b := a.As16()
		k := keep6(b)
		if k == 12 && b[0] == 0 && b[1] == 0x64 { // 64:ff9b::/96, NAT64: an IPv4 address inside
			v4 := s.ip(netip.AddrFrom4([4]byte(b[12:16]))).As4()
			copy(b[12:], v4[:])
		} else {
			s.mapOctets(b[:], "ip6", k)
		}
		out = netip.AddrFrom16(b)
	}
	if zone != "" {
		out = out.WithZone(zone)
	}
	return out
}

// mapOctets maps b[keep:] in place, each octet by the permutation its input prefix selects.
func (s *Scrubber) mapOctets(b []byte, family string, keep int) {
	in := append([]byte(nil), b...)
	for j := keep; j < len(b); j++ {
		if in[j] == 0 || (family == "ip4" && in[j] == 255) {
			continue
		}
		rounds := s.digest(family, string(append([]byte{byte(j)}, in[:j]...)))
		y := feistel(rounds, in[j])
		for !allowedOctet(family, in[:j], y) {
			y = feistel(rounds, y) // cycle-walking: a permutation of the allowed octets
		}
		b[j] = y
	}
}

// feistel is a 4-round Feistel network on one byte, its round functions the 64 nibbles of
// rounds (an HMAC digest): a permutation of 0..255.
func feistel(rounds []byte, x byte) byte {
	l, r := x>>4, x&15
	for i := 0; i < 4; i++ {
		n := i*16 + int(r)
		f := rounds[n/2]
		if n%2 == 1 {
			f >>= 4
		}
		l, r = r, l^(f&15)
	}
	return l<<4 | r
}

// allowedOctet reports whether y may follow prefix in a mapped address: never 0 (or 255 in IPv4),
// which stay themselves, and after a public IPv4 first octet, no second octet that would make
// the address private, shared or reserved (the first octet alone is kept for public ones).
func allowedOctet(family string, prefix []byte, y byte) bool {
	if y == 0 || (family == "ip4" && y == 255) {
		return false
	}
	if family != "ip4" || len(prefix) != 1 {
		return true
	}
	switch prefix[0] {
	case 100:
		return y < 64 || y > 127
	case 169:
		return y != 254
	case 172:
		return y < 16 || y > 31
	case 192:
		return y != 168
	case 198:
		return y != 18 && y != 19
	}
	return true
}

// keep4 is how many leading octets of an IPv4 address say what kind it is, and are kept.
func keep4(b [4]byte) int {
	switch {
	case b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2), b[0] == 198 && b[1] == 51 && b[2] == 100, b[0] == 203 && b[1] == 0 && b[2] == 113:
		return 3 // documentation and IETF ranges
	case b[0] == 172 && b[1]&0xf0 == 16, b[0] == 192 && b[1] == 168, b[0] == 100 && b[1]&0xc0 == 64,
		b[0] == 169 && b[1] == 254, b[0] == 198 && b[1]&0xfe == 18:
		return 2 // private, shared (CGNAT), link-local, benchmarking
	case b[0] == 127, b[0] == 0, b[0] >= 224:
		return 4 // loopback, "this network", multicast and reserved: no host of the tenant
	}
	return 1 // 10/8 and public addresses keep their /8
}

// keep6 is how many leading octets of an IPv6 address are kept.
func keep6(b [16]byte) int {
	switch {
	case b == [16]byte{}, b == [16]byte{15: 1}, b[0] == 0xff:
		return 16 // unspecified, loopback and multicast
	case b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4]|b[5]|b[6]|b[7]|b[8]|b[9]|b[10]|b[11] == 0:
		return 12
	case b[0] == 0x20 && b[1] == 0x01 && (b[2] == 0x0d && b[3] == 0xb8 || b[2] == 0 && b[3] == 0):
		return 4 // documentation, Teredo
	}
	return 2 // link-local fe80::/10, unique local fc00::/7, global /16
}

// macAddress maps a MAC address written with ':' or '-' between its six octets (or, when any is
// set, also as aabb.ccdd.eeff or 12 hex digits) to a locally administered unicast address in the
// same form and case. The all-zero address and 02:00:00:00:00:00, which operating systems
// report in place of the real one, are kept.
func (s *Scrubber) macAddress(v string, any bool) (string, bool) {
	raw, ok := parseMAC(v, any)
	if !ok {
		return "", false
	}
	if raw == "000000000000" || raw == "020000000000" {
		return v, true
	}
	d := s.digest("mac", raw)
	d[0] = d[0]&^0x01 | 0x02
	h := []byte(hex.EncodeToString(d[:6]))
	out := []byte(v)
	n := 0
	upper := strings.ToUpper(v) == v
	for i := range out {
		if !isHex(out[i]) {
			continue
		}
		c := h[n]
		if upper && c >= 'a' {
			c -= 'a' - 'A'
		}
		out[i] = c
		n++
	}
	return string(out), true
}

// parseMAC returns the 12 hex digits of a MAC address, lower case.
func parseMAC(v string, any bool) (string, bool) {
	var digits []byte
	switch {
	case len(v) == 17 && (v[2] == ':' || v[2] == '-'):
		for i := 0; i < 17; i++ {
			if i%3 == 2 {
				if v[i] != v[2] {
					return "", false
				}
				continue
			}
			digits = append(digits, v[i])
		}
	case any && len(v) == 14 && v[4] == '.' && v[9] == '.':
		digits = []byte(v[0:4] + v[5:9] + v[10:14])
	case any && len(v) == 12:
		digits = []byte(v)
	default:
		return "", false
	}
	for _, c := range digits {
		if !isHex(c) {
			return "", false
		}
	}
	return strings.ToLower(string(digits)), true
}
