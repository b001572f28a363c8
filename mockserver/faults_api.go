package mockserver

import "fmt"

// InjectFault adds a fault rule after the existing ones and returns it with its id. A rule that
// does not make sense (no action, two actions, unknown route, bad numbers) is an error that says
// what is wrong, and nothing is added.
func (s *Server) InjectFault(f Fault) (Fault, error) {
	stored, err := s.faults.add(f, "go")
	if err != nil {
		return Fault{}, fmt.Errorf("%w: fault rule: %v", ErrBadRequest, err)
	}
	return stored, nil
}

// RemoveFault drops the rule with the given id; it reports whether there was one.
func (s *Server) RemoveFault(id string) bool { return s.faults.remove(id) }

// ClearFaults drops every fault rule, including the scenario's.
func (s *Server) ClearFaults() { s.faults.clear() }

// Faults lists the rules in the order they are tried, each with how often it matched and fired.
func (s *Server) Faults() []FaultStatus { return s.faults.status() }

// Seed is the seed of the server's random source (given with WithSeed, or chosen at random).
// Printing it lets a failing run be replayed with the same faults.
func (s *Server) Seed() uint64 { return s.faults.seed }
