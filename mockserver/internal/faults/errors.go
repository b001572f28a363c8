package faults

import "fmt"

// RuleError is a fault rule the engine refuses: a rule that makes no sense is rejected whole,
// with a reason a person can act on, rather than kept as a rule that silently never fires. Key
// is the rule's JSON member at fault ("probability", "delay", "routes", "id", "preset", ...), or
// "" when the problem is the rule as a whole (no action, two actions, JSON that does not parse).
type RuleError struct {
	// Key is the JSON member at fault, "" for the rule as a whole.
	Key string
	// Reason says what is wrong, for a message.
	Reason string
}

// Error returns the reason, so callers can add where the rule came from.
func (e *RuleError) Error() string { return e.Reason }

// ruleErr builds a RuleError with a formatted reason.
func ruleErr(key, format string, args ...any) *RuleError {
	return &RuleError{Key: key, Reason: fmt.Sprintf(format, args...)}
}

// HeaderError is an X-Graphmock-Fault header the engine refuses. The request it came with is
// refused too (a test that asked for a fault must not get a normal answer by mistake), and the
// message names the header so the caller knows which of its inputs was wrong.
type HeaderError struct {
	// Item is the item of the header value that does not parse, as written ("status=abc"); it
	// is "" when every item parses but the rule they make is refused.
	Item string
	// Err is why: a problem with the item, or the *RuleError of the rule.
	Err error
}

// Error names the header and, when one is at fault, the item.
func (e *HeaderError) Error() string {
	if e.Item == "" {
		return Header + ": " + e.Err.Error()
	}
	return fmt.Sprintf("%s: %q: %v", Header, e.Item, e.Err)
}

// Unwrap exposes the reason (a *RuleError when the rule was refused).
func (e *HeaderError) Unwrap() error { return e.Err }
