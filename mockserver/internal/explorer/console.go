package explorer

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/console"
)

// The request console (GET and POST /_mock/ui/console): a form for one Graph or admin API
// request, run in-process through Config.Console, and the answer shown with every header and
// the body pretty-printed; snippets of the same request for curl, the Graph SDK for Go and the
// Graph JS client; and sample requests. Without JavaScript: the form posts to the explorer, and
// links (samples, @odata.nextLink) are GETs that fill the form and run it when they carry the
// signature of this server (internal/console's Signer); any other GET only fills the form.

// consoleURL is the console's page.
const consoleURL = Base + "/console"

// consoleData is the console's page.
type consoleData struct {
	layout
	Form    console.Request
	Methods []string
	// Problem is why the form cannot be sent (its Field names the field), Notes what the console
	// changed or did not do.
	Problem *console.FormError
	Notes   []string
	Result  *consoleResult
	// Snippets are the shown request as code; Samples the requests to try.
	Snippets []snippet
	Samples  []sampleGroup
	// Missing says the console is not in this build (Config.Console is nil).
	Missing bool
}

// consoleResult is an answer as the console shows it.
type consoleResult struct {
	Status     int
	StatusText string
	Failed     bool // 4xx, 5xx or no answer
	NoAnswer   string
	Headers    []header
	Pieces     []piece
	// Next are the body's next links (they are in Pieces too), listed above the body.
	Next      []piece
	Size      int
	Truncated bool
	Elapsed   time.Duration
	// Follow are forms that follow each next link with the request's token, which links never
	// carry.
	Follow []console.Request
}

// header is one response header line.
type header struct{ Name, Value string }

// piece is a run of the body: text, or a next link with the console link that runs it.
type piece struct {
	Text string
	URL  string
}

// snippet is the request as code.
type snippet struct{ Title, Code string }

// sampleGroup is a heading of samples.
type sampleGroup struct {
	Name  string
	Items []sampleLink
}

// sampleLink is a sample: a read as a link that fills the console and runs it, a write as a
// form that posts it (a link never changes state).
type sampleLink struct {
	Title, Note, Method, Target, URL string
	Post                             *console.Request
	// Want is the status the sample answers on the scenario as loaded, run in the listed order.
	Want int
}

// Console is the request console (GET and POST /_mock/ui/console). The POST is behind the same
// cross-origin protection as the explorer's other forms.
func (ui *Explorer) Console() http.Handler {
	get, post := ui.page(ui.console), ui.form(ui.console)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			post.ServeHTTP(w, r)
			return
		}
		get.ServeHTTP(w, r)
	})
}

// maxConsoleForm bounds a posted console form: the largest request it sends, and room for the
// field names and the token.
const maxConsoleForm = console.MaxBody + console.MaxHeaders + console.MaxTarget + 64<<10

// console fills the form from a link or a post and runs it when it may.
func (ui *Explorer) console(r *http.Request) result {
	if console.Sent(r) { // the console's own request reached it (through a path it did not see as its own)
		return ui.messagePage(http.StatusLoopDetected, "Loop", "The request console does not run requests to itself.")
	}
	d := consoleData{Methods: console.Methods(), Missing: ui.cfg.Console == nil}
	d.layout = ui.newLayout("Request console", crumb{Label: "Call records", URL: Base}, crumb{Label: "Request console"})
	d.Style = "console"
	d.Samples = ui.sampleLinks()
	values, run := r.URL.Query(), false
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(nil, r.Body, maxConsoleForm)
		if err := r.ParseForm(); err != nil {
			d.Form = console.Request{Method: http.MethodGet}
			d.Problem = &console.FormError{Field: "form", Reason: "the form could not be read: " + err.Error()}
			return result{status: http.StatusBadRequest, template: "console", data: d}
		}
		values, run = r.PostForm, true
	}
	if values.Get("url") == "" && !run {
		d.Form = console.Request{Method: http.MethodGet, Target: "/v1.0/communications/callRecords"}
		return result{status: http.StatusOK, template: "console", data: d}
	}
	req, err := console.FromForm(values)
	d.Form = req
	if err != nil {
		d.Problem = formError(err)
		return result{status: http.StatusBadRequest, template: "console", data: d}
	}
	if sig := values.Get("run"); !run && sig != "" {
		switch {
		case !safe(req.Method):
			d.Notes = append(d.Notes, "Not run: a link never sends a "+req.Method+". Check the request, then press Send.")
		case ui.signer.Verify(req, sig):
			run = true
		default:
			d.Notes = append(d.Notes, "Not run: this link was not made by this server's console. Check the request, then press Send.")
		}
	}
	if req.From != "" {
		d.Notes = append(d.Notes, "Sent to this server: the console dropped "+req.From+" from the URL.")
	}
	if req.Added != "" && run {
		d.Notes = append(d.Notes, "Added "+req.Added+".")
	}
	base := "http://" + r.Host
	if r.TLS != nil {
		base = "https://" + r.Host
	}
	d.Snippets = []snippet{{"curl", console.Curl(req, base)}, {"Graph SDK for Go", console.GoSDK(req, base)}, {"Graph JS client", console.JSClient(req, base)}}
	if run && !d.Missing {
		d.Result = ui.runConsole(r, req)
	}
	return result{status: http.StatusOK, template: "console", data: d}
}

// runConsole runs a request and shapes its answer for the page.
func (ui *Explorer) runConsole(r *http.Request, req console.Request) *consoleResult {
	x := console.Run(r, ui.cfg.Console, req, "console-"+strconv.FormatUint(ui.runs.Add(1), 10))
	res := &consoleResult{Status: x.Status, StatusText: http.StatusText(x.Status), Failed: x.Status == 0 || x.Status >= 400,
		Size: x.Size, Truncated: x.Truncated, Elapsed: x.Elapsed.Round(time.Microsecond)}
	switch {
	case x.Err != nil:
		res.NoAnswer = "The request could not be made: " + x.Err.Error()
		return res
	case x.Status == 0:
		res.NoAnswer = "No answer within " + console.Timeout.String() + ": a fault held it back (delay, dribble or hang), or broke the connection, which in-process means no answer at all. The curl snippet shows what a client sees."
	}
	names := make([]string, 0, len(x.Header))
	for k := range x.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range x.Header[k] {
			res.Headers = append(res.Headers, header{k, v})
		}
	}
	pieces, _ := console.Pretty(x.Body, x.Header.Get("Content-Type"))
	for _, p := range pieces {
		v := piece{Text: p.Text}
		if p.Link != "" {
			next := ui.nextRequest(req, p.Link)
			v.URL = consoleURL + "?" + ui.signer.Link(next).Encode()
			res.Next = append(res.Next, piece{Text: p.Link, URL: v.URL})
			if req.Token != "" || req.Header("Authorization") != "" {
				res.Follow = append(res.Follow, withToken(next, req))
			}
		}
		res.Pieces = append(res.Pieces, v)
	}
	return res
}

// nextRequest is the request that follows a next link: a GET of it with the request's headers
// (but its token, body and Content-Type).
func (ui *Explorer) nextRequest(req console.Request, link string) console.Request {
	v := url.Values{"method": {http.MethodGet}, "url": {link}}
	var keep []string
	for _, h := range req.Headers {
		switch strings.ToLower(h.Name) {
		case "authorization", "content-type", "content-encoding":
			continue
		}
		keep = append(keep, h.Name+": "+h.Value)
	}
	v.Set("headers", strings.Join(keep, "\n"))
	next, _ := console.FromForm(v) // a link the server wrote; an error leaves what could be read
	return next
}

// withToken is next carrying req's token (or Authorization header), for a form that posts it.
func withToken(next, req console.Request) console.Request {
	next.Token = req.Token
	if next.Token == "" {
		next.Token, _ = strings.CutPrefix(req.Header("Authorization"), "Bearer ")
	}
	return next
}

// safe reports whether a link may run a request of this method: only reads, so that following
// or prefetching a link never changes the state. Writes are sent by posting the form.
func safe(method string) bool { return method == http.MethodGet || method == http.MethodHead }

// formError is err as the page shows it.
func formError(err error) *console.FormError {
	if fe, ok := err.(*console.FormError); ok {
		return fe
	}
	return &console.FormError{Field: "form", Reason: err.Error()}
}
