package explorer

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/quality"
)

// The media streams of segments as the session and segment pages show them: one table row a
// stream, its values marked where they meet a poor condition of Call Quality Dashboard
// (internal/quality, the one table of thresholds), and the network and device facts of each
// media entry.

// column is one statistics column of the stream table: the Graph members it shows ("avg / max"
// when it has two) and their unit.
type column struct {
	Head    string
	Title   string // the tooltip of the heading: the members shown
	Members []string
	Unit    string // "ms" (durations), "%", "fps", or "" (a ratio or a count)
}

// streamColumns are the statistics columns; the segment page adds the wide ones.
func streamColumns(wide bool) []column {
	cols := []column{
		{Head: "Packets", Members: []string{"packetUtilization"}},
		{Head: "Packet loss", Members: []string{"averagePacketLossRate", "maxPacketLossRate"}},
		{Head: "Jitter", Members: []string{"averageJitter", "maxJitter"}, Unit: "ms"},
		{Head: "Round trip", Members: []string{"averageRoundTripTime", "maxRoundTripTime"}, Unit: "ms"},
		{Head: "MOS degradation", Members: []string{"averageAudioDegradation"}},
		{Head: "Concealed", Members: []string{"averageRatioOfConcealedSamples", "maxRatioOfConcealedSamples"}},
		{Head: "Frame rate", Members: []string{"averageVideoFrameRate", "averageReceivedFrameRate"}, Unit: "fps"},
		{Head: "Frame loss", Members: []string{"averageVideoFrameLossPercentage"}, Unit: "%"},
		{Head: "Post-FEC loss", Members: []string{"postForwardErrorCorrectionPacketLossRate"}},
	}
	if wide {
		cols = append(cols,
			column{Head: "Video packet loss", Members: []string{"averageVideoPacketLossRate"}},
			column{Head: "Network jitter", Members: []string{"averageAudioNetworkJitter", "maxAudioNetworkJitter"}, Unit: "ms"},
			column{Head: "Freeze", Members: []string{"averageFreezeDuration", "rmsFreezeDuration"}, Unit: "ms"},
			column{Head: "Low frame rate", Members: []string{"lowFrameRateRatio"}},
			column{Head: "Low video processing", Members: []string{"lowVideoProcessingCapabilityRatio"}},
			column{Head: "Bandwidth estimate", Members: []string{"averageBandwidthEstimate"}, Unit: "bps"},
		)
	}
	for i := range cols {
		cols[i].Title = strings.Join(cols[i].Members, " / ")
		if u := cols[i].Unit; u != "" {
			cols[i].Head += " (" + u + ")"
		}
	}
	return cols
}

// cell is one value cell: its text, whether it meets a poor condition, and the condition.
type cell struct {
	Text  string
	Over  bool
	Title string
}

// streamRow is one stream of the table.
type streamRow struct {
	Segment    string // the segment's explorer page (the session page's table), or ""
	SegmentID  string
	Media      string
	Kind       string
	ID         string
	Direction  string
	Codec      string
	Flags      string // "FEC", "media bypass"
	Cells      []cell
	Class      string // Good, Poor or Unclassified
	Mark       string // the class in lower case, for the badge's CSS class
	Poor       bool
	Reasons    []string // why it is poor, or why it is unclassified
	FirstOfSeg bool     // the first row of its segment (the session page groups rows by segment)
}

// mediaFacts is one media entry's network and device facts on the segment page.
type mediaFacts struct {
	Label string
	Kind  string
	Facts []fact
}

// fact is one line of a media entry's facts: "Caller network" and what it says.
type fact struct {
	Label, Text string
}

// streamTable is a table of streams and its columns.
type streamTable struct {
	// ShowSegment adds a column naming each row's segment (the session page's table).
	ShowSegment bool
	Columns     []column
	Rows        []streamRow
	Tally       quality.Tally
}

// conditions maps kind and member to the threshold's description, for the cells' tooltips.
func conditions() map[string]string {
	out := map[string]string{}
	for _, t := range quality.Thresholds() {
		out[t.Kind.String()+" "+t.Member] = "CQD " + t.Kind.String() + " poor when " + t.Metric + " " + t.Condition()
	}
	return out
}

// addStreams appends a segment's streams to the table; segURL links each row to the segment's
// page ("" on the segment page itself). It returns the segment's media, parsed.
func (st *streamTable) addStreams(segURL, segID string, obj jsondoc.Object, conds map[string]string) []quality.Media {
	media, err := quality.ParseMedia(obj.Get("media"))
	if err != nil {
		return nil
	}
	st.Tally.Add(media)
	first := true
	for _, m := range media {
		for _, s := range m.Streams {
			v := quality.Classify(m.Kind, s)
			row := streamRow{Segment: segURL, SegmentID: segID, Media: m.Label, Kind: m.Kind.String(), ID: s.ID,
				Direction: direction(s.Direction), Codec: s.Codec, Class: v.Class.String(), Poor: v.Class == quality.Poor, FirstOfSeg: first}
			row.Mark = strings.ToLower(row.Class)
			first = false
			row.Reasons = v.Reasons(s)
			if v.Why != "" {
				row.Reasons = []string{v.Why}
			}
			var flags []string
			if s.Flags["isAudioForwardErrorCorrectionUsed"] {
				flags = append(flags, "FEC")
			}
			if s.Flags["wasMediaBypassed"] {
				flags = append(flags, "media bypass")
			}
			row.Flags = strings.Join(flags, ", ")
			for _, c := range st.Columns {
				row.Cells = append(row.Cells, valueCell(c, m.Kind, s, v, conds))
			}
			st.Rows = append(st.Rows, row)
		}
	}
	return media
}

// valueCell shows a column's members of one stream.
func valueCell(c column, kind quality.Kind, s quality.Stream, v quality.Verdict, conds map[string]string) cell {
	var parts, titles []string
	var out cell
	for _, m := range c.Members {
		if t := conds[kind.String()+" "+m]; t != "" {
			titles = append(titles, t)
		}
		val, ok := s.Value(m)
		if !ok {
			continue
		}
		parts = append(parts, quality.Format(val, c.Unit))
		out.Over = out.Over || v.Over(m)
	}
	if !out.Over {
		titles = nil // the heading names the members; a marked value says why it is marked
	}
	out.Text = strings.Join(parts, " / ") // "" when the stream reports none: the page shows a dash

	out.Title = strings.Join(titles, "; ")
	return out
}

// direction writes a streamDirection with an arrow.
func direction(d string) string {
	switch d {
	case "callerToCallee":
		return "caller → callee"
	case "calleeToCaller":
		return "callee → caller"
	}
	return d
}

// factMembers are the networkInfo and deviceInfo members the segment page lists, in order.
func factMembers(device bool) []string {
	if device {
		return []string{"captureDeviceName", "renderDeviceName", "captureDeviceDriver", "renderDeviceDriver", "micGlitchRate",
			"speakerGlitchRate", "deviceGlitchEventRatio", "deviceClippingEventRatio", "lowSpeechLevelEventRatio",
			"lowSpeechToNoiseEventRatio", "cpuInsufficentEventRatio", "howlingEventCount", "captureNotFunctioningEventRatio",
			"renderNotFunctioningEventRatio", "renderMuteEventRatio", "renderZeroVolumeEventRatio", "sentSignalLevel", "receivedSignalLevel",
			"sentNoiseLevel", "receivedNoiseLevel", "initialSignalLevelRootMeanSquare"}
	}
	return []string{"connectionType", "networkTransportProtocol", "ipAddress", "subnet", "reflexiveIPAddress", "relayIPAddress", "relayPort",
		"port", "linkSpeed", "wifiBand", "wifiRadioType", "wifiChannel", "wifiSignalStrength", "wifiBatteryCharge", "dnsSuffix",
		"basicServiceSetIdentifier", "bandwidthLowEventRatio", "delayEventRatio", "receivedQualityEventRatio", "sentQualityEventRatio"}
}

// describeFacts lists a networkInfo or deviceInfo's members that have a value, "name value".
func describeFacts(raw json.RawMessage, device bool) string {
	if raw == nil {
		return ""
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(raw, &members) != nil {
		return ""
	}
	var parts []string
	for _, name := range factMembers(device) {
		v := strings.TrimSpace(string(members[name]))
		if v == "" || v == "null" {
			continue
		}
		if s, err := strconv.Unquote(v); err == nil {
			v = s
		}
		parts = append(parts, name+" "+v)
	}
	if hops := members["traceRouteHops"]; len(hops) > 2 {
		var list []json.RawMessage
		if json.Unmarshal(hops, &list) == nil && len(list) > 0 {
			parts = append(parts, "traceRouteHops "+strconv.Itoa(len(list)))
		}
	}
	return strings.Join(parts, " · ")
}

// mediaFactsOf lists the network and device facts of each media entry.
func mediaFactsOf(media []quality.Media) []mediaFacts {
	var out []mediaFacts
	for _, m := range media {
		f := mediaFacts{Label: m.Label, Kind: m.Kind.String()}
		for _, x := range []struct {
			label  string
			raw    json.RawMessage
			device bool
		}{{"Caller network", m.CallerNetwork, false}, {"Callee network", m.CalleeNetwork, false},
			{"Caller device", m.CallerDevice, true}, {"Callee device", m.CalleeDevice, true}} {
			if d := describeFacts(x.raw, x.device); d != "" {
				f.Facts = append(f.Facts, fact{Label: x.label, Text: d})
			}
		}
		out = append(out, f)
	}
	return out
}

// thresholdRows is the thresholds table the segment page shows under its streams, by kind.
func thresholdRows() []quality.Threshold {
	rows := quality.Thresholds()
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Kind < rows[j].Kind })
	return rows
}
