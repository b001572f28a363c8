package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"net/url"
)

// Signer signs the console's run links. A link that runs a request (a sample, an
// @odata.nextLink) is a GET, which a page on another site can make a browser follow; so a link
// runs only with the signature of the exact request it describes, made with a key that never
// leaves the server. Another site can neither read a signed link nor forge one: following its
// own link only fills the form. Each server has its own key; a Signer is immutable.
type Signer struct {
	key [32]byte
}

// NewSigner makes a signer with a fresh random key.
func NewSigner() Signer {
	var s Signer
	_, _ = rand.Read(s.key[:]) // crypto/rand.Read never fails (Go 1.24+)
	return s
}

// Sign is the signature of a request's link fields (Values): 22 URL-safe characters.
func (s Signer) Sign(r Request) string {
	return base64.RawURLEncoding.EncodeToString(s.mac(r.Values())[:16])
}

// Verify reports whether sig is the signature of r (as FromForm read it from a link).
func (s Signer) Verify(r Request, sig string) bool {
	got, err := base64.RawURLEncoding.DecodeString(sig)
	return err == nil && len(got) == 16 && hmac.Equal(got, s.mac(r.Values())[:16])
}

// Link is the query of a link that fills the console with r and runs it.
func (s Signer) Link(r Request) url.Values {
	v := r.Values()
	v.Set("run", s.Sign(r))
	return v
}

// mac authenticates the link fields, each length-prefixed so that no two requests encode alike.
func (s Signer) mac(v url.Values) []byte {
	m := hmac.New(sha256.New, s.key[:])
	for _, field := range []string{"method", "url", "headers", "body"} {
		val := v.Get(field)
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(val)))
		m.Write(n[:])
		m.Write([]byte(val))
	}
	return m.Sum(nil)
}
