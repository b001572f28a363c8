package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/graphmock/graphmock/mockserver/internal/body"
	"github.com/graphmock/graphmock/mockserver/internal/faults"
)

// listFaults serves GET /_mock/faults: the seed and every rule with its counters.
func (s *Server) listFaults(rq *request) (response, error) {
	return jsonResponse(http.StatusOK, struct {
		Seed   string        `json:"seed"`
		Faults []FaultStatus `json:"faults"`
	}{strconv.FormatUint(s.Seed(), 10), rq.ns.Faults()})
}

// addFaults serves POST /_mock/faults: a rule, a list of rules, or {"preset": "graph-throttling"}.
// Every rule is checked before any is added; 201 with the stored rules and their ids. The body
// must be labelled application/json: a web page can send a form or text/plain without a CORS
// preflight, never JSON.
func (s *Server) addFaults(rq *request) (response, error) {
	if err := body.CheckMediaType(rq.http.Header.Get("Content-Type"), true, "application/json"); err != nil {
		return response{}, err
	}
	raw, err := io.ReadAll(io.LimitReader(rq.http.Body, s.cfg.maxBodyBytes+1))
	if err != nil || int64(len(raw)) > s.cfg.maxBodyBytes {
		return response{}, badRequest("The fault rules could not be read, or are larger than %d bytes.", s.cfg.maxBodyBytes)
	}
	raw = bytes.TrimSpace(raw)
	var items []json.RawMessage
	if len(raw) > 0 && raw[0] == '[' {
		if err := json.Unmarshal(raw, &items); err != nil {
			return response{}, badRequest("The fault rules are not valid JSON: %v", err)
		}
	} else {
		items = []json.RawMessage{raw}
	}
	var rules []Fault
	routes := allRoutes()
	for i, item := range items {
		rs, err := faults.DecodeRules(item, routes)
		if err != nil {
			return response{}, fmt.Errorf("Fault rule %d: %w", i, err)
		}
		rules = append(rules, rs...)
	}
	stored, err := rq.ns.faults.AddAll(rules, "admin")
	if err != nil {
		return response{}, err
	}
	return jsonResponse(http.StatusCreated, struct {
		Faults []Fault `json:"faults"`
	}{stored})
}

// clearFaults serves DELETE /_mock/faults.
func (s *Server) clearFaults(rq *request) (response, error) {
	rq.ns.ClearFaults()
	return response{status: http.StatusNoContent}, nil
}

// removeFault serves DELETE /_mock/faults/{id}.
func (s *Server) removeFault(rq *request) (response, error) {
	id, err := rq.id("faultID")
	if err != nil {
		return response{}, err
	}
	if !rq.ns.RemoveFault(id) {
		return response{}, notFound("There is no fault rule with id '%s'.", id)
	}
	return response{status: http.StatusNoContent}, nil
}
