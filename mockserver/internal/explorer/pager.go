package explorer

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"
)

// layout is what every page's header and footer read.
type layout struct {
	Title  string
	Info   Info
	Crumbs []crumb
	// GraphNeedsToken is Config.GraphNeedsToken: the header then says why the Graph links
	// answer 401 in a browser.
	GraphNeedsToken bool
	// Reports link the report pages (reports.go).
	Reports []crumb
	// Style names the extra CSS the page needs beyond every page's: "streams", "timeline" or
	// "console" ("" for none), so that no page carries the others' rules.
	Style string
}

// newLayout is a page's layout: its title, the scenario's summary and the breadcrumb trail.
func (ui *Explorer) newLayout(title string, crumbs ...crumb) layout {
	return layout{Title: title, Info: ui.cfg.Source.Info(), Crumbs: crumbs, GraphNeedsToken: ui.cfg.GraphNeedsToken, Reports: ui.reportLinks()}
}

// crumb is one step of the breadcrumb trail (the last has no link), or one Graph link.
type crumb struct {
	Label string
	URL   string
}

// pager is the paging of one table.
type pager struct {
	Page, Pages int
	First, Last int // 1-based row numbers shown
	Total       int
	Prev, Next  string // links, "" at the ends
	FirstURL    string
	LastURL     string
}

// newPager works out the page asked for in ?page= (clamped to the pages there are) for total
// rows, with links on the request's own path.
func newPager(r *http.Request, total int) pager {
	const size = PageSize
	p := pager{Page: 1, Total: total, Pages: max(1, (total+size-1)/size)}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil {
		p.Page = min(max(n, 1), p.Pages)
	}
	if total > 0 {
		p.First = (p.Page-1)*size + 1
		p.Last = min(p.Page*size, total)
	}
	link := func(n int) string { return r.URL.EscapedPath() + "?page=" + strconv.Itoa(n) }
	if p.Page > 1 {
		p.Prev, p.FirstURL = link(p.Page-1), link(1)
	}
	if p.Page < p.Pages {
		p.Next, p.LastURL = link(p.Page+1), link(p.Pages)
	}
	return p
}

// skip is the number of rows before the pager's page.
func (p pager) skip() int { return (p.Page - 1) * PageSize }

// pathID returns a path variable, percent-decoded (the router matches the escaped path).
func pathID(r *http.Request, name string) (string, bool) {
	v, err := url.PathUnescape(mux.Vars(r)[name])
	return v, err == nil
}
