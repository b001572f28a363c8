package scenario

import (
	"bytes"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/model"
	"github.com/graphmock/graphmock/mockserver/internal/reports"
)

func TestLoadReportRows(t *testing.T) {
	t.Parallel()
	var seen []string
	check := CheckFunc(func(tp model.EntityType, raw []byte) []model.Violation {
		seen = append(seen, tp.Name())
		return nil
	})
	l, err := Load("rows.yaml", readFixture(t, "rows"), check, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Info.PstnCalls != 2 || l.Info.DirectRoutingCalls != 1 || !strings.Contains(l.Info.String(), "2 PSTN calls, 1 Direct Routing calls") {
		t.Errorf("info %+v: %s", l.Info, l.Info)
	}
	want := []string{"microsoft.graph.callRecords.pstnCallLogRow", "microsoft.graph.callRecords.pstnCallLogRow", "microsoft.graph.callRecords.directRoutingLogRow"}
	if strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Errorf("checked %v, want %v", seen, want)
	}
	rows := l.Reports.Rows(reports.PSTN)
	if len(rows) != 2 || string(rows[0].Obj.Raw) != `{"id":"9c4984c7-6c3c-427d-a30c-bd0b2eacee90","startDateTime":"2019-11-01T00:00:08.2589935Z","duration":219,"charge":0.00,"destinationContext":null}` {
		t.Errorf("PSTN rows in load order, as written: %s", rows[0].Obj.Raw)
	}
	if id, _ := l.Reports.ByStart(reports.PSTN)[0].Obj.GetString("id"); id != "early" {
		t.Errorf("first PSTN row by start = %q, want early", id)
	}
	dr := l.Reports.Rows(reports.DirectRouting)
	if len(dr) != 1 || !bytes.Contains(dr[0].Obj.Raw, []byte(`"startDateTime":"2019-11-01T00:00:25.105Z"`)) {
		t.Errorf("Direct Routing row, canonical: %s", dr[0].Obj.Raw)
	}
}

func TestLoadReportRowProblems(t *testing.T) {
	t.Parallel()
	data := `name: bad
pstnCalls:
  - id: a
    charge: "0.05"
  - {id: b}
  - 7
directRoutingCalls: {id: c}
`
	check := CheckFunc(func(tp model.EntityType, raw []byte) []model.Violation {
		if bytes.Contains(raw, []byte(`"0.05"`)) {
			return []model.Violation{{Pointer: "/charge", Message: "charge must be a number"}}
		}
		return nil
	})
	got := problems(t, data, check, nil)
	want := []string{
		"s.yaml:4: /pstnCalls/0/charge: charge must be a number",
		"s.yaml:5: /pstnCalls/1/startDateTime: startDateTime is required: the report's calls select rows by their start time",
		"s.yaml:6: /pstnCalls/2: ",
		"s.yaml:7: /directRoutingCalls: directRoutingCalls must be a list, found a mapping",
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want %q…", i, got[i], want[i])
		}
	}
}

// TestReportRowsRoundTrip: rows survive an export, in load order, as stored.
func TestReportRowsRoundTrip(t *testing.T) {
	t.Parallel()
	l, err := Load("rows.yaml", readFixture(t, "rows"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Export(Header{Name: l.Info.Name}, l.Store.Snapshot(), l.Reports, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pstnCalls:\n  - id: 9c4984c7", "charge: 0.00", "charge: 1.5E-2", "directRoutingCalls:\n  - id: 9e8bba57",
		`startDateTime: "2019-11-01T00:00:25.105Z"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	again, err := Load("export.yaml", out, nil, nil)
	if err != nil {
		t.Fatalf("the export does not load: %v\n%s", err, out)
	}
	for _, k := range reports.Kinds() {
		a, b := again.Reports.Rows(k), l.Reports.Rows(k)
		if len(a) != len(b) {
			t.Fatalf("%s: %d rows after the round trip, want %d", k.ScenarioKey(), len(a), len(b))
		}
		for i := range a {
			if !bytes.Equal(a[i].Obj.Raw, b[i].Obj.Raw) || !a[i].Start.Equal(b[i].Start) {
				t.Errorf("%s/%d: %s, want %s", k.ScenarioKey(), i, a[i].Obj.Raw, b[i].Obj.Raw)
			}
		}
	}
	if again.Info.PstnCalls != 2 || again.Info.DirectRoutingCalls != 1 {
		t.Errorf("info after the round trip: %+v", again.Info)
	}
}
