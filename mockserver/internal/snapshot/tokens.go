package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
)

// plainToken reports whether s is written as it is in a snapshot's head line: not empty, not
// "-" (an absent time), printable ASCII without spaces, quotes or backslashes. Graph's ids and
// date-times always are.
func plainToken(s string) bool {
	if s == "" || s == "-" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// appendToken appends s as one token of a head line: as it is when plainToken, else as a JSON
// string literal.
func appendToken(b []byte, s string) []byte {
	if plainToken(s) {
		return append(b, s...)
	}
	return jsondoc.AppendString(b, s)
}

// errToken is a head line whose tokens do not read.
var errToken = errors.New("a token that does not read")

// nextToken reads the token at the start of line, and returns it with the rest of the line after
// the space that ends it. A plain token is returned as line's own bytes; a quoted one decoded.
// ok is false at the end of the line.
func nextToken(line []byte) (tok, rest []byte, ok bool, err error) {
	if len(line) == 0 {
		return nil, nil, false, nil
	}
	if line[0] != '"' {
		tok, rest, _ = bytes.Cut(line, []byte(" "))
		return tok, rest, true, nil
	}
	end := 1
	for end < len(line) && line[end] != '"' {
		if line[end] == '\\' {
			end++
		}
		end++
	}
	if end >= len(line) || end+1 < len(line) && line[end+1] != ' ' {
		return nil, nil, false, errToken
	}
	var s string
	if json.Unmarshal(line[:end+1], &s) != nil {
		return nil, nil, false, errToken
	}
	rest = line[end+1:]
	if len(rest) > 0 {
		rest = rest[1:]
	}
	return []byte(s), rest, true, nil
}

// tokenTime reads a time token: "-" is the zero time.
func tokenTime(tok []byte, id []byte, name string) (time.Time, error) {
	if string(tok) == "-" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, string(tok))
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %s %q is not an ISO 8601 date-time", id, name, tok)
	}
	return t, nil
}

// decodeInfo reads an I line, as json.Marshal wrote it, without encoding/json (whose first
// decode in a process costs more than the rest of the head): TestSnapshotInfoRoundTrip keeps
// it in step with Info's fields.
func decodeInfo(sc *jsondoc.Scanner, raw []byte) (scenario.Info, error) {
	obj, err := sc.Parse(raw)
	if err != nil {
		return scenario.Info{}, err
	}
	var info scenario.Info
	info.Name, _ = obj.GetString("name")
	info.Description, _ = obj.GetString("description")
	info.Source, _ = obj.GetString("source")
	for _, f := range [...]struct {
		name string
		to   *int
	}{{"callRecords", &info.CallRecords}, {"sessions", &info.Sessions}, {"segments", &info.Segments},
		{"participants", &info.Participants}, {"pstnCalls", &info.PstnCalls}, {"directRoutingCalls", &info.DirectRoutingCalls}} {
		if v := obj.Get(f.name); v != nil {
			if *f.to, err = strconv.Atoi(string(v)); err != nil {
				return scenario.Info{}, fmt.Errorf("%s is not a count", f.name)
			}
		}
	}
	return info, nil
}

// decodeTimes reads a T line.
func decodeTimes(sc *jsondoc.Scanner, raw []byte) (snapshotTimes, error) {
	obj, err := sc.Parse(raw)
	if err != nil {
		return snapshotTimes{}, err
	}
	var ts snapshotTimes
	ts.Retention, _ = obj.GetString("retention")
	if s, ok := obj.GetString("clock"); ok {
		if ts.Clock, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return snapshotTimes{}, fmt.Errorf("clock %q is not a date-time", s)
		}
	}
	return ts, nil
}

// decodeTiming reads an A line.
func decodeTiming(sc *jsondoc.Scanner, raw []byte) (snapshotTiming, error) {
	obj, err := sc.Parse(raw)
	if err != nil {
		return snapshotTiming{}, err
	}
	var st snapshotTiming
	st.Available, _ = obj.GetString("available")
	if s, ok := obj.GetString("from"); ok {
		if st.From, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return snapshotTiming{}, fmt.Errorf("from %q is not a date-time", s)
		}
	}
	return st, nil
}
