package mockserver_test

import (
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// Accessibility basics of every kind of explorer page, checked over the HTML: each form field has
// a label, headings go down one level at a time from a single h1, and the palette's text and
// marks are readable on their backgrounds (WCAG 2 contrast: 4.5:1 for text, 3:1 for the
// timeline's marks).

// explorerPages are one page of each kind (the reports' too), with a console answer and a form
// error among them.
func explorerPages(t *testing.T) map[string]string {
	t.Helper()
	s, err := mockserver.New(mockserver.WithRequireAuth(true))
	if err != nil {
		t.Fatal(err)
	}
	session := "/_mock/ui/callRecords/" + defaultMeet + "/sessions/" + defaultPoorSession
	pages := map[string]string{}
	for _, target := range []string{"/", "/_mock/ui/callRecords/" + defaultBig, session, session + "/segments/" + defaultPoorSession,
		"/_mock/ui/quality", consolePath, "/_mock/ui/callRecords/nope", "/_mock/ui/reports/getPstnCalls", "/_mock/ui/reports/getDirectRoutingCalls"} {
		r := get(t, s, target, nil)
		want := http.StatusOK
		if strings.HasSuffix(target, "/nope") {
			want = http.StatusNotFound
		}
		if r.status != want {
			t.Fatalf("GET %s = %d, want %d", target, r.status, want)
		}
		pages[target] = string(r.body)
	}
	pages["console answer"] = consoleForm(t, s, url.Values{"url": {"/v1.0/communications/callRecords/" + defaultBig + "/sessions"}, "token": {"opaque"}}, nil, http.StatusOK)
	pages["console error"] = consoleForm(t, s, url.Values{"url": {"nope"}}, nil, http.StatusBadRequest)
	return pages
}

func TestExplorerFormFieldsHaveLabels(t *testing.T) {
	t.Parallel()
	field := regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	for name, page := range explorerPages(t) {
		for _, loc := range field.FindAllStringIndex(page, -1) {
			tag := page[loc[0]:loc[1]]
			if strings.Contains(tag, `type="hidden"`) {
				continue
			}
			if open := strings.LastIndex(page[:loc[0]], "<label"); open >= 0 && !strings.Contains(page[open:loc[0]], "</label>") {
				continue // inside its label
			}
			id := regexp.MustCompile(`\bid="([^"]+)"`).FindStringSubmatch(tag)
			if id == nil || !strings.Contains(page, `<label for="`+id[1]+`">`) {
				t.Errorf("%s: %s has no label", name, tag)
			}
		}
		for _, b := range regexp.MustCompile(`(?s)<button\b[^>]*>(.*?)</button>`).FindAllStringSubmatch(page, -1) {
			if strings.TrimSpace(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(b[1], "")) == "" {
				t.Errorf("%s: a button without text: %s", name, b[0])
			}
		}
	}
}

func TestExplorerHeadingsInOrder(t *testing.T) {
	t.Parallel()
	heading := regexp.MustCompile(`<h([1-6])\b`)
	for name, page := range explorerPages(t) {
		levels := heading.FindAllStringSubmatch(page, -1)
		if len(levels) == 0 || levels[0][1] != "1" {
			t.Errorf("%s: the first heading is not an h1", name)
			continue
		}
		prev := 1
		for _, l := range levels[1:] {
			n, _ := strconv.Atoi(l[1])
			if n == 1 {
				t.Errorf("%s: more than one h1", name)
			}
			if n > prev+1 {
				t.Errorf("%s: h%d follows h%d", name, n, prev)
			}
			prev = n
		}
	}
}

// contrastPairs are the palette's foreground/background pairs the pages use, and the contrast
// each needs.
func contrastPairs() []struct {
	fg, bg string
	min    float64
} {
	return []struct {
		fg, bg string
		min    float64
	}{
		{"fg", "bg", 4.5}, {"muted", "bg", 4.5}, {"link", "bg", 4.5}, {"fg", "alt", 4.5}, {"muted", "alt", 4.5}, {"link", "alt", 4.5},
		{"bad", "badbg", 4.5}, {"ok", "okbg", 4.5}, {"poor", "poorbg", 4.5}, {"bad", "bg", 4.5},
		{"headfg", "head", 4.5}, {"headmuted", "head", 4.5},
		{"seg", "bg", 3}, {"poorseg", "bg", 3}, {"session", "bg", 3}, {"poorseg", "poorbg", 3},
	}
}

func TestExplorerPaletteContrast(t *testing.T) {
	t.Parallel()
	page := explorerPages(t)["/"]
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z]+):(#[0-9a-fA-F]{3,6})\b`).FindAllStringSubmatch(page, -1) {
		vars[m[1]] = m[2]
	}
	for _, p := range contrastPairs() {
		fg, bg := vars[p.fg], vars[p.bg]
		if fg == "" || bg == "" {
			t.Errorf("--%s or --%s is not in the palette", p.fg, p.bg)
			continue
		}
		if c := contrast(fg, bg); c < p.min {
			t.Errorf("--%s %s on --%s %s: contrast %.2f:1, want at least %.1f:1", p.fg, fg, p.bg, bg, c, p.min)
		}
	}
}

// contrast is WCAG 2's contrast ratio of two #rgb or #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// luminance is WCAG 2's relative luminance of a colour.
func luminance(hex string) float64 {
	h := strings.TrimPrefix(hex, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}
