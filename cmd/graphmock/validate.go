package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
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
		err := validateFile(path)
		var pe *os.PathError
		if errors.As(err, &pe) {
			fmt.Fprintf(c.stdout, "%s: %v\n", path, err)
			problems++
			bad++
			continue
		}
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

// bigScenario is the size from which validate loads a file as the server does (mapped or streamed),
// instead of reading it whole first: a generated million segments is over a GB of JSON.
const bigScenario = 64 << 20

// validateFile checks one scenario file: ValidateScenario on its bytes, or, for a big file, a
// server built from it (the same checks; nothing is served), so it is never held twice.
func validateFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Size() < bigScenario {
		data, err := io.ReadAll(f)
		if err != nil {
			return &os.PathError{Op: "read", Path: path, Err: err}
		}
		return mockserver.ValidateScenario(path, data)
	}
	s, err := mockserver.New(mockserver.WithScenarioFile(path), mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: math.MaxInt64}))
	if err != nil {
		return err
	}
	s.Close()
	return nil
}
