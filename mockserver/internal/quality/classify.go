package quality

import (
	"sort"
	"strconv"
	"strings"
)

// Class is a stream's classification.
type Class int

const (
	// Unclassified is a stream CQD would not classify: no metric it reads is reported, too few
	// packets, or media it has no classifier for.
	Unclassified Class = iota
	// Good is a stream that meets no poor condition.
	Good
	// Poor is a stream that meets at least one (audio) or whose deciding metric does (video, VBSS).
	Poor
)

// String is the class as CQD names it.
func (c Class) String() string {
	switch c {
	case Good:
		return "Good"
	case Poor:
		return "Poor"
	}
	return "Unclassified"
}

// Verdict is one stream's classification and why.
type Verdict struct {
	Class Class
	// Met lists the conditions the stream meets that made it Poor (audio: every one met; video
	// and VBSS: the deciding one), in the table's order.
	Met []Threshold
	// Decided is the condition whose metric decided a video or VBSS stream (Good or Poor).
	Decided *Threshold
	// Why says why a stream is Unclassified.
	Why string
}

// Over reports whether member is one of the metrics that made the stream Poor.
func (v Verdict) Over(member string) bool {
	for _, t := range v.Met {
		if t.Member == member {
			return true
		}
	}
	return false
}

// Reasons describes each condition met with the stream's value, as CQD's "Poor Due To" would:
// "Packet Loss Rate 0.12 > 0.1".
func (v Verdict) Reasons(s Stream) []string {
	out := make([]string, 0, len(v.Met))
	for _, t := range v.Met {
		val, _ := s.Value(t.Member)
		out = append(out, t.Metric+" "+FormatValue(val, t.Unit)+" "+t.Condition())
	}
	return out
}

// Classify classifies a stream of the given kind with Thresholds.
func Classify(kind Kind, s Stream) Verdict {
	var steps []Threshold
	for _, t := range Thresholds() {
		if t.Kind == kind {
			steps = append(steps, t)
		}
	}
	switch kind {
	case Audio:
		return classifyAudio(steps, s)
	case Video, VBSS:
		sort.SliceStable(steps, func(i, j int) bool { return steps[i].Step < steps[j].Step })
		for i, t := range steps {
			v, ok := s.Value(t.Member)
			if !ok {
				continue
			}
			if t.Met(v) {
				return Verdict{Class: Poor, Met: []Threshold{t}, Decided: &steps[i]}
			}
			return Verdict{Class: Good, Decided: &steps[i]}
		}
		return Verdict{Why: "reports no metric CQD reads for " + kind.String()}
	}
	return Verdict{Why: "CQD does not classify this media from the members Graph reports"}
}

// classifyAudio applies the audio conditions: any met makes the stream Poor, once it has more
// than MinAudioPackets packets (a stream that does not report its packets is classified all the
// same).
func classifyAudio(conds []Threshold, s Stream) Verdict {
	if n, ok := s.Value("packetUtilization"); ok && n <= MinAudioPackets {
		return Verdict{Why: "CQD classifies audio with more than " + strconv.Itoa(MinAudioPackets) + " packets; this stream has " + FormatValue(n, "")}
	}
	var v Verdict
	reported := false
	for _, t := range conds {
		val, ok := s.Value(t.Member)
		if !ok {
			continue
		}
		reported = true
		if t.Met(val) {
			v.Met = append(v.Met, t)
		}
	}
	switch {
	case len(v.Met) > 0:
		v.Class = Poor
	case reported:
		v.Class = Good
	default:
		v.Why = "reports no metric CQD reads for audio"
	}
	return v
}

// Tally counts the streams of some media by class.
type Tally struct {
	Streams, Poor, Unclassified int
}

// Add counts every stream of media into the tally.
func (t *Tally) Add(media []Media) {
	for _, m := range media {
		for _, s := range m.Streams {
			t.Streams++
			switch Classify(m.Kind, s).Class {
			case Poor:
				t.Poor++
			case Unclassified:
				t.Unclassified++
			}
		}
	}
}

// FormatValue writes a metric's value with its unit: "23.46 ms", "0.0123", "6.4%".
func FormatValue(v float64, unit string) string {
	s := Format(v, unit)
	switch unit {
	case "":
		return s
	case "%":
		return s + "%"
	}
	return s + " " + unit
}

// Format writes a metric's value for a table, without its unit: durations, frame rates and
// percentages to two decimals at most, ratios to four, without trailing zeros.
func Format(v float64, unit string) string {
	prec := 4
	switch unit {
	case "ms", "fps", "%", "bps":
		prec = 2
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}
