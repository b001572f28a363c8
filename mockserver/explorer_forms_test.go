package mockserver_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// multipartScenario builds the explorer's upload form.
func multipartScenario(t *testing.T, back, filename, content string) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("back", back)
	if filename != "" {
		fw, err := mw.CreateFormFile("scenario", filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte(content))
	}
	_ = mw.Close()
	return &body, mw.FormDataContentType()
}

// TestExplorerLoadScenarioAndReset drives the forms: a good upload replaces the state and
// redirects back with a message; a bad one answers 400 listing file:line: /pointer: reason and
// leaves the state alone; reset undoes a write; a cross-site POST is refused.
func TestExplorerLoadScenarioAndReset(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	post := func(target, contentType string, body *bytes.Buffer, extra http.Header) result {
		h := http.Header{"Content-Type": {contentType}}
		for k, v := range extra {
			h[k] = v
		}
		return do(t, s, http.MethodPost, target, h, body)
	}

	small := "name: uploaded\ncallRecords:\n  - id: up1\n    type: peerToPeer\n    modalities: [audio]\n" + recordTimesYAML
	body, ct := multipartScenario(t, "/", "dir/uploaded.yaml", small)
	r := post("/_mock/ui/scenario", ct, body, nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/?done=loaded" {
		t.Fatalf("good upload = %d Location %q, want 303 to /?done=loaded\n%s", r.status, r.header.Get("Location"), r.body)
	}
	if info := s.ScenarioInfo(); info.Name != "uploaded" || info.Source != "uploaded.yaml" || info.CallRecords != 1 {
		t.Errorf("after upload ScenarioInfo = %+v, want scenario uploaded from uploaded.yaml", info)
	}
	wantAll(t, explorerPage(t, s, "/?done=loaded", http.StatusOK), `<p class="flash" role="status">Scenario loaded.`, `/_mock/ui/callRecords/up1"`)

	bad := "name: bad\ncallRecords:\n  - id: b1\n    type: conference\n    modalities: [unknown]\n" + recordTimesYAML
	body, ct = multipartScenario(t, "/_mock/ui", "bad.yaml", bad)
	r = post("/_mock/ui/scenario", ct, body, nil)
	if r.status != http.StatusBadRequest {
		t.Fatalf("bad upload = %d, want 400", r.status)
	}
	wantAll(t, string(r.body),
		`The scenario did not load; the state is unchanged.`,
		`<li>bad.yaml:4: /callRecords/0/type: &#34;conference&#34; is not a member of microsoft.graph.callRecords.callType;`,
		`<li>bad.yaml:5: /callRecords/0/modalities/0: &#34;unknown&#34; is not a member of microsoft.graph.callRecords.modality;`,
		`/_mock/ui/callRecords/up1"`, // the page still lists the state that stayed
	)
	if s.ScenarioInfo().Name != "uploaded" {
		t.Errorf("a bad upload changed the scenario to %q", s.ScenarioInfo().Name)
	}

	body, ct = multipartScenario(t, "/_mock/ui", "", "")
	if r = post("/_mock/ui/scenario", ct, body, nil); r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "choose a scenario file") {
		t.Errorf("upload without a file = %d, want 400 asking for a file", r.status)
	}
	if r = post("/_mock/ui/scenario", "text/plain", bytes.NewBufferString("x"), nil); r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "multipart/form-data") {
		t.Errorf("upload as text/plain = %d, want 400 naming multipart/form-data", r.status)
	}

	// Reset undoes a deleted segment.
	s = newServer(t)
	seg := "/v1.0/communications/callRecords/e523d2ed-2966-4b6b-925b-754a88034cc5/sessions/e523d2ed-2966-4b6b-925b-754a88034cc5/segments/e523d2ed-2966-4b6b-925b-754a88034cc5"
	if r := do(t, s, http.MethodDelete, seg, nil, nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE segment = %d", r.status)
	}
	form := url.Values{"back": {"/_mock/ui"}}.Encode()
	formType := "application/x-www-form-urlencoded"
	r = post("/_mock/ui/reset", formType, bytes.NewBufferString(form), http.Header{"Sec-Fetch-Site": {"cross-site"}})
	if r.status != http.StatusForbidden {
		t.Errorf("cross-site reset = %d, want 403", r.status)
	}
	if r := get(t, s, seg, nil); r.status != http.StatusNotFound {
		t.Errorf("a refused cross-site reset restored the segment (%d)", r.status)
	}
	r = post("/_mock/ui/reset", formType, bytes.NewBufferString(form), http.Header{"Sec-Fetch-Site": {"same-origin"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/_mock/ui?done=reset" {
		t.Errorf("reset = %d Location %q, want 303 to /_mock/ui?done=reset", r.status, r.header.Get("Location"))
	}
	if r := get(t, s, seg, nil); r.status != http.StatusOK {
		t.Errorf("after reset GET segment = %d, want 200", r.status)
	}
	// The redirect target is never taken from the form verbatim.
	r = post("/_mock/ui/reset", formType, bytes.NewBufferString("back=https://evil.example/"), nil)
	if loc := r.header.Get("Location"); loc != "/_mock/ui?done=reset" {
		t.Errorf("reset with an outside back = Location %q, want /_mock/ui?done=reset", loc)
	}
}
