package scenario

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/store"
)

// LoadRecord checks one call record given as JSON, with its sessions, segments, organizer_v2,
// participants_v2 and availableAfter, exactly as a record of a scenario file is checked (check:
// the schemas), and returns it: what the admin API adds to a namespace. An *Error lists every
// problem, file:line: /pointer: reason, with pointers and lines counted in data itself.
func LoadRecord(file string, data []byte, check Checker) (store.RecordData, error) {
	trimmed := bytes.TrimSpace(data)
	if !json.Valid(trimmed) || len(trimmed) == 0 || trimmed[0] != '{' {
		msg := "the body is not a JSON object"
		if err := json.Unmarshal(trimmed, new(any)); err != nil {
			msg += ": " + err.Error()
		}
		return store.RecordData{}, &Error{Subject: "call record", Problems: []Problem{{File: file, Line: 1, Message: msg}}}
	}
	// As the only record of a scenario: the wrapper adds nothing to the first line but columns,
	// so lines are the body's own.
	wrapped := append(append([]byte(`{"callRecords":[`), data...), "]}"...)
	l, err := Load(file, wrapped, check, nil)
	if err != nil {
		se := err.(*Error)
		for i, p := range se.Problems {
			se.Problems[i].Pointer = strings.TrimPrefix(strings.TrimPrefix(p.Pointer, "/callRecords/0"), "/callRecords")
		}
		se.Subject = "call record"
		return store.RecordData{}, se
	}
	recs := l.Store.Snapshot()
	if len(recs) != 1 {
		return store.RecordData{}, &Error{Subject: "call record", Problems: []Problem{{File: file, Line: 1, Message: "the body is not one call record"}}}
	}
	return recs[0], nil
}
