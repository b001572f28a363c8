package mockserver

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/admin"
	"github.com/graphmock/graphmock/mockserver/internal/explorer"
	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// This file is everything mockserver provides to the explorer (internal/explorer): the default
// namespace's state through explorer.Source, its fault rules and journal for the home page's
// panels, and the admin guard's verdict. Each method only translates a read the Graph routes or
// the Go API already make; the explorer works out counts and rows itself.

// routeExplorer names the explorer's pages and forms (GET /, /_mock/ui...) in the log. Like the
// admin routes, the explorer is not journaled and faults never apply to it.
const routeExplorer Route = explorer.RouteName

// newExplorer builds the explorer over the default namespace, guarded by the admin switches.
func (s *Server) newExplorer() *explorer.Explorer {
	src := explorerSource{s}
	return explorer.New(explorer.Config{
		Source: src, Faults: src, Journal: src, Reports: src, Notifications: s.Namespace.hub,
		Access:           s.explorerAccess,
		Logger:           s.logger,
		MaxScenarioBytes: admin.MaxScenarioBytes, GraphNeedsToken: s.cfg.requireAuth,
		Console: s, // console requests run through ServeHTTP, like any client's
	})
}

// explorerAccess is the admin guard's verdict (adminAccess) in the explorer's terms; the
// explorer also takes the token as a Basic password, so a browser can prompt for it.
func (s *Server) explorerAccess(r *http.Request) explorer.Access {
	switch s.adminAccess(r, true) {
	case adminAllowed:
		return explorer.Allowed
	case adminSwitchedOff:
		return explorer.SwitchedOff
	default:
		return explorer.TokenNeeded
	}
}

// explorerSource is the explorer's view of a Server's default namespace.
type explorerSource struct{ s *Server }

// explorerError turns a store error into what the explorer shows: Graph's message for it.
func explorerError(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(toGraphError(err).Message)
}

// explorerPage converts a store page of objects.
func explorerPage(p page[object]) explorer.Page[jsondoc.Object] {
	return explorer.Page[jsondoc.Object]{Items: p.Items, Total: p.Total}
}

// Info implements explorer.Source.
func (e explorerSource) Info() explorer.Info {
	i := e.s.ScenarioInfo()
	return explorer.Info{Name: i.Name, Description: i.Description, Source: i.Source,
		CallRecords: i.CallRecords, Sessions: i.Sessions, Segments: i.Segments, Participants: i.Participants}
}

// Records implements explorer.Source.
func (e explorerSource) Records(skip, n int) explorer.Page[explorer.Record] {
	p := e.s.store.Records(position{Skip: skip, Size: n}, nil)
	out := explorer.Page[explorer.Record]{Items: make([]explorer.Record, len(p.Items)), Total: p.Total}
	for i, v := range p.Items {
		out.Items[i] = explorer.Record{JSON: v.Obj, Organizer: v.Organizer}
	}
	return out
}

// Record implements explorer.Source.
func (e explorerSource) Record(id string) (explorer.Record, error) {
	v, err := e.s.store.Record(id, store.RecordExpand{}, 0)
	return explorer.Record{JSON: v.Obj, Organizer: v.Organizer, Available: v.Timing.From, AvailableAfter: v.Timing.Available}, explorerError(err)
}

// Participants implements explorer.Source.
func (e explorerSource) Participants(recordID string, skip, n int) (explorer.Page[jsondoc.Object], error) {
	p, err := e.s.store.Participants(recordID, position{Skip: skip, Size: n})
	return explorerPage(p), explorerError(err)
}

// Sessions implements explorer.Source.
func (e explorerSource) Sessions(recordID string, skip, n int) (explorer.Page[jsondoc.Object], error) {
	p, err := e.s.store.Sessions(recordID, position{Skip: skip, Size: n}, false)
	out := explorer.Page[jsondoc.Object]{Items: make([]jsondoc.Object, len(p.Items)), Total: p.Total}
	for i, v := range p.Items {
		out.Items[i] = v.Obj
	}
	return out, explorerError(err)
}

// Session implements explorer.Source.
func (e explorerSource) Session(recordID, sessionID string) (jsondoc.Object, error) {
	v, err := e.s.store.Session(recordID, sessionID, false)
	return v.Obj, explorerError(err)
}

// Segments implements explorer.Source.
func (e explorerSource) Segments(recordID, sessionID string, skip, n int) (explorer.Page[jsondoc.Object], error) {
	p, err := e.s.store.Segments(recordID, sessionID, position{Skip: skip, Size: n})
	return explorerPage(p), explorerError(err)
}

// Segment implements explorer.Source.
func (e explorerSource) Segment(recordID, sessionID, segmentID string) (jsondoc.Object, error) {
	obj, err := e.s.store.Segment(recordID, sessionID, segmentID)
	return obj, explorerError(err)
}

// LoadScenario loads into the default namespace; a *ScenarioError becomes explorer.Problems.
func (e explorerSource) LoadScenario(name string, data []byte) error {
	err := e.s.LoadScenario(name, data)
	var se *ScenarioError
	if !errors.As(err, &se) {
		return err
	}
	problems := make(explorer.Problems, len(se.Problems))
	for i, p := range se.Problems {
		problems[i] = p.String()
	}
	return problems
}

// Reset implements explorer.Source.
func (e explorerSource) Reset() { e.s.Reset() }

// Faults describes the default namespace's fault rules in words (faults.DescribeMatch, DescribeAction) and the seed.
func (e explorerSource) Faults() explorer.FaultPanel {
	panel := explorer.FaultPanel{Seed: strconv.FormatUint(e.s.Seed(), 10)}
	for _, st := range e.s.Faults() {
		panel.Rules = append(panel.Rules, explorer.Fault{
			ID: st.ID, Source: st.Source, Match: faults.DescribeMatch(st.Fault), Action: faults.DescribeAction(st.Fault),
			Matched: st.Matched, Fired: st.Fired,
		})
	}
	return panel
}

// Recent returns the default namespace's most recent requests, newest first.
func (e explorerSource) Recent(limit int) []explorer.Request {
	var out []explorer.Request
	for _, j := range e.s.Namespace.journal.Recent(limit) {
		out = append(out, explorer.Request{
			Time: j.Time, Method: j.Method, Path: j.URL, Route: string(j.Route), Status: j.Status,
			Duration: j.Duration.Round(time.Microsecond), Fault: j.Fault, RequestID: j.RequestID, Console: j.Console,
		})
	}
	return out
}

// ReportRows implements explorer.ReportSource: a page of a report's rows by start time, as its
// calls answer; only the total, without scanning deferred rows, when n is 0.
func (e explorerSource) ReportRows(function string, skip, n int) explorer.Page[jsondoc.Object] {
	k := reports.PSTN
	if function == reports.DirectRouting.Function() {
		k = reports.DirectRouting
	}
	book := e.s.reports.Load()
	out := explorer.Page[jsondoc.Object]{Total: book.Len(k)}
	if n > 0 {
		rows := book.ByStart(k)
		for _, r := range rows[min(skip, len(rows)):min(skip+n, len(rows))] {
			out.Items = append(out.Items, r.Obj)
		}
	}
	return out
}
