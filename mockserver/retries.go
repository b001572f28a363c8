package mockserver

import "github.com/graphmock/graphmock/mockserver/internal/journal"

// RetryReport says how a client answered one throttled (429) or unavailable (503) response:
// whether it called the same route again with the same client-request-id (the key retrying
// clients keep), how long it waited (Waited), whether that was at least the Retry-After it was
// given (Honoured), and how many more times it called before it stopped or got through
// (Retries). It lets a test assert "honours Retry-After, no retry storm".
type RetryReport = journal.RetryReport

// RetryReports checks the namespace's journal for every 429 and 503 and what the client did next.
// Times are the server's clock (WithClock), so a test with a fake clock can check the waits.
func (n *Namespace) RetryReports() []RetryReport {
	return journal.RetryReports(n.journal.List(RequestFilter{}))
}
