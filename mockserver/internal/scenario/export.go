package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"gopkg.in/yaml.v3"
)

// Header is what heads an exported scenario: its name and description, where its clock starts
// (zero: it does not say) and its retention as written ("": none).
type Header struct {
	Name, Description string
	Clock             time.Time
	Retention         string
}

// Export writes call records (with their organizer, participants, sessions, segments and
// availability), the reports' rows (book; nil has none) and fault rules as a scenario YAML that
// Load reads back to the same state: the same JSON, member for member, numbers and date-times as
// stored, rows in the order they were loaded. h heads the file; faults is the JSON list of rules
// as the admin API writes them (nil or empty: no faults: section). A report without rows has no
// section.
func Export(h Header, records []store.RecordData, book *reports.Book, faults []byte) ([]byte, error) {
	doc := []byte(`{"name":`)
	doc = jsondoc.AppendString(doc, h.Name)
	if h.Description != "" {
		doc = jsondoc.AppendString(append(doc, `,"description":`...), h.Description)
	}
	if !h.Clock.IsZero() {
		doc = jsondoc.AppendStringMember(doc, clockKey, store.FormatTime(h.Clock.UTC()))
	}
	if h.Retention != "" {
		doc = jsondoc.AppendStringMember(doc, retentionKey, h.Retention)
	}
	doc = append(doc, `,"callRecords":`...)
	doc = appendRecords(doc, records)
	for _, k := range reports.Kinds() {
		if rows := book.Rows(k); len(rows) > 0 {
			doc = append(jsondoc.AppendMember(doc, k.ScenarioKey()), '[')
			for i, r := range rows {
				if i > 0 {
					doc = append(doc, ',')
				}
				doc = append(doc, r.Obj.Raw...)
			}
			doc = append(doc, ']')
		}
	}
	if len(faults) > 0 {
		doc = append(append(doc, `,"faults":`...), faults...)
	}
	doc = append(doc, '}')
	node, err := jsonToYAML(doc)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(node); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return out.Bytes(), enc.Close()
}

// appendRecords appends call records as a scenario's JSON list, navigation properties nested.
func appendRecords(b []byte, records []store.RecordData) []byte {
	b = append(b, '[')
	for i, r := range records {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendMembers(append(b, '{'), r.Obj)
		if r.Timing.Available != "" {
			b = jsondoc.AppendStringMember(b, availableKey, r.Timing.Available)
		}
		if r.Organizer != nil {
			b = append(jsondoc.AppendMember(b, "organizer_v2"), r.Organizer...)
		}
		if len(r.Participants) > 0 {
			b = appendEntries(jsondoc.AppendMember(b, "participants_v2"), r.Participants)
		}
		b = jsondoc.AppendMember(b, "sessions")
		b = append(b, '[')
		for j, ses := range r.Sessions {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendMembers(append(b, '{'), ses.Obj)
			b = appendEntries(jsondoc.AppendMember(b, "segments"), ses.Segments)
			b = append(b, '}')
		}
		b = append(b, "]}"...)
	}
	return append(b, ']')
}

// appendEntries appends a JSON array of the entries' objects.
func appendEntries(b []byte, list []store.Entry) []byte {
	b = append(b, '[')
	for i, e := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendMembers(append(b, '{'), e.Obj), '}')
	}
	return append(b, ']')
}

// appendMembers appends an object's members, as stored, to an open JSON object.
func appendMembers(b []byte, obj jsondoc.Object) []byte {
	if len(obj.Raw) <= 2 {
		return b
	}
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	return append(b, obj.Raw[1:len(obj.Raw)-1]...)
}

// jsonToYAML builds a YAML node tree from JSON, keeping member order and scalars as written.
// Strings get the !!str tag, so the encoder quotes any that would read back as something else
// (a date-time, a number, true).
func jsonToYAML(data []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return yamlValue(dec)
}

func yamlValue(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if v == '[' {
			n = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		}
		for dec.More() {
			if n.Kind == yaml.MappingNode {
				key, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key.(string)})
			}
			child, err := yamlValue(dec)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, child)
		}
		if _, err := dec.Token(); err != nil && err != io.EOF {
			return nil, err
		}
		return n, nil
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}, nil
	case json.Number:
		tag := "!!int"
		if bytes.ContainsAny([]byte(v), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(v)}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}
