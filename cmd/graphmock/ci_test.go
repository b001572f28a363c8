package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCIBrowserStepFailsWithoutChromium runs .ci/browser, the browser check .ci/run ends with, on
// a machine without chromium where apt-get cannot install it: CI must fail there, not go green
// with the check skipped (as it once did when the apt-get failure sat inside an if). PATH holds
// only bash, dirname and a fake apt-get, so the script stops before it would build anything.
func TestCIBrowserStepFailsWithoutChromium(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, aptGet, want string
	}{
		{"apt-get fails", "echo 'E: Could not resolve deb.debian.org' >&2; exit 100", "apt-get update failed"},
		{"apt-get installs nothing", "exit 0", "apt-get installed no chromium command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			bin := t.TempDir()
			for _, tool := range []string{"bash", "dirname"} {
				p, err := exec.LookPath(tool)
				if err != nil {
					t.Skipf("%s: %v", tool, err)
				}
				if err := os.Symlink(p, filepath.Join(bin, tool)); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(bin, "apt-get"), []byte("#!"+filepath.Join(bin, "bash")+"\n"+tc.aptGet+"\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(filepath.Join(bin, "bash"), filepath.Join(repoRoot, ".ci", "browser"))
			cmd.Env = []string{"PATH=" + bin}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			if err == nil || cmd.ProcessState.ExitCode() != 1 {
				t.Fatalf(".ci/browser = %v, want exit status 1\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "FAIL: "+tc.want) {
				t.Errorf(".ci/browser output lacks %q:\n%s", tc.want, out.String())
			}
		})
	}
	run := string(mustReadFile(t, filepath.Join(repoRoot, ".ci", "run")))
	if !regexp.MustCompile(`(?m)^[^#\n]*\.ci/browser\s*$`).MatchString(run) {
		t.Error(".ci/run does not end with the browser check (.ci/browser)")
	}
}
