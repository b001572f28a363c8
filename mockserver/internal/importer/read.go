// Package importer reads call records from Microsoft Graph, or any server that speaks its
// callRecords API, as graphmock import needs them: the records listed since a time, each fetched
// with its sessions and their segments ($expand=sessions($expand=segments)) and its
// participants_v2, every @odata.nextLink followed (the list's, an expanded record's
// sessions@odata.nextLink, a session's segments@odata.nextLink, the participants'), throttled
// requests retried when Retry-After says, and each record handed on as one JSON object in the
// shape a scenario file holds. It knows HTTP and Graph's paging; what becomes of a record
// (scrubbing, the scenario file) is the caller's.
package importer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Config says where and how to read.
type Config struct {
	// GraphURL is the API root, such as https://graph.microsoft.com/v1.0.
	GraphURL string
	// Since, when set, lists only the records that started at or after it ($filter on
	// startDateTime, which Graph supports with ge).
	Since time.Time
	// Auth gives the bearer token.
	Auth Auth
	// Client sends the requests (nil: http.DefaultClient).
	Client *http.Client
	// Retries is how many times one request is retried (429, 503, 504, a broken connection).
	Retries int
	// MaxWait is the longest Retry-After honoured; a longer one fails the import.
	MaxWait time.Duration
	// Sleep waits between retries (nil: a timer that ctx cancels); tests pass a fake.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock an HTTP-date Retry-After is read against (nil: time.Now).
	Now func() time.Time
	// Log receives retries and skipped records (nil: discarded).
	Log *slog.Logger
}

// Stats counts what a Read did.
type Stats struct {
	Records, Sessions, Segments, Participants int
	Requests, Retries                         int
	Skipped                                   int // records gone between the list and their GET
}

// Defaults for a Config's zero fields.
const (
	DefaultRetries = 5
	DefaultMaxWait = 5 * time.Minute
)

// Read lists the call records and hands each, complete, to emit in the order Graph lists them
// (a record listed twice is read once). A record that is gone by the time it is fetched (404:
// Graph keeps records 30 days) is skipped with a warning. The first error stops the read.
func Read(ctx context.Context, cfg Config, emit func(record []byte) error) (Stats, error) {
	var stats Stats
	cfg = withDefaults(cfg)
	origin, err := url.Parse(cfg.GraphURL)
	if err != nil || (origin.Scheme != "http" && origin.Scheme != "https") || origin.Host == "" {
		return stats, fmt.Errorf("the Graph URL %q is not an absolute http(s) URL", cfg.GraphURL)
	}
	r := &reader{f: &fetcher{cfg: &cfg, origin: origin, stats: &stats}, root: strings.TrimSuffix(cfg.GraphURL, "/")}
	seen := map[string]bool{}
	err = r.pages(ctx, r.listURL(cfg.Since), func(item []byte) error {
		id, err := stringMember(item, "id")
		if err != nil || id == "" {
			return fmt.Errorf("a listed call record has no id: %.200s", item)
		}
		if seen[id] {
			return nil
		}
		seen[id] = true
		rec, err := r.record(ctx, id)
		var se *StatusError
		if errors.As(err, &se) && se.Status == http.StatusNotFound {
			cfg.Log.Warn("skipped a call record that is gone", "id", id, "because", err.Error())
			stats.Skipped++
			return nil
		}
		if err != nil {
			return err
		}
		stats.Records++
		stats.Sessions += rec.sessions
		stats.Segments += rec.segments
		stats.Participants += rec.participants
		return emit(rec.json)
	})
	return stats, err
}

// withDefaults fills a Config's zero fields.
func withDefaults(cfg Config) Config {
	if cfg.Client == nil {
		cfg.Client = http.DefaultClient
	}
	if cfg.Retries <= 0 {
		cfg.Retries = DefaultRetries
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = DefaultMaxWait
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Auth == nil {
		cfg.Auth = StaticToken("")
	}
	return cfg
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reader reads one import.
type reader struct {
	f    *fetcher
	root string // GraphURL without a trailing slash
}

// listURL is the call records list, filtered on startDateTime when since is set: Graph accepts
// lt, le, gt and ge there, with a UTC date-time written without quotes.
func (r *reader) listURL(since time.Time) string {
	u := r.root + "/communications/callRecords"
	if !since.IsZero() {
		u += "?$filter=" + queryEscape("startDateTime ge "+since.UTC().Format("2006-01-02T15:04:05Z"))
	}
	return u
}

// recordURL is one record with its sessions and their segments expanded, as Graph documents it.
func (r *reader) recordURL(id string) string {
	return r.root + "/communications/callRecords/" + url.PathEscape(id) + "?$expand=sessions($expand=segments)"
}

// participantsURL is a record's participants_v2 list.
func (r *reader) participantsURL(id string) string {
	return r.root + "/communications/callRecords/" + url.PathEscape(id) + "/participants_v2"
}

// queryEscape escapes a query value with %20 for spaces, which every OData service reads.
func queryEscape(v string) string {
	return strings.ReplaceAll(url.QueryEscape(v), "+", "%20")
}

// maxPages bounds the pages of one collection: a server that never stops handing out next links
// ends the import with an error instead of running for ever.
const maxPages = 1 << 20

// pages GETs a collection page by page, following @odata.nextLink, and hands each item of
// value to each. A next link seen before in the same collection is a loop, and an error.
func (r *reader) pages(ctx context.Context, target string, each func(item []byte) error) error {
	seen := map[string]bool{}
	for n := 0; target != ""; n++ {
		if seen[target] || n >= maxPages {
			return fmt.Errorf("the collection's next links go round in a loop at %s", target)
		}
		seen[target] = true
		body, err := r.f.get(ctx, target)
		if err != nil {
			return err
		}
		items, next, err := collectionPage(body)
		if err != nil {
			return fmt.Errorf("GET %s: %w", target, err)
		}
		for _, it := range items {
			if err := each(it); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		if target, err = r.f.follow(target, next); err != nil {
			return err
		}
	}
	return nil
}
