package conformance

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	"github.com/microsoft/kiota-abstractions-go/serialization"
	khttp "github.com/microsoft/kiota-http-go"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	textserialization "github.com/microsoft/kiota-serialization-text-go"
	core "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/communications"

	"github.com/graphmock/graphmock/mockserver"
)

// Ids of the embedded default scenario (scenarios/default.yaml).
const (
	p2pID   = "6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48" // peer-to-peer call: record, session and segment share one GUID
	meetID  = "a3e81f5c-2d9b-4c70-b6e4-91f0d7c2a5b8" // group meeting: MCU serviceEndpoint, failed PSTN dial-out
	bigID   = "4b2e9d71-c6a8-4f35-9e0b-7d3c1a5f8e92" // 64 sessions
	pstnID  = "f19c3a6d-7e42-4b8a-95d1-0c6e2b8f4a37" // organizer is a phone number
	longID  = "c2e5a8d1-7f3b-4a96-8e0c-4b1d9f6a3e25" // a session of pstnID with 72 segments
	aliceID = "3f2c8a1e-6b4d-4e7a-9c15-8d2e0f6a7b31"
)

// staticToken is an AccessTokenProvider that always returns the same bearer token: the mock does
// no authentication, but the SDK's pipeline still adds the Authorization header as it would.
type staticToken string

func (s staticToken) GetAuthorizationToken(context.Context, *url.URL, map[string]any) (string, error) {
	return string(s), nil
}

func (staticToken) GetAllowedHostsValidator() *authentication.AllowedHostsValidator {
	v := authentication.NewAllowedHostsValidator(nil) // nil: every host, loopback included
	return &v
}

// registerSerializers does what msgraphsdk.NewGraphServiceClient does, without importing the
// root package (which links every Graph request builder): register the JSON and text
// (de)serializers in kiota's default registries.
var registerSerializers = sync.OnceFunc(func() {
	abstractions.RegisterDefaultSerializer(func() serialization.SerializationWriterFactory {
		return jsonserialization.NewJsonSerializationWriterFactory()
	})
	abstractions.RegisterDefaultSerializer(func() serialization.SerializationWriterFactory {
		return textserialization.NewTextSerializationWriterFactory()
	})
	abstractions.RegisterDefaultDeserializer(func() serialization.ParseNodeFactory {
		return jsonserialization.NewJsonParseNodeFactory()
	})
	abstractions.RegisterDefaultDeserializer(func() serialization.ParseNodeFactory {
		return textserialization.NewTextParseNodeFactory()
	})
})

// exchange is one HTTP attempt as it left the SDK's middleware (so after compression, once per
// retry) and the mock's answer.
type exchange struct {
	method, url string
	header      http.Header
	body        []byte // the request body as sent (gzipped when Content-Encoding is gzip)
	status      int
	respHeader  http.Header
	at          time.Time
}

// recorder is the innermost transport, under the SDK's middleware: it sees every attempt.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	ex := exchange{method: req.Method, url: req.URL.String(), header: req.Header.Clone(), at: time.Now()}
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		ex.body = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	resp, err := r.next.RoundTrip(req)
	if resp != nil {
		ex.status, ex.respHeader = resp.StatusCode, resp.Header.Clone()
	}
	r.mu.Lock()
	r.log = append(r.log, ex)
	r.mu.Unlock()
	return resp, err
}

// exchanges returns the attempts recorded so far.
func (r *recorder) exchanges() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]exchange(nil), r.log...)
}

// graph is one mock server driven by the SDK.
type graph struct {
	srv     *mockserver.TestServer
	adapter *core.GraphRequestAdapterBase
	rec     *recorder
	records *communications.CallRecordsRequestBuilder
}

// newGraph starts graphmock in-process and points the SDK at it under version ("v1.0" or "beta"),
// through the Graph SDK's default middleware on top of the mock's own client transport.
func newGraph(t *testing.T, version string, opts ...mockserver.Option) *graph {
	t.Helper()
	return newGraphOn(t, mockserver.Start(t, opts...), version)
}

// newGraphOn points the SDK at an already started mock (such as one from mockserver.StartTLS).
func newGraphOn(t *testing.T, srv *mockserver.TestServer, version string) *graph {
	t.Helper()
	registerSerializers()
	options := core.GraphClientOptions{GraphServiceLibraryVersion: "1.89.0"}
	rec := &recorder{next: srv.Client().Transport}
	client := &http.Client{
		Transport: khttp.NewCustomTransportWithParentTransport(rec, core.GetDefaultMiddlewaresWithOptions(&options)...),
		Timeout:   30 * time.Second,
	}
	auth := authentication.NewBaseBearerTokenAuthenticationProvider(staticToken("graphmock-test-token"))
	adapter, err := core.NewGraphRequestAdapterBaseWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(auth, options, nil, nil, client)
	if err != nil {
		t.Fatal(err)
	}
	adapter.SetBaseUrl(srv.URL + "/" + version)
	comm := communications.NewCommunicationsRequestBuilderInternal(map[string]string{}, adapter)
	return &graph{srv: srv, adapter: adapter, rec: rec, records: comm.CallRecords()}
}

// ctx is a per-test context with a deadline, so a hung request fails the test instead of CI.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// gunzip decompresses a request body the SDK gzipped.
func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("body is not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// str dereferences an SDK string pointer ("<nil>" for nil), for messages and comparisons.
func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// headers builds SDK request headers from name, value pairs.
func headers(kv ...string) *abstractions.RequestHeaders {
	h := abstractions.NewRequestHeaders()
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}
