package mockserver_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/token"
)

// badCase is one hostile request of the bad-input matrix. In-process cases go straight to the
// handler; wire cases (wire set) are raw HTTP/1.1 bytes written to a real loopback server, for
// what only a socket can carry: lying Content-Length headers, oversized header blocks, request
// lines net/http refuses.
type badCase struct {
	name   string
	method string
	target string
	header http.Header
	body   string
	// wire is a raw request sent over TCP instead; halfClose shuts the client's sending side
	// right after it, as a client that sent less than it promised and stopped.
	wire      string
	halfClose bool
	status    int
	// code is the Graph error code of the envelope; "" marks the answers net/http gives before
	// any handler runs (431, 400 for a malformed request), which have no envelope and cannot.
	code string
	msg  string // part of error.message, "" to skip
	// auth sends the request to a server with WithRequireAuth instead.
	auth bool
}

// hdr builds a header from name, value pairs.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// gzipOf gzips b.
func gzipOf(b []byte) string {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.String()
}

// nested returns a segment body whose failureInfo.reason holds an object nested depth levels
// below the top-level object (the top level is level 1).
func nested(depth int) string {
	inner := strings.Repeat(`{"a":`, depth-3) + "1" + strings.Repeat("}", depth-3)
	return seg(`"failureInfo":{"stage":"midcall","reason":` + "[" + inner + "]}")
}

// stream returns a segment body with one media stream holding members.
func stream(members string) string {
	return seg(`"media":[{"label":"main-audio","streams":[{` + members + `}]}]`)
}

// sub is a valid subscription create body (to an https endpoint graphmock cannot reach, so a
// row that passed every rule would fail the handshake) with extra members.
func sub(extra string) string {
	return `{"changeType":"created","notificationUrl":"https://webhook.invalid/notify","resource":"/communications/callRecords",` +
		`"expirationDateTime":"2026-11-29T12:00:00Z"` + extra + `}`
}

// badInputCases is the matrix: every row a hostile request and the exact answer the mock must
// give, status and Graph error code.
func badInputCases() []badCase {
	jsonCT := hdr("Content-Type", "application/json")
	gzCT := hdr("Content-Type", "application/json", "Content-Encoding", "gzip")
	seg1 := segmentsURL + "/g1"
	bomb := gzipOf(append(append([]byte(`{"failureInfo":{"stage":"midcall","reason":"`), bytes.Repeat([]byte("x"), 5<<20)...), `"}}`...))
	good := gzipOf([]byte(seg("")))
	post := "POST " + segmentsURL + " HTTP/1.1\r\nHost: graph.test\r\nContent-Type: application/json\r\n"
	return []badCase{
		// Methods.
		{name: "PUT on a segment", method: "PUT", target: seg1, header: jsonCT, body: seg(""), status: 405, code: "MethodNotAllowed", msg: "'PUT'"},
		{name: "TRACE on segments", method: "TRACE", target: segmentsURL, status: 405, code: "MethodNotAllowed"},
		{name: "OPTIONS on a record", method: "OPTIONS", target: group, status: 405, code: "MethodNotAllowed"},
		{name: "CONNECT on a session", method: "CONNECT", target: group + "/sessions/s1", status: 405, code: "MethodNotAllowed"},
		{name: "POST on the records list", method: "POST", target: recordsPath, header: jsonCT, body: "{}", status: 405, code: "MethodNotAllowed"},
		{name: "DELETE a session", method: "DELETE", target: group + "/sessions/s1", status: 405, code: "MethodNotAllowed"},
		{name: "made-up method", method: "BREW", target: seg1, status: 405, code: "MethodNotAllowed", msg: "'BREW'"},
		{name: "lower-case get", method: "get", target: seg1, status: 405, code: "MethodNotAllowed"},

		// Invalid UTF-8.
		{name: "invalid UTF-8 in $select", method: "GET", target: segmentsURL + "?$select=%FF", status: 400, code: "BadRequest"},
		{name: "raw invalid UTF-8 in the query", method: "GET", target: segmentsURL + "?$select=\xff", status: 400, code: "BadRequest"},
		{name: "invalid UTF-8 in an id names nothing", method: "GET", target: segmentsURL + "/%FF%FE", status: 404, code: "NotFound"},
		{name: "invalid UTF-8 in a body string", method: "POST", target: segmentsURL, header: jsonCT, body: seg("\"id\":\"\xff\""), status: 400, code: "BadRequest", msg: "invalid UTF-8"},
		{name: "invalid UTF-8 in a body key", method: "POST", target: segmentsURL, header: jsonCT, body: seg("\"\xc3\x28\":1"), status: 400, code: "BadRequest", msg: "invalid UTF-8"},
		{name: "invalid UTF-8 in the fault header", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "status=\xff"), status: 400, code: "BadRequest", msg: mockserver.FaultHeader},

		// Huge headers. net/http answers 431 itself above its 1 MiB header limit (Start uses the
		// default), with no Graph envelope; below it the mock serves, however long the values.
		{name: "2 MiB header block", wire: "GET " + seg1 + " HTTP/1.1\r\nHost: graph.test\r\nX-Big: " + strings.Repeat("a", 2<<20) + "\r\n\r\n", status: 431},
		{name: "64 KiB client-request-id is echoed", method: "GET", target: seg1, header: hdr("client-request-id", strings.Repeat("c", 64<<10)), status: 200},
		{name: "64 KiB fault header of junk", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, strings.Repeat("junk;", 13<<10)), status: 400, code: "BadRequest", msg: "unknown item"},

		// Nesting: 64 levels are allowed, 65 are not.
		{name: "nesting 65 deep", method: "POST", target: segmentsURL, header: jsonCT, body: nested(65), status: 400, code: "BadRequest", msg: "nest deeper than 64"},
		{name: "nesting 64 deep reaches the schema", method: "POST", target: segmentsURL, header: jsonCT, body: nested(64), status: 400, code: "BadRequest", msg: "/failureInfo/reason"},
		{name: "nesting 10000 deep", method: "POST", target: segmentsURL, header: jsonCT, body: strings.Repeat("[", 10000), status: 400, code: "BadRequest", msg: "nest deeper than 64"},

		// Numbers out of range, not numbers.
		{name: "Int64 max + 1", method: "POST", target: segmentsURL, header: jsonCT, body: stream(`"packetUtilization":9223372036854775808`), status: 400, code: "BadRequest", msg: "Edm.Int64"},
		{name: "Int64 min - 1", method: "POST", target: segmentsURL, header: jsonCT, body: stream(`"packetUtilization":-9223372036854775809`), status: 400, code: "BadRequest", msg: "Edm.Int64"},
		{name: "Int32 max + 1", method: "POST", target: segmentsURL, header: jsonCT, body: seg(`"media":[{"callerNetwork":{"port":2147483648}}]`), status: 400, code: "BadRequest", msg: "Edm.Int32"},
		{name: "Single out of range", method: "POST", target: segmentsURL, header: jsonCT, body: stream(`"averagePacketLossRate":1e39`), status: 400, code: "BadRequest", msg: "Edm.Single"},
		{name: "fraction for an integer", method: "POST", target: segmentsURL, header: jsonCT, body: stream(`"packetUtilization":1.5`), status: 400, code: "BadRequest", msg: "/packetUtilization"},
		{name: "NaN literal", method: "POST", target: segmentsURL, header: jsonCT, body: stream(`"averagePacketLossRate":NaN`), status: 400, code: "BadRequest", msg: "Malformed JSON"},
		{name: "Infinity literal", method: "POST", target: segmentsURL, header: jsonCT, body: stream(`"averagePacketLossRate":Infinity`), status: 400, code: "BadRequest", msg: "Malformed JSON"},
		{name: "-Infinity literal", method: "POST", target: segmentsURL, header: jsonCT, body: stream(`"averagePacketLossRate":-Infinity`), status: 400, code: "BadRequest", msg: "Malformed JSON"},
		{name: "NaN as a string", method: "POST", target: segmentsURL, header: jsonCT, body: stream(`"averagePacketLossRate":"NaN"`), status: 400, code: "BadRequest", msg: "/averagePacketLossRate"},

		// Duplicate keys.
		{name: "duplicate key", method: "POST", target: segmentsURL, header: jsonCT, body: seg(`"id":"a","id":"b"`), status: 400, code: "BadRequest", msg: "'id' appears twice"},
		{name: "duplicate key by escape", method: "POST", target: segmentsURL, header: jsonCT, body: seg(`"id":"a","\u0069d":"b"`), status: 400, code: "BadRequest", msg: "'id' appears twice"},

		// null where Graph does not allow it.
		{name: "null startDateTime", method: "POST", target: segmentsURL, header: jsonCT, body: `{"startDateTime":null,"endDateTime":"2026-11-21T09:04:00Z"}`, status: 400, code: "BadRequest", msg: "/startDateTime"},
		{name: "null enum member", method: "POST", target: segmentsURL, header: jsonCT, body: stream(`"streamDirection":null`), status: 400, code: "BadRequest", msg: "/streamDirection"},
		{name: "null id in PATCH", method: "PATCH", target: seg1, header: jsonCT, body: `{"id":null}`, status: 400, code: "BadRequest", msg: "does not match"},

		// Wrong @odata.type.
		{name: "segment claiming to be a session", method: "POST", target: segmentsURL, header: jsonCT, body: seg(`"@odata.type":"#microsoft.graph.callRecords.session"`), status: 400, code: "BadRequest", msg: "/@odata.type"},
		{name: "unknown derived type", method: "POST", target: segmentsURL, header: jsonCT, body: seg(`"caller":{"@odata.type":"#microsoft.graph.callRecords.nope"}`), status: 400, code: "BadRequest", msg: "/caller/@odata.type"},
		{name: "@odata.type not a string", method: "POST", target: segmentsURL, header: jsonCT, body: seg(`"@odata.type":1`), status: 400, code: "BadRequest", msg: "/@odata.type"},

		// Encodings and sizes.
		{name: "gzip bomb: 5 KiB in, 5 MiB out", method: "POST", target: segmentsURL, header: gzCT, body: bomb, status: 413, code: "RequestEntityTooLarge"},
		{name: "truncated gzip", method: "POST", target: segmentsURL, header: gzCT, body: good[:len(good)/2], status: 400, code: "BadRequest", msg: "not valid gzip"},
		{name: "gzip with a corrupt checksum", method: "POST", target: segmentsURL, header: gzCT, body: good[:len(good)-8] + "\x00\x00\x00\x00" + good[len(good)-4:], status: 400, code: "BadRequest", msg: "not valid gzip"},
		{name: "gzip followed by junk", method: "POST", target: segmentsURL, header: gzCT, body: good + "junk", status: 400, code: "BadRequest", msg: "not valid gzip"},
		{name: "plain JSON labelled gzip", method: "POST", target: segmentsURL, header: gzCT, body: seg(""), status: 400, code: "BadRequest", msg: "not valid gzip"},
		{name: "brotli", method: "POST", target: segmentsURL, header: hdr("Content-Type", "application/json", "Content-Encoding", "br"), body: seg(""), status: 415, code: "UnsupportedMediaType"},
		{name: "text/plain", method: "POST", target: segmentsURL, header: hdr("Content-Type", "text/plain"), body: seg(""), status: 415, code: "UnsupportedMediaType"},
		{name: "5 MiB plain body", method: "POST", target: segmentsURL, header: jsonCT, body: seg(`"failureInfo":{"reason":"` + strings.Repeat("x", 5<<20) + `"}`), status: 413, code: "RequestEntityTooLarge"},

		// Content-Length lies, over a real connection (bounded by a deadline; see wireExchange).
		{name: "Content-Length promises more, then the client stops sending", wire: post + "Content-Length: 1000\r\n\r\n" + `{"startDateTime":"2026`, halfClose: true, status: 400, code: "BadRequest", msg: "could not be read"},
		{name: "Content-Length promises less than sent", wire: post + "Content-Length: 5\r\n\r\n" + seg(""), status: 400, code: "BadRequest", msg: "Malformed JSON"},
		{name: "gzip body cut short of its Content-Length", wire: post + "Content-Encoding: gzip\r\nContent-Length: 900\r\n\r\n" + good, halfClose: true, status: 400, code: "BadRequest", msg: "could not be read"},
		{name: "negative Content-Length", wire: post + "Content-Length: -1\r\n\r\n{}", status: 400},
		{name: "two Content-Lengths", wire: post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", status: 400},
		// net/http reads a chunked body and ignores the Content-Length beside it (RFC 9112 6.3).
		{name: "Content-Length and chunked", wire: post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", status: 400, code: "BadRequest", msg: "endDateTime is required"},
		{name: "bad chunk size", wire: post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", status: 400, code: "BadRequest", msg: "could not be read"},
		{name: "bad percent-escape in the path", wire: "GET " + segmentsURL + "/%zz HTTP/1.1\r\nHost: graph.test\r\n\r\n", status: 400},
		{name: "control character in the request line", wire: "GET " + segmentsURL + "?$select=\x01 HTTP/1.1\r\nHost: graph.test\r\n\r\n", status: 400},

		// Ids with slashes and percent-encoding.
		{name: "encoded slash in an id", method: "GET", target: segmentsURL + "/g1%2Fg2", status: 404, code: "NotFound", msg: "'g1/g2'"},
		{name: "raw slash in an id is two segments", method: "GET", target: segmentsURL + "/g1/g2", status: 400, code: "BadRequest", msg: "segment 'g2'"},
		{name: "double-encoded slash", method: "GET", target: segmentsURL + "/g1%252Fg2", status: 404, code: "NotFound", msg: "'g1%2Fg2'"},
		{name: "encoded dot-dot id", method: "GET", target: recordsPath + "/%2E%2E", status: 404, code: "NotFound", msg: "'..'"},
		{name: "encoded $ id", method: "GET", target: recordsPath + "/%24count/sessions", status: 404, code: "NotFound", msg: "'$count'"},
		{name: "raw $ id", method: "GET", target: segmentsURL + "/$x", status: 400, code: "BadRequest", msg: "segment '$x'"},

		// Path traversal towards the admin API: there is no route that reads a file by path;
		// PUT /_mock/scenario takes the scenario in its body.
		{name: "dot-dot under /_mock", method: "GET", target: "/_mock/../../etc/passwd", status: 404, code: "NotFound"},
		{name: "encoded dot-dot under /_mock", method: "GET", target: "/_mock/%2e%2e/%2e%2e/etc/passwd", status: 404, code: "NotFound"},
		{name: "dot-dot after the scenario route", method: "PUT", target: "/_mock/scenario/..%2F..%2Fetc%2Fpasswd", body: "name: x", status: 404, code: "NotFound"},
		{name: "a file path as the scenario body", method: "PUT", target: "/_mock/scenario", body: "/etc/passwd", status: 400, code: "BadRequest", msg: "expected a mapping"},
		{name: "a file path as a query option", method: "PUT", target: "/_mock/scenario?file=/etc/passwd", status: 400, code: "BadRequest", msg: "the scenario is empty"},
		{name: "dot-dot as a namespace", method: "GET", target: "/_ns/../_mock/faults", status: 400, code: "BadRequest", msg: "namespace name '..'"},
		{name: "encoded dot-dot as a namespace to drop", method: "DELETE", target: "/_mock/namespaces/..%2F..", status: 404, code: "NotFound", msg: "no namespace '../..'"},
		{name: "scenario merge-key bomb", method: "PUT", target: "/_mock/scenario", body: mergeBomb(9), status: 400, code: "BadRequest", msg: "merge keys"},

		// Query options.
		{name: "$top beyond Int64", method: "GET", target: segmentsURL + "?$top=99999999999999999999", status: 400, code: "BadRequest", msg: "non-negative integer"},
		{name: "$top over the page maximum", method: "GET", target: segmentsURL + "?$top=61", status: 400, code: "BadRequest", msg: "Invalid page size"},
		{name: "$top zero", method: "GET", target: segmentsURL + "?$top=0", status: 400, code: "BadRequest", msg: "Invalid page size"},
		{name: "$skip negative", method: "GET", target: segmentsURL + "?$skip=-1", status: 400, code: "BadRequest", msg: "non-negative integer"},
		{name: "$skiptoken garbage", method: "GET", target: segmentsURL + "?$skiptoken=%00%FF%27", status: 400, code: "BadRequest", msg: "$skiptoken"},
		{name: "$skiptoken twice", method: "GET", target: segmentsURL + "?$skiptoken=a&$SkipToken=b", status: 400, code: "BadRequest", msg: "more than once"},
		{name: "unknown $option", method: "GET", target: segmentsURL + "?$evil=1", status: 400, code: "BadRequest", msg: "'$evil'"},
		{name: "unsupported $option", method: "GET", target: recordsPath + "?$search=x", status: 400, code: "BadRequest", msg: "'$search'"},
		{name: "bad percent-escape in an option name", method: "GET", target: recordsPath + "?%zz=1", status: 400, code: "BadRequest", msg: "percent-encoded"},
		{name: "unbalanced $expand", method: "GET", target: group + "?$expand=sessions($expand=segments", status: 400, code: "BadRequest", msg: "unbalanced parentheses"},
		{name: "$filter injection", method: "GET", target: recordsPath + "?$filter=startDateTime%20ge%202026-11-21T00:00:00Z%20or%201%20eq%201", status: 400, code: "BadRequest"},

		// Namespaces and the fault header.
		{name: "namespace header with a path", method: "GET", target: seg1, header: hdr(mockserver.NamespaceHeader, "../etc"), status: 400, code: "BadRequest", msg: "namespace name"},
		{name: "namespace name too long", method: "GET", target: "/_ns/" + strings.Repeat("n", 65) + seg1, status: 400, code: "BadRequest", msg: "namespace name"},
		{name: "fault header: status not a number", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "status=abc"), status: 400, code: "BadRequest", msg: mockserver.FaultHeader},
		{name: "fault header: status not an error", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "status=200"), status: 400, code: "BadRequest", msg: mockserver.FaultHeader},
		{name: "fault header: two actions", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "status=429; reset"), status: 400, code: "BadRequest", msg: "one action"},
		{name: "fault header: hang past the maximum", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "hang=11m"), status: 400, code: "BadRequest", msg: mockserver.FaultHeader},
		{name: "fault header: reversed uniform delay", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "delay=uniform(5ms,1ms)"), status: 400, code: "BadRequest", msg: mockserver.FaultHeader},
		{name: "fault header: a header name with a space", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "status=500; header=Bad Name:v"), status: 400, code: "BadRequest", msg: `"Bad Name" is not a header name`},
		{name: "fault header: setting Content-Type", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "status=500; header=Content-Type:text/html"), status: 400, code: "BadRequest", msg: "a fault cannot set Content-Type"},
		{name: "fault header: setting request-id", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "status=500; header=Request-Id:x"), status: 400, code: "BadRequest", msg: "a fault cannot set Request-Id"},
		{name: "fault header: a status given twice", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "status=429; status=503"), status: 400, code: "BadRequest", msg: "status is given twice"},
		{name: "fault header: an unterminated quote", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, `status=500; message="a; b`), status: 400, code: "BadRequest", msg: "no closing"},
		{name: "fault header: retry-after NaN", method: "GET", target: seg1, header: hdr(mockserver.FaultHeader, "status=429; retry-after=NaN"), status: 400, code: "BadRequest", msg: "retry-after=NaN"},
		{name: "namespace: an encoded slash", method: "GET", target: "/_ns/a%2Fb" + seg1, status: 400, code: "BadRequest", msg: "namespace name 'a%2Fb'"},
		{name: "namespace: an encoded dot segment", method: "GET", target: "/_ns/zz%2F..%2Fyy/", status: 400, code: "BadRequest", msg: "namespace name 'zz%2F..%2Fyy'"},
		{name: "namespace: path and header disagree", method: "GET", target: "/_ns/a" + seg1, header: hdr(mockserver.NamespaceHeader, "b"), status: 400, code: "BadRequest", msg: "name one namespace"},

		// A sidecar no web page can reach (the in-process server checks the Host: example.com).
		{name: "cross-site fault rule as text/plain", method: "POST", target: "/_mock/faults", header: hdr("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Content-Type", "text/plain"), body: `{"status":503}`, status: 403, code: "Forbidden", msg: "cross-site POST"},
		{name: "cross-site reset as a form", method: "POST", target: "/_mock/reset", header: hdr("Origin", "https://evil.example", "Content-Type", "application/x-www-form-urlencoded"), body: "a=b", status: 403, code: "Forbidden", msg: "cross-site POST"},
		{name: "cross-site explorer reset", method: "POST", target: "/_mock/ui/reset", header: hdr("Sec-Fetch-Site", "same-site", "Content-Type", "application/x-www-form-urlencoded"), body: "back=/", status: 403, code: "Forbidden", msg: "cross-site"},
		{name: "fault rules as text/plain", method: "POST", target: "/_mock/faults", header: hdr("Content-Type", "text/plain"), body: `{"status":503}`, status: 415, code: "UnsupportedMediaType", msg: "send application/json"},
		{name: "DNS rebinding: a Graph read", method: "GET", target: "http://evil.example" + seg1, status: 421, code: "MisdirectedRequest", msg: "DNS rebinding"},
		{name: "DNS rebinding: an admin change", method: "POST", target: "http://evil.example:8080/_mock/reset", status: 421, code: "MisdirectedRequest", msg: "'evil.example:8080'"},
		{name: "JWT for another API", method: "GET", target: seg1, header: hdr("Authorization", "Bearer "+unsignedJWT(`{"aud":"https://management.azure.com","roles":["CallRecords.Read.All"]}`)), auth: true, status: 401, code: "InvalidAuthenticationToken", msg: "Invalid audience."},
		{name: "JWT not valid yet", method: "GET", target: seg1, header: hdr("Authorization", "bearer "+token.Mint(token.Claims{Roles: []string{"CallRecords.Read.All"}, IssuedAt: fixedTime.Add(time.Hour)})), auth: true, status: 401, code: "InvalidAuthenticationToken", msg: "not yet valid"},
		{name: "scenario alias bomb", method: "PUT", target: "/_mock/scenario", body: aliasBomb(8, 7, "lolololo"), status: 400, code: "BadRequest", msg: "expands to more than"},
		{name: "cross-site clock steering", method: "POST", target: "/_mock/clock", header: hdr("Origin", "https://evil.example", "Content-Type", "text/plain"), body: `{"advance":"4h"}`, status: 403, code: "Forbidden", msg: "cross-site POST"},
		{name: "clock steering as text/plain", method: "POST", target: "/_mock/clock", header: hdr("Content-Type", "text/plain"), body: `{"advance":"4h"}`, status: 415, code: "UnsupportedMediaType", msg: "send application/json"},
		{name: "clock steering past any date", method: "POST", target: "/_mock/clock", header: jsonCT, body: `{"advance":"99999999d"}`, status: 400, code: "BadRequest", msg: "is not a length of time"},
		{name: "clock set to no date", method: "POST", target: "/_mock/clock", header: jsonCT, body: `{"set":"10000-01-01T00:00:00Z"}`, status: 400, code: "BadRequest", msg: "is not a date-time"},
		{name: "a call record as text/plain", method: "POST", target: "/_mock/callRecords", header: hdr("Content-Type", "text/plain"), body: `{"id":"x"}`, status: 415, code: "UnsupportedMediaType", msg: "send application/json"},
		{name: "a call record that is a YAML file path", method: "POST", target: "/_mock/callRecords", header: jsonCT, body: "/etc/passwd", status: 400, code: "BadRequest", msg: "not a JSON object"},
		{name: "a call record with a scenario smuggled after it", method: "POST", target: "/_mock/callRecords", header: jsonCT, body: `{"id":"x"}],"clock":"2020-01-01T00:00:00Z","callRecords":[{"id":"y"}`, status: 400, code: "BadRequest", msg: "not a JSON object"},

		// JSON batches Graph refuses as a whole: nothing in them runs (the state is unchanged
		// although each holds a create).
		{name: "batch: not JSON", method: "POST", target: batchURL, header: jsonCT, body: `{"requests":[`, status: 400, code: "BadRequest", msg: "Malformed JSON"},
		{name: "batch: an array, not an object", method: "POST", target: batchURL, header: jsonCT, body: `[` + createItem("1") + `]`, status: 400, code: "BadRequest", msg: "object"},
		{name: "batch: no requests", method: "POST", target: batchURL, header: jsonCT, body: `{}`, status: 400, code: "BadRequest", msg: "Invalid batch payload format."},
		{name: "batch: 21 requests", method: "POST", target: batchURL, header: jsonCT, body: batchWith(createItem("0"), gets(20)), status: 400, code: "BadRequest", msg: "Number of requests inside batch exceeds the limit."},
		{name: "batch: a dependsOn cycle", method: "POST", target: batchURL, header: jsonCT, body: batchOf(createItem("1"), getItem("2", s1, `,"dependsOn":["3"]`), getItem("3", s1, `,"dependsOn":["2"]`)), status: 400, code: "BadRequest", msg: "2 → 3 → 2 form a cycle"},
		{name: "batch: an unknown dependency", method: "POST", target: batchURL, header: jsonCT, body: batchOf(createItem("1"), getItem("2", s1, `,"dependsOn":["9"]`)), status: 400, code: "BadRequest", msg: "which is not in the batch"},
		{name: "batch: a $batch inside", method: "POST", target: batchURL, header: jsonCT, body: batchOf(createItem("1"), `{"id":"2","method":"POST","url":"/$batch","headers":{"Content-Type":"application/json"},"body":`+gets(1)+`}`), status: 400, code: "BadRequest", msg: "cannot hold another batch"},
		{name: "batch: an absolute url", method: "POST", target: batchURL, header: jsonCT, body: batchOf(createItem("1"), getItem("2", "https://graph.microsoft.com/v1.0"+s1)), status: 400, code: "BadRequest", msg: "Invalid batch payload format."},
		{name: "batch: duplicate ids", method: "POST", target: batchURL, header: jsonCT, body: batchOf(createItem("x"), getItem("X", s1)), status: 400, code: "BadRequest", msg: "Request Id X has to be unique in a batch."},
		{name: "batch: neither sequential nor parallel", method: "POST", target: batchURL, header: jsonCT, body: batchOf(createItem("1"), getItem("2", s1, `,"dependsOn":["1"]`), getItem("3", s1)), status: 400, code: "BadRequest", msg: "either fully sequential or fully parallel"},
		{name: "batch: a body without Content-Type", method: "POST", target: batchURL, header: jsonCT, body: batchOf(`{"id":"1","method":"POST","url":"` + s1 + `/segments","body":` + seg("") + `}`), status: 400, code: "BadRequest", msg: "no Content-Type"},
		{name: "batch: gzip bomb", method: "POST", target: batchURL, header: gzCT, body: gzipOf([]byte(batchOf(`{"id":"1","method":"POST","url":"x","headers":{"Content-Type":"text/plain"},"body":"` + strings.Repeat("A", 5<<20) + `"}`))), status: 413, code: "RequestEntityTooLarge"},
		{name: "batch: as text/plain", method: "POST", target: batchURL, header: hdr("Content-Type", "text/plain"), body: batchOf(createItem("1")), status: 415, code: "UnsupportedMediaType"},
		{name: "batch: GET", method: "GET", target: batchURL, status: 405, code: "MethodNotAllowed"},

		// Subscriptions: each is refused before any endpoint is called.
		{name: "subscription: empty body", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: `{}`, status: 400, code: "BadRequest", msg: "notificationUrl is required"},
		{name: "subscription: unknown property", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: sub(`,"vapidPublicKey":"k"`), status: 400, code: "BadRequest", msg: "unknown property 'vapidPublicKey'"},
		{name: "subscription: expiration not a date", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: strings.Replace(sub(""), "2026-11-29T12:00:00Z", "tomorrow", 1), status: 400, code: "BadRequest", msg: "/expirationDateTime"},
		{name: "subscription: 4231 minutes", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: strings.Replace(sub(""), "2026-11-29T12:00:00Z", "2026-12-01T10:31:00Z", 1), status: 400, code: "ExtensionError", msg: "Subscription expiration can only be 4230 minutes in the future."},
		{name: "subscription: deleted", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: strings.Replace(sub(""), `"created"`, `"created,deleted"`, 1), status: 400, code: "InvalidRequest", msg: "Invalid 'changeType' attribute: 'deleted'."},
		{name: "subscription: rich notifications", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: sub(`,"includeResourceData":true`), status: 400, code: "InvalidRequest", msg: "includeResourceData"},
		{name: "subscription: http to another host", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: strings.Replace(sub(""), "https://", "http://", 1), status: 400, code: "InvalidRequest", msg: "NotificationUrl scheme='http' is not supported."},
		{name: "subscription: another resource", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: strings.Replace(sub(""), "/communications/callRecords", "/me/events", 1), status: 400, code: "InvalidRequest", msg: "Invalid 'resource' attribute: '/me/events'."},
		{name: "subscription: a filter on something else", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: strings.Replace(sub(""), "/communications/callRecords", "/communications/callRecords?$filter=type eq 'groupCall'", 1), status: 400, code: "InvalidRequest", msg: "participants/any("},
		{name: "subscription: clientState of 129", method: "POST", target: "/v1.0/subscriptions", header: jsonCT, body: sub(`,"clientState":"` + strings.Repeat("s", 129) + `"`), status: 400, code: "BadRequest", msg: "maximum length is 128"},
		{name: "subscription: text/plain", method: "POST", target: "/v1.0/subscriptions", header: hdr("Content-Type", "text/plain"), body: sub(""), status: 415, code: "UnsupportedMediaType"},
		{name: "subscription: $top", method: "GET", target: "/v1.0/subscriptions?$top=1", status: 400, code: "BadRequest", msg: "'$top'"},
		{name: "subscription: PUT", method: "PUT", target: "/v1.0/subscriptions/x", header: jsonCT, body: sub(""), status: 405, code: "MethodNotAllowed"},
		{name: "subscription: PATCH an unknown id", method: "PATCH", target: "/v1.0/subscriptions/nope", header: jsonCT, body: `{"expirationDateTime":"2026-11-29T12:00:00Z"}`, status: 404, code: "ResourceNotFound", msg: "The object was not found."},
		{name: "subscription: PATCH clientState", method: "PATCH", target: "/v1.0/subscriptions/nope", header: jsonCT, body: `{"clientState":"x"}`, status: 400, code: "InvalidRequest", msg: "'clientState'"},
		{name: "subscription: PATCH nothing", method: "PATCH", target: "/v1.0/subscriptions/nope", header: jsonCT, body: `{}`, status: 400, code: "InvalidRequest", msg: "must contain either the 'expirationDateTime' or 'notificationUrl'"},
		{name: "subscription: DELETE an unknown id", method: "DELETE", target: "/beta/subscriptions/nope", status: 404, code: "ResourceNotFound"},
		{name: "subscription: reauthorize an unknown id", method: "POST", target: "/v1.0/subscriptions/nope/reauthorize", status: 404, code: "ResourceNotFound"},
		{name: "subscription: a segment after reauthorize", method: "GET", target: "/v1.0/subscriptions/x/reauthorize/y", status: 400, code: "BadRequest", msg: "segment 'y'"},
		{name: "notifications: an unknown outcome", method: "GET", target: "/_mock/notifications?outcome=lost", status: 400, code: "BadRequest", msg: "outcome 'lost'"},

		// Writes the store refuses.
		{name: "PATCH with another id", method: "PATCH", target: seg1, header: jsonCT, body: `{"id":"g2"}`, status: 400, code: "BadRequest", msg: "does not match"},
		{name: "POST an existing id", method: "POST", target: segmentsURL, header: jsonCT, body: seg(`"id":"g1"`), status: 409, code: "Conflict"},
		{name: "POST to an unknown session", method: "POST", target: group + "/sessions/nope/segments", header: jsonCT, body: seg(""), status: 404, code: "NotFound"},
		{name: "DELETE an unknown segment", method: "DELETE", target: segmentsURL + "/nope", status: 404, code: "NotFound"},

		// Calls of the report functions that cannot be answered.
		{name: "report: range reversed", method: "GET", target: report("getPstnCalls", "fromDateTime=2026-12-01,toDateTime=2026-11-01"), status: 400, code: "BadRequest", msg: "is after toDateTime"},
		{name: "report: range over 90 days", method: "GET", target: report("getPstnCalls", "fromDateTime=2026-01-01,toDateTime=2026-12-01"), status: 406, code: "NotAcceptable", msg: "can't be more than 90 days"},
		{name: "report: Direct Routing over 90 days", method: "GET", target: report("microsoft.graph.callRecords.getDirectRoutingCalls", "fromDateTime=2026-09-01T00%3A00%3A00Z,toDateTime=2026-12-01T00%3A00%3A01Z"), status: 406, code: "NotAcceptable", msg: "91 days and 1s"},
		{name: "report: a date that does not parse", method: "GET", target: report("getPstnCalls", "fromDateTime=2026-11-31,toDateTime=2026-12-01"), status: 400, code: "BadRequest", msg: "'2026-11-31' of parameter 'fromDateTime' is not a DateTimeOffset"},
		{name: "report: a time without a zone", method: "GET", target: report("getDirectRoutingCalls", "fromDateTime=2026-11-01T00:00:00,toDateTime=2026-12-01"), status: 400, code: "BadRequest", msg: "not a DateTimeOffset"},
		{name: "report: empty values", method: "GET", target: report("getPstnCalls", "fromDateTime=,toDateTime="), status: 400, code: "BadRequest", msg: "Expression expected at position 13 in 'fromDateTime=,toDateTime='."},
		{name: "report: no parameters", method: "GET", target: report("getPstnCalls", ""), status: 400, code: "BadRequest", msg: "needs its two parameters"},
		{name: "report: toDateTime missing", method: "GET", target: report("getDirectRoutingCalls", "fromDateTime=2026-11-01"), status: 400, code: "BadRequest", msg: "'toDateTime' of getDirectRoutingCalls is missing"},
		{name: "report: the docs' nextLink spelling", method: "GET", target: report("getPstnCalls", "from=2026-11-01,to=2026-12-01"), status: 400, code: "BadRequest", msg: "has no parameter 'from'"},
		{name: "report: a parameter twice", method: "GET", target: report("getPstnCalls", "toDateTime=2026-11-01,toDateTime=2026-11-02"), status: 400, code: "BadRequest", msg: "given twice"},
		{name: "report: $top over 1000", method: "GET", target: report("getPstnCalls", "fromDateTime=2026-11-01,toDateTime=2026-12-01") + "?$top=1001", status: 400, code: "BadRequest", msg: "Must be between 1 and 1000"},
		{name: "report: $filter", method: "GET", target: report("getDirectRoutingCalls", "fromDateTime=2026-11-01,toDateTime=2026-12-01") + "?$filter=successfulCall%20eq%20true", status: 400, code: "BadRequest", msg: "'$filter' is not supported"},
		{name: "report: POST", method: "POST", target: report("getPstnCalls", "fromDateTime=2026-11-01,toDateTime=2026-12-01"), header: jsonCT, body: "{}", status: 405, code: "MethodNotAllowed"},
	}
}

// report is the URL of a call of a report function with the given parameter text.
func report(function, args string) string {
	return "/v1.0/communications/callRecords/" + function + "(" + args + ")"
}

// TestBadInputMatrix sends every hostile request of badInputCases and checks the exact status
// and Graph error code, that the envelope is complete, and that a refused request changed
// nothing (the exported state is the same before and after).
func TestBadInputMatrix(t *testing.T) {
	t.Parallel()
	cases := badInputCases()
	if len(cases) < 40 {
		t.Fatalf("the matrix has %d rows, want at least 40", len(cases))
	}
	// The Host check is on, as under the binary on loopback: httptest's requests are for
	// example.com, the raw wire requests for graph.test.
	srv := newServer(t, mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 8, AllowedHosts: []string{"example.com"}}))
	authed := newServer(t, mockserver.WithRequireAuth(true))
	ts := mockserver.Start(t, mockserver.WithScenarioFile("testdata/basic.yaml"), mockserver.WithSidecar(mockserver.Sidecar{JournalSize: 8, AllowedHosts: []string{"graph.test"}}))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r result
			var before []byte
			if c.wire != "" {
				r = wireExchange(t, strings.TrimPrefix(ts.URL, "http://"), c.wire, c.halfClose)
			} else {
				s := srv
				if c.auth {
					s = authed
				}
				before = exportOf(t, s)
				req := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
				for k, v := range c.header {
					req.Header[k] = v
				}
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				r = result{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
			}
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %.300s", r.status, c.status, r.body)
			}
			if c.status < 400 {
				return
			}
			if c.code == "" {
				// net/http's own answer: plain text, never half a Graph envelope.
				if json.Valid(r.body) && len(bytes.TrimSpace(r.body)) > 0 {
					t.Fatalf("want net/http's plain answer, got JSON %s", r.body)
				}
				return
			}
			e := decodeError(t, r)
			if e.Error.Code != c.code {
				t.Fatalf("code %q, want %q: %s", e.Error.Code, c.code, r.body)
			}
			text := e.Error.Message
			for _, d := range e.Error.Details {
				text += "\n" + d.Message
			}
			if !strings.Contains(text, c.msg) {
				t.Fatalf("message and details %q do not contain %q", text, c.msg)
			}
			if before != nil {
				s := srv
				if c.auth {
					s = authed
				}
				if after := exportOf(t, s); !bytes.Equal(before, after) {
					t.Fatalf("a refused request changed the state")
				}
			}
		})
	}
}

// exportOf is the server's state as a scenario.
func exportOf(t *testing.T, s *mockserver.Server) []byte {
	t.Helper()
	out, err := s.ExportScenario()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wireExchange writes a raw request to addr over a fresh TCP connection (half-closing it after
// the request when asked) and reads one response. Everything runs under a 5-second deadline: a
// server that neither answers nor closes in that time fails the test instead of hanging it. A
// connection closed with no answer is status 0.
func wireExchange(t *testing.T, addr, raw string, halfClose bool) result {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	// Write while reading: the server may answer (and stop reading) before a large request is
	// all sent.
	go func() {
		if _, err := io.WriteString(conn, raw); err == nil && halfClose {
			_ = conn.(*net.TCPConn).CloseWrite()
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("no answer and no close within the deadline: the server hung")
		}
		return result{} // closed without an answer
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	return result{status: resp.StatusCode, header: resp.Header, body: body}
}

// TestLinksRouteBackToAwkwardIds is the regression test for links built from ids that a URL path
// cannot carry as they are: an id starting with '$' reads as a system segment such as $count, and
// "." or ".." are dot segments clients resolve away. The Location of a created segment and the
// sessions@odata.nextLink of a record must lead back to the entity they name.
func TestLinksRouteBackToAwkwardIds(t *testing.T) {
	t.Parallel()
	sessions := `[{"id":"s1","modalities":["audio"],"startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:10:00Z"},` +
		`{"id":"s2","modalities":["audio"],"startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T09:10:00Z"}]`
	var recs []json.RawMessage
	for _, id := range []string{"$x", "..", "."} {
		recs = append(recs, json.RawMessage(`{"id":"`+id+`","version":1,"type":"groupCall","modalities":["audio"],"lastModifiedDateTime":"2026-11-20T10:01:00Z",`+
			`"startDateTime":"2026-11-20T09:00:00Z","endDateTime":"2026-11-20T10:00:00Z","participants_v2":[{"id":"p1"},{"id":"p2"}],"sessions":`+sessions+`}`))
	}
	srv, err := mockserver.New(mockserver.WithScenario(mockserver.Scenario{Name: "awkward", CallRecords: recs}), mockserver.WithPageSize(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range []string{"%24x", "%2E%2E", "%2E"} {
		for _, nav := range []string{"sessions", "participants_v2"} {
			r := get(t, srv, recordsPath+"/"+rec+"?$expand="+nav, nil)
			var links map[string]any
			if r.status != http.StatusOK || json.Unmarshal(r.body, &links) != nil {
				t.Fatalf("record %s: %d %s", rec, r.status, r.body)
			}
			next, _ := links[nav+"@odata.nextLink"].(string)
			if next == "" {
				t.Fatalf("record %s: no %s@odata.nextLink: %s", rec, nav, r.body)
			}
			u, err := url.Parse(next)
			if err != nil {
				t.Fatal(err)
			}
			u = u.ResolveReference(u) // as browsers, curl and URL libraries do: dot segments resolved
			if page := rawGet(t, srv, u.EscapedPath(), u.RawQuery, nil); page.status != http.StatusOK {
				t.Errorf("record %s: %s@odata.nextLink %s: %d %s", rec, nav, next, page.status, page.body)
			}
		}
		for _, id := range []string{"$y", "..", "."} {
			r := send(t, srv, http.MethodPost, recordsPath+"/"+rec+"/sessions/s1/segments",
				`{"id":"`+id+`","startDateTime":"2026-11-20T09:01:00Z","endDateTime":"2026-11-20T09:02:00Z"}`, nil)
			loc, err := url.Parse(r.header.Get("Location"))
			if r.status != http.StatusCreated || err != nil {
				t.Fatalf("create %q: %d %s", id, r.status, r.body)
			}
			loc = loc.ResolveReference(loc)
			if back := rawGet(t, srv, loc.EscapedPath(), "", nil); back.status != http.StatusOK || !bytes.Equal(back.body, r.body) {
				t.Errorf("create %q: GET Location %s: %d %s", id, loc, back.status, back.body)
			}
		}
	}
}
