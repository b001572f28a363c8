package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// Namespaces: names, limits and where a new one starts from.

func TestEmptyNamespaceNameIsAnError(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if r := get(t, s, "/_ns//v1.0/communications/callRecords", nil); r.status != 400 {
		t.Fatalf("/_ns// served: %d", r.status)
	}
}

func TestRefusedRequestsDoNotMakeNamespaces(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.WithRequireAuth(true), mockserver.WithSidecar(mockserver.Sidecar{MaxNamespaces: 2}))
	for _, n := range []string{"a", "b", "c"} {
		if r := get(t, s, "/_ns/"+n+"/v1.0/communications/callRecords", nil); r.status != 401 {
			t.Fatalf("%s: %d", n, r.status)
		}
		get(t, s, "/_ns/"+n+"/v1.0/nowhere", nil)
	}
	if got := s.Namespaces(); len(got) != 0 {
		t.Fatalf("refused requests made namespaces %v", got)
	}
	ok := http.Header{"Authorization": {"Bearer opaque"}}
	if r := get(t, s, "/_ns/a/v1.0/communications/callRecords", ok); r.status != 200 || len(s.Namespaces()) != 1 {
		t.Fatalf("an authorised request: %d %v", r.status, s.Namespaces())
	}
}

func TestNewNamespacesStartFromTheDefaultNamespacesScenario(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	def, err := s.NamespaceNamed("")
	if err != nil {
		t.Fatal(err)
	}
	if err := def.LoadScenario("one.yaml", []byte("name: one\ncallRecords:\n  - id: only\n"+recordYAML)); err != nil {
		t.Fatal(err)
	}
	n, err := s.NamespaceNamed("fresh")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.ScenarioInfo().Name; got != "one" {
		t.Fatalf("a new namespace started from %q, want the default namespace's scenario", got)
	}
}
