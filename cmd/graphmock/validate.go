package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/graphmock/graphmock/mockserver"
)

// runValidate lints scenario files without serving: every problem of every file is printed to
// stdout as `file:line: /pointer: reason` (the form editors and CI logs link), and the command
// fails when there is any, so it works as a pre-commit hook or a CI step. Files are checked
// exactly as the server would load them: YAML syntax, the JSON Schemas and the domain rules.
func runValidate(_ context.Context, c *cli, args []string) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.stdout, "Usage: graphmock validate FILE...\n\nChecks scenario files (YAML or JSON) as the server would load them and prints one line\nper problem: file:line: /json/pointer: reason. Exit status 0 when every file is clean,\n1 when any has a problem, 2 on a usage error.\n")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err: err}
	}
	if fs.NArg() == 0 {
		return usageErrorf("validate: name at least one scenario file")
	}
	problems, bad := 0, 0
	for _, path := range fs.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(c.stdout, "%s: %v\n", path, err)
			problems++
			bad++
			continue
		}
		err = mockserver.ValidateScenario(path, data)
		var se *mockserver.ScenarioError
		switch {
		case err == nil:
			fmt.Fprintf(c.stdout, "%s: ok\n", path)
		case errors.As(err, &se):
			for _, p := range se.Problems {
				fmt.Fprintln(c.stdout, p.String())
			}
			problems += len(se.Problems)
			bad++
		default:
			return err
		}
	}
	if problems > 0 {
		return fmt.Errorf("validate: %d problem(s) in %d of %d file(s)", problems, bad, fs.NArg())
	}
	return nil
}
