package mockserver_test

import (
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// The browser check of the request console, call quality and the timeline, in headless Chromium
// like TestExplorerInBrowser (and run by .ci/browser with it): the console runs a sample, a
// paged list and its next link, a 429 from a fault header and a 400 with details; a segment with
// a poor stream; the timeline of the 64-session record. Each page is loaded, its DOM checked and
// a screenshot taken; a console message, an empty page or an error answer fails the test.
//
// The 400 comes from a POST, which Chromium's command line cannot send, so the test posts the
// form itself and has the browser load that exact answer (its headers, CSP included, and body)
// from a replay path on the same server.

// replays serves recorded answers under /_replay/, and everything else with the server.
type replays struct {
	next  http.Handler
	mu    sync.Mutex
	pages map[string]result
}

func (rp *replays) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if name, ok := strings.CutPrefix(r.URL.Path, "/_replay/"); ok {
		rp.mu.Lock()
		page, found := rp.pages[name]
		rp.mu.Unlock()
		if !found {
			http.NotFound(w, r)
			return
		}
		for k, v := range page.header {
			w.Header()[k] = v
		}
		w.WriteHeader(page.status)
		_, _ = w.Write(page.body)
		return
	}
	rp.next.ServeHTTP(w, r)
}

func TestExplorerConsoleInBrowser(t *testing.T) {
	t.Parallel()
	if os.Getenv("GRAPHMOCK_BROWSER_TEST") != "1" {
		t.Skip("set GRAPHMOCK_BROWSER_TEST=1 to run the headless Chromium check (.ci/run does)")
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("GRAPHMOCK_BROWSER_TEST=1 but chromium is not installed: %v (apt-get install -y chromium; .ci/browser does)", err)
	}
	s, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	var log statusLog
	rp := &replays{next: s, pages: map[string]result{}}
	srv := httptest.NewServer(log.wrap(rp))
	defer srv.Close()
	b := &browser{t: t, path: path}
	shots := os.Getenv("GRAPHMOCK_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	}
	shot := func(target, name string, want ...string) string {
		t.Helper()
		dom := b.dom(srv.URL + target)
		for _, w := range want {
			if !strings.Contains(dom, w) {
				t.Errorf("%s: the DOM lacks %q", name, w)
			}
		}
		file := filepath.Join(shots, name+".png")
		b.screenshot(srv.URL+target, file)
		return dom
	}

	home := b.dom(srv.URL + consolePath)
	link := func(title string) string { return sampleLink(t, home, title) }
	shot(link("Get a call record"), "console-success", `200 OK`, `Request-Id`, `"@odata.context": `)
	paged := shot(link("List sessions, paged"), "console-paged", `200 OK`, `Next page: `)
	next := firstMatch(t, `<li>Next page: <a href="([^"]+)"`, paged, "next link")
	shot(html.UnescapeString(next), "console-next-page", `200 OK`, `$skiptoken=`)
	shot(link("429 from X-Graphmock-Fault"), "console-429", `429 Too Many Requests`, `Retry-After`, `"TooManyRequests"`)

	segments := "/v1.0/communications/callRecords/" + defaultP2P + "/sessions/" + defaultP2P + "/segments"
	form := url.Values{"method": {"POST"}, "url": {segments},
		"body": {`{"startDateTime":"2026-11-20T09:20:00Z","endDateTime":"2026-11-20T09:21:00Z","media":[{"streams":[{"streamDirection":"callerToCallee","audioCodec":"mp3"}]}]}`}}
	resp, err := http.PostForm(srv.URL+consolePath, form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	rp.mu.Lock()
	rp.pages["console-400"] = result{status: resp.StatusCode, header: resp.Header, body: body}
	rp.mu.Unlock()
	shot("/_replay/console-400", "console-400", `400 Bad Request`, `"target": "/media/0/streams/0/audioCodec"`)

	session := "/_mock/ui/callRecords/" + defaultMeet + "/sessions/" + defaultPoorSession
	shot(session+"/segments/"+defaultPoorSession, "segment-poor", `Poor`, `▲ 1.1609`, `Networks and devices`)
	shot("/_mock/ui/callRecords/"+defaultBig, "timeline", `Timeline`, `Sessions 1–50 of 64`)

	log.mu.Lock()
	defer log.mu.Unlock()
	for _, line := range log.seen {
		if strings.HasPrefix(line, "ERROR") {
			t.Errorf("the browser got an error: %s", line)
		}
	}
	t.Logf("requests: %d; screenshots in %s", len(log.seen), shots)
}

// shrinkPNG rewrites a screenshot with at most 128 colours (the most frequent ones; every other
// pixel takes the nearest), so the PNGs kept in docs/ stay small.
func shrinkPNG(t *testing.T, file string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	bounds := img.Bounds()
	counts := map[color.RGBA]int{}
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	colors := make([]color.RGBA, 0, len(counts))
	for c := range counts {
		colors = append(colors, c)
	}
	sort.Slice(colors, func(i, j int) bool {
		if counts[colors[i]] != counts[colors[j]] {
			return counts[colors[i]] > counts[colors[j]]
		}
		a, b := colors[i], colors[j]
		return uint32(a.R)<<16|uint32(a.G)<<8|uint32(a.B) < uint32(b.R)<<16|uint32(b.G)<<8|uint32(b.B)
	})
	pal := make(color.Palette, 0, 128)
	for _, c := range colors[:min(128, len(colors))] {
		pal = append(pal, c)
	}
	out := image.NewPaletted(bounds, pal)
	index := map[color.RGBA]uint8{}
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			i, ok := index[c]
			if !ok {
				i = uint8(pal.Index(c))
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	w, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(w, out); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
