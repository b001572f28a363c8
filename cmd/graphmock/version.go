package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// buildVersion describes this binary from the build information the Go toolchain embeds: the
// module version ("(devel)" for a build from a work tree or when no information is embedded) and,
// when the build was made in a VCS checkout, the revision and whether the tree was modified.
type buildVersion struct {
	Version  string
	Revision string // empty when unknown
	Modified bool
	Go       string
}

// readBuildVersion reads the embedded build information; it never fails, falling back to
// "(devel)" so the start-up line and `graphmock version` always have something to print.
func readBuildVersion() buildVersion {
	v := buildVersion{Version: "(devel)", Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if info.Main.Version != "" {
		v.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// short is the version plus an abbreviated revision, for the start-up line, e.g.
// "v0.3.0 (rev 1a2b3c4d5e6f)" or "(devel) (rev 1a2b3c4d5e6f, modified)".
func (v buildVersion) short() string {
	if v.Revision == "" {
		return v.Version
	}
	rev := v.Revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if v.Modified {
		rev += ", modified"
	}
	return fmt.Sprintf("%s (rev %s)", v.Version, rev)
}

// runVersion prints "graphmock VERSION" plus the full revision and Go version, so a bug report
// can name the exact build. It takes no flags besides -h.
func runVersion(_ context.Context, c *cli, args []string) error {
	fs := newEnvFlagSet("version", "graphmock version", "Print the module version and VCS revision of this build.")
	if err := fs.parse(args, c.getenv, c.stdout, 0); err != nil {
		return err
	}
	v := readBuildVersion()
	rev := v.Revision
	if rev == "" {
		rev = "(devel)"
	} else if v.Modified {
		rev += " (modified)"
	}
	fmt.Fprintf(c.stdout, "graphmock %s\nrevision %s\n%s\n", v.Version, rev, v.Go)
	return nil
}
