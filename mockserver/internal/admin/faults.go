package admin

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
func (a api) listFaults(_ *http.Request, ns Namespace) (Reply, error) {
	return jsonReply(http.StatusOK, struct {
		Seed   string          `json:"seed"`
		Faults []faults.Status `json:"faults"`
	}{strconv.FormatUint(a.s.Seed(), 10), ns.Faults()})
}

// addFaults serves POST /_mock/faults: a rule, a list of rules, or {"preset": "graph-throttling"}.
// Every rule is checked before any is added; 201 with the stored rules and their ids. The body
// must be labelled application/json: a web page can send a form or text/plain without a CORS
// preflight, never JSON.
func (a api) addFaults(r *http.Request, ns Namespace) (Reply, error) {
	if err := body.CheckMediaType(r.Header.Get("Content-Type"), true, "application/json"); err != nil {
		return Reply{}, err
	}
	limit := a.s.MaxBodyBytes()
	raw, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil || int64(len(raw)) > limit {
		return Reply{}, &body.MalformedError{Message: fmt.Sprintf("The fault rules could not be read, or are larger than %d bytes.", limit)}
	}
	raw = bytes.TrimSpace(raw)
	var items []json.RawMessage
	if len(raw) > 0 && raw[0] == '[' {
		if err := json.Unmarshal(raw, &items); err != nil {
			return Reply{}, &body.MalformedError{Message: "The fault rules are not valid JSON: " + err.Error()}
		}
	} else {
		items = []json.RawMessage{raw}
	}
	var rules []faults.Fault
	routes := a.s.Routes()
	for i, item := range items {
		rs, err := faults.DecodeRules(item, routes)
		if err != nil {
			return Reply{}, fmt.Errorf("Fault rule %d: %w", i, err)
		}
		rules = append(rules, rs...)
	}
	stored, err := ns.AddFaults(rules, "admin")
	if err != nil {
		return Reply{}, err
	}
	return jsonReply(http.StatusCreated, struct {
		Faults []faults.Fault `json:"faults"`
	}{stored})
}

// clearFaults serves DELETE /_mock/faults.
func (a api) clearFaults(_ *http.Request, ns Namespace) (Reply, error) {
	ns.ClearFaults()
	return noContent, nil
}

// removeFault serves DELETE /_mock/faults/{faultID}.
func (a api) removeFault(r *http.Request, ns Namespace) (Reply, error) {
	id, err := pathVar(r, "faultID")
	if err != nil {
		return Reply{}, err
	}
	if !ns.RemoveFault(id) {
		return Reply{}, &NotFoundError{Message: "There is no fault rule with id '" + id + "'."}
	}
	return noContent, nil
}
