package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

// envFlagSet is a flag.FlagSet in which every flag has a GRAPHMOCK_* environment variable as its
// fallback: a flag given on the command line wins, else a non-empty variable, else the default.
// Containers and CI configure graphmock through the environment, people through flags; one
// helper keeps the precedence identical for every flag of every subcommand, and lets -h show
// each flag's variable and default.
type envFlagSet struct {
	fs       *flag.FlagSet
	synopsis string            // first line of the usage text, e.g. "graphmock serve [flags]"
	about    string            // a paragraph on what the command does
	env      map[string]string // flag name → environment variable
	order    []string          // flag names in definition order, for help
}

// newEnvFlagSet starts an empty flag set for one subcommand. Parsing never prints or exits on its
// own: parse returns errors, and help goes where parse is told.
func newEnvFlagSet(name, synopsis, about string) *envFlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &envFlagSet{fs: fs, synopsis: synopsis, about: about, env: map[string]string{}}
}

// String defines a string flag with its environment variable. In usage, a `backquoted` word
// names the value in help (as in the flag package).
func (e *envFlagSet) String(p *string, name, env, def, usage string) {
	e.fs.StringVar(p, name, def, usage)
	e.track(name, env)
}

// Int defines an int flag with its environment variable.
func (e *envFlagSet) Int(p *int, name, env string, def int, usage string) {
	e.fs.IntVar(p, name, def, usage)
	e.track(name, env)
}

// Duration defines a time.Duration flag (Go's syntax: 500ms, 10s, 1m) with its environment
// variable.
func (e *envFlagSet) Duration(p *time.Duration, name, env string, def time.Duration, usage string) {
	e.fs.DurationVar(p, name, def, usage)
	e.track(name, env)
}

// Bool defines a bool flag with its environment variable; the variable takes any value
// strconv.ParseBool accepts (1, t, true, 0, f, false, ...).
func (e *envFlagSet) Bool(p *bool, name, env string, def bool, usage string) {
	e.fs.BoolVar(p, name, def, usage)
	e.track(name, env)
}

// track records a flag's environment variable and its place in the help listing.
func (e *envFlagSet) track(name, env string) {
	e.env[name] = env
	e.order = append(e.order, name)
}

// parse applies args, then the environment (through getenv) to every flag args did not set.
// -h/-help prints the usage to help and returns flag.ErrHelp (run turns that into success).
// A bad flag, a bad environment value or a stray positional argument returns a *usageError
// naming the flag or variable. The positional arguments are left in e.fs.Args() for commands
// that take them; parse rejects them only when maxArgs (negative: no limit) is exceeded.
func (e *envFlagSet) parse(args []string, getenv func(string) string, help io.Writer, maxArgs int) error {
	if err := e.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			e.usage(help)
			return flag.ErrHelp
		}
		return usageErrorf("%s: %w (see '%s -h')", e.fs.Name(), err, "graphmock "+e.fs.Name())
	}
	if maxArgs >= 0 && e.fs.NArg() > maxArgs {
		return usageErrorf("%s: unexpected argument %q (see 'graphmock %s -h')", e.fs.Name(), e.fs.Arg(maxArgs), e.fs.Name())
	}
	given := map[string]bool{}
	e.fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, name := range e.order {
		env := e.env[name]
		v := getenv(env)
		if given[name] || v == "" {
			continue
		}
		if err := e.fs.Set(name, v); err != nil {
			return usageErrorf("%s: invalid %s=%q for -%s: %v", e.fs.Name(), env, v, name, err)
		}
	}
	return nil
}

// usage writes the help text: synopsis, description, then each flag with its value name,
// meaning, environment variable and default, in definition order.
func (e *envFlagSet) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", e.synopsis, e.about)
	if len(e.order) == 0 {
		fmt.Fprintf(w, "\nNo flags besides -h.\n")
		return
	}
	fmt.Fprintf(w, "\nFlags (a flag beats its environment variable, which beats the default):\n")
	for _, name := range e.order {
		f := e.fs.Lookup(name)
		valueName, meaning := flag.UnquoteUsage(f)
		head := "  -" + name
		if valueName != "" {
			head += " " + valueName
		}
		fmt.Fprintf(w, "%s\n        %s\n        env %s", head, meaning, e.env[name])
		if f.DefValue != "" {
			fmt.Fprintf(w, ", default %q", f.DefValue)
		}
		fmt.Fprintln(w)
	}
}

// defaultAddr is where serve listens and healthcheck probes unless told otherwise: loopback only,
// so a developer's mock is not exposed to the network by accident (the Docker image sets
// GRAPHMOCK_ADDR=0.0.0.0:8080).
const defaultAddr = "127.0.0.1:8080"

// defineAddrFlag adds the -addr flag (GRAPHMOCK_ADDR) shared by serve and healthcheck, so one
// variable configures both the server and its container health probe.
func defineAddrFlag(fs *envFlagSet, p *string) {
	fs.String(p, "addr", "GRAPHMOCK_ADDR", defaultAddr, "`host:port` to listen on (serve) or probe (healthcheck); port 0 picks a free port")
}
