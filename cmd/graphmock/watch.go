package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// watchInterval is how often -watch looks at the scenario file. Polling the modification time and
// size needs nothing but the standard library, works on every file system (bind mounts and
// network shares included, where change notifications often do not arrive), and costs one stat.
const watchInterval = 500 * time.Millisecond

// fileStamp is what the watcher compares between polls: a file's modification time and size, or
// the error that kept it from being read.
type fileStamp struct {
	modTime time.Time
	size    int64
	err     string
}

// stampOf stats path.
func stampOf(path string) fileStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{err: err.Error()}
	}
	return fileStamp{modTime: fi.ModTime(), size: fi.Size()}
}

// scenarioWatcher reloads a scenario file into the server when it changes (-watch). A reload is
// LoadScenario: all-or-nothing, so a file that does not load leaves the state as it was and the
// watcher logs every problem at Error; the next change is tried again. A good reload replaces
// the state, dropping writes made since the last load, and becomes what Reset returns to.
type scenarioWatcher struct {
	path     string
	interval time.Duration
	srv      *mockserver.Server
	logger   *slog.Logger
	last     fileStamp // the file as it was when last loaded or tried
}

// newScenarioWatcher starts watching path from its current state. Take it before the server
// reads the file, so a change in between is seen (and reloaded once more) rather than missed.
func newScenarioWatcher(path string, logger *slog.Logger) *scenarioWatcher {
	return &scenarioWatcher{path: path, interval: watchInterval, logger: logger, last: stampOf(path)}
}

// run polls until ctx is done.
func (w *scenarioWatcher) run(ctx context.Context) {
	w.logger.Info("watching the scenario file for changes", "file", w.path, "interval", w.interval)
	tick := time.NewTicker(w.interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			w.poll()
		}
	}
}

// poll reloads the file if its stamp changed since the last look, and logs the outcome.
func (w *scenarioWatcher) poll() {
	before := stampOf(w.path)
	if before == w.last {
		return
	}
	w.last = before
	if before.err != "" {
		w.logger.Error("scenario file cannot be read; keeping the current state", "file", w.path, "error", before.err)
		return
	}
	data, err := os.ReadFile(w.path)
	if err != nil {
		w.logger.Error("scenario file cannot be read; keeping the current state", "file", w.path, "error", err)
		return
	}
	if after := stampOf(w.path); after != before {
		return // still being written: the next poll sees the new stamp and reads it again
	}
	if err := w.srv.LoadScenario(w.path, data); err != nil {
		w.logRejected(err)
		return
	}
	w.logger.Info("scenario reloaded", "file", w.path, "scenario", w.srv.ScenarioInfo().String())
}

// logRejected logs why a changed file did not load: one Error line with the count, then one per
// problem in the `file:line: /pointer: reason` form, so each is found and linked on its own.
func (w *scenarioWatcher) logRejected(err error) {
	var se *mockserver.ScenarioError
	if !errors.As(err, &se) {
		w.logger.Error("scenario not reloaded; keeping the current state", "file", w.path, "error", err)
		return
	}
	w.logger.Error("scenario not reloaded; keeping the current state", "file", w.path, "problems", len(se.Problems))
	for _, p := range se.Problems {
		w.logger.Error("scenario problem", "problem", p.String())
	}
}
