package mockserver

import "fmt"

// InjectFault adds a fault rule after the existing ones and returns it with its id. A rule that
// does not make sense (no action, two actions, unknown route, bad numbers) is an error that says
// what is wrong, and nothing is added.
func (n *Namespace) InjectFault(f Fault) (Fault, error) {
	stored, err := n.faults.Add(f, "go")
	if err != nil {
		return Fault{}, fmt.Errorf("%w: fault rule: %w", errBadRequest, err)
	}
	return stored, nil
}

// RemoveFault drops the rule with the given id; it reports whether there was one.
func (n *Namespace) RemoveFault(id string) bool { return n.faults.Remove(id) }

// ClearFaults drops every fault rule, including the scenario's.
func (n *Namespace) ClearFaults() { n.faults.Clear() }

// Faults lists the rules in the order they are tried, each with how often it matched and fired.
func (n *Namespace) Faults() []FaultStatus { return n.faults.Status() }

// Seed is the seed of the server's random source (given with WithSeed, or chosen at random).
// Every namespace starts from it. Printing it lets a failing run be replayed with the same faults.
func (s *Server) Seed() uint64 { return s.cfg.seed }
