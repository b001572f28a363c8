package mockserver

import (
	"errors"
	"fmt"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/faults"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"github.com/graphmock/graphmock/mockserver/internal/validate"
)

// Scenario is seed data for the mock, in Graph's own JSON shape: each call record is the JSON
// Graph returns for GET /communications/callRecords/{id}?$expand=sessions($expand=segments),
// with its sessions (and their segments) nested, and optionally organizer_v2 and
// participants_v2; PstnCalls and DirectRoutingCalls are the rows getPstnCalls and
// getDirectRoutingCalls answer with. It is the Go-value form of a scenario file, for tests that
// build their data in code (WithScenario).
type Scenario = scenario.Scenario

// Problem is one thing wrong with a scenario: where (file, line, JSON pointer) and why. Its
// String is `file:line: /pointer: reason`, always one line.
type Problem = scenario.Problem

// ScenarioError reports every problem found while loading a scenario. Loading is all-or-nothing:
// when it is returned, the server's state has not changed. It matches ErrInvalidScenario.
type ScenarioError = scenario.Error

// ScenarioInfo summarises a loaded scenario: what a start-up line or a readiness check reports.
type ScenarioInfo = scenario.Info

// ValidateScenario checks a scenario (YAML or JSON) exactly as loading it would, schemas and
// domain rules included, without building a server: what `graphmock validate` and pre-commit
// hooks run. It returns nil, or a *ScenarioError listing every problem as file:line: /pointer:
// reason; name is the file name used in those lines.
func ValidateScenario(name string, data []byte) error {
	_, err := checkedScenario(name, data)
	return err
}

// checkedScenario loads a scenario with every check, schemas included.
func checkedScenario(name string, data []byte) (*loaded, error) {
	v, err := validate.Shared()
	if err != nil {
		return nil, err
	}
	return loadScenario(name, data, v)
}

// checkedScenarioFile is checkedScenario for a file, read as a stream (see scenario.LoadFrom).
func checkedScenarioFile(path string) (*loaded, error) {
	v, err := validate.Shared()
	if err != nil {
		return nil, err
	}
	l, err := scenario.LoadFile(path, v, scenarioFaultIDs)
	if err != nil {
		var se *scenario.Error
		if !errors.As(err, &se) {
			return nil, fmt.Errorf("%w: %v", ErrInvalidScenario, err)
		}
		return nil, err
	}
	return fromScenario(l)
}

// loaded is a scenario that passed every check: its store (never written: namespaces reset
// from a clone of it), report rows (immutable, shared by its namespaces), summary, fault rules,
// and its timeline keys: where the clock starts (zero: anywhere) and its retention as written.
type loaded struct {
	store     *store.Store
	reports   *reports.Book
	info      ScenarioInfo
	faults    []Fault
	clock     time.Time
	retention string
}

// loadScenario parses and checks a scenario (YAML or JSON) with the given schema check (nil:
// none) and the server's fault rules, and builds the store it describes. Either the whole
// scenario loads, or a *ScenarioError lists every problem found.
func loadScenario(file string, data []byte, check scenario.Checker) (*loaded, error) {
	l, err := scenario.Load(file, data, check, scenarioFaultIDs)
	if err != nil {
		return nil, err
	}
	return fromScenario(l)
}

// fromScenario turns what the scenario package loaded into a loaded scenario, decoding its fault
// rules against the route table.
func fromScenario(l *scenario.Loaded) (*loaded, error) {
	out := &loaded{store: l.Store, reports: l.Reports, info: l.Info, clock: l.Clock, retention: l.Retention}
	for _, raw := range l.Faults {
		rules, err := faults.DecodeRules(raw, allRoutes()) // scenarioFaultIDs accepted it
		if err != nil {
			return nil, err
		}
		out.faults = append(out.faults, rules...)
	}
	return out, nil
}

// scenarioFaultIDs checks one entry of a scenario's faults: list against the route table and
// returns its rules' ids.
func scenarioFaultIDs(raw []byte) ([]string, error) {
	rules, err := faults.DecodeRules(raw, allRoutes())
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids, nil
}
