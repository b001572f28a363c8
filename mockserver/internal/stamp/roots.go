package stamp

import "sync/atomic"

// Roots remembers service roots ("http://host/v1.0", "https://host/_ns/job-7/beta"): every
// Graph response links to its root, and a server answering one host builds the same few roots
// over and over. A root is made of four parts (scheme and host, or a configured public base URL
// and "", then a namespace prefix or "", then the API version); it is kept in one of a few slots
// chosen by the parts, so building it again is a lookup. It is safe for concurrent use.
//
// For lets a request name its root by what it knows: the configured public base URL (""
// when none), its own host and whether it came over TLS.
type Roots struct {
	slots [16]atomic.Pointer[root]
}

type root struct {
	origin, host, prefix, version string
	value                         string
}

// For returns the root of a request: public + prefix + "/" + version when a public base URL is
// configured, else "http://" or "https://" (tls) + host + prefix + "/" + version.
func (r *Roots) For(public, host string, tls bool, prefix, version string) string {
	switch {
	case public != "":
		return r.Get(public, "", prefix, version)
	case tls:
		return r.Get("https://", host, prefix, version)
	}
	return r.Get("http://", host, prefix, version)
}

// Get returns origin + host + prefix + "/" + version.
func (r *Roots) Get(origin, host, prefix, version string) string {
	h := uint(len(origin)) + 3*uint(len(host)) + 5*uint(len(prefix)) + 7*uint(len(version))
	if len(host) > 0 {
		h += uint(host[len(host)-1])
	}
	if len(prefix) > 0 {
		h += 11 * uint(prefix[len(prefix)-1])
	}
	if len(version) > 0 {
		h += 13 * uint(version[0])
	}
	slot := &r.slots[h%uint(len(r.slots))]
	if c := slot.Load(); c != nil && c.origin == origin && c.host == host && c.prefix == prefix && c.version == version {
		return c.value
	}
	c := &root{origin: origin, host: host, prefix: prefix, version: version, value: origin + host + prefix + "/" + version}
	slot.Store(c)
	return c.value
}
