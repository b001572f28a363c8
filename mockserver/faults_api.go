package mockserver

import "fmt"

// InjectFault adds a fault rule after the existing ones and returns it with its id. A rule that
// does not make sense (no action, two actions, unknown route, bad numbers) is an error that says
// what is wrong, and nothing is added.
func (n *Namespace) InjectFault(f Fault) (Fault, error) {
	stored, err := n.faults.add(f, "go")
	if err != nil {
		return Fault{}, fmt.Errorf("%w: fault rule: %v", ErrBadRequest, err)
	}
	return stored, nil
}

// RemoveFault drops the rule with the given id; it reports whether there was one.
func (n *Namespace) RemoveFault(id string) bool { return n.faults.remove(id) }

// ClearFaults drops every fault rule, including the scenario's.
func (n *Namespace) ClearFaults() { n.faults.clear() }

// Faults lists the rules in the order they are tried, each with how often it matched and fired.
func (n *Namespace) Faults() []FaultStatus { return n.faults.status() }

// Requests lists the journal's entries that pass the filter (all, without one), oldest first.
func (n *Namespace) Requests(filter ...RequestFilter) []JournalEntry {
	var f RequestFilter
	if len(filter) > 0 {
		f = filter[0]
	}
	return n.journal.list(f)
}

// ClearRequests empties the journal.
func (n *Namespace) ClearRequests() { n.journal.clear() }

// Reset puts the namespace back to its loaded scenario: every write since is dropped, the fault
// rules are the scenario's again (rules added at run time are dropped, counters start over), and
// the journal is emptied.
func (n *Namespace) Reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.resetLocked()
}

// resetLocked is Reset; callers hold n.mu. The journal is emptied first, so requests answered
// from the reset state are the ones it shows; the rules are swapped in one step.
func (n *Namespace) resetLocked() {
	n.journal.clear()
	n.store.replace(n.loaded.store.clone())
	n.faults.reset(n.loaded.faults, "scenario")
}

// LoadScenario replaces the namespace's state with a scenario (YAML or JSON); name appears in
// error messages. It is all-or-nothing: on error (a *ScenarioError) nothing changes. The
// scenario becomes what the namespace's Reset returns to.
func (n *Namespace) LoadScenario(name string, data []byte) error {
	l, err := loadScenario(name, data, n.srv.valid.Check)
	if err != nil {
		return err
	}
	n.use(l)
	return nil
}

// use makes an already loaded scenario the namespace's state and what Reset returns to.
func (n *Namespace) use(l *loaded) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.loaded = l
	n.resetLocked()
}

// ScenarioInfo describes the namespace's loaded scenario: its name, source and counts.
func (n *Namespace) ScenarioInfo() ScenarioInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.loaded.info
}

// The Server's methods act on its default namespace.

// InjectFault adds a fault rule to the default namespace (see Namespace.InjectFault).
func (s *Server) InjectFault(f Fault) (Fault, error) { return s.def.InjectFault(f) }

// RemoveFault drops a fault rule of the default namespace.
func (s *Server) RemoveFault(id string) bool { return s.def.RemoveFault(id) }

// ClearFaults drops every fault rule of the default namespace.
func (s *Server) ClearFaults() { s.def.ClearFaults() }

// Faults lists the default namespace's fault rules with their counters.
func (s *Server) Faults() []FaultStatus { return s.def.Faults() }

// Requests lists the default namespace's journal entries that pass the filter.
func (s *Server) Requests(filter ...RequestFilter) []JournalEntry { return s.def.Requests(filter...) }

// ClearRequests empties the default namespace's journal.
func (s *Server) ClearRequests() { s.def.ClearRequests() }

// Reset puts the default namespace back to the loaded scenario (see Namespace.Reset).
func (s *Server) Reset() { s.def.Reset() }

// Seed is the seed of the server's random source (given with WithSeed, or chosen at random).
// Every namespace starts from it. Printing it lets a failing run be replayed with the same faults.
func (s *Server) Seed() uint64 { return s.cfg.seed }
