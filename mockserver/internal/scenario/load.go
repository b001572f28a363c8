package scenario

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/canon"
	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
	"github.com/graphmock/graphmock/mockserver/internal/store"
	"gopkg.in/yaml.v3"
)

// maxProblems bounds how many problems one load reports; the rest are summarised.
const maxProblems = 100

// loader turns one scenario file into a fresh store, collecting every problem on the way.
type loader struct {
	file     string
	problems []Problem
	conv     converter
	records  []store.RecordData
	build    *store.Builder  // the JSON loader's store, built as records are read
	ids      map[string]bool // the call record ids seen so far
	info     Info
	check    Checker
	faultOK  FaultChecker
	faults   []json.RawMessage // the accepted entries of the faults: list
	faultIDs []string          // the ids of the rules they hold
	// the timeline keys: where the clock starts, and the retention as written and read
	clockAt    time.Time
	retainText string
	retain     time.Duration
	rows       [2][]reports.Row // the rows of each report, by reports.Kind
}

// Checker validates one entity's JSON against what its type allows. It is injected so that
// scenario loading and request bodies are judged by the same compiled schemas, which this
// package does not own.
type Checker interface {
	// Check returns every violation, each with a JSON pointer relative to the entity.
	Check(t model.EntityType, raw []byte) []model.Violation
	// Accept reports that raw is already what the loader stores and valid: a compact JSON object
	// that jsondoc.Scan with maxDepth takes unchanged (no duplicate names) and Check would pass;
	// the verdict says, from the same pass, whether canon.CanonicalClean would change it, and
	// each of want gets the value of raw's member of its Name as written (nil: absent). True
	// lets the loader of a million entities skip scanning, checking, making each canonical and
	// finding its id and times in passes of their own; false says nothing.
	Accept(t model.EntityType, raw []byte, maxDepth int, want []jsondoc.Field) (bool, canon.Verdict)
}

// CheckFunc is a Checker made of a check function; it accepts nothing in advance.
type CheckFunc func(t model.EntityType, raw []byte) []model.Violation

// Check calls f.
func (f CheckFunc) Check(t model.EntityType, raw []byte) []model.Violation { return f(t, raw) }

// Accept is always false: every entity is scanned and checked.
func (CheckFunc) Accept(model.EntityType, []byte, int, []jsondoc.Field) (bool, canon.Verdict) {
	return false, canon.Verdict{}
}

// FaultChecker checks one entry of a scenario's faults: list, given as JSON (the admin API's
// form of a rule, or a preset), and returns the ids of the rules it holds, or why it is not a
// valid entry. It is injected because fault rules belong to the fault engine; the loader only
// reports the problem at the entry's line and refuses an id used twice.
type FaultChecker func(raw []byte) (ids []string, err error)

// Loaded is a scenario that passed every check: the store it describes (shared by whoever loads
// it from here on: clone it before writing; its records carry their availability and it holds
// the scenario's retention), the rows of its reports (immutable, so shared as they are), its
// summary, the entries of its faults: list as JSON, each accepted by the FaultChecker, in file
// order, where its clock starts (zero: it does not say) and its retention as written ("": none).
type Loaded struct {
	Store     *store.Store
	Reports   *reports.Book
	Info      Info
	Faults    []json.RawMessage
	Clock     time.Time
	Retention string
}

// Load parses and checks a scenario (YAML or JSON) and builds the store it describes. file names
// the source in messages; check (nil: none) validates each entity's JSON against its type, and
// faults (nil: accept any) checks each entry of the faults: list. Either the whole scenario
// loads, or an *Error lists every problem found.
func Load(file string, data []byte, check Checker, faults FaultChecker) (*Loaded, error) {
	if startsJSON(data) {
		l, err := loadJSON(file, newJSONBytes(data), check, faults)
		if err != errNotPlainJSON {
			return l, err
		}
	}
	return loadYAML(file, data, check, faults)
}

// LoadFrom is Load reading from r: a JSON scenario is read as a stream, so a scenario of any size
// loads without being held whole; YAML (and JSON the JSON loader does not read: see
// errNotPlainJSON) is read whole from reopen, which must give the same bytes again.
func LoadFrom(file string, r io.Reader, reopen func() (io.ReadCloser, error), check Checker, faults FaultChecker) (*Loaded, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4 << 10)
	if startsJSON(head) {
		l, err := loadJSON(file, newJSONStream(br), check, faults)
		if err != errNotPlainJSON {
			return l, err
		}
		rc, err := reopen()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		br = bufio.NewReader(rc)
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	return loadYAML(file, data, check, faults)
}

// startsJSON reports whether data (the start of a scenario) looks like a JSON object: its first
// byte after whitespace is '{'. A YAML flow mapping starts so too; the JSON loader hands it back.
func startsJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// loadYAML is Load for YAML, and for JSON as YAML reads it.
func loadYAML(file string, data []byte, check Checker, faults FaultChecker) (*Loaded, error) {
	l := &loader{file: file, ids: map[string]bool{}, check: check, faultOK: faults, info: Info{Source: file}, conv: budgetFor(len(data))}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = regexp.MustCompile(`^line \d+: `).ReplaceAllString(msg, "")
		l.add(yamlLine(err), "", "not valid YAML or JSON: %s", msg)
		return nil, l.err()
	}
	if len(doc.Content) == 0 {
		l.add(1, "", "the scenario is empty")
		return nil, l.err()
	}
	l.top(doc.Content[0])
	if err := l.err(); err != nil {
		return nil, err
	}
	l.info.PstnCalls, l.info.DirectRoutingCalls = len(l.rows[reports.PSTN]), len(l.rows[reports.DirectRouting])
	out := &Loaded{Store: store.Build(l.records), Reports: reports.NewBook(l.rows[reports.PSTN], l.rows[reports.DirectRouting]),
		Info: l.info, Faults: l.faults, Clock: l.clockAt, Retention: l.retainText}
	out.Store.SetRetention(l.retain)
	return out, nil
}

func (l *loader) add(line int, pointer, format string, args ...any) {
	switch {
	case len(l.problems) == maxProblems:
		l.problems = append(l.problems, Problem{File: l.file, Message: "too many problems; stopped listing them here"})
		return
	case len(l.problems) > maxProblems:
		return
	}
	l.problems = append(l.problems, Problem{File: l.file, Line: line, Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

// addErr records a conversion error, using its own line when it has one.
func (l *loader) addErr(n *yaml.Node, pointer string, err error) {
	line := n.Line
	if le, ok := err.(*lineErr); ok && le.line > 0 {
		line = le.line
	}
	l.add(line, pointer, "%s", err.Error())
}

func (l *loader) err() error {
	if len(l.problems) == 0 {
		return nil
	}
	return &Error{Problems: l.problems}
}

// top reads the scenario's top level: name, description, callRecords, the two reports' rows
// (pstnCalls, directRoutingCalls) and faults.
func (l *loader) top(n *yaml.Node) {
	ps, err := l.conv.pairs(n)
	if err != nil {
		l.addErr(n, "", err)
		return
	}
	for _, p := range ps {
		l.topMember(p)
	}
}

// topMember reads one member of the scenario's top level.
func (l *loader) topMember(p pair) {
	v := resolve(p.value)
	switch p.key {
	case "name", "description":
		if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" {
			l.add(v.Line, "/"+p.key, "%s must be a string", p.key)
			return
		}
		if p.key == "name" {
			l.info.Name = v.Value
		} else {
			l.info.Description = v.Value
		}
	case "callRecords":
		if v.Kind != yaml.SequenceNode {
			l.add(v.Line, "/callRecords", "callRecords must be a list, found %s", kindName(v))
			return
		}
		l.records = make([]store.RecordData, 0, len(v.Content))
		for i, item := range v.Content {
			l.record(item, fmt.Sprintf("/callRecords/%d", i))
		}
	case reports.PSTN.ScenarioKey():
		l.reportRows(reports.PSTN, v)
	case reports.DirectRouting.ScenarioKey():
		l.reportRows(reports.DirectRouting, v)
	case "faults":
		l.faultRules(v)
	case clockKey:
		l.clock(v)
	case retentionKey:
		l.retention(v)
	default:
		l.add(p.node.Line, "/"+jsondoc.EscapePointerToken(p.key),
			"unknown top-level key %q (expected name, description, clock, retention, callRecords, pstnCalls, directRoutingCalls, faults)", p.key)
	}
}

// yamlLine finds the line number yaml.v3 puts in its syntax errors.
func yamlLine(err error) int {
	m := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
