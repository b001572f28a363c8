package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/graphmock/graphmock/mockserver"
)

// runValidate lints scenario files without serving: every problem of every file is printed to
// stdout as `file:line: /pointer: reason` (the form editors and CI logs link), and the command
// fails when there is any, so it works as a pre-commit hook or a CI step. Files are checked
// exactly as the server would load them: YAML syntax, the JSON Schemas and the domain rules.
func runValidate(_ context.Context, c *cli, args []string) error {
	fs := newEnvFlagSet("validate", "graphmock validate FILE...",
		"Check scenario files (YAML or JSON) as the server would load them, without serving, and print\n"+
			"one line per problem (file:line: /json/pointer: reason) or FILE: ok. Exit status 0 when\n"+
			"every file is clean, 1 when any has a problem, 2 on a usage error.")
	if err := fs.parse(args, c.getenv, c.stdout, -1); err != nil {
		return err
	}
	files := fs.fs.Args()
	if len(files) == 0 {
		return usageErrorf("validate: name at least one scenario file (see 'graphmock validate -h')")
	}
	problems, bad := 0, 0
	for _, path := range files {
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
		return fmt.Errorf("validate: %d problem(s) in %d of %d file(s)", problems, bad, len(files))
	}
	return nil
}
