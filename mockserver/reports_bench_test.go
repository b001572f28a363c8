package mockserver_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// BenchmarkReportPage calls getPstnCalls on 20,000 rows (a busy tenant's 90 days): the first
// page of 1,000 rows and the last one, reached with $skip, against a bare handler writing the
// same bytes. A page costs the same wherever it starts: the range is found by binary search and
// the rows' stored bytes are copied.
func BenchmarkReportPage(b *testing.B) {
	sc := mockserver.Scenario{Name: "bench-reports", CallRecords: []json.RawMessage{}}
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := range 20000 {
		at := start.Add(time.Duration(i) * 6 * time.Minute)
		sc.PstnCalls = append(sc.PstnCalls, json.RawMessage(fmt.Sprintf(`{"id":"9c4984c7-6c3c-427d-a30c-%012d","callId":"1835317186_112562680@61.221.3.176",`+
			`"userId":"db03c14b-06eb-4189-939b-7cbf3a20ba27","userPrincipalName":"richard.malk@contoso.com","userDisplayName":"Richard Malk",`+
			`"startDateTime":%q,"endDateTime":%q,"duration":219,"charge":0.00,"callType":"user_in","currency":"USD","calleeNumber":"+1234567890",`+
			`"usageCountryCode":"US","tenantCountryCode":"US","connectionCharge":0.00,"callerNumber":"+0123456789","destinationContext":null,`+
			`"destinationName":"United States","conferenceId":null,"licenseCapability":"MCOPSTNU","inventoryType":"Subscriber","operator":"Microsoft",`+
			`"callDurationSource":"microsoft"}`, i, at.Format(time.RFC3339Nano), at.Add(219*time.Second).Format(time.RFC3339Nano))))
	}
	s, err := mockserver.New(mockserver.WithScenario(sc))
	if err != nil {
		b.Fatal(err)
	}
	call := "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-09-01,toDateTime=2026-11-30)"
	b.Run("first", func(b *testing.B) { compare(b, s, call, nil) })
	b.Run("last", func(b *testing.B) { compare(b, s, call+"?$skip=19000", nil) })
}
