package mockserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strings"
)

// Page sizes Graph documents for callRecords: 60 call records and 60 sessions a page, 130
// participants. Graph documents no segment page size; the mock uses 60 like sessions.
const (
	maxRecordsPage      = 60
	maxSessionsPage     = 60
	maxSegmentsPage     = 60
	maxParticipantsPage = 130
)

// skipTokenKey signs paging tokens. Tokens only need to be tamper-evident, not secret, and a fixed
// key keeps nextLinks identical from run to run (golden files, reproducible journals).
const skipTokenKey = "graphmock/skiptoken/v1"

// skipToken is the position a nextLink continues from: the sequence number of the last item the
// previous page returned, and the page size, which clients do not resend (they drop the Prefer
// header when they follow a link). It is bound to its collection by an HMAC, so a token from
// one collection, or an edited one, is rejected.
type skipToken struct {
	after uint64
	size  int
}

// encode makes the opaque $skiptoken value for a collection.
func (t skipToken) encode(collection string) string {
	buf := make([]byte, 0, 32)
	buf = append(buf, 1) // format version
	buf = binary.AppendUvarint(buf, t.after)
	buf = binary.AppendUvarint(buf, uint64(t.size))
	buf = append(buf, tokenMAC(collection, buf)...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// decodeSkipToken reads a $skiptoken for a collection; any change to it, or use against another
// collection, is a 400.
func decodeSkipToken(s, collection string) (skipToken, error) {
	bad := badRequest("The $skiptoken '%s' is not valid for this collection: pass the @odata.nextLink exactly as the previous page returned it.", s)
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil || len(raw) < 1+macSize {
		return skipToken{}, bad
	}
	body, mac := raw[:len(raw)-macSize], raw[len(raw)-macSize:]
	if !hmac.Equal(mac, tokenMAC(collection, body)) || body[0] != 1 {
		return skipToken{}, bad
	}
	after, n := binary.Uvarint(body[1:])
	if n <= 0 {
		return skipToken{}, bad
	}
	size, m := binary.Uvarint(body[1+n:])
	if m <= 0 || 1+n+m != len(body) || size == 0 || size > maxParticipantsPage {
		return skipToken{}, bad
	}
	return skipToken{after: after, size: int(size)}, nil
}

const macSize = 8

func tokenMAC(collection string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(skipTokenKey))
	h.Write([]byte(collection))
	h.Write([]byte{0})
	h.Write(body)
	return h.Sum(nil)[:macSize]
}
