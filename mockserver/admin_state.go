package mockserver

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/graphmock/graphmock/mockserver/internal/journal"
	"github.com/graphmock/graphmock/mockserver/internal/runstats"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// jsonResponse marshals v as a 200 (or status) response.
func jsonResponse(status int, v any) (response, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return response{}, err
	}
	return response{status: status, body: body}, nil
}

// readyz is readiness: a scenario is loaded; it reports which, and the stored bytes against the
// cap. A full server stays ready (reads work, and a reset empties it): "full" says so instead.
func (s *Server) readyz(rq *request) (response, error) {
	return jsonResponse(http.StatusOK, struct {
		Status   string       `json:"status"`
		Scenario ScenarioInfo `json:"scenario"`
		Storage  store.Usage  `json:"storage"`
	}{"ready", rq.ns.ScenarioInfo(), s.budget.Usage()})
}

// metrics serves GET /_mock/metrics: the Graph requests this server has answered (every
// namespace) and the process's allocation, GC and CPU counters, so a load test can report
// allocations per request and the collector's share of the CPU (bench/load.sh). The counters
// are the process's: servers sharing one process share them.
func (s *Server) metrics(*request) (response, error) {
	return jsonResponse(http.StatusOK, runstats.NewReport(s.graphRequests.Load()))
}

// resetNamespace serves POST /_mock/reset: back to the loaded scenario, faults and journal cleared.
func (s *Server) resetNamespace(rq *request) (response, error) {
	rq.ns.Reset()
	return response{status: http.StatusNoContent}, nil
}

// getScenario serves GET /_mock/scenario: the current state as a scenario YAML.
func (s *Server) getScenario(rq *request) (response, error) {
	y, err := rq.ns.ExportScenario()
	if err != nil {
		return response{}, err
	}
	return response{status: http.StatusOK, body: y, contentType: "application/yaml;charset=utf-8"}, nil
}

// putScenario serves PUT /_mock/scenario: load a YAML or JSON scenario, all-or-nothing. A bad
// one is a 400 with one error.details entry per problem (target: the JSON pointer; message:
// file:line: reason).
func (s *Server) putScenario(rq *request) (response, error) {
	data, err := io.ReadAll(io.LimitReader(rq.http.Body, maxScenarioBytes+1))
	if err != nil {
		return response{}, badRequest("The scenario could not be read: %v", err)
	}
	if len(data) > maxScenarioBytes {
		return response{}, &graphError{Status: http.StatusRequestEntityTooLarge, Code: "RequestEntityTooLarge",
			Message: "The scenario is larger than " + strconv.Itoa(maxScenarioBytes>>20) + " MiB."}
	}
	const name = "scenario"
	if err := rq.ns.LoadScenario(name, data); err != nil {
		var se *ScenarioError
		if !errors.As(err, &se) {
			return response{}, err
		}
		ge := &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Err: ErrInvalidScenario,
			Message: "The scenario was not loaded; nothing changed. " + se.Problems[0].String()}
		for _, p := range se.Problems {
			ge.Details = append(ge.Details, ErrorDetail{Code: "invalidScenario", Message: p.String(), Target: p.Pointer})
		}
		return response{}, ge
	}
	return jsonResponse(http.StatusOK, rq.ns.ScenarioInfo())
}

// maxScenarioBytes bounds a scenario loaded through the admin API.
const maxScenarioBytes = 256 << 20

// listRequests serves GET /_mock/requests?route=&method=&status=&since=.
func (s *Server) listRequests(rq *request) (response, error) {
	q := rq.http.URL.Query()
	f, err := journal.ParseFilter(q.Get("route"), q.Get("method"), q.Get("status"), q.Get("since"))
	if err != nil {
		return response{}, err
	}
	return jsonResponse(http.StatusOK, struct {
		Value []JournalEntry `json:"value"`
	}{rq.ns.Requests(f)})
}

// clearRequests serves DELETE /_mock/requests.
func (s *Server) clearRequests(rq *request) (response, error) {
	rq.ns.ClearRequests()
	return response{status: http.StatusNoContent}, nil
}

// retries serves GET /_mock/retries: how clients answered each 429 and 503.
func (s *Server) retries(rq *request) (response, error) {
	return jsonResponse(http.StatusOK, struct {
		Value []RetryReport `json:"value"`
	}{rq.ns.RetryReports()})
}

// listNamespaces serves GET /_mock/namespaces.
func (s *Server) listNamespaces(*request) (response, error) {
	return jsonResponse(http.StatusOK, struct {
		Value []string `json:"value"`
	}{s.Namespaces()})
}

// dropNamespace serves DELETE /_mock/namespaces/{name}.
func (s *Server) dropNamespace(rq *request) (response, error) {
	name, err := rq.id("name")
	if err != nil {
		return response{}, err
	}
	if !s.DropNamespace(name) {
		return response{}, notFound("There is no namespace '%s'.", name)
	}
	return response{status: http.StatusNoContent}, nil
}
