package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestHelpOfEveryCommand runs `graphmock NAME -h` for every command in the table: each succeeds,
// starts with its usage line, and lists every flag it has with its GRAPHMOCK_* variable on the
// line below.
func TestHelpOfEveryCommand(t *testing.T) {
	flagLine := regexp.MustCompile(`^  (-[a-z][a-z-]*)`)
	for _, cmd := range commands() {
		var out bytes.Buffer
		if err := run(context.Background(), []string{cmd.name, "-h"}, noEnv, &out, io.Discard); err != nil {
			t.Errorf("%s -h = %v, want nil", cmd.name, err)
			continue
		}
		help := out.String()
		if !strings.HasPrefix(help, "Usage: graphmock") {
			t.Errorf("%s -h does not start with a usage line:\n%s", cmd.name, help)
		}
		lines := strings.Split(help, "\n")
		flags := 0
		for i, line := range lines {
			m := flagLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			flags++
			if i+2 >= len(lines) || !strings.Contains(lines[i+2], "env GRAPHMOCK_") {
				t.Errorf("%s -h: flag %s has no environment variable line", cmd.name, m[1])
			}
		}
		t.Logf("%s: %d flags", cmd.name, flags)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, noEnv, &out, io.Discard); err != nil || !strings.Contains(out.String(), "Exit status: 0 success") {
		t.Errorf("help = %v, want the exit statuses listed:\n%s", err, out.String())
	}
	var serve bytes.Buffer
	_ = run(context.Background(), []string{"-h"}, noEnv, &serve, io.Discard)
	others := regexp.MustCompile(`Other commands: ([^.]*)\.`).FindStringSubmatch(serve.String())
	for _, cmd := range commands() {
		if cmd.name != "serve" && (others == nil || !slices.Contains(strings.Split(others[1], ", "), cmd.name)) {
			t.Errorf("graphmock -h does not name the command %s among the others:\n%s", cmd.name, serve.String())
		}
	}
	var hc bytes.Buffer
	_ = run(context.Background(), []string{"healthcheck", "-h"}, noEnv, &hc, io.Discard)
	for _, want := range []string{"  -addr host:port", "env GRAPHMOCK_ADDR, default \"127.0.0.1:8080\"", "  -tls", "env GRAPHMOCK_TLS"} {
		if !strings.Contains(hc.String(), want) {
			t.Errorf("healthcheck -h lacks %q:\n%s", want, hc.String())
		}
	}
}

// fakeSeeder stands in for a Server that exposes its fault seed.
// TestStartupLines checks the start-up lines: version, URL and scenario on the first line, then the
// fault seed only when the server exposes one, the watch note, the explorer and a curl hint.
func TestStartupLines(t *testing.T) {
	seed := "18446744073709551615"
	var out bytes.Buffer
	printStartup(&out, startupInfo{version: "v1.2.3", url: "http://127.0.0.1:8080", listening: "0.0.0.0:8080", scenario: `scenario "x"`, seed: seed, watching: true})
	want := "graphmock v1.2.3 serving http://127.0.0.1:8080 with scenario \"x\"\n" +
		"listening on 0.0.0.0:8080\n" +
		"fault seed 18446744073709551615\n" +
		"watching the scenario file: it reloads when it changes\n" +
		"explorer: http://127.0.0.1:8080/\n" +
		"try: curl http://127.0.0.1:8080/v1.0/communications/callRecords\n"
	if out.String() != want {
		t.Errorf("start-up lines:\n%s\nwant:\n%s", out.String(), want)
	}
	out.Reset()
	printStartup(&out, startupInfo{version: "v1", url: "http://127.0.0.1:1", listening: "127.0.0.1:1", scenario: "s"})
	if strings.Contains(out.String(), "seed") || strings.Contains(out.String(), "watching") {
		t.Errorf("start-up lines mention a seed or watching that do not apply:\n%s", out.String())
	}
}
