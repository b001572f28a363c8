package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/generate"
)

// runGenerate writes a generated scenario: a tenant's users, devices and rooms and call records
// over a time window, in realistic proportions, the same bytes for the same flags. The scenario
// goes to -o (a file is written to a temporary name and renamed, so it is whole or absent); a
// summary goes to stderr.
func runGenerate(_ context.Context, c *cli, args []string) error {
	var records, users, sessions, segments, long int
	var seed, out, format, window, end, failure, p2p, group, pstn, detail string
	fs := newEnvFlagSet("generate", "graphmock generate [flags]",
		"Write a realistic scenario of any size: a directory of users, devices and rooms reused across\n"+
			"peer-to-peer calls, meetings and PSTN calls, times peaking in office hours, media streams whose\n"+
			"quality statistics follow plausible distributions, a share of failed sessions. The same flags\n"+
			"(seed included) give the same bytes. JSON loads fastest: a million segments in seconds.")
	fs.Int(&records, "records", "GRAPHMOCK_GENERATE_RECORDS", 100, "number of call `records`")
	fs.String(&seed, "seed", "GRAPHMOCK_GENERATE_SEED", "1", "`seed` of every random choice: the same seed and flags, the same bytes")
	fs.String(&out, "o", "GRAPHMOCK_GENERATE_OUTPUT", "-", "scenario `file` to write (.json: JSON, else YAML); - is stdout")
	fs.String(&format, "format", "GRAPHMOCK_GENERATE_FORMAT", "", "`format` of the scenario, yaml or json; empty: by -o's extension")
	fs.String(&window, "window", "GRAPHMOCK_GENERATE_WINDOW", "7d", "how far back from -end the calls start: `span` such as 7d, 36h or 1d12h")
	fs.String(&end, "end", "GRAPHMOCK_GENERATE_END", "2026-12-01T00:00:00Z", "end of the window, a `date-time` (fixed, so the output does not depend on the day)")
	fs.Int(&users, "users", "GRAPHMOCK_GENERATE_USERS", 0, "`number` of people in the directory; 0: half the records, from 10 to 5,000")
	fs.Int(&sessions, "sessions", "GRAPHMOCK_GENERATE_SESSIONS", 0, "sessions in every record; 0: as the call makes them (one for a peer-to-peer call, one per person in a meeting)")
	fs.Int(&segments, "segments", "GRAPHMOCK_GENERATE_SEGMENTS", 0, "segments in every session; 0: mostly one, a few two to four")
	fs.Int(&long, "long-session", "GRAPHMOCK_GENERATE_LONG_SESSION", 0, "add a record whose one session has this many `segments` (a paging stress shape)")
	fs.String(&failure, "failure-rate", "GRAPHMOCK_GENERATE_FAILURE_RATE", "0.03", "`share` of sessions that fail, at call setup or mid-call, from 0 to 1")
	fs.String(&p2p, "p2p", "GRAPHMOCK_GENERATE_P2P", "55", "`weight` of peer-to-peer calls against the other types")
	fs.String(&group, "group", "GRAPHMOCK_GENERATE_GROUP", "35", "`weight` of group calls (meetings)")
	fs.String(&pstn, "pstn", "GRAPHMOCK_GENERATE_PSTN", "10", "`weight` of PSTN calls (Calling Plan and Direct Routing)")
	fs.String(&detail, "detail", "GRAPHMOCK_GENERATE_DETAIL", "full", "`level` of each segment: full (4.7 KB), lean (1 KB, for millions) or bare (no media)")
	if err := fs.parse(args, c.getenv, c.stdout, 0); err != nil {
		return err
	}
	if records < 1 {
		return usageErrorf("generate: -records (GRAPHMOCK_GENERATE_RECORDS) %d: give at least 1", records)
	}
	opts := generate.Options{Records: records, Users: users, Sessions: sessions, Segments: segments, LongSession: long, Detail: detail}
	var err error
	bad := func(flag, env, v string, err error) error {
		return usageErrorf("generate: -%s (%s) %q: %v", flag, env, v, err)
	}
	if opts.Seed, err = strconv.ParseUint(seed, 10, 64); err != nil {
		return bad("seed", "GRAPHMOCK_GENERATE_SEED", seed, errors.New("not a whole number from 0 to 18446744073709551615"))
	}
	if opts.Window, err = parseSpan(window); err != nil {
		return bad("window", "GRAPHMOCK_GENERATE_WINDOW", window, err)
	}
	if opts.End, err = time.Parse(time.RFC3339Nano, end); err != nil {
		return bad("end", "GRAPHMOCK_GENERATE_END", end, errors.New("not a date-time such as 2026-12-01T00:00:00Z"))
	}
	floats := []struct {
		flag, env, v string
		p            *float64
	}{{"failure-rate", "GRAPHMOCK_GENERATE_FAILURE_RATE", failure, &opts.FailureRate}, {"p2p", "GRAPHMOCK_GENERATE_P2P", p2p, &opts.PeerToPeer},
		{"group", "GRAPHMOCK_GENERATE_GROUP", group, &opts.Group}, {"pstn", "GRAPHMOCK_GENERATE_PSTN", pstn, &opts.PSTN}}
	for _, f := range floats {
		if *f.p, err = strconv.ParseFloat(f.v, 64); err != nil || *f.p < 0 {
			return bad(f.flag, f.env, f.v, errors.New("not a number from 0 up"))
		}
	}
	if opts.FailureRate == 0 {
		opts.FailureRate = -1 // none; the zero Options field means the default
	}
	if opts.PeerToPeer+opts.Group+opts.PSTN == 0 {
		return usageErrorf("generate: -p2p, -group and -pstn are all 0: give at least one call type a weight")
	}
	switch opts.Format = strings.ToLower(format); opts.Format {
	case "":
		opts.Format = "yaml"
		if strings.EqualFold(filepath.Ext(out), ".json") {
			opts.Format = "json"
		}
	case "yml":
		opts.Format = "yaml"
	}
	if _, err := opts.Resolved(); err != nil {
		var oe *generate.OptionError
		if errors.As(err, &oe) {
			return usageErrorf("generate: -%s: %s", oe.Option, oe.Reason)
		}
		return err
	}
	sum, err := writeGenerated(c, out, opts)
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	fmt.Fprintf(c.stderr, "graphmock generate: %d call records, %d sessions, %d segments, %d participants, %d PSTN and %d Direct Routing report rows (seed %d, %s) to %s\n",
		sum.Records, sum.Sessions, sum.Segments, sum.Participants, sum.PstnRows, sum.DirectRoutingRows, opts.Seed, opts.Format, out)
	return nil
}

// writeGenerated writes the scenario to stdout or to a file, the file whole or not at all: it
// is written under a temporary name in the same directory and renamed when complete.
func writeGenerated(c *cli, out string, opts generate.Options) (generate.Summary, error) {
	if out == "-" {
		return generate.Write(c.stdout, opts)
	}
	if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
		return generate.Summary{}, fmt.Errorf("-o %s: the directory %s does not exist", out, filepath.Dir(out))
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return generate.Summary{}, err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; left over only on failure
	w := bufio.NewWriterSize(tmp, 1<<20)
	sum, err := generate.Write(w, opts)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	return sum, err
}

// parseSpan reads a length of time: whole days (7d), a Go duration (36h, 90m) or both (1d12h).
func parseSpan(v string) (time.Duration, error) {
	var days time.Duration
	if i := strings.IndexByte(v, 'd'); i > 0 {
		n, err := strconv.Atoi(v[:i])
		if err != nil || n < 0 || n > 100000 {
			return 0, errors.New("not a length of time such as 7d, 36h or 1d12h")
		}
		days, v = time.Duration(n)*24*time.Hour, v[i+1:]
		if v == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, errors.New("not a length of time such as 7d, 36h or 1d12h")
	}
	return days + d, nil
}
