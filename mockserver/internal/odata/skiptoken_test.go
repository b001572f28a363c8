package odata_test

import (
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/odata"
)

func TestSkipTokenRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []struct {
		tok        odata.SkipToken
		collection string
	}{
		{odata.SkipToken{After: 0, Size: 1}, odata.RecordsCollection()},
		{odata.SkipToken{After: 60, Size: 60}, odata.SessionsCollection("a0f1")},
		{odata.SkipToken{After: 1 << 40, Size: odata.MaxParticipantsPage}, odata.ParticipantsCollection("id with 'quotes'")},
		{odata.SkipToken{After: 7, Size: 2}, odata.SegmentsCollection("r", "s")},
		{odata.SkipToken{After: 7, Size: 2, Top: 2}, odata.SegmentsCollection("r", "s")},
		{odata.SkipToken{After: 9, Size: 60, Top: 100}, odata.RecordsCollection()},
	}
	for _, c := range cases {
		s := c.tok.Encode(c.collection)
		if s != c.tok.Encode(c.collection) {
			t.Errorf("%+v: encoding is not deterministic", c.tok)
		}
		if strings.ContainsAny(s, "+/=&?#") {
			t.Errorf("%+v: %q is not URL-safe", c.tok, s)
		}
		got, err := odata.DecodeSkipToken(s, c.collection)
		if err != nil || got != c.tok {
			t.Errorf("%+v in %s: decoded %+v, %v", c.tok, c.collection, got, err)
		}
	}
}

func TestDecodeSkipTokenRejects(t *testing.T) {
	t.Parallel()
	good := odata.SkipToken{After: 3, Size: 2}.Encode(odata.SessionsCollection("r"))
	flipped := []byte(good)
	flipped[2] ^= 1
	cases := []struct{ name, token, collection string }{
		{"another collection", good, odata.SessionsCollection("other")},
		{"another kind of collection", good, odata.ParticipantsCollection("r")},
		{"edited", string(flipped), odata.SessionsCollection("r")},
		{"not base64", "!!!", odata.SessionsCollection("r")},
		{"too short", "AQ", odata.SessionsCollection("r")},
		{"size zero", odata.SkipToken{After: 3, Size: 0}.Encode("c"), "c"},
		{"size over every maximum", odata.SkipToken{After: 3, Size: odata.MaxParticipantsPage + 1}.Encode("c"), "c"},
		{"top over every maximum", odata.SkipToken{After: 3, Size: 2, Top: odata.MaxParticipantsPage + 1}.Encode("c"), "c"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := odata.DecodeSkipToken(c.token, c.collection)
			wantQueryError(t, err, "The $skiptoken '"+c.token+"' is not valid for this collection: pass the @odata.nextLink exactly as the previous page returned it.")
		})
	}
	if _, err := odata.DecodeSkipToken(good+"==", odata.SessionsCollection("r")); err != nil {
		t.Errorf("trailing padding is tolerated: %v", err)
	}
}

func TestCollectionsAreDistinct(t *testing.T) {
	t.Parallel()
	names := []string{
		odata.RecordsCollection(),
		odata.SessionsCollection("a"), odata.SessionsCollection("b"),
		odata.ParticipantsCollection("a"),
		odata.SegmentsCollection("a", "b"), odata.SegmentsCollection("a/b", ""), odata.SegmentsCollection("a\"/\"b", ""),
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("collection name %q is used twice", n)
		}
		seen[n] = true
	}
}
