package console

import (
	"net/url"
	"strings"
	"time"
)

// Sample is a request the console offers to run: every route and every documented option (the
// README's tour), with the ids of the loaded scenario.
type Sample struct {
	Group, Title string
	// Note says what to look for in the answer.
	Note    string
	Request Request
	// Want is the status the sample answers on a fresh server when run in the order Samples
	// lists them (the writes come late, the reset last).
	Want int
}

// IDs are the scenario's ids the samples use; Samples leaves out the samples whose ids are "".
type IDs struct {
	// Record is a call record, Session one of its sessions, Segment one of its segments; Start
	// and End are the session's times (a created segment must fall within them).
	Record, Session, Segment string
	Start, End               time.Time
	// Group is a record with participants and several sessions (the richest $select and
	// participants_v2 samples), Participant one of its participants.
	Group, Participant string
	// Paged is a record with more sessions than a page holds (60).
	Paged string
	// Long and LongSession are the record and session with the most segments.
	Long, LongSession string
}

// Samples lists the sample requests for the scenario's ids, grouped, in the order to run them.
func Samples(ids IDs) []Sample {
	const records = "/v1.0/communications/callRecords"
	rec := records + "/" + url.PathEscape(ids.Record)
	ses := rec + "/sessions/" + url.PathEscape(ids.Session)
	seg := ses + "/segments/" + url.PathEscape(ids.Segment)
	group := records + "/" + url.PathEscape(ids.Group)
	paged := records + "/" + url.PathEscape(ids.Paged)
	long := records + "/" + url.PathEscape(ids.Long) + "/sessions/" + url.PathEscape(ids.LongSession)
	day := ids.Start.UTC().Truncate(24 * time.Hour)
	// A minute of the session, in whole seconds within its times (a shorter session: all of it).
	start := ids.Start.Truncate(time.Second).Add(time.Second)
	end := start.Add(time.Minute)
	if last := ids.End.Truncate(time.Second); last.Before(end) {
		end = last
	}
	if !end.After(start) {
		start, end = ids.Start, ids.End
	}
	newSegment := `{"startDateTime":"` + start.UTC().Format(time.RFC3339Nano) + `","endDateTime":"` + end.UTC().Format(time.RFC3339Nano) + `"}`
	badSegment := newSegment[:len(newSegment)-1] + `,"media":[{"streams":[{"streamDirection":"callerToCallee","audioCodec":"mp3"}]}]}`
	fault := func(v string) []Header { return []Header{{"X-Graphmock-Fault", v}} }
	json := []Header{{"Content-Type", "application/json"}}
	all := []struct {
		needs []string
		s     Sample
	}{
		{nil, s("Call records", "List call records", "60 a page, no sessions inline.", "GET", records, nil, "", 200)},
		{nil, s("Call records", "$select and $count", "Only the selected members, and @odata.count.", "GET", records+"?$select=id,type,startDateTime&$count=true", nil, "", 200)},
		{[]string{ids.Record}, s("Call records", "$filter on the start time", "Records that started that day.", "GET",
			records+"?$filter=startDateTime%20ge%20"+day.Format(time.RFC3339)+"%20and%20startDateTime%20lt%20"+day.Add(24*time.Hour).Format(time.RFC3339), nil, "", 200)},
		{[]string{ids.Participant}, s("Call records", "$filter on a participant", "Records with that participant (participants_v2/any).", "GET",
			records+"?$filter=participants_v2/any(p:p/id%20eq%20'"+url.QueryEscape(ids.Participant)+"')", nil, "", 200)},
		{nil, s("Call records", "$count", "A plain number, as text/plain.", "GET", records+"/$count", nil, "", 200)},
		{[]string{ids.Record}, s("Call records", "Get a call record", "organizer_v2 is expanded by default.", "GET", rec, nil, "", 200)},
		{[]string{ids.Record}, s("Call records", "The whole call", "$expand=sessions($expand=segments), as Graph's docs show it.", "GET", rec+"?$expand=sessions($expand=segments)", nil, "", 200)},
		{[]string{ids.Paged}, s("Call records", "Sessions inline, paged", "60 sessions and sessions@odata.nextLink.", "GET", paged+"?$expand=sessions", nil, "", 200)},
		{[]string{ids.Group}, s("Call records", "participants_v2 inline with $select", "", "GET", group+"?$expand=participants_v2&$select=id,type", nil, "", 200)},
		{[]string{ids.Record}, s("Call records", "organizer_v2", "", "GET", rec+"/organizer_v2", nil, "", 200)},
		{[]string{ids.Group}, s("Call records", "participants_v2", "", "GET", group+"/participants_v2", nil, "", 200)},
		{[]string{ids.Group}, s("Call records", "participants_v2/$count", "", "GET", group+"/participants_v2/$count", nil, "", 200)},
		{[]string{ids.Group, ids.Participant}, s("Call records", "A participant", "", "GET", group+"/participants_v2/"+url.PathEscape(ids.Participant), nil, "", 200)},
		{[]string{ids.Paged}, s("Sessions", "List sessions, paged", "Follow @odata.nextLink for the next page.", "GET", paged+"/sessions", nil, "", 200)},
		{[]string{ids.Paged}, s("Sessions", "Prefer: odata.maxpagesize", "10 a page, with their segments; Preference-Applied says so.", "GET", paged+"/sessions?$expand=segments",
			[]Header{{"Prefer", "odata.maxpagesize=10"}}, "", 200)},
		{[]string{ids.Group}, s("Sessions", "$select and $top", "", "GET", group+"/sessions?$select=id,modalities,failureInfo&$top=3", nil, "", 200)},
		{[]string{ids.Session}, s("Sessions", "A session with its segments", "", "GET", ses+"?$expand=segments", nil, "", 200)},
		{[]string{ids.Paged}, s("Sessions", "sessions/$count", "", "GET", paged+"/sessions/$count", nil, "", 200)},
		{[]string{ids.LongSession}, s("Segments", "List segments with $count", "60 and @odata.nextLink.", "GET", long+"/segments?$count=true", nil, "", 200)},
		{[]string{ids.Session, ids.Segment}, s("Segments", "Get a segment", "", "GET", seg, nil, "", 200)},
		{[]string{ids.LongSession}, s("Segments", "segments/$count", "", "GET", long+"/segments/$count", nil, "", 200)},
		{[]string{ids.Session, ids.Segment}, s("Preferences and versions", "Prefer: omit-values=nulls", "The segment without its null members.", "GET", seg, []Header{{"Prefer", "omit-values=nulls"}}, "", 200)},
		{[]string{ids.Paged}, s("Preferences and versions", "Prefer: include-unknown-enum-members", "Evolvable enum members as stored, not unknownFutureValue.", "GET", paged+"/sessions",
			[]Header{{"Prefer", "include-unknown-enum-members"}}, "", 200)},
		{[]string{ids.Paged}, s("Preferences and versions", "beta, options without $", "", "GET", strings.Replace(paged, "/v1.0/", "/beta/", 1)+"?expand=sessions", nil, "", 200)},
		{nil, s("Faults", "429 from X-Graphmock-Fault", "Throttled once for this key: run it again and the retry passes.", "GET", records, fault("status=429; retry-after=1; times=1; key=console-429"), "", 429)},
		{nil, s("Faults", "503 with a message", "", "GET", records, fault(`status=503; message="Back at 10:00"`), "", 503)},
		{nil, s("Faults", "A delay", "The answer 50 ms late.", "GET", records+"/$count", fault("delay=50ms"), "", 200)},
		{nil, s("Faults", "A connection fault", "In-process there is no connection to reset: a 503 says so. Run the curl snippet to see the reset.", "GET", records, fault("reset"), "", 503)},
		{nil, s("Namespaces", "X-Graphmock-Namespace", "An isolated copy of the state, made on first use.", "GET", records+"?$select=id", []Header{{"X-Graphmock-Namespace", "console-demo"}}, "", 200)},
		{nil, s("Namespaces", "/_ns/NAME/ prefix", "The same namespace; links keep the prefix.", "GET", "/_ns/console-demo"+records+"?$top=1", nil, "", 200)},
		{nil, s("Errors", "404 NotFound", "", "GET", records+"/nope", nil, "", 404)},
		{nil, s("Errors", "400 for a segment that leads nowhere", "", "GET", "/v1.0/communications/callRecordz", nil, "", 400)},
		{nil, s("Errors", "400 for an option Graph does not support", "", "GET", records+"?$orderby=startDateTime", nil, "", 400)},
		{[]string{ids.Session}, s("Errors", "400 with error.details", "One entry per violation, with the JSON pointer in target.", "POST", ses+"/segments", json, badSegment, 400)},
		{[]string{ids.Session}, s("Errors", "415 for a body that is not JSON", "", "POST", ses+"/segments", []Header{{"Content-Type", "text/plain"}}, newSegment, 415)},
		{nil, s("Errors", "405 with Allow", "", "DELETE", records, nil, "", 405)},
		{[]string{ids.Session}, s("Writes", "Create a segment", "201, the stored segment and Location.", "POST", ses+"/segments", json, newSegment, 201)},
		{[]string{ids.Session, ids.Segment}, s("Writes", "Update a segment", "Members in the body replace the stored ones.", "PATCH", seg, json, `{"failureInfo":{"stage":"midcall","reason":"Network dropped"}}`, 200)},
		{[]string{ids.Session, ids.Segment}, s("Writes", "Update, Prefer: return=minimal", "", "PATCH", seg, append([]Header{{"Prefer", "return=minimal"}}, json...), `{"failureInfo":null}`, 204)},
		{[]string{ids.Session, ids.Segment}, s("Writes", "Delete a segment", "Reset brings it back.", "DELETE", seg, nil, "", 204)},
		{nil, s("Admin API", "Health", "", "GET", "/_mock/healthz", nil, "", 200)},
		{nil, s("Admin API", "Readiness, with the scenario and storage", "", "GET", "/_mock/readyz", nil, "", 200)},
		{nil, s("Admin API", "Fault rules, with the seed", "Header rules show with source header.", "GET", "/_mock/faults", nil, "", 200)},
		{nil, s("Admin API", "Add a fault rule", "", "POST", "/_mock/faults", json, `{"route":"listSessions","status":503,"times":1}`, 201)},
		{nil, s("Admin API", "The request journal", "Console requests are marked \"console\": true.", "GET", "/_mock/requests", nil, "", 200)},
		{nil, s("Admin API", "Retry reports", "", "GET", "/_mock/retries", nil, "", 200)},
		{nil, s("Admin API", "Namespaces", "", "GET", "/_mock/namespaces", nil, "", 200)},
		{nil, s("Admin API", "The clock", "The namespace's time, and whether it is frozen.", "GET", "/_mock/clock", nil, "", 200)},
		{nil, s("Admin API", "Advance the clock", "Records whose availableAfter passes become available.", "POST", "/_mock/clock", json, `{"advance":"30m"}`, 200)},
		{nil, s("Admin API", "Export the state as a scenario", "", "GET", "/_mock/scenario", nil, "", 200)},
		{nil, s("Admin API", "Reset", "Back to the scenario as loaded: writes undone, runtime faults and the journal cleared.", "POST", "/_mock/reset", nil, "", 204)},
	}
	var out []Sample
next:
	for _, x := range all {
		for _, id := range x.needs {
			if id == "" {
				continue next
			}
		}
		out = append(out, x.s)
	}
	return out
}

// s builds a sample.
func s(group, title, note, method, target string, headers []Header, body string, want int) Sample {
	return Sample{Group: group, Title: title, Note: note, Want: want,
		Request: Request{Method: method, Target: target, Headers: headers, Body: body}}
}
