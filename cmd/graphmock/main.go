// Command graphmock serves a mock of the Microsoft Graph callRecords API, seeded from a scenario
// file, for integration tests, CI sidecars and developers exploring the contract.
//
// Usage:
//
//	graphmock [serve] [flags]     serve the API and the explorer (the default command)
//	graphmock validate FILE...    check scenario files without serving
//	graphmock import [flags]      read a tenant's call records from Graph into a scenario, scrubbed
//	graphmock healthcheck [flags] probe a running server's /_mock/healthz
//	graphmock token [flags]       print a test access token for -require-auth
//	graphmock version             print the build's version
//	graphmock help                list the commands
//
// Every flag falls back to a GRAPHMOCK_* environment variable; `graphmock COMMAND -h` lists them.
// The exit status is 0 on success, 1 when the work failed and 2 for a usage error.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// main wires the process to run: SIGINT and SIGTERM cancel run's context (so serve shuts down
// gracefully), and run's error becomes the exit status. All behaviour lives in run, which tests
// drive directly; main is the only place allowed to exit the process.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal, restore default handling so a second Ctrl-C kills a stuck shutdown.
	go func() {
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "graphmock: %v\n", err)
	}
	os.Exit(exitCode(err))
}

// exitCode maps run's result to the process status: 0 for success, 2 for a usage error (bad
// flags, unknown command: the caller must change the command line), 1 for everything else
// (the command line was fine but the work failed). Scripts and CI rely on this distinction.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	default:
		return 1
	}
}
