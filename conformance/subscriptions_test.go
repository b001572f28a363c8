package conformance

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
	"github.com/microsoftgraph/msgraph-sdk-go/subscriptions"
)

// receiver is a webhook as a consumer runs one: it echoes the decoded validation token as
// text/plain and keeps every notification body.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := r.URL.Query().Get("validationToken"); tok != "" {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, tok)
			return
		}
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.bodies = append(rc.bodies, body)
		rc.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// received returns the notification bodies so far.
func (rc *receiver) received() [][]byte {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([][]byte(nil), rc.bodies...)
}

// TestSubscriptionLifecycleThroughTheSDK creates, gets, renews, reauthorizes and deletes a call
// records subscription through the SDK's Subscriptions() builders, and parses a notification
// graphmock delivered with the SDK's own model (ChangeNotificationCollectionResponse), whose
// subscriptionId and tenantId the SDK reads as GUIDs.
func TestSubscriptionLifecycleThroughTheSDK(t *testing.T) {
	t.Parallel()
	g := newGraph(t, "v1.0")
	rc := newReceiver(t)
	subs := subscriptions.NewSubscriptionsRequestBuilderInternal(map[string]string{}, g.adapter)

	body := models.NewSubscription()
	changeType, resource, url, state := "created,updated", "/communications/callRecords", rc.URL+"/notify?source=graphmock", "secretClientValue"
	past := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // raised to 45 minutes from the mock's now
	body.SetChangeType(&changeType)
	body.SetResource(&resource)
	body.SetNotificationUrl(&url)
	body.SetClientState(&state)
	body.SetExpirationDateTime(&past)
	created, err := subs.Post(ctx(t), body, nil)
	if err != nil {
		t.Fatalf("Post: %v", describe(err))
	}
	id := str(created.GetId())
	if len(id) != 36 || str(created.GetResource()) != resource || str(created.GetClientState()) != state || created.GetExpirationDateTime() == nil ||
		!created.GetExpirationDateTime().After(past) || created.GetIncludeResourceData() == nil || *created.GetIncludeResourceData() {
		t.Fatalf("created %s %s %v", id, str(created.GetResource()), created.GetExpirationDateTime())
	}

	got, err := subs.BySubscriptionId(id).Get(ctx(t), nil)
	if err != nil || str(got.GetNotificationUrl()) != url || str(got.GetChangeType()) != changeType {
		t.Fatalf("Get: %v, %v", got, describe(err))
	}
	list, err := subs.Get(ctx(t), nil)
	if err != nil || len(list.GetValue()) != 1 || list.GetValue()[0].GetClientState() != nil {
		t.Fatalf("list: %v (clientState must be null in a list)", describe(err))
	}

	renewal := models.NewSubscription()
	later := created.GetExpirationDateTime().Add(time.Hour).Truncate(time.Second) // kiota may write whole seconds
	renewal.SetExpirationDateTime(&later)
	renewed, err := subs.BySubscriptionId(id).Patch(ctx(t), renewal, nil)
	if err != nil {
		t.Fatalf("Patch: %v", describe(err))
	}
	if !renewed.GetExpirationDateTime().Equal(later) {
		t.Fatalf("Patch: expiration %v, want %v", renewed.GetExpirationDateTime(), later)
	}
	if err := subs.BySubscriptionId(id).Reauthorize().Post(ctx(t), nil); err != nil {
		t.Fatalf("Reauthorize: %v", describe(err))
	}

	// A segment written under a record is a change to it: the receiver hears of it.
	start := time.Date(2026, 11, 20, 9, 20, 0, 0, time.UTC)
	segments := g.records.ByCallRecordId(p2pID).Sessions().BySessionId(p2pID).Segments()
	if _, err := segments.Post(ctx(t), newSegmentBody("5e0b2c4d-1f3a-4b6c-8d7e-9a0b1c2d3e4f", start, start.Add(time.Minute)), nil); err != nil {
		t.Fatalf("segment Post: %v", describe(err))
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(rc.received()) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	bodies := rc.received()
	if len(bodies) != 2 {
		t.Fatalf("received %d notifications, want created and updated", len(bodies))
	}
	kinds := map[string]bool{}
	for _, b := range bodies {
		node, err := jsonserialization.NewJsonParseNode(b)
		if err != nil {
			t.Fatal(err)
		}
		v, err := node.GetObjectValue(models.CreateChangeNotificationCollectionResponseFromDiscriminatorValue)
		if err != nil {
			t.Fatalf("the SDK cannot parse %s: %v", b, err)
		}
		items := v.(models.ChangeNotificationCollectionResponseable).GetValue()
		if len(items) != 1 {
			t.Fatalf("%d notifications in %s", len(items), b)
		}
		n := items[0]
		if n.GetSubscriptionId() == nil || n.GetSubscriptionId().String() != id || n.GetTenantId() == nil || n.GetChangeType() == nil ||
			str(n.GetResource()) != "communications/callRecords/"+p2pID || str(n.GetClientState()) != state ||
			n.GetSubscriptionExpirationDateTime() == nil || !n.GetSubscriptionExpirationDateTime().Equal(later) || n.GetResourceData() == nil {
			t.Fatalf("parsed %s wrongly", b)
		}
		if odataID := n.GetResourceData().GetAdditionalData()["@odata.id"]; odataID == nil || *(odataID.(*string)) != "communications/callRecords/"+p2pID {
			t.Fatalf("resourceData @odata.id %v", odataID)
		}
		kinds[n.GetChangeType().String()] = true
	}
	if !kinds["created"] || !kinds["updated"] {
		t.Fatalf("change types %v", kinds)
	}
	if !strings.Contains(string(bodies[0]), `"tenantId":"`) {
		t.Fatalf("no tenantId in %s", bodies[0])
	}

	if err := subs.BySubscriptionId(id).Delete(ctx(t), nil); err != nil {
		t.Fatalf("Delete: %v", describe(err))
	}
	var oe *odataerrors.ODataError
	if _, err := subs.BySubscriptionId(id).Get(ctx(t), nil); !errors.As(err, &oe) || oe.ResponseStatusCode != http.StatusNotFound ||
		str(oe.GetErrorEscaped().GetCode()) != "ResourceNotFound" {
		t.Fatalf("Get after Delete: %v", err)
	}
}
