package canon

import (
	"bytes"
	"time"
)

// layoutSeconds is a DateTimeOffset up to its seconds.
const layoutSeconds = "2006-01-02T15:04:05"

// appendDateTime appends a DateTimeOffset string literal in UTC with Z, as Graph serves every
// DateTimeOffset: 2026-11-20T10:20:00.5+01:00 is 2026-11-20T09:20:00.5Z. The instant and the
// fractional digits as written are kept; +00:00 and -00:00 become Z. A literal that is not a
// DateTimeOffset (or would leave the years 0000-9999) is appended as written.
func appendDateTime(b, lit []byte) []byte {
	s := lit[1 : len(lit)-1]
	if len(s) < len(layoutSeconds)+6 || s[len(s)-1] == 'Z' || bytes.IndexByte(s, '\\') >= 0 {
		return append(b, lit...)
	}
	zone, local := s[len(s)-6:], s[:len(s)-6]
	frac := local[len(layoutSeconds):]
	if zone[0] != '+' && zone[0] != '-' || zone[3] != ':' || !allDigits(zone[1:3]) || !allDigits(zone[4:]) ||
		len(frac) > 0 && (frac[0] != '.' || len(frac) < 2 || !allDigits(frac[1:])) {
		return append(b, lit...)
	}
	t, err := time.Parse(layoutSeconds, string(local[:len(layoutSeconds)]))
	if err != nil {
		return append(b, lit...)
	}
	offset := time.Duration((int(zone[1]-'0')*10+int(zone[2]-'0'))*60+int(zone[4]-'0')*10+int(zone[5]-'0')) * time.Minute
	if zone[0] == '+' {
		offset = -offset
	}
	u := t.Add(offset)
	if u.Year() < 0 || u.Year() > 9999 {
		return append(b, lit...)
	}
	b = append(b, '"')
	b = u.AppendFormat(b, layoutSeconds)
	b = append(b, frac...)
	return append(b, 'Z', '"')
}

func allDigits(s []byte) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(s) > 0
}
