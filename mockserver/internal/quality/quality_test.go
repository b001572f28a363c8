package quality

import (
	"strings"
	"testing"
)

// stream is a stream with the given numeric members.
func stream(values map[string]float64) Stream {
	return Stream{Values: values, Flags: map[string]bool{}}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kind Kind
		s    Stream
		want Class
		met  []string
	}{
		{"audio good", Audio, stream(map[string]float64{"averagePacketLossRate": 0.01, "averageJitter": 4, "averageRoundTripTime": 23, "packetUtilization": 50000}), Good, nil},
		{"audio at the limits is good", Audio, stream(map[string]float64{"averagePacketLossRate": 0.1, "averageJitter": 30, "averageRoundTripTime": 500, "averageAudioDegradation": 1, "averageRatioOfConcealedSamples": 0.07}), Good, nil},
		{"audio loss", Audio, stream(map[string]float64{"averagePacketLossRate": 0.12}), Poor, []string{"averagePacketLossRate"}},
		{"audio jitter and round trip", Audio, stream(map[string]float64{"averageJitter": 31, "averageRoundTripTime": 501}), Poor, []string{"averageRoundTripTime", "averageJitter"}},
		{"audio degradation (earlier revision)", Audio, stream(map[string]float64{"averageAudioDegradation": 1.160898, "averageRatioOfConcealedSamples": 0.0841, "packetUtilization": 134012}), Poor, []string{"averageAudioDegradation", "averageRatioOfConcealedSamples"}},
		{"audio with 500 packets is unclassified", Audio, stream(map[string]float64{"averagePacketLossRate": 0.5, "packetUtilization": 500}), Unclassified, nil},
		{"audio without metrics", Audio, stream(map[string]float64{"packetUtilization": 9000}), Unclassified, nil},
		{"video frame loss decides first", Video, stream(map[string]float64{"averageVideoFrameLossPercentage": 10, "averageVideoFrameRate": 3}), Good, nil},
		{"video frame loss poor", Video, stream(map[string]float64{"averageVideoFrameLossPercentage": 50.5}), Poor, []string{"averageVideoFrameLossPercentage"}},
		{"video frame rate", Video, stream(map[string]float64{"averageVideoFrameRate": 6.9}), Poor, []string{"averageVideoFrameRate"}},
		{"video post-FEC loss", Video, stream(map[string]float64{"postForwardErrorCorrectionPacketLossRate": 0.2}), Poor, []string{"postForwardErrorCorrectionPacketLossRate"}},
		{"video nothing reported", Video, stream(map[string]float64{"averageReceivedFrameRate": 1}), Unclassified, nil},
		{"vbss 6.91 fps is good", VBSS, stream(map[string]float64{"averageVideoFrameRate": 6.91}), Good, nil},
		{"vbss 1.5 fps is poor", VBSS, stream(map[string]float64{"averageVideoFrameRate": 1.5}), Poor, []string{"averageVideoFrameRate"}},
		{"other media", Other, stream(map[string]float64{"averagePacketLossRate": 0.9}), Unclassified, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := Classify(tt.kind, tt.s)
			if v.Class != tt.want {
				t.Fatalf("class = %s, want %s (%+v)", v.Class, tt.want, v)
			}
			var met []string
			for _, m := range v.Met {
				met = append(met, m.Member)
				if !v.Over(m.Member) {
					t.Errorf("Over(%s) = false", m.Member)
				}
			}
			if strings.Join(met, ",") != strings.Join(tt.met, ",") {
				t.Errorf("met = %v, want %v", met, tt.met)
			}
			if v.Class == Unclassified && v.Why == "" {
				t.Errorf("unclassified without a reason")
			}
			if len(v.Reasons(tt.s)) != len(v.Met) {
				t.Errorf("reasons %v for %d conditions", v.Reasons(tt.s), len(v.Met))
			}
		})
	}
}

func TestParseMedia(t *testing.T) {
	t.Parallel()
	raw := []byte(`[
	 {"label":"main-audio","callerNetwork":{"connectionType":"wired"},"calleeNetwork":null,"streams":[
	   {"streamId":"1","streamDirection":"callerToCallee","audioCodec":"opus","averageJitter":"PT0.031S","averagePacketLossRate":0.02,
	    "averageAudioDegradation":null,"isAudioForwardErrorCorrectionUsed":true,"packetUtilization":1000}]},
	 {"label":"main-video","streams":[{"streamDirection":"calleeToCaller","videoCodec":"h264","averageVideoFrameRate":29.5}]},
	 {"label":"applicationsharing-video","streams":[]},
	 {"label":"data"},
	 {"label":null,"streams":[{"averageAudioDegradation":0.2}]}]`)
	media, err := ParseMedia(raw)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []Kind{Audio, Video, VBSS, Other, Audio}
	if len(media) != len(kinds) {
		t.Fatalf("%d media, want %d", len(media), len(kinds))
	}
	for i, k := range kinds {
		if media[i].Kind != k {
			t.Errorf("media %d (%q) kind %s, want %s", i, media[i].Label, media[i].Kind, k)
		}
	}
	a := media[0].Streams[0]
	if a.ID != "1" || a.Direction != "callerToCallee" || a.Codec != "opus" || !a.Flags["isAudioForwardErrorCorrectionUsed"] {
		t.Errorf("audio stream %+v", a)
	}
	if v, _ := a.Value("averageJitter"); v != 31 {
		t.Errorf("averageJitter = %v ms, want 31", v)
	}
	if _, ok := a.Value("averageAudioDegradation"); ok {
		t.Errorf("a null member is reported")
	}
	if Classify(media[0].Kind, a).Class != Poor {
		t.Errorf("31 ms of jitter is not poor")
	}
	if media[0].CallerNetwork == nil || media[0].CalleeNetwork != nil {
		t.Errorf("networks: %s / %s", media[0].CallerNetwork, media[0].CalleeNetwork)
	}
	var tally Tally
	tally.Add(media)
	if tally != (Tally{Streams: 3, Poor: 1, Unclassified: 0}) {
		t.Errorf("tally %+v", tally)
	}
	for _, bad := range []string{`{}`, `"x"`, `[1`} {
		if _, err := ParseMedia([]byte(bad)); err == nil {
			t.Errorf("ParseMedia(%s) accepted", bad)
		}
	}
	if m, err := ParseMedia([]byte(" null ")); err != nil || m != nil {
		t.Errorf("null media = %v, %v", m, err)
	}
}

func TestDurationMillis(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]float64{"PT0.016S": 16, "PT1S": 1000, "PT2M": 120000, "PT1H0.5S": 3600500, "P1D": 86400000, "P1DT1H": 90000000, "-PT0.5S": -500} {
		if got, ok := DurationMillis(in); !ok || got != want {
			t.Errorf("DurationMillis(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "P", "PT", "0.016", "PT0.016", "P1H", "PT1D", "PTS", "P1DT", "PT1.2.3S", "PT1X"} {
		if got, ok := DurationMillis(bad); ok {
			t.Errorf("DurationMillis(%q) = %v, accepted", bad, got)
		}
	}
}

func TestThresholdsTable(t *testing.T) {
	t.Parallel()
	if !strings.HasPrefix(SourceURL, "https://learn.microsoft.com/") || !strings.Contains(Source, SourceURL) {
		t.Errorf("source %q", Source)
	}
	conds := map[string]string{}
	for _, th := range Thresholds() {
		conds[th.Kind.String()+" "+th.Member] = th.Condition()
		if th.Metric == "" || (th.Revision != "current" && th.Revision != "earlier") {
			t.Errorf("threshold %+v lacks its metric or revision", th)
		}
	}
	for k, want := range map[string]string{
		"audio averageRoundTripTime": "> 500 ms", "audio averagePacketLossRate": "> 0.1", "audio averageJitter": "> 30 ms",
		"audio averageAudioDegradation": "> 1", "audio averageRatioOfConcealedSamples": "> 0.07",
		"video averageVideoFrameLossPercentage": "> 50%", "video averageVideoFrameRate": "< 7 fps",
		"video-based screen sharing averageVideoFrameRate": "< 2 fps", "video postForwardErrorCorrectionPacketLossRate": "> 0.15",
	} {
		if conds[k] != want {
			t.Errorf("%s: %q, want %q", k, conds[k], want)
		}
	}
	for v, want := range map[float64]string{0.0123: "0.0123", 0.1: "0.1", 1: "1", 0.00001: "0"} {
		if got := FormatValue(v, ""); got != want {
			t.Errorf("FormatValue(%v) = %q, want %q", v, got, want)
		}
	}
	if got := FormatValue(23.456, "ms"); got != "23.46 ms" {
		t.Errorf("FormatValue ms = %q", got)
	}
}
