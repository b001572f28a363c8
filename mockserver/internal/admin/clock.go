package admin

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/body"
	"github.com/graphmock/graphmock/mockserver/internal/clock"
	"github.com/graphmock/graphmock/mockserver/internal/scenario"
	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// clockReading is what GET and POST /_mock/clock answer.
type clockReading struct {
	Now    string `json:"now"`
	Frozen bool   `json:"frozen"`
}

func readClock(c *clock.Clock) (Reply, error) {
	return jsonReply(http.StatusOK, clockReading{Now: store.FormatTime(c.Now().UTC()), Frozen: c.Frozen()})
}

// getClock serves GET /_mock/clock: the namespace's time, and whether it is frozen.
func (a api) getClock(_ *http.Request, ns Namespace) (Reply, error) { return readClock(ns.Clock()) }

// steerClock serves POST /_mock/clock: {"advance":"30m"}, {"set":"2026-12-01T10:00:00Z"} and
// {"freeze":true|false}, alone or freeze with one of the others (freezing first, thawing last, so
// {"set":…,"freeze":true} stops the clock at that time). Everything due on the way happens before
// the answer, which is the clock's new reading. A body that says something else is a 400 that
// names what is wrong, and moves nothing.
func (a api) steerClock(r *http.Request, ns Namespace) (Reply, error) {
	raw, err := a.jsonBody(r, "The clock steering")
	if err != nil {
		return Reply{}, err
	}
	bad := func(format string, args ...any) (Reply, error) {
		return Reply{}, &body.MalformedError{Message: fmt.Sprintf(format, args...) + ` Send {"advance":"30m"}, {"set":"2026-12-01T10:00:00Z"} or {"freeze":true}.`}
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil || members == nil {
		return bad("The clock steering is not a JSON object.")
	}
	if len(members) == 0 {
		return bad("The clock steering says nothing.")
	}
	var advance, set string
	var freeze bool
	for name, v := range members {
		var err error
		switch name {
		case "advance":
			err = json.Unmarshal(v, &advance)
		case "set":
			err = json.Unmarshal(v, &set)
		case "freeze":
			err = json.Unmarshal(v, &freeze)
		default:
			return bad("The clock steering has an unknown member %q.", name)
		}
		if err != nil || string(v) == "null" {
			return bad("%s must be %s, not %s.", name, map[string]string{"advance": "a length of time such as \"30m\"",
				"set": "a date-time string", "freeze": "true or false"}[name], v)
		}
	}
	_, hasAdvance := members["advance"]
	_, hasSet := members["set"]
	_, hasFreeze := members["freeze"]
	var d time.Duration
	var at time.Time
	switch {
	case hasAdvance && hasSet:
		return bad("Give advance or set, not both.")
	case hasAdvance:
		if d, err = scenario.ParseSpan(advance); err != nil {
			return bad("advance: %v (the clock goes back with set).", err)
		}
	case hasSet:
		if at, err = store.ParseDateTime(set); err != nil {
			return bad("set: %q is not a date-time such as 2026-12-01T10:00:00Z.", set)
		}
	}
	c := ns.Clock()
	if hasFreeze && freeze {
		c.Freeze(true)
	}
	switch {
	case hasAdvance:
		c.Advance(d)
	case hasSet:
		c.Set(at)
	}
	if hasFreeze && !freeze {
		c.Freeze(false)
	}
	return readClock(c)
}

// jsonBody reads a request body labelled application/json (a web page cannot send that without
// a CORS preflight) within the server's body limit; what names the body in messages.
func (a api) jsonBody(r *http.Request, what string) ([]byte, error) {
	if err := body.CheckMediaType(r.Header.Get("Content-Type"), true, "application/json"); err != nil {
		return nil, err
	}
	limit := a.s.MaxBodyBytes()
	raw, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, &body.MalformedError{Message: what + " could not be read: " + err.Error()}
	}
	if int64(len(raw)) > limit {
		return nil, &body.TooLargeError{Limit: limit}
	}
	return raw, nil
}

// putCallRecord serves POST /_mock/callRecords: one call record, checked like a scenario's; 201
// when it is new, 200 when it replaced one, saying its id and when it becomes available.
func (a api) putCallRecord(r *http.Request, ns Namespace) (Reply, error) {
	raw, err := a.jsonBody(r, "The call record")
	if err != nil {
		return Reply{}, err
	}
	replaced, at, err := ns.PutCallRecord(raw)
	if err != nil {
		return Reply{}, err
	}
	status, out := http.StatusCreated, struct {
		ID          string `json:"id"`
		Replaced    bool   `json:"replaced"`
		AvailableAt string `json:"availableAt,omitempty"`
	}{Replaced: replaced}
	if replaced {
		status = http.StatusOK
	}
	if !at.IsZero() {
		out.AvailableAt = store.FormatTime(at.UTC())
	}
	var id struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &id) // it loaded: it has a string id
	out.ID = id.ID
	return jsonReply(status, out)
}
