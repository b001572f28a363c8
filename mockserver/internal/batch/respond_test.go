package batch

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"testing"
)

// answer serves a recorder as the engine would: headers, status, body.
func answer(r *Recorder, status int, header http.Header, body string) {
	for k, v := range header {
		r.Header()[k] = v
	}
	r.Header().Set("Content-Length", strconv.Itoa(len(body)))
	r.WriteHeader(status)
	_, _ = r.Write([]byte(body))
}

func TestAppendResponses(t *testing.T) {
	t.Parallel()
	odata := "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
	stamped := http.Header{"Request-Id": {"x"}, "Client-Request-Id": {"x"}, "Date": {"d"}, "Odata-Version": {"4.0"}, "X-Ms-Ags-Diagnostic": {"{}"}}
	recs := make([]Recorder, 6)
	for i := range recs {
		recs[i].ID = strconv.Itoa(i + 1)
	}
	with := func(h http.Header, kv ...string) http.Header {
		out := h.Clone()
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	answer(&recs[0], 200, with(stamped, "Content-Type", odata), `{"value":[]}`)
	answer(&recs[1], 429, with(stamped, "Content-Type", odata, "Retry-After", "2"), `{"error":{"code":"TooManyRequests"}}`)
	answer(&recs[2], 200, with(stamped, "Content-Type", "text/plain;charset=utf-8"), `42`)
	answer(&recs[3], 204, stamped, ``)
	recs[4].Faulted() // garbage in place of the JSON the engine built
	answer(&recs[4], 200, with(stamped, "Content-Type", odata), "\x00<garbage>")
	recs[5].Faulted() // cut short of its Content-Length
	answer(&recs[5], 200, with(stamped, "Content-Type", odata), `{"value":[]}`)
	recs[5].body = recs[5].body[:6]
	got := string(AppendResponses(nil, recs, []int{0, 1, 2, 3, 4, 5}))
	want := `{"responses":[` +
		`{"id":"1","status":200,"headers":{"Content-Type":"` + odata + `"},"body":{"value":[]}},` +
		`{"id":"2","status":429,"headers":{"Content-Type":"` + odata + `","Retry-After":"2"},"body":{"error":{"code":"TooManyRequests"}}},` +
		`{"id":"3","status":200,"headers":{"Content-Type":"text/plain;charset=utf-8"},"body":"NDI="},` +
		`{"id":"4","status":204,"headers":{}},` +
		`{"id":"5","status":200,"headers":{"Content-Type":"` + odata + `"},"body":"ADxnYXJiYWdlPg=="},` +
		`{"id":"6","status":200,"headers":{"Content-Type":"` + odata + `"},"body":"eyJ2YWx1"}]}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Error("not valid JSON")
	}
}

func TestOrder(t *testing.T) {
	t.Parallel()
	b, err := parse(t, items(MaxRequests))
	if err != nil {
		t.Fatal(err)
	}
	own := b.Order(false, 1)
	if !slices.IsSorted(own) || len(own) != MaxRequests {
		t.Errorf("unshuffled order %v", own)
	}
	a, again, other := b.Order(true, 1), b.Order(true, 1), b.Order(true, 2)
	if !slices.Equal(a, again) {
		t.Errorf("the same seed gave %v and %v", a, again)
	}
	if slices.Equal(a, other) || slices.IsSorted(a) {
		t.Errorf("seed 1 gave %v, seed 2 %v", a, other)
	}
	sorted := slices.Clone(a)
	slices.Sort(sorted)
	if !slices.Equal(sorted, own) {
		t.Errorf("%v is not a permutation", a)
	}
	// A batch of two is never answered in its own order, whatever the seed.
	two, _ := parse(t, items(2))
	for seed := range uint64(64) {
		if o := two.Order(true, seed); !slices.Equal(o, []int{1, 0}) {
			t.Fatalf("seed %d: %v", seed, o)
		}
	}
}
