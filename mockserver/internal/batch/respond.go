package batch

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// The batch's answer: {"responses": [...]}, one item per request with its id, status, headers
// and body, the shape the Graph SDKs read. Every item has a status and a headers object (the
// Graph SDK for Go dereferences status unchecked, and both SDKs look the content type up under
// the exact key "Content-Type"); a JSON body is embedded as the object it is (the Go SDK fails
// on a body that is a string), any other body is a base64 string, as Graph sends a photo.

// stampedHeaders are the headers the engine writes on every answer: they describe the HTTP
// exchange (the batch's own answer carries them), not an item, so items leave them out.
var stampedHeaders = []string{"Content-Length", "Content-Type", "Date", "Odata-Version", "Request-Id", "Client-Request-Id", "X-Ms-Ags-Diagnostic"}

// Order is the order the answers are written in: the batch's own order, or with shuffle a
// permutation drawn from seed and the batch's ids, so the same seed and the same batch give the
// same order on every run, and a batch of two or more never comes back in its own order. Graph
// documents that answers may come in any order; shuffling catches a client that assumes
// otherwise.
func (b *Batch) Order(shuffle bool, seed uint64) []int {
	order := make([]int, len(b.Requests))
	for i := range order {
		order[i] = i
	}
	if !shuffle || len(order) < 2 {
		return order
	}
	h := fnv.New64a()
	for _, r := range b.Requests {
		_, _ = h.Write([]byte(r.ID))
		_, _ = h.Write([]byte{0})
	}
	rng := rand.New(rand.NewPCG(seed, h.Sum64()))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	if slices.IsSorted(order) {
		order[0], order[1] = order[1], order[0]
	}
	return order
}

// AppendResponses appends the batch's answer to dst: the Recorders' answers in order (Order).
// Every Recorder must have been answered (Run leaves some for the caller to answer).
func AppendResponses(dst []byte, recs []Recorder, order []int) []byte {
	size := 16
	for i := range recs {
		size += 256 + len(recs[i].body)*4/3 // room for the headers, and for base64
	}
	dst = append(slices.Grow(dst, size), `{"responses":[`...)
	for k, i := range order {
		if k > 0 {
			dst = append(dst, ',')
		}
		dst = recs[i].appendItem(dst)
	}
	return append(dst, "]}"...)
}

// appendItem appends one request's answer.
func (r *Recorder) appendItem(dst []byte) []byte {
	dst = jsondoc.AppendStringMember(append(dst, '{'), "id", r.ID)
	dst = jsondoc.AppendIntMember(dst, "status", r.Status())
	dst = append(jsondoc.AppendMember(dst, "headers"), '{')
	if r.contentType != "" {
		dst = jsondoc.AppendStringMember(dst, "Content-Type", r.contentType)
	}
	for k := 0; k+1 < len(r.shown); k += 2 {
		dst = jsondoc.AppendStringMember(dst, r.shown[k], r.shown[k+1])
	}
	dst = append(dst, '}')
	if len(r.body) > 0 {
		dst = jsondoc.AppendMember(dst, "body")
		if r.jsonBody() {
			dst = append(dst, r.body...)
		} else {
			dst = append(dst, '"')
			dst = base64.StdEncoding.AppendEncode(dst, r.body)
			dst = append(dst, '"')
		}
	}
	return append(dst, '}')
}

// jsonBody reports whether the body is a JSON object to embed as it is. The engine's own JSON
// answers always are; a fault's wire action may have cut one short or replaced it with garbage,
// so a faulted answer is checked.
func (r *Recorder) jsonBody() bool {
	mt, _, _ := strings.Cut(r.contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if mt != "application/json" && !strings.HasSuffix(mt, "+json") || r.body[0] != '{' {
		return false
	}
	return !r.faulted || r.contentLengthOK() && json.Valid(r.body)
}
