package explorer

import (
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/quality"
)

// uiThresholdsURL is where the explorer explains the thresholds it marks streams against: the
// thresholds table on the console page's neighbour, the quality page.
const uiThresholdsURL = Base + "/quality"

// qualityLine sums up the streams under a record, session or segment by CQD's classification.
type qualityLine struct {
	quality.Tally
	// Text is the sum in words: "12 streams: 2 poor (in 1 session), 1 unclassified".
	Text string
	// Bad says at least one stream is poor.
	Bad bool
}

// newQualityLine words a tally; poorIn counts the sessions (or segments) with a poor stream,
// unit names them ("" leaves the count out).
func newQualityLine(t quality.Tally, poorIn int, unit string) qualityLine {
	q := qualityLine{Tally: t, Bad: t.Poor > 0}
	if t.Streams == 0 {
		q.Text = "no media streams"
		return q
	}
	var parts []string
	if t.Poor > 0 {
		p := strconv.Itoa(t.Poor) + " poor"
		if unit != "" {
			p += " (in " + plural(poorIn, unit) + ")"
		}
		parts = append(parts, p)
	}
	if t.Unclassified > 0 {
		parts = append(parts, strconv.Itoa(t.Unclassified)+" unclassified")
	}
	if good := t.Streams - t.Poor - t.Unclassified; good > 0 {
		parts = append(parts, strconv.Itoa(good)+" good")
	}
	q.Text = plural(t.Streams, "stream") + ": " + strings.Join(parts, ", ")
	return q
}

// line words a session's quality, counting its poor segments.
func (sc sessionScan) line() qualityLine {
	q := newQualityLine(sc.Tally, sc.PoorSegments, "segment")
	if sc.Partial {
		q.Text += " (the first " + strconv.Itoa(judgeLimit) + " segments judged)"
	}
	return q
}
