package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// cli is what every subcommand gets from the process: the environment lookup and the two output
// streams. Passing it explicitly (rather than reading os.* globals) lets tests drive commands with
// fakes and buffers.
type cli struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand: its name, a one-line summary for `graphmock help`, and the function
// that runs it with the arguments after the name. A new subcommand (say `validate FILE...`) is one
// more entry in commands and one more file.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, c *cli, args []string) error
}

// defaultCommand runs when the arguments are empty or start with a flag, so `graphmock` and
// `graphmock -addr :9090` both serve.
const defaultCommand = "serve"

// commands returns the subcommand table in the order help lists it. It is a function, not a
// package variable, so there is no global state and help can refer to the table it is part of.
func commands() []command {
	return []command{
		{name: "serve", summary: "serve the mock Graph callRecords API and the explorer (the default command)", run: runServe},
		{name: "validate", summary: "check scenario files without serving; one line per problem, exit 1 on any", run: runValidate},
		{name: "generate", summary: "write a realistic generated scenario of any size; the same flags, the same bytes", run: runGenerate},
		{name: "import", summary: "read a tenant's call records from Graph into a scenario, personal data scrubbed", run: runImport},
		{name: "healthcheck", summary: "GET /_mock/healthz on a running server; exit 0 when it answers 200", run: runHealthcheck},
		{name: "token", summary: "print a test access token for a server started with -require-auth", run: runToken},
		{name: "version", summary: "print the version and VCS revision of this build", run: runVersion},
		{name: "help", summary: "list the commands", run: runHelp},
	}
}

// run is the whole program behind main: it picks the subcommand from args (serve when args is
// empty or starts with a flag) and runs it until it finishes or ctx is cancelled. It returns nil
// on success (including after printing -h help), a *usageError when the command line is wrong,
// and any other error when the work failed; main maps these to exit codes 0, 2 and 1.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c := &cli{getenv: getenv, stdout: stdout, stderr: stderr}
	name, rest := defaultCommand, args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, rest = args[0], args[1:]
	}
	cmd, ok := lookupCommand(name)
	if !ok {
		return usageErrorf("unknown command %q; commands are %s (see 'graphmock help')", name, strings.Join(commandNames(), ", "))
	}
	err := cmd.run(ctx, c, rest)
	if errors.Is(err, flag.ErrHelp) {
		return nil // help was asked for and printed: that is success
	}
	return err
}

// lookupCommand finds a subcommand by exact name.
func lookupCommand(name string) (command, bool) {
	for _, cmd := range commands() {
		if cmd.name == name {
			return cmd, true
		}
	}
	return command{}, false
}

// commandNames lists the subcommand names but those in except, for error messages and for
// serve's help (which names the others), so a new command is never left out of either.
func commandNames(except ...string) []string {
	var names []string
	for _, cmd := range commands() {
		if !slices.Contains(except, cmd.name) {
			names = append(names, cmd.name)
		}
	}
	return names
}

// runHelp prints the top-level usage (the commands and their summaries) to stdout. It takes no
// arguments besides -h; per-command flags are shown by `graphmock COMMAND -h`.
func runHelp(_ context.Context, c *cli, args []string) error {
	if len(args) > 0 && !isHelpFlag(args[0]) {
		return usageErrorf("help: unexpected argument %q (use 'graphmock %s -h' for a command's flags)", args[0], args[0])
	}
	fmt.Fprintf(c.stdout, "Usage: graphmock [command] [flags]\n\nA mock of the Microsoft Graph callRecords API.\n\nCommands:\n")
	for _, cmd := range commands() {
		fmt.Fprintf(c.stdout, "  %-12s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintf(c.stdout, "\nWith no command, or when the first argument is a flag, graphmock serves.\nRun 'graphmock COMMAND -h' for a command's flags and their GRAPHMOCK_* variables.\n")
	fmt.Fprintf(c.stdout, "\nExit status: 0 success (and -h), 1 the work failed, 2 a usage error in the command line.\n")
	return nil
}

// isHelpFlag reports whether arg asks for help, as the flag package understands it.
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// usageError marks an error in the command line (unknown command, bad flag or flag value,
// missing companion flag), as opposed to a failure doing the work. main exits 2 for it.
type usageError struct{ err error }

// Error returns the underlying message.
func (e *usageError) Error() string { return e.err.Error() }

// Unwrap exposes the cause for errors.Is / errors.As.
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf builds a *usageError with a formatted message (%w is honoured).
func usageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}
