package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"gopkg.in/yaml.v3"
)

// ExportScenario writes the namespace's current state (every call record with its organizer,
// participants, sessions and segments, plus its fault rules) as a scenario YAML that loads back to
// the same state: the same JSON, member for member, numbers and date-times as stored.
func (n *Namespace) ExportScenario() ([]byte, error) {
	info := n.ScenarioInfo()
	doc := []byte(`{"name":`)
	doc = jsondoc.AppendString(doc, info.Name)
	if info.Description != "" {
		doc = jsondoc.AppendString(append(doc, `,"description":`...), info.Description)
	}
	doc = append(doc, `,"callRecords":`...)
	doc = appendScenario(doc, n.store.Snapshot())
	if rules := n.Faults(); len(rules) > 0 {
		faults := make([]Fault, len(rules))
		for i, r := range rules {
			faults[i] = r.Fault
		}
		raw, err := json.Marshal(faults)
		if err != nil {
			return nil, err
		}
		doc = append(append(doc, `,"faults":`...), raw...)
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

// ExportScenario exports the default namespace (see Namespace.ExportScenario).
func (s *Server) ExportScenario() ([]byte, error) { return s.def.ExportScenario() }

// appendScenario appends call records as a scenario's JSON list, navigation properties nested.
func appendScenario(b []byte, records []store.RecordData) []byte {
	b = append(b, '[')
	for i, r := range records {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFields(append(b, '{'), r.Obj, nil)
		if r.Organizer != nil {
			b = append(jsondoc.AppendMember(b, "organizer_v2"), r.Organizer...)
		}
		if len(r.Participants) > 0 {
			b = jsondoc.AppendMember(b, "participants_v2")
			b = appendObjects(b, entryObjects(r.Participants), nil)
		}
		b = jsondoc.AppendMember(b, "sessions")
		b = append(b, '[')
		for j, ses := range r.Sessions {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendSession(b, sessionView{Obj: ses.Obj, Segments: entryObjects(ses.Segments)}, nil, nil)
		}
		b = append(b, "]}"...)
	}
	return append(b, ']')
}

func entryObjects(list []store.Entry) []object {
	out := make([]object, len(list))
	for i, e := range list {
		out[i] = e.Obj
	}
	return out
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
