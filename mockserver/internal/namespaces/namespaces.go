// Package namespaces keeps a server's named namespaces: which names are valid, which one a
// request selects (its /_ns/NAME/ prefix and X-Graphmock-Namespace header), how many may be live
// at once, and making one the first time it is named. It is generic over what a namespace
// holds, so these rules live here while mockserver keeps each namespace's state (store, fault
// rules, journal). It knows nothing of HTTP; its errors say what was wrong in the words of the
// answer a client gets.
package namespaces

import (
	"fmt"
	"sort"
	"sync"
)

// NameError is a namespace name that is not valid; nothing was made.
type NameError struct{ Name string }

// Error names the name and the rule.
func (e *NameError) Error() string {
	return fmt.Sprintf("The namespace name '%s' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'.", e.Name)
}

// LimitError is a new namespace refused because the registry's limit of live ones is reached.
type LimitError struct{ Live int }

// Error says how many are live and how to drop one.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%d namespaces are live, the most this server allows: drop finished ones with DELETE /_mock/namespaces/NAME.", e.Live)
}

// CheckName checks a namespace name: letters, digits, '.', '_' and '-', 1 to 64 of them, and
// not "." or "..": /_ns/../ is a dot segment that clients resolve away, which would take a
// job's requests out of its namespace into the default one. A name from a path is checked as
// sent (SplitPath), so an encoded '/' or dot segment (/_ns/a%2Fb/) is refused whole. It returns
// nil or a *NameError.
func CheckName(name string) error {
	valid := len(name) >= 1 && len(name) <= 64 && name != "." && name != ".."
	for i := 0; valid && i < len(name); i++ {
		c := name[i]
		valid = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
	}
	if !valid {
		return &NameError{Name: name}
	}
	return nil
}

// Registry holds the live named namespaces of one server, at most max of them. It is safe for
// concurrent use.
type Registry[T any] struct {
	max int
	// mu guards live. Make calls build under it, so whatever that locks comes after.
	mu   sync.Mutex
	live map[string]T
}

// New returns an empty registry that allows max live namespaces (0: none).
func New[T any](max int) *Registry[T] {
	return &Registry[T]{max: max, live: map[string]T{}}
}

// Get returns the live namespace called name, if there is one.
func (r *Registry[T]) Get(name string) (T, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.live[name]
	return v, ok
}

// Make returns the live namespace called name, making it with build when there is none: once,
// however many requests name it at the same time. It fails with a *NameError for a name that
// is not valid, a *LimitError when the limit is reached, or build's error; then nothing changes.
func (r *Registry[T]) Make(name string, build func() (T, error)) (T, error) {
	var zero T
	if err := CheckName(name); err != nil {
		return zero, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if v, ok := r.live[name]; ok {
		return v, nil
	}
	if len(r.live) >= r.max {
		return zero, &LimitError{Live: len(r.live)}
	}
	v, err := build()
	if err != nil {
		return zero, err
	}
	r.live[name] = v
	return v, nil
}

// Drop removes the namespace called name and returns it, reporting whether there was one.
func (r *Registry[T]) Drop(name string) (T, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.live[name]
	delete(r.live, name)
	return v, ok
}

// Names lists the live namespaces' names, sorted.
func (r *Registry[T]) Names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.live))
	for name := range r.live {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
