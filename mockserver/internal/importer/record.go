package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// assembled is one record as a scenario holds it, with what it counted.
type assembled struct {
	json                             []byte
	sessions, segments, participants int
}

// record GETs one call record with its sessions and segments expanded, follows the expanded
// sessions' next link and each session's segments next link, lists its participants_v2, and
// writes it as one object: the record's members in Graph's order (organizer_v2 among them),
// then participants_v2, then sessions, each with its segments; control annotations dropped.
func (r *reader) record(ctx context.Context, id string) (assembled, error) {
	var a assembled
	target := r.recordURL(id)
	body, err := r.f.get(ctx, target)
	if err != nil {
		return a, err
	}
	names, values, err := objectMembers(body)
	if err != nil {
		return a, fmt.Errorf("GET %s: %w", target, err)
	}
	out := []byte{'{'}
	var sessions [][]byte
	var next string
	for i, name := range names {
		switch {
		case name == "sessions@odata.nextLink":
			if err := json.Unmarshal(values[i], &next); err != nil {
				return a, fmt.Errorf("GET %s: sessions@odata.nextLink is not a string", target)
			}
		case model.IsControlAnnotation(name), name == "participants_v2":
			// participants_v2 is read from its own list below, all pages of it
		case name == "sessions":
			items, err := objectItems(values[i])
			if err != nil {
				return a, fmt.Errorf("GET %s: sessions: %w", target, err)
			}
			for _, it := range items {
				ses, n, err := r.session(ctx, target, it)
				if err != nil {
					return a, err
				}
				sessions, a.segments = append(sessions, ses), a.segments+n
			}
		default:
			out = append(jsondoc.AppendMember(out, name), values[i]...)
		}
	}
	if next != "" {
		link, err := r.f.follow(target, next)
		if err != nil {
			return a, err
		}
		err = r.pages(ctx, link, func(it []byte) error {
			ses, n, err := r.session(ctx, link, it)
			sessions, a.segments = append(sessions, ses), a.segments+n
			return err
		})
		if err != nil {
			return a, err
		}
	}
	var participants [][]byte
	err = r.pages(ctx, r.participantsURL(id), func(it []byte) error {
		participants = append(participants, it)
		return nil
	})
	var se *StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound && len(participants) == 0 {
		r.f.cfg.Log.Warn("read a call record without its participants_v2", "id", id, "because", err.Error())
	} else if err != nil {
		return a, err
	}
	if len(participants) > 0 {
		out = appendArray(jsondoc.AppendMember(out, "participants_v2"), participants)
	}
	out = append(appendArray(jsondoc.AppendMember(out, "sessions"), sessions), '}')
	a.json, a.sessions, a.participants = out, len(sessions), len(participants)
	return a, nil
}

// session writes one session with all of its segments: those expanded in it and those behind
// its segments@odata.nextLink (resolved against from, the page it came from).
func (r *reader) session(ctx context.Context, from string, raw []byte) ([]byte, int, error) {
	names, values, err := objectMembers(raw)
	if err != nil {
		return nil, 0, fmt.Errorf("GET %s: a session: %w", from, err)
	}
	var segments [][]byte
	var next string
	hasSegments := false
	for i, name := range names {
		switch name {
		case "segments":
			hasSegments = true
			if segments, err = objectItems(values[i]); err != nil {
				return nil, 0, fmt.Errorf("GET %s: segments: %w", from, err)
			}
		case "segments@odata.nextLink":
			if err := json.Unmarshal(values[i], &next); err != nil {
				return nil, 0, fmt.Errorf("GET %s: segments@odata.nextLink is not a string", from)
			}
		}
	}
	if next != "" {
		link, err := r.f.follow(from, next)
		if err != nil {
			return nil, 0, err
		}
		if err := r.pages(ctx, link, func(it []byte) error { segments = append(segments, it); return nil }); err != nil {
			return nil, 0, err
		}
		hasSegments = true
	}
	out := []byte{'{'}
	for i, name := range names {
		if model.IsControlAnnotation(name) || name == "segments" {
			continue
		}
		out = append(jsondoc.AppendMember(out, name), values[i]...)
	}
	if hasSegments {
		out = appendArray(jsondoc.AppendMember(out, "segments"), segments)
	}
	return append(out, '}'), len(segments), nil
}

// appendArray appends a JSON array of raw values.
func appendArray(b []byte, items [][]byte) []byte {
	b = append(b, '[')
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	return append(b, ']')
}

// objectMembers splits a JSON object into its member names and values (compact), in order.
func objectMembers(raw []byte) ([]string, [][]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, errors.New("the answer is not a JSON object")
	}
	var names []string
	var values [][]byte
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("the answer is not valid JSON: %w", err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, fmt.Errorf("the answer is not valid JSON: %w", err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, v); err != nil {
			return nil, nil, err
		}
		names, values = append(names, tok.(string)), append(values, compact.Bytes())
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, fmt.Errorf("the answer is not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errors.New("the answer has text after its JSON object")
	}
	return names, values, nil
}

// objectItems splits a JSON array whose items must be objects.
func objectItems(raw []byte) ([][]byte, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, errors.New("not an array")
	}
	out := make([][]byte, len(items))
	for i, it := range items {
		if len(it) == 0 || it[0] != '{' {
			return nil, errors.New("an item is not an object")
		}
		out[i] = it
	}
	return out, nil
}

// collectionPage reads a collection page: its value items and its @odata.nextLink.
func collectionPage(body []byte) ([][]byte, string, error) {
	names, values, err := objectMembers(body)
	if err != nil {
		return nil, "", err
	}
	var items [][]byte
	var next string
	found := false
	for i, name := range names {
		switch name {
		case "value":
			found = true
			if items, err = objectItems(values[i]); err != nil {
				return nil, "", fmt.Errorf("value: %w", err)
			}
		case "@odata.nextLink":
			if err := json.Unmarshal(values[i], &next); err != nil {
				return nil, "", errors.New("@odata.nextLink is not a string")
			}
		}
	}
	if !found {
		return nil, "", errors.New("the answer is not a collection: it has no value array")
	}
	return items, next, nil
}

// stringMember returns a string member of a JSON object.
func stringMember(obj []byte, name string) (string, error) {
	names, values, err := objectMembers(obj)
	if err != nil {
		return "", err
	}
	for i, n := range names {
		if n == name {
			var s string
			if err := json.Unmarshal(values[i], &s); err != nil {
				return "", fmt.Errorf("%s is not a string", name)
			}
			return s, nil
		}
	}
	return "", fmt.Errorf("no %s", name)
}
