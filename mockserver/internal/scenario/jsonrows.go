package scenario

import (
	"bytes"
	"encoding/json"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"gopkg.in/yaml.v3"
)

// jsonTopMember reads a top-level member other than callRecords: a report's rows in one pass
// when they allow it (jsonReportRows), anything else, and rows that do not, as the YAML loader
// reads it, with the lines of the file.
func (l *loader) jsonTopMember(s *jsonStream, name string, keyLine int) error {
	raw, line, err := s.value()
	if err != nil || !json.Valid(raw) {
		return errNotPlainJSON
	}
	if k, isReport := reportKind(name); isReport {
		if rows, ok := l.jsonReportRows(k, raw, s.stable); ok {
			l.rows[k] = rows
			return nil
		}
	}
	v, err := topValue(raw, line)
	if err != nil {
		return err
	}
	l.topMember(pair{key: name, node: &yaml.Node{Line: keyLine}, value: v})
	return nil
}

// reportKind is the report whose rows a top-level member of that name holds.
func reportKind(name string) (reports.Kind, bool) {
	for _, k := range reports.Kinds() {
		if k.ScenarioKey() == name {
			return k, true
		}
	}
	return 0, false
}

// jsonReportRows reads a report's rows from raw, a JSON array checked as JSON, in one pass each:
// every row must be an object the Checker accepts as it is and in canonical form (what generate
// writes), with a start time. ok is false as soon as one is not; the caller then reads the list
// through the YAML loader, which says what is wrong with each row at its line. A generated
// million's 5,000 rows took half a second that way, on one core, after every record was loaded.
// stable says raw may be kept as it is (a mapped file); otherwise the rows are copied, together.
func (l *loader) jsonReportRows(k reports.Kind, raw []byte, stable bool) ([]reports.Row, bool) {
	if l.check == nil || !bytes.HasPrefix(bytes.TrimLeft(raw, " \t\r\n"), []byte("[")) {
		return nil, false // not a list: the YAML loader says so
	}
	if !stable {
		raw = bytes.Clone(raw)
	}
	rows := []reports.Row{}
	ok := true
	jsondoc.EachItem(raw, func(item []byte) {
		if !ok {
			return
		}
		accepted, verdict := l.check.Accept(k.Type(), item, maxNesting, nil)
		if ok = accepted && verdict.Canonical; !ok {
			return
		}
		row, err := reports.NewRow(jsondoc.Object{Raw: item, Evolvable: verdict.Evolvable})
		if ok = err == nil; ok {
			rows = append(rows, row)
		}
	})
	return rows, ok
}
