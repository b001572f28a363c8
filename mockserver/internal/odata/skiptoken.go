package odata

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
)

// skipTokenKey signs paging tokens. Tokens only need to be tamper-evident, not secret, and a fixed
// key keeps nextLinks identical from run to run (golden files, reproducible journals).
const skipTokenKey = "graphmock/skiptoken/v1"

// macSize is how many bytes of the HMAC a token carries.
const macSize = 8

// SkipToken is the position a next link continues from: After is the sequence number of the
// last item the previous page returned, and Size the page size, which clients do not resend (they
// drop the Prefer header when they follow a link). Top is the $top of the request the token came
// from (0: it had none): the next link repeats that $top, and a request that changes it is
// refused rather than silently paged by the old one. Encoded, it is bound to its collection by an
// HMAC, so a token from another collection, or an edited one, is rejected.
type SkipToken struct {
	After uint64
	Size  int
	Top   int
}

// Encode makes the opaque $skiptoken value of t for a collection (see RecordsCollection and its
// siblings for the names). The same token and collection always give the same text.
func (t SkipToken) Encode(collection string) string {
	buf := make([]byte, 0, 32)
	version := byte(1) // format 1: no $top; format 2 adds it (format 1 tokens stay as they were)
	if t.Top > 0 {
		version = 2
	}
	buf = append(buf, version)
	buf = binary.AppendUvarint(buf, t.After)
	buf = binary.AppendUvarint(buf, uint64(t.Size))
	if t.Top > 0 {
		buf = binary.AppendUvarint(buf, uint64(t.Top))
	}
	buf = append(buf, tokenMAC(collection, buf)...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// DecodeSkipToken reads a $skiptoken for a collection. Any change to it, or its use against
// another collection, is a *QueryError telling the client to pass the next link as it came.
func DecodeSkipToken(s, collection string) (SkipToken, error) {
	bad := errorf("The $skiptoken '%s' is not valid for this collection: pass the @odata.nextLink exactly as the previous page returned it.", s)
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil || len(raw) < 1+macSize {
		return SkipToken{}, bad
	}
	body, mac := raw[:len(raw)-macSize], raw[len(raw)-macSize:]
	if !hmac.Equal(mac, tokenMAC(collection, body)) || body[0] != 1 && body[0] != 2 {
		return SkipToken{}, bad
	}
	var fields [3]uint64
	rest := body[1:]
	for i := range int(body[0]) + 1 {
		v, n := binary.Uvarint(rest)
		if n <= 0 {
			return SkipToken{}, bad
		}
		fields[i], rest = v, rest[n:]
	}
	size, top := fields[1], fields[2]
	if len(rest) != 0 || size == 0 || size > MaxParticipantsPage || top > MaxParticipantsPage || body[0] == 2 && top == 0 {
		return SkipToken{}, bad
	}
	return SkipToken{After: fields[0], Size: int(size), Top: int(top)}, nil
}

// sameRequest checks that a request carries the token the way its next link did: with the same
// $top and without $skip (the token holds the position).
func (t SkipToken) sameRequest(q Query) error {
	const follow = " Follow the @odata.nextLink exactly as the previous page returned it."
	top := 0
	if q.Has(OptTop) {
		top = q.Top
	}
	switch {
	case q.Has(OptSkip):
		return errorf("$skip cannot be combined with $skiptoken: the token already holds the position." + follow)
	case top != t.Top && t.Top == 0:
		return errorf("The $skiptoken came from a request without $top, but this one has $top=%d."+follow, top)
	case top != t.Top && top == 0:
		return errorf("The $skiptoken came from a request with $top=%d, but this one has no $top."+follow, t.Top)
	case top != t.Top:
		return errorf("The $skiptoken came from a request with $top=%d, but this one has $top=%d."+follow, t.Top, top)
	}
	return nil
}

// tokenMAC is the truncated HMAC that binds a token body to its collection.
func tokenMAC(collection string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(skipTokenKey))
	h.Write([]byte(collection))
	h.Write([]byte{0})
	h.Write(body)
	return h.Sum(nil)[:macSize]
}

// RecordsCollection names the call records list, for binding skip tokens to it.
func RecordsCollection() string { return "callRecords" }

// SessionsCollection names a record's sessions list, for binding skip tokens to it.
func SessionsCollection(recordID string) string { return "sessions/" + strconv.Quote(recordID) }

// ParticipantsCollection names a record's participants_v2 list, for binding skip tokens to it.
func ParticipantsCollection(recordID string) string {
	return "participants/" + strconv.Quote(recordID)
}

// SegmentsCollection names a session's segments list, for binding skip tokens to it.
func SegmentsCollection(recordID, sessionID string) string {
	return "segments/" + strconv.Quote(recordID) + "/" + strconv.Quote(sessionID)
}
