package tenant_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/tenant"
)

// Import snapshots a tenant's call records as a scenario. Here the "tenant" is another graphmock
// serving the small scenario; against Microsoft Graph, leave GraphURL empty and give a token or
// client credentials.
func ExampleImport() {
	source, err := mockserver.New(mockserver.WithScenarioName("small"))
	if err != nil {
		fmt.Println(err)
		return
	}
	graph := httptest.NewServer(source)
	defer graph.Close()

	rep, err := tenant.Import(context.Background(), tenant.Options{
		GraphURL: graph.URL + "/v1.0",
		Token:    "any token: this server does not check it",
		ScrubKey: []byte("keep this secret"),
		Name:     "snapshot",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	snapshot, err := mockserver.New(mockserver.WithScenarioBytes("snapshot.yaml", rep.Scenario))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(snapshot.ScenarioInfo())
	// Output: scenario "snapshot" from snapshot.yaml: 2 call records, 4 sessions, 6 segments, 5 participants
}
