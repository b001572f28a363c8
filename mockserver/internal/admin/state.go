package admin

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/body"
	"github.com/graphmock/graphmock/mockserver/internal/journal"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// MaxScenarioBytes bounds a scenario loaded through the admin API or the explorer.
const MaxScenarioBytes = 256 << 20

// jsonReply marshals v as the body of a reply with status.
func jsonReply(status int, v any) (Reply, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Status: status, Body: b}, nil
}

// readyz is readiness: a scenario is loaded; it reports which, and the stored bytes against the
// cap. A full server stays ready (reads work, and a reset empties it): "full" says so instead.
func (a api) readyz(_ *http.Request, ns Namespace) (Reply, error) {
	return jsonReply(http.StatusOK, struct {
		Status   string        `json:"status"`
		Scenario scenario.Info `json:"scenario"`
		Storage  store.Usage   `json:"storage"`
	}{"ready", ns.ScenarioInfo(), a.s.Usage()})
}

// reset serves POST /_mock/reset: back to the loaded scenario, faults and journal cleared.
func (a api) reset(_ *http.Request, ns Namespace) (Reply, error) {
	ns.Reset()
	return noContent, nil
}

// getScenario serves GET /_mock/scenario: the current state as a scenario YAML.
func (a api) getScenario(_ *http.Request, ns Namespace) (Reply, error) {
	y, err := ns.ExportScenario()
	if err != nil {
		return Reply{}, err
	}
	return Reply{Status: http.StatusOK, Body: y, ContentType: "application/yaml;charset=utf-8"}, nil
}

// putScenario serves PUT /_mock/scenario: load a YAML or JSON scenario, all-or-nothing. A bad
// one is the loader's *scenario.Error, one problem per error.details entry.
func (a api) putScenario(r *http.Request, ns Namespace) (Reply, error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, MaxScenarioBytes+1))
	if err != nil {
		return Reply{}, &body.MalformedError{Message: "The scenario could not be read: " + err.Error()}
	}
	if len(data) > MaxScenarioBytes {
		return Reply{}, &body.TooLargeError{Limit: MaxScenarioBytes}
	}
	if err := ns.LoadScenario("scenario", data); err != nil {
		return Reply{}, err
	}
	return jsonReply(http.StatusOK, ns.ScenarioInfo())
}

// listRequests serves GET /_mock/requests?route=&method=&status=&since=.
func (a api) listRequests(r *http.Request, ns Namespace) (Reply, error) {
	q := r.URL.Query()
	f, err := journal.ParseFilter(q.Get("route"), q.Get("method"), q.Get("status"), q.Get("since"))
	if err != nil {
		return Reply{}, err
	}
	return jsonReply(http.StatusOK, struct {
		Value []journal.Entry `json:"value"`
	}{ns.Requests(f)})
}

// clearRequests serves DELETE /_mock/requests.
func (a api) clearRequests(_ *http.Request, ns Namespace) (Reply, error) {
	ns.ClearRequests()
	return noContent, nil
}

// retries serves GET /_mock/retries: how clients answered each 429 and 503.
func (a api) retries(_ *http.Request, ns Namespace) (Reply, error) {
	return jsonReply(http.StatusOK, struct {
		Value []journal.RetryReport `json:"value"`
	}{ns.RetryReports()})
}

// listNamespaces serves GET /_mock/namespaces.
func (a api) listNamespaces(*http.Request, Namespace) (Reply, error) {
	return jsonReply(http.StatusOK, struct {
		Value []string `json:"value"`
	}{a.s.Namespaces()})
}

// dropNamespace serves DELETE /_mock/namespaces/{name}.
func (a api) dropNamespace(r *http.Request, _ Namespace) (Reply, error) {
	name, err := pathVar(r, "name")
	if err != nil {
		return Reply{}, err
	}
	if !a.s.DropNamespace(name) {
		return Reply{}, &NotFoundError{Message: "There is no namespace '" + name + "'."}
	}
	return noContent, nil
}
