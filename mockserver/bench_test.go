package mockserver_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// The benchmarks put each graphmock route beside a baseline handler that writes the same bytes
// pre-encoded, so the ratio shows in one run: compare ns/op of BenchmarkGetSegment/graphmock
// with BenchmarkGetSegment/baseline. They are not timed assertions.

// wideSegment is a segment as wide as real ones: two media with device and network info and
// four streams of ~30 numeric fields (about 4.6 KB of JSON).
func wideSegment(id string, start time.Time) map[string]any {
	stream := func(dir string) map[string]any {
		return map[string]any{"streamId": "1504545584", "streamDirection": dir, "audioCodec": "satin", "averageAudioDegradation": 0.25,
			"averageAudioNetworkJitter": "PT0.012S", "averageBandwidthEstimate": 9965083, "averageFreezeDuration": nil, "averageJitter": "PT0.016S",
			"averagePacketLossRate": 0.0123, "averageRatioOfConcealedSamples": 0.0205, "averageReceivedFrameRate": nil, "averageRoundTripTime": "PT0.061S",
			"averageVideoFrameLossPercentage": nil, "averageVideoFrameRate": nil, "averageVideoPacketLossRate": nil, "endDateTime": nil,
			"isAudioForwardErrorCorrectionUsed": true, "lowFrameRateRatio": nil, "lowVideoProcessingCapabilityRatio": nil,
			"maxAudioNetworkJitter": "PT0.048S", "maxJitter": "PT0.046S", "maxPacketLossRate": 0.0732, "maxRatioOfConcealedSamples": 0.1098,
			"maxRoundTripTime": "PT0.111S", "packetUtilization": 4294967295, "postForwardErrorCorrectionPacketLossRate": 0.01, "rmsFreezeDuration": nil,
			"startDateTime": nil, "videoCodec": nil, "wasMediaBypassed": false}
	}
	network := map[string]any{"bandwidthLowEventRatio": 0.01, "basicServiceSetIdentifier": "00:00:00:00:00:00", "connectionType": "wifi",
		"delayEventRatio": 0, "dnsSuffix": nil, "ipAddress": "10.139.0.12", "linkSpeed": 54000000, "macAddress": "00:00:00:00:00:00",
		"networkTransportProtocol": "udp", "port": 50011, "receivedQualityEventRatio": 0.0, "reflexiveIPAddress": "127.0.0.2", "relayIPAddress": "52.114.188.32",
		"relayPort": 53889, "sentQualityEventRatio": 0.0, "subnet": "10.139.80.0", "traceRouteHops": []any{}, "wifiBand": "frequency50GHz",
		"wifiBatteryCharge": 0, "wifiChannel": 10, "wifiMicrosoftDriver": "Microsoft", "wifiMicrosoftDriverVersion": "10.0.18362.1",
		"wifiRadioType": "wifi80211ac", "wifiSignalStrength": 100, "wifiVendorDriver": "Intel", "wifiVendorDriverVersion": "21.40.5.1"}
	device := map[string]any{"captureDeviceDriver": "Microsoft: 10.0.18362.1", "captureDeviceName": "Microphone (Realtek Audio)", "captureNotFunctioningEventRatio": 0,
		"cpuInsufficentEventRatio": 0.0, "deviceClippingEventRatio": 0.005, "deviceGlitchEventRatio": 0.0, "howlingEventCount": 0,
		"initialSignalLevelRootMeanSquare": 60.25816, "lowSpeechLevelEventRatio": 0.0, "lowSpeechToNoiseEventRatio": 0.0, "micGlitchRate": 23,
		"receivedNoiseLevel": -86, "receivedSignalLevel": -18, "renderDeviceDriver": "Microsoft: 10.0.18362.1", "renderDeviceName": "Speakers (Realtek Audio)",
		"renderMuteEventRatio": 0.0, "renderNotFunctioningEventRatio": 0.0, "renderZeroVolumeEventRatio": 0.0, "sentNoiseLevel": -96,
		"sentSignalLevel": -25, "speakerGlitchRate": 3887}
	media := map[string]any{"label": "main-audio", "callerNetwork": network, "calleeNetwork": network, "callerDevice": device, "calleeDevice": device,
		"streams": []any{stream("callerToCallee"), stream("calleeToCaller")}}
	endpoint := map[string]any{"@odata.type": "#microsoft.graph.callRecords.participantEndpoint", "name": "machineName_4",
		"userAgent": map[string]any{"@odata.type": "#microsoft.graph.callRecords.clientUserAgent", "headerValue": "RTCC/7.0.0.0 UCCAPI/16.0.12527.20122 OC/16.0.12527.20194 (Skype for Business)", "platform": "windows", "productFamily": "skypeForBusiness"}}
	return map[string]any{"id": id, "startDateTime": start.Format(time.RFC3339), "endDateTime": start.Add(time.Second).Format(time.RFC3339),
		"caller": endpoint, "callee": endpoint, "failureInfo": nil, "media": []any{media, media}}
}

// benchScenario is one call record with nSessions sessions of perSession wide segments each.
func benchScenario(nSessions, perSession int) mockserver.Scenario {
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	sessions := make([]any, nSessions)
	for i := range sessions {
		segs := make([]any, perSession)
		for j := range segs {
			segs[j] = wideSegment(fmt.Sprintf("g%06d", j), start.Add(time.Duration(j)*time.Second))
		}
		sessions[i] = map[string]any{"id": fmt.Sprintf("s%04d", i), "modalities": []string{"audio"}, "startDateTime": start.Format(time.RFC3339),
			"endDateTime": start.Add(72 * time.Hour).Format(time.RFC3339), "segments": segs}
	}
	rec, _ := json.Marshal(completeRecord(map[string]any{"id": "r", "version": 1, "type": "groupCall", "modalities": []string{"audio"},
		"startDateTime": start.Format(time.RFC3339), "endDateTime": start.Add(72 * time.Hour).Format(time.RFC3339), "sessions": sessions}))
	return mockserver.Scenario{Name: "bench", CallRecords: []json.RawMessage{rec}}
}

// sink is a ResponseWriter that keeps nothing, so the benchmark measures the handler, not a
// recorder's buffer growth. Both sides of each ratio use it.
type sink struct{ h http.Header }

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return len(b), nil }
func (s *sink) WriteHeader(int)             {}

// baseline serves body with the same content type, as a bare net/http handler would.
func baseline(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}

// compare runs the graphmock handler and the baseline on the same request as sub-benchmarks.
func compare(b *testing.B, h http.Handler, target string, header http.Header) {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header = header
	if req.Header == nil {
		req.Header = http.Header{}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
	}
	body := rec.Body.Bytes()
	for _, side := range []struct {
		name string
		h    http.Handler
	}{{"baseline", baseline(body)}, {"graphmock", h}} {
		b.Run(side.name, func(b *testing.B) {
			w := &sink{h: http.Header{}}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				side.h.ServeHTTP(w, req)
			}
		})
	}
}

func benchServer(b *testing.B, nSessions, perSession int) *mockserver.Server {
	s, err := mockserver.New(mockserver.WithScenario(benchScenario(nSessions, perSession)))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkGetSegment(b *testing.B) {
	s := benchServer(b, 1, 100)
	compare(b, s, "/v1.0/communications/callRecords/r/sessions/s0000/segments/g000050", nil)
}

// BenchmarkGetSegmentSDKHeaders is BenchmarkGetSegment with the headers the Graph SDK for Go
// sends (a bearer token, a client-request-id, its user agent and feature flags), which the
// journal records with every request.
func BenchmarkGetSegmentSDKHeaders(b *testing.B) {
	s := benchServer(b, 1, 100)
	compare(b, s, "/v1.0/communications/callRecords/r/sessions/s0000/segments/g000050", http.Header{
		"Accept":            {"application/json"},
		"Accept-Encoding":   {"gzip"},
		"Authorization":     {"Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJyb2xlcyI6WyJDYWxsUmVjb3Jkcy5SZWFkLkFsbCJdfQ."},
		"Client-Request-Id": {"0f6b1e0a-5d3c-4f7e-9a2b-8c1d2e3f4a5b"},
		"Sdkversion":        {"graph-go/1.60.0, graph-go-core/1.2.1 (featureflag=00000000; hostOS=linux; hostArch=amd64; runtimeEnvironment=go1.26)"},
		"User-Agent":        {"kiota-go/1.1.2"},
	})
}

func BenchmarkListSegmentsPage(b *testing.B) {
	s := benchServer(b, 1, 3000)
	first := "/v1.0/communications/callRecords/r/sessions/s0000/segments"
	b.Run("first", func(b *testing.B) { compare(b, s, first, nil) })
	// The last page, reached by walking the links once, must cost the same as the first.
	target := first
	for {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		var c struct {
			Next string `json:"@odata.nextLink"`
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &c)
		if c.Next == "" {
			break
		}
		target = strings.TrimPrefix(c.Next, "http://example.com")
	}
	b.Run("last", func(b *testing.B) { compare(b, s, target, nil) })
}

func BenchmarkGetCallRecordFullExpand(b *testing.B) {
	s := benchServer(b, 5, 4)
	compare(b, s, "/v1.0/communications/callRecords/r?$expand=sessions($expand=segments)", nil)
}

// BenchmarkLoadAndPage100k loads a scenario of 100,000 segments (JSON, with caller and callee)
// and pages through all of them.
func BenchmarkLoadAndPage100k(b *testing.B) {
	sc := benchScenario(100, 1000)
	var rec map[string]any
	_ = json.Unmarshal(sc.CallRecords[0], &rec)
	for _, ses := range rec["sessions"].([]any) {
		for _, g := range ses.(map[string]any)["segments"].([]any) {
			delete(g.(map[string]any), "media")
		}
	}
	sc.CallRecords[0], _ = json.Marshal(rec)
	data, _ := json.Marshal(sc)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s, err := mockserver.New(mockserver.WithScenarioBytes("100k.json", data))
		if err != nil {
			b.Fatal(err)
		}
		pages := 0
		for i := 0; i < 100; i++ {
			target := fmt.Sprintf("/v1.0/communications/callRecords/r/sessions/s%04d/segments", i)
			for target != "" {
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
				var c struct {
					Next string `json:"@odata.nextLink"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
					b.Fatal(err)
				}
				target = strings.TrimPrefix(c.Next, "http://example.com")
				pages++
			}
		}
		if pages != 100*17 {
			b.Fatalf("pages = %d", pages)
		}
	}
}

// BenchmarkGetSegmentOverHTTP is the same comparison as a client sees it: both handlers behind a
// real loopback listener, one keep-alive connection, full request and response. This is the
// ratio the 1.5× target is about.
func BenchmarkGetSegmentOverHTTP(b *testing.B) {
	s := benchServer(b, 1, 100)
	target := "/v1.0/communications/callRecords/r/sessions/s0000/segments/g000050"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	body := rec.Body.Bytes()
	for _, side := range []struct {
		name string
		h    http.Handler
	}{{"baseline", baseline(body)}, {"graphmock", s}} {
		b.Run(side.name, func(b *testing.B) {
			srv := httptest.NewServer(side.h)
			defer srv.Close()
			client := srv.Client()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				resp, err := client.Get(srv.URL + target)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(io.Discard, resp.Body); err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}

// BenchmarkCreateSegment posts a wide segment with schema validation on and off, in one run, so
// the ratio is what validation costs, and validated and gzipped as the Graph SDK for Go sends it.
// Each iteration creates a new segment (ids are generated), so the cap on stored bytes is
// lifted: a long run would otherwise measure 507s.
func BenchmarkCreateSegment(b *testing.B) {
	plain, _ := json.Marshal(wideSegment("", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)))
	plain = []byte(strings.Replace(string(plain), `"id":"",`, "", 1))
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write(plain)
	_ = zw.Close()
	for _, side := range []struct {
		name     string
		validate bool
		gzip     bool
	}{{"validation-off", false, false}, {"validation-on", true, false}, {"validation-on-gzip", true, true}} {
		body := plain
		if side.gzip {
			body = zipped.Bytes()
		}
		b.Run(side.name, func(b *testing.B) {
			s, err := mockserver.New(mockserver.WithScenario(benchScenario(1, 1)), mockserver.WithRequestValidation(side.validate),
				mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: math.MaxInt64}))
			if err != nil {
				b.Fatal(err)
			}
			post := func() *http.Request {
				req := httptest.NewRequest(http.MethodPost, "/v1.0/communications/callRecords/r/sessions/s0000/segments", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if side.gzip {
					req.Header.Set("Content-Encoding", "gzip")
				}
				return req
			}
			rec := httptest.NewRecorder()
			if s.ServeHTTP(rec, post()); rec.Code != http.StatusCreated {
				b.Fatalf("POST: %d %s", rec.Code, rec.Body)
			}
			w := &sink{h: http.Header{}}
			b.SetBytes(int64(len(plain)))
			b.ReportAllocs()
			for b.Loop() {
				req := post()
				clear(w.h)
				s.ServeHTTP(w, req)
			}
		})
	}
}

// BenchmarkGetSegmentShown is BenchmarkGetSegment with the output preferences that make the
// server rewrite the stored bytes instead of copying them (omit-values=nulls), to show what the
// slow path costs; the plain GET must not pay for it.
func BenchmarkGetSegmentShown(b *testing.B) {
	s := benchServer(b, 1, 100)
	compare(b, s, "/v1.0/communications/callRecords/r/sessions/s0000/segments/g000050", http.Header{"Prefer": {"omit-values=nulls"}})
}
