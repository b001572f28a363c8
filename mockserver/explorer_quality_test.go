package mockserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// The default scenario's group meeting has one session with a poor stream: its audio from the
// MCU degraded by 1.16 (over CQD's 1.0) with 8.4% concealed samples (over 7%).
const (
	defaultPoorSession = "e9f3a7c1-4d2b-4a8e-b605-3c7e1f9d2a84" // in defaultMeet; its one segment has the same id
	defaultBig         = "4b2e9d71-c6a8-4f35-9e0b-7d3c1a5f8e92" // 64 sessions
)

// TestExplorerMarksPoorStreams follows a poor stream from its segment up to its call record.
func TestExplorerMarksPoorStreams(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	session := "/_mock/ui/callRecords/" + defaultMeet + "/sessions/" + defaultPoorSession
	segment := explorerPage(t, s, session+"/segments/"+defaultPoorSession, http.StatusOK)
	wantAll(t, segment,
		`<dt>Call quality</dt><dd><span class="badge poor">Poor</span> 4 streams: 1 poor, 3 good`,
		`<td class="verdict"><span class="badge poor">Poor</span><span class="detail">Audio Degradation Avg 1.1609 &gt; 1</span><span class="detail">Ratio Concealed Samples Avg 0.0841 &gt; 0.07</span></td>`,
		`<td class="num over" title="CQD audio poor when Audio Degradation Avg &gt; 1">▲ 1.1609</td>`,
		`<td class="num over" title="CQD audio poor when Ratio Concealed Samples Avg &gt; 0.07">▲ 0.0841 / 0.1903</td>`,
		`<th class="num" title="averageJitter / maxJitter">Jitter (ms)</th>`,
		`<td class="num">14 / 61</td>`, // PT0.014S / PT0.061S
		`<span class="badge good">Good</span>`,
		`<h2>Networks and devices</h2>`, `<dt>Caller network</dt><dd>connectionType wifi`, `<dt>Caller device</dt><dd>captureDeviceName `,
	)
	if n := strings.Count(segment, `<tr class="stream`); n != 4 {
		t.Errorf("segment page shows %d streams, want 4", n)
	}
	if n := strings.Count(segment, `class="num over"`); n != 2 {
		t.Errorf("segment page marks %d values, want the 2 over CQD's thresholds", n)
	}

	sess := explorerPage(t, s, session, http.StatusOK)
	wantAll(t, sess, `<dt>Call quality</dt><dd><span class="badge poor">Poor</span> 4 streams: 1 poor (in 1 segment), 3 good`,
		`<h2>Media streams of these segments</h2>`, `<a class="id" href="`+session+`/segments/`+defaultPoorSession+`">`)

	record := explorerPage(t, s, "/_mock/ui/callRecords/"+defaultMeet, http.StatusOK)
	wantAll(t, record, `<dt>Call quality</dt><dd><span class="badge poor">Poor</span> 21 streams: 2 poor (in 2 sessions), 19 good`,
		`<td><span class="badge poor">Poor</span> 4 streams: 1 poor (in 1 segment), 3 good</td>`, `href="/_mock/ui/quality">thresholds</a>`)
	p2p := explorerPage(t, s, "/_mock/ui/callRecords/"+defaultP2P, http.StatusOK)
	wantAll(t, p2p, `<dt>Call quality</dt><dd>2 streams: 2 good`)

	thresholds := explorerPage(t, s, "/_mock/ui/quality", http.StatusOK)
	wantAll(t, thresholds, `href="https://learn.microsoft.com/en-us/microsoftteams/stream-classification-in-call-quality-dashboard"`,
		`<td><code>averageRoundTripTime</code></td><td>&gt; 500 ms</td>`, `<td><code>averageVideoFrameRate</code></td><td>&lt; 2 fps</td>`,
		`more than 500 packets`)
}

// TestExplorerTimeline checks the record page's timeline of the 64-session all-hands meeting:
// one lane a session of the page shown, on the whole call's axis, with its failure and its poor
// segments marked.
func TestExplorerTimeline(t *testing.T) {
	t.Parallel()
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	lanes := regexp.MustCompile(`<text class="lane" x="240" y="\d+" text-anchor="end">`)
	first := explorerPage(t, s, "/_mock/ui/callRecords/"+defaultBig, http.StatusOK)
	wantAll(t, first, `<h2>Timeline</h2>`, `<svg class="timeline" viewBox="0 0 1200 `, `role="img" aria-labelledby="timeline-title timeline-desc"`,
		`Sessions 1–50 of 64, on the call&#39;s time axis from 15:54:48 to 17:03:14 UTC (1h8m27s)`,
		`<text class="tick" x="319.0" y="20" text-anchor="middle">16:00</text>`,
		`<rect class="segment poor"`, `segment with a poor stream`)
	if n := len(lanes.FindAllString(first, -1)); n != 50 {
		t.Errorf("page 1 draws %d lanes, want 50", n)
	}
	second := explorerPage(t, s, "/_mock/ui/callRecords/"+defaultBig+"?page=2", http.StatusOK)
	if n := len(lanes.FindAllString(second, -1)); n != 14 {
		t.Errorf("page 2 draws %d lanes, want 14", n)
	}
	failed := first + second
	wantAll(t, failed, `<rect class="session failed"`, `<text class="failed"`, `; failed: midcall`)
	meet := explorerPage(t, s, "/_mock/ui/callRecords/"+defaultMeet, http.StatusOK)
	wantAll(t, meet, `6 sessions from `, `failed: callSetup: Call setup failed (PSTN gateway unreachable)`)
	if strings.Contains(meet, "Each page of the sessions table") {
		t.Errorf("a one-page record says it pages its timeline")
	}
}

// TestExplorerTimelineShowsAvailability checks that a record with availableAfter has the moment
// it became available on its timeline's axis (once it is, the explorer can show it at all).
func TestExplorerTimelineShowsAvailability(t *testing.T) {
	t.Parallel()
	s := newTimeline(t)
	s.Clock().Freeze(true)
	s.Clock().Set(timelineStart)
	page := "/_mock/ui/callRecords/" + recordLater
	if r := get(t, s, page, nil); r.status != http.StatusNotFound {
		t.Errorf("before it is generated the explorer shows it: %d", r.status)
	}
	s.Clock().Advance(15 * time.Minute)
	wantAll(t, explorerPage(t, s, page, http.StatusOK),
		`<line class="event available"`, `>available at 12:15:00 (availableAfter 25m)</text>`,
		`A dashed line marks when the record became available at 12:15:00 (availableAfter 25m).`,
		`from 11:40:00 to 12:15:00 UTC`)
	if strings.Contains(explorerPage(t, s, "/_mock/ui/callRecords/"+recordNow, http.StatusOK), `class="event`) {
		t.Errorf("a record available from the start has an availability mark")
	}
}
