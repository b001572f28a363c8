package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// storage is what GET /_mock/readyz says about the stored bytes.
type storage struct {
	StoredBytes    int64 `json:"storedBytes"`
	MaxStoredBytes int64 `json:"maxStoredBytes"`
	Full           bool  `json:"full"`
}

// readyz reads the storage report of GET /_mock/readyz, which must stay 200 and ready.
func readyz(t *testing.T, h http.Handler) storage {
	t.Helper()
	r := get(t, h, "/_mock/readyz", nil)
	var got struct {
		Status  string  `json:"status"`
		Storage storage `json:"storage"`
	}
	if err := json.Unmarshal(r.body, &got); err != nil || r.status != 200 || got.Status != "ready" {
		t.Fatalf("readyz: %d %s", r.status, r.body)
	}
	return got.Storage
}

// capSizes measures, on a server with the default cap, the bytes the basic scenario holds and
// the bytes one segment made by numbered(…) adds, so tests can set a cap with room for n of them.
func capSizes(t *testing.T) (scenario, segment int64) {
	t.Helper()
	s := newServer(t)
	before := readyz(t, s)
	if before.MaxStoredBytes != 512<<20 || before.Full {
		t.Fatalf("default cap: %+v", before)
	}
	if r := send(t, s, http.MethodPost, segmentsURL, numbered("probe-00"), nil); r.status != 201 {
		t.Fatalf("probe: %d %s", r.status, r.body)
	}
	return before.StoredBytes, readyz(t, s).StoredBytes - before.StoredBytes
}

// numbered is a segment body with an explicit id: ids of one length make segments of one size.
func numbered(id string) string { return seg(`"id":"` + id + `"`) }

// wantInsufficientStorage checks a 507 in Graph's envelope whose message names the cap and the
// ways out.
func wantInsufficientStorage(t *testing.T, r result, limit int64) {
	t.Helper()
	e := decodeError(t, r)
	if r.status != http.StatusInsufficientStorage || e.Error.Code != "insufficientStorage" {
		t.Fatalf("want 507 insufficientStorage, got %d %s", r.status, r.body)
	}
	for _, want := range []string{strconv.FormatInt(limit, 10) + " bytes", "-max-stored-bytes", "GRAPHMOCK_MAX_STORED_BYTES",
		"Sidecar.MaxStoredBytes", "POST /_mock/reset", "DELETE /_mock/namespaces/NAME"} {
		if !strings.Contains(e.Error.Message, want) {
			t.Errorf("message %q does not name %q", e.Error.Message, want)
		}
	}
}

func TestStoredBytesCapRefusesWritesNotReads(t *testing.T) {
	t.Parallel()
	scenario, segment := capSizes(t)
	limit := scenario + 3*segment + segment/2 // room for three segments
	s := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: limit}))
	if got := readyz(t, s); got != (storage{StoredBytes: scenario, MaxStoredBytes: limit}) {
		t.Fatalf("readyz at start: %+v", got)
	}
	for i := range 3 {
		if r := send(t, s, http.MethodPost, segmentsURL, numbered(fmt.Sprintf("fill-%03d", i)), nil); r.status != 201 {
			t.Fatalf("POST %d: %d %s", i, r.status, r.body)
		}
	}
	full := scenario + 3*segment
	before := everything(t, s, "")
	wantInsufficientStorage(t, send(t, s, http.MethodPost, segmentsURL, numbered("over-000"), nil), limit)
	wantInsufficientStorage(t, send(t, s, http.MethodPatch, segmentsURL+"/fill-000", `{"media":[{"label":"`+strings.Repeat("m", int(segment))+`"}]}`, nil), limit)
	if got := readyz(t, s); got != (storage{StoredBytes: full, MaxStoredBytes: limit, Full: true}) {
		t.Fatalf("readyz when full: %+v", got)
	}
	// A refused write changed nothing; reads, writes that do not grow, and deletes still work.
	if everything(t, s, "") != before {
		t.Fatal("a refused write changed the state")
	}
	for _, c := range []struct {
		method, target, body string
		status               int
	}{
		{http.MethodGet, segmentsURL + "/fill-000", "", 200},
		{http.MethodGet, segmentsURL + "/over-000", "", 404},
		{http.MethodGet, group + "?$expand=sessions($expand=segments)", "", 200},
		{http.MethodGet, "/_mock/scenario", "", 200},
		{http.MethodPatch, segmentsURL + "/fill-000", `{"endDateTime":"2026-11-21T09:04:01Z"}`, 200}, // same length
		{http.MethodDelete, segmentsURL + "/fill-001", "", 204},
		{http.MethodPost, segmentsURL, numbered("room-000"), 201}, // the delete made room
	} {
		if r := send(t, s, c.method, c.target, c.body, nil); r.status != c.status {
			t.Fatalf("%s %s: %d %s, want %d", c.method, c.target, r.status, r.body, c.status)
		}
	}
	if got := readyz(t, s); got != (storage{StoredBytes: full, MaxStoredBytes: limit}) {
		t.Fatalf("readyz after a delete and a create: %+v", got)
	}
	wantInsufficientStorage(t, send(t, s, http.MethodPost, segmentsURL, numbered("over-001"), nil), limit)
	if r := do(t, s, http.MethodPost, "/_mock/reset", nil, nil); r.status != 204 {
		t.Fatalf("reset: %d", r.status)
	}
	if got := readyz(t, s); got != (storage{StoredBytes: scenario, MaxStoredBytes: limit}) {
		t.Fatalf("readyz after reset: %+v", got)
	}
	if r := send(t, s, http.MethodPost, segmentsURL, numbered("aftr-000"), nil); r.status != 201 {
		t.Fatalf("POST after reset: %d %s", r.status, r.body)
	}
}

func TestStoredBytesCapCountsNamespacesAndLoads(t *testing.T) {
	t.Parallel()
	scenario, segment := capSizes(t)
	limit := 2*scenario + segment // the default namespace and one more, and a segment
	s := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: limit}))
	in := func(ns string) http.Header {
		return http.Header{"X-Graphmock-Namespace": {ns}, "Content-Type": {"application/json"}}
	}
	if r := get(t, s, group, in("a")); r.status != 200 {
		t.Fatalf("namespace a: %d %s", r.status, r.body)
	}
	if got := readyz(t, s); got.StoredBytes != 2*scenario {
		t.Fatalf("two namespaces hold %d bytes, want %d", got.StoredBytes, 2*scenario)
	}
	// A namespace whose copy of the scenario would pass the cap is not made, whatever the route.
	wantInsufficientStorage(t, get(t, s, group, in("b")), limit)
	wantInsufficientStorage(t, send(t, s, http.MethodPost, segmentsURL, numbered("b-000000"), in("b")), limit)
	if names := s.Namespaces(); fmt.Sprint(names) != "[a]" {
		t.Fatalf("namespaces: %v", names)
	}
	// Neither is a scenario load that would pass it; the state stays as it was.
	big := "name: big\ncallRecords:\n  - id: only\n" + recordYAML + "    joinWebUrl: https://teams.test/" + strings.Repeat("x", int(scenario+segment)) + "\n"
	before := everything(t, s, "")
	wantInsufficientStorage(t, do(t, s, http.MethodPut, "/_mock/scenario", nil, strings.NewReader(big)), limit)
	if everything(t, s, "") != before || s.ScenarioInfo().Name != "basic" {
		t.Fatal("a refused load changed the state")
	}
	// Dropping a namespace frees its bytes: for a new namespace, then for the load.
	for _, c := range []struct {
		method, target string
		header         http.Header
		body           string
		status         int
	}{
		{http.MethodDelete, "/_mock/namespaces/a", nil, "", 204},
		{http.MethodGet, group, in("b"), "", 200},
		{http.MethodPut, "/_mock/scenario", nil, big, 507},
		{http.MethodDelete, "/_mock/namespaces/b", nil, "", 204},
		{http.MethodPut, "/_mock/scenario", nil, big, 200},
	} {
		if r := do(t, s, c.method, c.target, c.header, strings.NewReader(c.body)); r.status != c.status {
			t.Fatalf("%s %s: %d %s, want %d", c.method, c.target, r.status, r.body, c.status)
		}
	}
	if got := readyz(t, s); got.StoredBytes <= scenario+segment || got.StoredBytes > limit {
		t.Fatalf("readyz after the load: %+v", got)
	}
}

func TestStoredBytesCapSettings(t *testing.T) {
	t.Parallel()
	if _, err := mockserver.New(mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: -1})); err == nil || !strings.Contains(err.Error(), "MaxStoredBytes -1") {
		t.Errorf("a negative cap: %v", err)
	}
	_, err := mockserver.New(mockserver.WithScenarioFile("testdata/basic.yaml"), mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: 100}))
	if err == nil || !strings.Contains(err.Error(), "past its cap of 100 bytes") || !strings.Contains(err.Error(), "Sidecar.MaxStoredBytes") {
		t.Errorf("a scenario over the cap: %v", err)
	}
	if d := mockserver.DefaultSidecar().MaxStoredBytes; d != 512<<20 {
		t.Errorf("default cap %d", d)
	}
}

// TestRacingWritersNeverPassTheCap posts from many goroutines into two namespaces at once:
// exactly as many segments are stored as fit, the rest get 507, and the stored bytes never pass
// the cap (run it with -race).
func TestRacingWritersNeverPassTheCap(t *testing.T) {
	t.Parallel()
	scenario, segment := capSizes(t)
	const room = 20
	limit := 2*scenario + room*segment + segment/2
	s := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: limit}))
	// Make the second namespace first: made during the race, its copy of the scenario would take
	// or be refused the room, and how many posts fit would depend on who came first.
	if _, err := s.NamespaceNamed("ns1"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	status := map[int]int{}
	for w := range 8 {
		wg.Go(func() {
			header := http.Header{"X-Graphmock-Namespace": {"ns" + strconv.Itoa(w%2)}, "Content-Type": {"application/json"}}
			if w%2 == 0 {
				header.Del("X-Graphmock-Namespace") // the default namespace
			}
			for i := range 10 {
				r := send(t, s, http.MethodPost, segmentsURL, numbered(fmt.Sprintf("wr%d-%04d", w, i)), header)
				mu.Lock()
				status[r.status]++
				mu.Unlock()
				if got := readyz(t, s); got.StoredBytes > limit {
					t.Errorf("stored %d bytes, past the cap of %d", got.StoredBytes, limit)
				}
			}
		})
	}
	wg.Wait()
	if status[201] != room || status[507] != 80-room || len(status) != 2 {
		t.Fatalf("statuses %v, want %d × 201 and %d × 507", status, room, 80-room)
	}
	// Every write also raises its call record's version (starting at 2): the namespace that took
	// eight writes or more holds one more digit of it, and they cannot both have taken fewer.
	if got := readyz(t, s); got.StoredBytes-(2*scenario+room*segment) < 1 || got.StoredBytes-(2*scenario+room*segment) > 2 || !got.Full {
		t.Fatalf("readyz after the race: %+v, want %d plus a digit or two", got, 2*scenario+room*segment)
	}
}
