package mockserver

import (
	"net/http"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/odata"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
)

// The two report functions bound to the callRecords collection, getPstnCalls and
// getDirectRoutingCalls (internal/reports holds their rows and decides what a call means): this
// is the HTTP side, reading the call from the URL and writing Graph's collection with its page
// count and next link.

// getPstnCalls serves GET /communications/callRecords/getPstnCalls(fromDateTime=…,toDateTime=…).
func (s *Server) getPstnCalls(rq *request) (response, error) { return s.callReport(rq, reports.PSTN) }

// getDirectRoutingCalls serves GET …/callRecords/getDirectRoutingCalls(fromDateTime=…,toDateTime=…).
func (s *Server) getDirectRoutingCalls(rq *request) (response, error) {
	return s.callReport(rq, reports.DirectRouting)
}

// callReport answers a call of report k: its rows in the range by start time, a page at a time.
// @odata.count is the number of rows in the page, as the docs define it; the next link repeats
// the call with the next $skip (and the $top a Prefer header chose), as Graph's own links do.
func (s *Server) callReport(rq *request, k reports.Kind) (response, error) {
	q, err := rq.parse(odata.OptTop|odata.OptSkip|odata.OptCount, k.Type())
	if err != nil {
		return response{}, err
	}
	args, _ := rq.vars.Get("args")
	p, err := rq.ns.reports.Load().Call(k, args, reports.Paging{Top: q.Top, HasTop: q.Has(odata.OptTop), Skip: q.Skip,
		MaxPageSize: rq.prefs.MaxPageSize, Configured: s.cfg.pageSize})
	if err != nil {
		return response{}, err
	}
	resp := response{status: http.StatusOK}
	if p.PreferenceApplied != "" {
		resp.setHeader("Preference-Applied", p.PreferenceApplied)
	}
	next := ""
	if p.More {
		next = odata.SkipLink(rq.base+strings.TrimPrefix(rq.http.URL.EscapedPath(), "/"+rq.version), q, p.LinkTop, p.NextSkip)
	}
	w, t := rq.out(), k.Type()
	resp.body = odata.AppendCollection(rq.buffer(), rq.base+"/$metadata#Collection("+t.Name()+")", p.Rows, len(p.Rows), next,
		func(b []byte, r reports.Row) []byte { return w.Object(b, t, r.Obj, nil) })
	return resp, nil
}
