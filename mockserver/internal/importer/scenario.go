package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/scrub"
	"github.com/graphmock/graphmock/mockserver/internal/validate"
)

// Import reads the call records o names, scrubs them unless o.KeepPersonalData, and writes them
// as a scenario that graphmock loads: it is loaded with every check before it is returned, and a
// record graphmock would refuse is left out (Report.Dropped says which and why) rather than
// making the whole file unloadable. An error is a wrong option, a token that cannot be had,
// Graph refusing a request (after the retries a throttled one gets), or an answer that is not
// Graph's; nothing is written then.
func Import(ctx context.Context, o Options) (Report, error) {
	rep := Report{Scrubbed: !o.KeepPersonalData}
	cfg, err := o.config()
	if err != nil {
		return rep, err
	}
	var s *scrub.Scrubber
	if rep.Scrubbed {
		if s, err = scrub.New(o.scrubKey()); err != nil {
			return rep, err
		}
	}
	var records [][]byte
	stats, err := Read(ctx, cfg, func(rec []byte) error {
		if s != nil {
			var err error
			if rec, err = s.Record(rec); err != nil {
				return err
			}
		}
		records = append(records, rec)
		return nil
	})
	rep.Requests, rep.Retries, rep.Skipped = stats.Requests, stats.Retries, stats.Skipped
	if err != nil {
		return rep, err
	}
	name := o.Name
	if name == "" {
		name = "imported"
	}
	desc := fmt.Sprintf("Call records imported from %s on %s", cfg.GraphURL, time.Now().UTC().Format("2006-01-02"))
	if !o.Since.IsZero() {
		desc += ", those that started since " + o.Since.UTC().Format(time.RFC3339)
	}
	if rep.Scrubbed {
		desc += "; personal data replaced by pseudonyms."
	} else {
		desc += "; PERSONAL DATA KEPT."
	}
	loaded, doc, dropped, err := loadable(name, desc, records)
	if err != nil {
		return rep, err
	}
	rep.Dropped = dropped
	for _, d := range dropped {
		cfg.Log.Warn("left out a call record graphmock would not load", "record", d)
	}
	info := loaded.Info
	rep.Records, rep.Sessions, rep.Segments, rep.Participants = info.CallRecords, info.Sessions, info.Segments, info.Participants
	if o.JSON {
		var out bytes.Buffer
		if err := json.Indent(&out, doc, "", "  "); err != nil {
			return rep, err
		}
		rep.Scenario = append(out.Bytes(), '\n')
		return rep, nil
	}
	rep.Scenario, err = scenario.Export(scenario.Header{Name: name, Description: desc}, loaded.Store.Snapshot(), loaded.Reports, nil)
	return rep, err
}

// loadable builds the scenario of records and loads it with graphmock's checks (the schemas and
// the domain rules), leaving out each record a problem points into, until it loads. It returns
// the loaded scenario, its JSON and the records left out.
func loadable(name, desc string, records [][]byte) (*scenario.Loaded, []byte, []string, error) {
	v, err := validate.Shared()
	if err != nil {
		return nil, nil, nil, err
	}
	noFaults := func([]byte) ([]string, error) { return nil, errors.New("an import has no fault rules") }
	var dropped []string
	for {
		doc := []byte(`{"name":`)
		doc = jsondoc.AppendString(doc, name)
		doc = jsondoc.AppendString(append(doc, `,"description":`...), desc)
		doc = append(appendArray(append(doc, `,"callRecords":`...), records), '}')
		loaded, err := scenario.Load("imported.json", doc, v, noFaults)
		var se *scenario.Error
		if !errors.As(err, &se) {
			return loaded, doc, dropped, err
		}
		bad := map[int]string{}
		for _, p := range se.Problems {
			if i, ok := recordIndex(p.Pointer); ok && i < len(records) && bad[i] == "" {
				bad[i] = p.Pointer + ": " + p.Message
			}
		}
		if len(bad) == 0 {
			return nil, nil, nil, err // a problem in no record: the import's own mistake
		}
		keep := records[:0:0]
		for i, rec := range records {
			if why, ok := bad[i]; ok {
				id, _ := stringMember(rec, "id")
				dropped = append(dropped, strconv.Quote(id)+": "+why)
				continue
			}
			keep = append(keep, rec)
		}
		records = keep
	}
}

// recordIndex reads N from a problem's pointer /callRecords/N/….
func recordIndex(pointer string) (int, bool) {
	rest, ok := strings.CutPrefix(pointer, "/callRecords/")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.SplitN(rest, "/", 2)[0])
	return n, err == nil && n >= 0
}
