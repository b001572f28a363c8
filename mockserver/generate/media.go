package generate

import (
	"fmt"
	"math"
	"time"
)

// Media: for each modality of a segment, one media entry with the caller's and callee's network
// (and, for audio, their audio devices) and its streams, one per direction. The statistics
// follow the network: round-trip time and jitter are log-normal around a median that grows from
// a wired office LAN to home Wi-Fi to cellular; packet loss is log-normal with a long tail and a
// few bad segments far out in it; the derived figures (audio degradation, concealed samples,
// frame rates, quality event ratios) are computed from those, so a dashboard sees them move
// together as they do in real calls.

// quality is a segment's network conditions in one direction.
type quality struct {
	rtt, jitter time.Duration
	loss        float64 // average packet loss rate
	bandwidth   float64 // bits per second
}

// conditions draws the conditions of a stream sent from a party's network.
func conditions(r rng, p party) quality {
	rtt, jitter, loss, bw := 35.0, 4.0, 0.0015, 40e6
	switch n := netOf(p); {
	case p.kind == serviceParty:
		rtt, jitter, loss, bw = 20, 2, 0.0005, 200e6
	case n.connection == "mobile":
		rtt, jitter, loss, bw = 95, 14, 0.01, 8e6
	case n.connection == "wifi" && p.dev != nil && p.dev.remote:
		rtt, jitter, loss, bw = 55, 8, 0.004, 25e6
	case n.connection == "wifi":
		rtt, jitter, loss, bw = 40, 6, 0.0025, 35e6
	}
	q := quality{
		rtt:       time.Duration(r.lognormal(rtt, 0.45) * float64(time.Millisecond)),
		jitter:    time.Duration(r.lognormal(jitter, 0.6) * float64(time.Millisecond)),
		loss:      r.lognormal(loss, 1.1),
		bandwidth: r.lognormal(bw, 0.5),
	}
	if r.chance(0.04) { // a bad stretch: congestion, a weak signal, a VPN hairpin
		q.rtt *= 3
		q.jitter *= 4
		q.loss *= 10
		q.bandwidth /= 4
	}
	q.loss = clamp(q.loss, 0, 0.6)
	return q
}

// netOf is the network a party's device is usually on; a guest or ACS user is on home Wi-Fi.
func netOf(p party) network {
	if p.dev != nil {
		return p.dev.net
	}
	return network{connection: "wifi", subnet: "192.168.1", wifiBand: "frequency50GHz", wifiRadio: "wifi80211ac", linkSpeed: 433_000_000, reflexive: "198.51.100.200"}
}

// media writes one media entry of a segment for a modality, over d.
func (g *generator) media(e emitter, r rng, s *sessionPlan, modality string, d time.Duration) {
	label := map[string]string{"audio": "main-audio", "video": "main-video", "videoBasedScreenSharing": "applicationsharing-video"}[modality]
	up, down := conditions(r, s.caller), conditions(r, s.callee)
	e.objectStart()
	e.key("label")
	e.str(label)
	if modality == "audio" {
		e.key("callerDevice")
		deviceInfo(e, r, s.caller)
		e.key("calleeDevice")
		deviceInfo(e, r, s.callee)
	}
	e.key("callerNetwork")
	networkInfo(e, r, s.caller, up)
	e.key("calleeNetwork")
	networkInfo(e, r, s.callee, down)
	e.key("streams")
	e.arrayStart()
	switch modality {
	case "audio":
		codec := audioCodec(r, s)
		audioStream(e, r, "callerToCallee", codec, up, d, s.pstn)
		audioStream(e, r, "calleeToCaller", codec, down, d, s.pstn)
	case "video":
		codec := pickWeighted(r, weighted[string]{{80, "h264"}, {12, "av1"}, {8, "h265"}})
		videoStream(e, r, "callerToCallee", codec, up, d, 30)
		videoStream(e, r, "calleeToCaller", codec, down, d, 30)
	default:
		videoStream(e, r, "callerToCallee", "h264", up, d, 15)
	}
	e.arrayEnd()
	e.objectEnd()
}

// audioCodec is the codec of a session's audio: SATIN between Teams desktop clients, Opus on the
// web and phones, G.711 or G.722 to the phone network.
func audioCodec(r rng, s *sessionPlan) string {
	if s.pstn {
		return pickWeighted(r, weighted[string]{{60, "pcmu"}, {25, "pcma"}, {15, "g722"}})
	}
	if s.caller.dev == nil || s.caller.dev.mobile || s.caller.dev.agent.platform == "web" {
		return "opus"
	}
	return pickWeighted(r, weighted[string]{{75, "satin"}, {20, "opus"}, {5, "silkWide"}})
}

// streamID is a stream's id: a random 32-bit number in decimal, as Teams writes them.
func streamID(r rng) string { return integer(int64(r.Uint32())) }

// audioStream writes one audio stream's statistics for the conditions q over d.
func audioStream(e emitter, r rng, dir, codec string, q quality, d time.Duration, pstn bool) {
	maxOf := func(v float64, lo, hi float64) float64 { return v * r.uniform(lo, hi) }
	jitterMs := float64(q.jitter) / float64(time.Millisecond)
	degradation := clamp(q.loss*28+jitterMs*0.015+float64(q.rtt)/float64(time.Second)*0.8+r.uniform(0, 0.08), 0, 4.5)
	fec := q.loss > 0.01 && r.chance(0.7)
	e.objectStart()
	e.key("streamId")
	e.str(streamID(r))
	e.key("streamDirection")
	e.str(dir)
	e.key("audioCodec")
	e.str(codec)
	e.key("averageAudioDegradation")
	e.lit(single(degradation, 4))
	e.key("averageAudioNetworkJitter")
	e.str(isoDuration(ms(maxOf(jitterMs, 1.2, 2.0))))
	e.key("averageBandwidthEstimate")
	e.lit(integer(int64(q.bandwidth)))
	e.key("averageJitter")
	e.str(isoDuration(ms(jitterMs)))
	e.key("averagePacketLossRate")
	e.lit(single(q.loss, 4))
	e.key("averageRatioOfConcealedSamples")
	e.lit(single(clamp(q.loss*1.6+jitterMs*0.0004, 0, 1), 4))
	e.key("averageRoundTripTime")
	e.str(isoDuration(q.rtt.Truncate(time.Millisecond)))
	e.key("isAudioForwardErrorCorrectionUsed")
	e.lit(fmt.Sprint(fec))
	e.key("maxAudioNetworkJitter")
	e.str(isoDuration(ms(maxOf(jitterMs, 2.5, 6))))
	e.key("maxJitter")
	e.str(isoDuration(ms(maxOf(jitterMs, 2, 5))))
	e.key("maxPacketLossRate")
	e.lit(single(clamp(maxOf(q.loss, 3, 9), 0, 1), 4))
	e.key("maxRatioOfConcealedSamples")
	e.lit(single(clamp(maxOf(q.loss*1.6+jitterMs*0.0004, 3, 8), 0, 1), 4))
	e.key("maxRoundTripTime")
	e.str(isoDuration(time.Duration(maxOf(float64(q.rtt), 1.4, 3.5)).Truncate(time.Millisecond)))
	e.key("packetUtilization")
	e.lit(integer(int64(d.Seconds()*50*(1-q.loss)) + 1))
	if fec {
		e.key("postForwardErrorCorrectionPacketLossRate")
		e.lit(single(q.loss*r.uniform(0.1, 0.4), 4))
	}
	e.key("wasMediaBypassed")
	e.lit(fmt.Sprint(pstn && r.chance(0.3)))
	e.objectEnd()
}

// videoStream writes one video (or screen sharing) stream's statistics; fps is the frame rate
// the sender aims at.
func videoStream(e emitter, r rng, dir, codec string, q quality, d time.Duration, fps float64) {
	jitterMs := float64(q.jitter) / float64(time.Millisecond)
	rate := clamp(fps*(1-q.loss*4)-r.uniform(0, 2), 1, fps)
	lowRate := clamp(q.loss*6+r.uniform(0, 0.02), 0, 1)
	e.objectStart()
	e.key("streamId")
	e.str(streamID(r))
	e.key("streamDirection")
	e.str(dir)
	e.key("videoCodec")
	e.str(codec)
	e.key("averageBandwidthEstimate")
	e.lit(integer(int64(q.bandwidth)))
	if q.loss > 0.02 {
		e.key("averageFreezeDuration")
		e.str(isoDuration(ms(r.uniform(80, 600))))
	}
	e.key("averageJitter")
	e.str(isoDuration(ms(jitterMs)))
	e.key("averagePacketLossRate")
	e.lit(single(q.loss, 4))
	e.key("averageReceivedFrameRate")
	e.lit(single(rate*r.uniform(0.95, 1), 2))
	e.key("averageRoundTripTime")
	e.str(isoDuration(q.rtt.Truncate(time.Millisecond)))
	e.key("averageVideoFrameLossPercentage")
	e.lit(single(clamp(q.loss*100*r.uniform(0.5, 1.5), 0, 100), 2))
	e.key("averageVideoFrameRate")
	e.lit(single(rate, 2))
	e.key("averageVideoPacketLossRate")
	e.lit(single(q.loss*r.uniform(0.6, 1.2), 4))
	e.key("lowFrameRateRatio")
	e.lit(single(lowRate, 4))
	e.key("lowVideoProcessingCapabilityRatio")
	e.lit(single(math.Max(0, r.lognormal(0.002, 1.5)-0.002), 4))
	e.key("maxJitter")
	e.str(isoDuration(ms(jitterMs * r.uniform(2, 5))))
	e.key("maxPacketLossRate")
	e.lit(single(clamp(q.loss*r.uniform(3, 9), 0, 1), 4))
	e.key("maxRoundTripTime")
	e.str(isoDuration(time.Duration(float64(q.rtt) * r.uniform(1.4, 3.5)).Truncate(time.Millisecond)))
	e.key("packetUtilization")
	e.lit(integer(int64(d.Seconds()*rate*6) + 1))
	e.key("postForwardErrorCorrectionPacketLossRate")
	e.lit(single(q.loss*r.uniform(0.05, 0.3), 4))
	e.key("wasMediaBypassed")
	e.lit("false")
	e.objectEnd()
}

// ms is a number of milliseconds as a duration, to the millisecond (at least 1 ms).
func ms(v float64) time.Duration {
	return max(time.Millisecond, time.Duration(v*float64(time.Millisecond)).Truncate(time.Millisecond))
}

// deviceInfo writes an endpoint's deviceInfo: its audio devices and what the media stack saw of
// them. Services have none (null).
func deviceInfo(e emitter, r rng, p party) {
	if p.kind == serviceParty {
		e.lit("null")
		return
	}
	capture, render, driver := "Microphone (Web browser)", "Speakers (Web browser)", ""
	if p.dev != nil {
		capture, render, driver = p.dev.capture, p.dev.render, p.dev.driver
	}
	e.objectStart()
	e.key("captureDeviceName")
	e.str(capture)
	if driver != "" {
		e.key("captureDeviceDriver")
		e.str(driver)
	}
	e.key("renderDeviceName")
	e.str(render)
	if driver != "" {
		e.key("renderDeviceDriver")
		e.str(driver)
	}
	rare := func(p float64) string {
		if r.chance(p) {
			return single(r.lognormal(0.01, 1), 4)
		}
		return "0"
	}
	for _, k := range []string{"captureNotFunctioningEventRatio", "cpuInsufficentEventRatio", "deviceClippingEventRatio", "deviceGlitchEventRatio"} {
		e.key(k)
		e.lit(rare(0.15))
	}
	e.key("howlingEventCount")
	e.lit(integer(int64(pickWeighted(r, weighted[int]{{92, 0}, {6, 1}, {2, 3}}))))
	e.key("initialSignalLevelRootMeanSquare")
	e.lit(single(r.lognormal(120, 0.35), 4))
	for _, k := range []string{"lowSpeechLevelEventRatio", "lowSpeechToNoiseEventRatio"} {
		e.key(k)
		e.lit(rare(0.2))
	}
	e.key("micGlitchRate")
	e.lit(single(r.lognormal(8, 1), 0))
	e.key("receivedNoiseLevel")
	e.lit(integer(int64(-r.between(60, 90))))
	e.key("receivedSignalLevel")
	e.lit(integer(int64(-r.between(12, 30))))
	for _, k := range []string{"renderMuteEventRatio", "renderNotFunctioningEventRatio", "renderZeroVolumeEventRatio"} {
		e.key(k)
		e.lit(rare(0.05))
	}
	e.key("sentNoiseLevel")
	e.lit(integer(int64(-r.between(55, 95))))
	e.key("sentSignalLevel")
	e.lit(integer(int64(-r.between(15, 35))))
	e.key("speakerGlitchRate")
	e.lit(single(r.lognormal(12, 1.2), 0))
	e.objectEnd()
}

// leanMedia writes a segment's audio media with only the headline figures of each stream:
// codec, audio degradation, jitter, packet loss and round trip.
func (g *generator) leanMedia(e emitter, r rng, s *sessionPlan) {
	up, down := conditions(r, s.caller), conditions(r, s.callee)
	codec := audioCodec(r, s)
	e.objectStart()
	e.key("label")
	e.str("main-audio")
	e.key("streams")
	e.arrayStart()
	for _, st := range []struct {
		dir string
		q   quality
	}{{"callerToCallee", up}, {"calleeToCaller", down}} {
		jitterMs := float64(st.q.jitter) / float64(time.Millisecond)
		e.objectStart()
		e.key("streamDirection")
		e.str(st.dir)
		e.key("audioCodec")
		e.str(codec)
		e.key("averageAudioDegradation")
		e.lit(single(clamp(st.q.loss*28+jitterMs*0.015+float64(st.q.rtt)/float64(time.Second)*0.8+r.uniform(0, 0.08), 0, 4.5), 4))
		e.key("averageJitter")
		e.str(isoDuration(ms(jitterMs)))
		e.key("averagePacketLossRate")
		e.lit(single(st.q.loss, 4))
		e.key("averageRoundTripTime")
		e.str(isoDuration(st.q.rtt.Truncate(time.Millisecond)))
		e.objectEnd()
	}
	e.arrayEnd()
	e.objectEnd()
}
