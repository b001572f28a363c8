// Package generate writes realistic scenarios of any size: a tenant's directory of users,
// devices and rooms, and call records over a time window (peer-to-peer calls, group meetings
// and PSTN calls in realistic proportions, office-hour peaks, media streams whose quality
// statistics follow plausible distributions, a share of failed sessions), in Graph's own JSON
// shape, as YAML or JSON. It is deterministic: the same options (seed included) give the same
// bytes, because every random choice comes from a PCG source seeded from the options. It
// streams: a scenario of a million segments is written record by record, never held whole. It
// knows nothing of HTTP or of the store; what it writes is checked by loading it.
package generate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// Options shape a generated scenario. The zero value of a field means its default.
type Options struct {
	// Records is the number of call records (default 100).
	Records int
	// Seed seeds every random choice: the same seed and options give the same bytes.
	Seed uint64
	// End is the end of the time window the calls start in (default 2026-12-01T00:00:00Z, a fixed
	// instant, so the output does not depend on the day it is made).
	End time.Time
	// Window is how far back from End calls start (default 7 days).
	Window time.Duration
	// Users is the size of the tenant's directory of people (default: half the records, at
	// least 10 and at most 5,000); rooms and external numbers scale with it.
	Users int
	// Sessions, when positive, is the number of sessions in every call record; otherwise it
	// depends on the call (one for a peer-to-peer call, one per participant in a meeting).
	Sessions int
	// Segments, when positive, is the number of segments in every session; otherwise most
	// sessions have one and a few have two to four (a network change, a transfer).
	Segments int
	// LongSession, when positive, adds one call record whose single session has this many
	// segments: a stress shape for paging.
	LongSession int
	// FailureRate is the share of sessions that fail, at call setup or mid-call (default 0.03;
	// negative: none).
	FailureRate float64
	// PeerToPeer, Group and PSTN weigh the call types against each other (default 55, 35 and
	// 10; all zero means the defaults). PSTN calls are peer-to-peer records between a user and
	// a phone number, through a Calling Plan mediation server or a Direct Routing gateway.
	PeerToPeer, Group, PSTN float64
	// Detail is how much each segment says: "full" (the default: endpoints with their
	// device, user agent and identity, and for every modality a media entry with both
	// networks, the audio devices and every stream statistic, about 4.7 KB of JSON a
	// segment), "lean" (sessions name each endpoint's identity and user agent; segments give
	// only the user agents, and one audio media entry whose streams carry the headline figures:
	// codec, audio degradation, jitter, loss, round trip; about 1 KB a segment) or "bare" (the
	// same without media; about 0.4 KB). Lean is for scenarios of millions of segments, whose
	// full form would not fit in memory.
	Detail string
	// Format is "yaml" (the default) or "json".
	Format string
}

// Limits on the options, so a typo cannot ask for a file of terabytes.
const (
	MaxRecords  = 10_000_000
	MaxSessions = 1_000
	MaxSegments = 1_000_000
	MaxUsers    = 1_000_000
)

// defaultEnd is the default end of the window.
func defaultEnd() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }

// OptionError is an option out of its range; Option names it as the command line does.
type OptionError struct {
	Option string
	Reason string
}

// Error says which option is out of range and why, as "records: -1 is not between 0 and ...".
func (e *OptionError) Error() string { return e.Option + ": " + e.Reason }

// Resolved returns the options with every zero field given its default, or an *OptionError for
// the first one out of range: what Write will use.
func (o Options) Resolved() (Options, error) {
	bad := func(opt, format string, args ...any) (Options, error) {
		return o, &OptionError{Option: opt, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case o.Records < 0 || o.Records > MaxRecords:
		return bad("records", "%d is not between 0 and %d", o.Records, MaxRecords)
	case o.Window < 0:
		return bad("window", "%v is negative", o.Window)
	case o.Users < 0 || o.Users > MaxUsers:
		return bad("users", "%d is not between 0 and %d", o.Users, MaxUsers)
	case o.Sessions < 0 || o.Sessions > MaxSessions:
		return bad("sessions", "%d is not between 0 and %d", o.Sessions, MaxSessions)
	case o.Segments < 0 || o.Segments > MaxSegments:
		return bad("segments", "%d is not between 0 and %d", o.Segments, MaxSegments)
	case o.LongSession < 0 || o.LongSession > MaxSegments:
		return bad("long-session", "%d is not between 0 and %d", o.LongSession, MaxSegments)
	case o.FailureRate > 1 || o.FailureRate != o.FailureRate:
		return bad("failure-rate", "%v is not a share between 0 and 1", o.FailureRate)
	case o.PeerToPeer < 0 || o.Group < 0 || o.PSTN < 0:
		return bad("shares", "p2p %v, group %v and pstn %v must not be negative", o.PeerToPeer, o.Group, o.PSTN)
	}
	if o.Records == 0 {
		o.Records = 100
	}
	if o.End.IsZero() {
		o.End = defaultEnd()
	}
	o.End = o.End.UTC()
	if o.Window == 0 {
		o.Window = 7 * 24 * time.Hour
	}
	if o.Window < time.Hour {
		return bad("window", "%v is shorter than an hour", o.Window)
	}
	if o.Users == 0 {
		o.Users = min(max(10, o.Records/2), 5000)
	}
	switch {
	case o.FailureRate == 0:
		o.FailureRate = 0.03
	case o.FailureRate < 0:
		o.FailureRate = 0
	}
	if o.PeerToPeer == 0 && o.Group == 0 && o.PSTN == 0 {
		o.PeerToPeer, o.Group, o.PSTN = 55, 35, 10
	}
	switch o.Detail = strings.ToLower(o.Detail); o.Detail {
	case "":
		o.Detail = "full"
	case "full", "lean", "bare":
	default:
		return bad("detail", "%q is not full, lean or bare", o.Detail)
	}
	switch o.Format = strings.ToLower(o.Format); o.Format {
	case "":
		o.Format = "yaml"
	case "yaml", "json":
	default:
		return bad("format", "%q is neither yaml nor json", o.Format)
	}
	return o, nil
}

// Summary counts what a generated scenario holds: call records and what is under them, and the
// rows of the PSTN and Direct Routing reports (one for each PSTN call, as Calling Plan or Direct
// Routing; a Calling Plan call that never connected has none).
type Summary struct {
	Records, Sessions, Segments, Participants int
	PstnRows, DirectRoutingRows               int
}

// Write writes the scenario the options describe to w, record by record, and says what it
// holds. The error is an *OptionError for options out of range (nothing is written then), or w's
// first write error.
func Write(w io.Writer, opts Options) (Summary, error) {
	o, err := opts.Resolved()
	if err != nil {
		return Summary{}, err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	var e emitter = newYAMLEmitter(bw)
	if o.Format == "json" {
		e = newJSONEmitter(bw)
		e.objectStart()
	}
	g := newGenerator(o)
	g.header(e)
	e.key("callRecords")
	e.arrayStart()
	for i, start := range g.starts {
		g.record(e, i, start)
	}
	e.arrayEnd()
	g.writeReports(e)
	if o.Format == "json" {
		e.objectEnd()
	}
	return g.sum, e.flush()
}

// header writes the scenario's name and description (and, in YAML, a comment with the options
// that made it).
func (g *generator) header(e emitter) {
	o := g.opts
	if o.Format == "yaml" {
		bw := e.(*yamlEmitter).w
		fmt.Fprintf(bw, "# Generated by graphmock generate: %s.\n", g.describeOptions())
		fmt.Fprintf(bw, "# The same options give the same bytes. Times are UTC; office hours peak at 10:00 and 14:00.\n")
	}
	e.key("name")
	e.str("generated")
	e.key("description")
	e.str(fmt.Sprintf("%d generated call records (seed %d) starting between %s and %s: %s. Users, devices and rooms come from a directory of %d people reused across calls.",
		len(g.starts), o.Seed, dateTime(o.End.Add(-o.Window)), dateTime(o.End), g.describeShares(), o.Users))
	e.key("clock") // graphmock's own key: the server's clock starts where the window ends
	e.str(dateTime(o.End))
}

// describeOptions is the options as command-line flags, for the YAML header.
func (g *generator) describeOptions() string {
	o := g.opts
	s := fmt.Sprintf("-records %d -seed %d -end %s -window %s -users %d -failure-rate %v -p2p %v -group %v -pstn %v",
		o.Records, o.Seed, o.End.Format(time.RFC3339), windowText(o.Window), o.Users, o.FailureRate, o.PeerToPeer, o.Group, o.PSTN)
	if o.Sessions > 0 {
		s += fmt.Sprintf(" -sessions %d", o.Sessions)
	}
	if o.Segments > 0 {
		s += fmt.Sprintf(" -segments %d", o.Segments)
	}
	if o.LongSession > 0 {
		s += fmt.Sprintf(" -long-session %d", o.LongSession)
	}
	return s + " -detail " + o.Detail
}

// windowText writes a window as the -window flag takes it: whole days as 7d, else as Go does.
func windowText(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}

// describeShares says the call mix in words.
func (g *generator) describeShares() string {
	o := g.opts
	total := o.PeerToPeer + o.Group + o.PSTN
	return fmt.Sprintf("%.0f%% peer-to-peer, %.0f%% group calls, %.0f%% PSTN calls, %.0f%% of sessions failing",
		100*o.PeerToPeer/total, 100*o.Group/total, 100*o.PSTN/total, 100*o.FailureRate)
}
