package mockserver_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// TestInvalidBodyListsEveryViolation pins Graph's 400 for a body that breaks the schema, byte
// for byte: the message names the type and the first problem and counts the rest, the target is
// the first problem's JSON pointer, and error.details holds every problem with its pointer.
func TestInvalidBodyListsEveryViolation(t *testing.T) {
	t.Parallel()
	body := seg(`"foo":1,"bar~/x":2,"media":{},"caller":{"@odata.type":"#x"},"failureInfo":{"stage":null,"reason":5}`)
	type detail struct{ Code, Message, Target string }
	want := []detail{
		{"unknownProperty", "unknown property 'bar~/x' on microsoft.graph.callRecords.segment", "/bar~0~1x"},
		{"invalidType", `"#x" is not a type allowed here; value must be one of "#microsoft.graph.callRecords.endpoint", "#microsoft.graph.callRecords.participantEndpoint", "#microsoft.graph.callRecords.serviceEndpoint"`, "/caller/@odata.type"},
		{"invalidType", "reason: expected string or null, but got number", "/failureInfo/reason"},
		{"nullNotAllowed", "stage may not be null: it is not nullable", "/failureInfo/stage"},
		{"unknownProperty", "unknown property 'foo' on microsoft.graph.callRecords.segment", "/foo"},
		{"invalidType", "media: expected array or null, but got object", "/media"},
	}
	const message = "The request body is not a valid microsoft.graph.callRecords.segment: /bar~0~1x: unknown property 'bar~/x' on microsoft.graph.callRecords.segment (and 5 more problems in error.details)"
	for _, m := range []string{http.MethodPost, http.MethodPatch} {
		s := newServer(t)
		target := segmentsURL
		if m == http.MethodPatch {
			target += "/g2"
		}
		r := send(t, s, m, target, body, nil)
		if r.status != http.StatusBadRequest {
			t.Fatalf("%s: status %d, want 400: %s", m, r.status, r.body)
		}
		decodeError(t, r) // the envelope's innerError and request-id
		var e struct {
			Error struct {
				Code, Message, Target string
				Details               []detail
			}
		}
		if err := json.Unmarshal(r.body, &e); err != nil {
			t.Fatal(err)
		}
		if e.Error.Code != "BadRequest" || e.Error.Message != message || e.Error.Target != "/bar~0~1x" {
			t.Errorf("%s: error = %s %q target %q\nwant BadRequest %q target /bar~0~1x", m, e.Error.Code, e.Error.Message, e.Error.Target, message)
		}
		if !reflect.DeepEqual(e.Error.Details, want) {
			t.Errorf("%s: details = %q\nwant %q", m, e.Error.Details, want)
		}
	}
}
