// Package quality classifies the media streams of Graph call records the way Microsoft's Call
// Quality Dashboard (CQD) classifies streams: each stream is Good, Poor or Unclassified, and a
// Poor stream names the metrics that made it so. The conditions live in one table (Thresholds),
// with the page they come from, so that the explorer's marks can be checked against the source
// and changed in one place when Microsoft changes the classifier.
//
// It reads stored Graph JSON (a segment's media collection) and nothing else: no HTTP, no store.
package quality

// Source is the page the thresholds come from.
const Source = "Stream Classification in Call Quality Dashboard (CQD), Microsoft Learn: " + SourceURL

// SourceURL is the Microsoft Learn page of CQD's stream classification.
const SourceURL = "https://learn.microsoft.com/en-us/microsoftteams/stream-classification-in-call-quality-dashboard"

// Kind is the kind of media a stream carries, which decides the classifier CQD applies to it.
type Kind int

const (
	// Other is media CQD does not classify from Graph's members (data, RDP application sharing).
	Other Kind = iota
	// Audio is an audio stream (label main-audio, or an audioCodec).
	Audio
	// Video is a camera video stream (label main-video, or a videoCodec).
	Video
	// VBSS is video-based screen sharing (label applicationsharing-video).
	VBSS
)

// String names the kind as CQD's classifier headings do.
func (k Kind) String() string {
	switch k {
	case Audio:
		return "audio"
	case Video:
		return "video"
	case VBSS:
		return "video-based screen sharing"
	}
	return "other"
}

// Op is how a metric is compared with its limit.
type Op int

const (
	// Above is poor when the value is greater than the limit.
	Above Op = iota
	// Below is poor when the value is less than the limit.
	Below
)

// Threshold is one condition of CQD's poor-stream classification, on a Graph mediaStream member.
type Threshold struct {
	// Kind is the media the condition applies to.
	Kind Kind
	// Member is the Graph mediaStream member it reads (durations are compared in milliseconds).
	Member string
	// Metric is CQD's name for the metric.
	Metric string
	// Op and Limit are the condition: Above 0.1 is "> 0.1".
	Op    Op
	Limit float64
	// Unit is how the limit and the member's values are shown: "ms", "%", "fps" or "" (a ratio).
	Unit string
	// Step orders the video and VBSS conditions: CQD classifies those streams by the first
	// metric, in Step order, that the stream reports. Audio conditions have Step 0: any of them
	// makes the stream poor.
	Step int
	// Revision says which revision of the CQD page lists the condition: "current", or "earlier"
	// for the two audio conditions the page listed until Microsoft narrowed the audio classifier
	// to round trip, packet loss and jitter.
	Revision string
}

// MinAudioPackets is the packet count an audio stream needs before CQD classifies it: the
// current page marks a stream poor only "if one or more of the following conditions are met and
// Packet Utilization is > 500 packets"; with fewer, the metrics say too little.
const MinAudioPackets = 500

// Thresholds is CQD's poor-stream classification as a table, the one place its numbers live.
// Audio: any condition met (with more than MinAudioPackets packets) makes a stream poor. Video
// and VBSS: the first metric the stream reports, in Step order, decides; none reported is
// Unclassified. CQD's application-sharing (RDP) classifier reads metrics Graph does not carry
// (spoiled tiles, RDP tile latency, relative one-way delay), so such streams are Unclassified.
//
// The audio conditions on degradation and concealed samples come from the earlier revision of
// the page; they stay because Graph reports both members and call-quality engineers still read
// them against these limits (docs/fidelity.md says so). Video Frame Rate Avg is Graph's
// averageVideoFrameRate, whose description is CQD's word for word; averageReceivedFrameRate
// ("for all video streams") is shown but not classified.
func Thresholds() []Threshold {
	return []Threshold{
		{Kind: Audio, Member: "averageRoundTripTime", Metric: "Round Trip", Op: Above, Limit: 500, Unit: "ms", Revision: "current"},
		{Kind: Audio, Member: "averagePacketLossRate", Metric: "Packet Loss Rate", Op: Above, Limit: 0.1, Revision: "current"},
		{Kind: Audio, Member: "averageJitter", Metric: "Jitter", Op: Above, Limit: 30, Unit: "ms", Revision: "current"},
		{Kind: Audio, Member: "averageAudioDegradation", Metric: "Audio Degradation Avg", Op: Above, Limit: 1.0, Revision: "earlier"},
		{Kind: Audio, Member: "averageRatioOfConcealedSamples", Metric: "Ratio Concealed Samples Avg", Op: Above, Limit: 0.07, Revision: "earlier"},
		{Kind: Video, Member: "averageVideoFrameLossPercentage", Metric: "Video Local Frame Loss Percentage Avg", Op: Above, Limit: 50, Unit: "%", Step: 1, Revision: "current"},
		{Kind: Video, Member: "averageVideoFrameRate", Metric: "Video Frame Rate Avg", Op: Below, Limit: 7, Unit: "fps", Step: 2, Revision: "current"},
		{Kind: Video, Member: "postForwardErrorCorrectionPacketLossRate", Metric: "Video Post FECPLR", Op: Above, Limit: 0.15, Step: 3, Revision: "current"},
		{Kind: VBSS, Member: "averageVideoFrameLossPercentage", Metric: "Video Local Frame Loss Percentage Avg", Op: Above, Limit: 50, Unit: "%", Step: 1, Revision: "current"},
		{Kind: VBSS, Member: "averageVideoFrameRate", Metric: "Video Frame Rate Avg", Op: Below, Limit: 2, Unit: "fps", Step: 2, Revision: "current"},
		{Kind: VBSS, Member: "postForwardErrorCorrectionPacketLossRate", Metric: "Video Post FECPLR", Op: Above, Limit: 0.15, Step: 3, Revision: "current"},
	}
}

// Met reports whether value meets the condition (is poor).
func (t Threshold) Met(value float64) bool {
	if t.Op == Below {
		return value < t.Limit
	}
	return value > t.Limit
}

// Condition writes the condition as CQD's tables do: "> 500 ms", "< 7 fps", "> 0.1".
func (t Threshold) Condition() string {
	op := "> "
	if t.Op == Below {
		op = "< "
	}
	s := op + formatNumber(t.Limit)
	if t.Unit != "" {
		if t.Unit != "%" {
			s += " "
		}
		s += t.Unit
	}
	return s
}
