package quality

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Media is one entry of a segment's media collection as the explorer shows it: its label and
// kind, its streams, and the caller's and callee's network and device as stored (JSON, nil when
// null or absent).
type Media struct {
	Label                        string
	Kind                         Kind
	Streams                      []Stream
	CallerNetwork, CalleeNetwork json.RawMessage
	CallerDevice, CalleeDevice   json.RawMessage
}

// Stream is one mediaStream: its id, direction and codec, and every numeric member it reports.
type Stream struct {
	ID        string
	Direction string
	Codec     string
	// Values holds each member with a number, by Graph member name; durations (Edm.Duration,
	// "PT0.023S") are converted to milliseconds. Null and absent members are left out, so
	// "not reported" is never shown as 0.
	Values map[string]float64
	// Flags holds the Boolean members that are not null (isAudioForwardErrorCorrectionUsed,
	// wasMediaBypassed).
	Flags map[string]bool
}

// Value returns a member's number and whether the stream reports it.
func (s Stream) Value(member string) (float64, bool) {
	v, ok := s.Values[member]
	return v, ok
}

// ParseMedia reads a segment's media member (a JSON array, or null). A value that is not such
// an array is an error; members of unexpected types are skipped, not fatal, since the explorer
// shows what it can of any stored segment.
func ParseMedia(raw []byte) ([]Media, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var items []struct {
		Label         *string           `json:"label"`
		Streams       []json.RawMessage `json:"streams"`
		CallerNetwork json.RawMessage   `json:"callerNetwork"`
		CalleeNetwork json.RawMessage   `json:"calleeNetwork"`
		CallerDevice  json.RawMessage   `json:"callerDevice"`
		CalleeDevice  json.RawMessage   `json:"calleeDevice"`
	}
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	out := make([]Media, 0, len(items))
	for _, it := range items {
		m := Media{CallerNetwork: object(it.CallerNetwork), CalleeNetwork: object(it.CalleeNetwork),
			CallerDevice: object(it.CallerDevice), CalleeDevice: object(it.CalleeDevice)}
		if it.Label != nil {
			m.Label = *it.Label
		}
		for _, s := range it.Streams {
			m.Streams = append(m.Streams, parseStream(s))
		}
		m.Kind = kindOf(m.Label, m.Streams)
		out = append(out, m)
	}
	return out, nil
}

// object keeps raw only when it is a JSON object.
func object(raw json.RawMessage) json.RawMessage {
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' {
		return t
	}
	return nil
}

// parseStream reads one mediaStream object; anything else is an empty stream.
func parseStream(raw json.RawMessage) Stream {
	s := Stream{Values: map[string]float64{}, Flags: map[string]bool{}}
	var members map[string]json.RawMessage
	if json.Unmarshal(raw, &members) != nil {
		return s
	}
	for name, v := range members {
		v = bytes.TrimSpace(v)
		if len(v) == 0 {
			continue
		}
		switch {
		case v[0] == '"':
			var str string
			if json.Unmarshal(v, &str) != nil {
				continue
			}
			switch name {
			case "streamId":
				s.ID = str
			case "streamDirection":
				s.Direction = str
			case "audioCodec", "videoCodec":
				s.Codec = str
			default:
				if ms, ok := DurationMillis(str); ok {
					s.Values[name] = ms
				}
			}
		case v[0] == 't' || v[0] == 'f':
			s.Flags[name] = v[0] == 't'
		case v[0] == '-' || v[0] >= '0' && v[0] <= '9':
			if f, err := strconv.ParseFloat(string(v), 64); err == nil {
				s.Values[name] = f
			}
		}
	}
	return s
}

// kindOf decides a media entry's kind from its label (Teams labels media "main-audio",
// "main-video", "applicationsharing-video", "data"), else from the codecs its streams name.
func kindOf(label string, streams []Stream) Kind {
	l := strings.ToLower(label)
	switch {
	case strings.Contains(l, "applicationsharing") || strings.Contains(l, "screen"):
		if strings.Contains(l, "video") {
			return VBSS
		}
		return Other
	case strings.Contains(l, "audio"):
		return Audio
	case strings.Contains(l, "video"):
		return Video
	case l != "":
		return Other
	}
	for _, s := range streams {
		if _, audio := s.Values["averageAudioDegradation"]; audio {
			return Audio
		}
		if _, video := s.Values["averageVideoFrameRate"]; video {
			return Video
		}
	}
	return Other
}

// DurationMillis parses an Edm.Duration (ISO 8601 dayTimeDuration: "PT0.023S", "P1DT2H",
// "-PT5M") into milliseconds. It reports false for anything else.
func DurationMillis(s string) (float64, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return 0, false
	}
	s = s[1:]
	total, inTime, any := 0.0, false, false
	for len(s) > 0 {
		if s[0] == 'T' {
			if inTime || len(s) == 1 {
				return 0, false
			}
			inTime, s = true, s[1:]
			continue
		}
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		if i == 0 || i == len(s) {
			return 0, false
		}
		n, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return 0, false
		}
		unit := unitMillis(s[i])
		if unit == 0 || !inTime && s[i] != 'D' || inTime && s[i] == 'D' {
			return 0, false
		}
		total, any, s = total+n*unit, true, s[i+1:]
	}
	if !any {
		return 0, false
	}
	if neg {
		total = -total
	}
	return total, true
}

// unitMillis is the length of a duration designator in milliseconds, or 0 for another letter.
func unitMillis(designator byte) float64 {
	switch designator {
	case 'D':
		return 86400e3
	case 'H':
		return 3600e3
	case 'M':
		return 60e3
	case 'S':
		return 1e3
	}
	return 0
}

// formatNumber writes a limit or value without trailing zeros: 0.1, 500, 1.
func formatNumber(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
