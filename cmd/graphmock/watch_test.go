package main

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// recordTimes completes a call record with the members Graph always sends, after its type and
// modalities (so that the lines of those stay put in messages).
const recordTimes = "    version: 1\n    lastModifiedDateTime: 2026-11-20T10:16:00Z\n" +
	"    startDateTime: 2026-11-20T10:00:00Z\n    endDateTime: 2026-11-20T10:15:00Z\n"

// watchScenario is a one-record scenario whose record id is id.
func watchScenario(id string) string {
	return "name: watched-" + id + "\ncallRecords:\n  - id: " + id + "\n    type: peerToPeer\n    modalities: [audio]\n" + recordTimes
}

// statusOf GETs a call record from a running serve and returns the status.
func statusOf(t *testing.T, base, id string) int {
	t.Helper()
	resp, err := http.Get(base + "/v1.0/communications/callRecords/" + id)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// eventually polls cond every 50 ms for up to 10 s (the watcher polls every 500 ms).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after 10s: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServeWatchReloadsGoodEditsAndKeepsStateOnBadOnes runs serve -watch on a file and edits it:
// a good edit is served after the next poll; a bad edit keeps the old state and logs every
// problem at error level as file:line: /pointer: reason; a later good edit loads again; a deleted
// file keeps the state and says why.
func TestServeWatchReloadsGoodEditsAndKeepsStateOnBadOnes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "watched.yaml")
	write := func(content string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(watchScenario("w1"))
	r := startServe(t, "-addr", "127.0.0.1:0", "-scenario", path, "-watch")
	if !strings.Contains(r.stdout.String(), "watching the scenario file") {
		t.Errorf("start-up output does not say it watches:\n%s", r.stdout)
	}
	if got := statusOf(t, r.url, "w1"); got != http.StatusOK {
		t.Fatalf("GET w1 = %d before any edit", got)
	}

	write(watchScenario("w2-good-edit"))
	eventually(t, "the good edit was not served", func() bool { return statusOf(t, r.url, "w2-good-edit") == http.StatusOK })
	if got := statusOf(t, r.url, "w1"); got != http.StatusNotFound {
		t.Errorf("after the reload the old record answers %d, want 404", got)
	}
	if !strings.Contains(r.stderr.String(), `msg="scenario reloaded"`) {
		t.Errorf("no reload line in the log:\n%s", r.stderr)
	}

	write("name: bad\ncallRecords:\n  - id: b1\n    type: conference\n    modalities: [unknown]\n" + recordTimes)
	eventually(t, "the bad edit was not logged", func() bool { return strings.Contains(r.stderr.String(), "scenario not reloaded") })
	logged := r.stderr.String()
	for _, want := range []string{
		`level=ERROR msg="scenario not reloaded; keeping the current state" file=` + path + ` problems=2`,
		`level=ERROR msg="scenario problem" problem="` + path + `:4: /callRecords/0/type: \"conference\" is not a member`,
		`level=ERROR msg="scenario problem" problem="` + path + `:5: /callRecords/0/modalities/0: \"unknown\" is not a member`,
	} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %q:\n%s", want, logged)
		}
	}
	if got := statusOf(t, r.url, "w2-good-edit"); got != http.StatusOK {
		t.Errorf("after a bad edit the last good state answers %d, want 200", got)
	}

	write(watchScenario("w3-fixed"))
	eventually(t, "the fixed file was not served", func() bool { return statusOf(t, r.url, "w3-fixed") == http.StatusOK })

	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the missing file was not logged", func() bool { return strings.Contains(r.stderr.String(), "scenario file cannot be read") })
	if got := statusOf(t, r.url, "w3-fixed"); got != http.StatusOK {
		t.Errorf("after the file went away the state answers %d, want 200", got)
	}
	if err := r.stop(t); err != nil {
		t.Errorf("shutdown with -watch = %v", err)
	}
}

// TestWatchNeedsAFile checks that -watch (or GRAPHMOCK_WATCH) with an embedded scenario is a
// usage error, and that the variable turns watching on.
func TestWatchNeedsAFile(t *testing.T) {
	err := run(t.Context(), []string{"-watch", "-scenario", "small"}, noEnv, io.Discard, io.Discard)
	var ue *usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "-watch (GRAPHMOCK_WATCH)") {
		t.Errorf("-watch with an embedded scenario = %v, want a usage error naming -watch", err)
	}
	cfg, err := parseServeFlags(nil, envOf(map[string]string{"GRAPHMOCK_WATCH": "true", "GRAPHMOCK_SCENARIO": basicScenario}), io.Discard)
	if err != nil || !cfg.watch {
		t.Errorf("GRAPHMOCK_WATCH=true: watch=%v err=%v, want watching", cfg.watch, err)
	}
}
