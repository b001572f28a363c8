package mockserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// testHook is a real HTTP receiver, as a consumer of change notifications runs one: it answers
// the validation handshake by echoing the decoded token as text/plain (unless validate says
// otherwise) and notifications with 202 (unless answer says otherwise), and keeps every request.
type testHook struct {
	*httptest.Server
	mu       sync.Mutex
	received []hook
	validate func(w http.ResponseWriter, r *http.Request)
	answer   func(w http.ResponseWriter, r *http.Request)
}

// hook is one request a webhook received.
type hook struct {
	query, contentType string
	body               []byte
}

func newWebhook(t testing.TB) *testHook {
	t.Helper()
	wh := &testHook{}
	wh.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		wh.mu.Lock()
		wh.received = append(wh.received, hook{r.URL.RawQuery, r.Header.Get("Content-Type"), body})
		validate, answer := wh.validate, wh.answer
		wh.mu.Unlock()
		switch tok := r.URL.Query().Get("validationToken"); {
		case tok != "" && validate != nil:
			validate(w, r)
		case tok != "":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, tok)
		case answer != nil:
			answer(w, r)
		default:
			w.WriteHeader(http.StatusAccepted)
		}
	}))
	t.Cleanup(wh.Close)
	return wh
}

// setAnswer replaces how notifications are answered.
func (wh *testHook) setAnswer(answer func(w http.ResponseWriter, r *http.Request)) {
	wh.mu.Lock()
	defer wh.mu.Unlock()
	wh.answer = answer
}

// notifications decodes the change notifications received so far (validation requests aside).
func (wh *testHook) notifications(t testing.TB) []changeNotification {
	t.Helper()
	wh.mu.Lock()
	defer wh.mu.Unlock()
	var out []changeNotification
	for _, h := range wh.received {
		if strings.Contains(h.query, "validationToken=") {
			continue
		}
		var c struct{ Value []changeNotification }
		if err := json.Unmarshal(h.body, &c); err != nil || len(c.Value) != 1 {
			t.Fatalf("notification body %s: %v", h.body, err)
		}
		out = append(out, c.Value[0])
	}
	return out
}

// changeNotification is one item of a changeNotificationCollection.
type changeNotification struct {
	SubscriptionID                 string `json:"subscriptionId"`
	ClientState                    string `json:"clientState"`
	ChangeType                     string `json:"changeType"`
	Resource                       string `json:"resource"`
	SubscriptionExpirationDateTime string `json:"subscriptionExpirationDateTime"`
	ResourceData                   struct {
		Type string `json:"@odata.type"`
		ID   string `json:"@odata.id"`
		Key  string `json:"id"`
	} `json:"resourceData"`
	TenantID       string `json:"tenantId"`
	LifecycleEvent string `json:"lifecycleEvent"`
}

// subscription is a subscription as the API answers it.
type subscription struct {
	Context            string  `json:"@odata.context"`
	ID                 string  `json:"id"`
	Resource           string  `json:"resource"`
	ApplicationID      string  `json:"applicationId"`
	ChangeType         string  `json:"changeType"`
	ClientState        *string `json:"clientState"`
	NotificationURL    string  `json:"notificationUrl"`
	ExpirationDateTime string  `json:"expirationDateTime"`
	CreatorID          string  `json:"creatorId"`
}

// subscribe creates a subscription through the API and decodes the 201.
func subscribe(t testing.TB, h http.Handler, prefix, body string) subscription {
	t.Helper()
	r := send(t, h, http.MethodPost, prefix+"/v1.0/subscriptions", body, nil)
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var s subscription
	if err := json.Unmarshal(r.body, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// subscriptionBody is a create body for url, expiring at exp, with extra members.
func subscriptionBody(url, changeType, exp, extra string) string {
	return `{"changeType":"` + changeType + `","notificationUrl":"` + url + `","resource":"/communications/callRecords",` +
		`"expirationDateTime":"` + exp + `","clientState":"secretClientValue"` + extra + `}`
}

// waitUntil polls cond every millisecond for up to 5 seconds of real time: deliveries are
// asynchronous. On a timeout it shows the delivery logs of the servers given.
func waitUntil(t testing.TB, what string, cond func() bool, show ...*mockserver.Namespace) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			for _, ns := range show {
				for _, a := range ns.Notifications() {
					t.Logf("%s %s %s #%d %s %d %s %s", a.Time.Format("15:04:05"), a.Kind, a.Resource, a.Attempt, a.Outcome, a.Status, a.Latency, a.Error)
				}
			}
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
