package validate

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/model"
)

func TestHugeExponent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw  string
		huge bool
	}{
		{`{"a":1e400}`, false},
		{`{"a":1e401}`, true},
		{`{"a":1E+9999}`, true},
		{`{"a":2.5e-99999}`, true},
		{`{"a":-1e-308}`, false},
		{`{"a":"1e99999"}`, false},       // in a string
		{`{"a":"\"1e99999"}`, false},     // after an escaped quote
		{`{"a\\":"x","b":1e9999}`, true}, // an escaped backslash ends the string
		{`{"e99999":true}`, false},
	}
	for _, tc := range tests {
		if got := hugeExponent([]byte(tc.raw)); got != tc.huge {
			t.Errorf("hugeExponent(%s) = %v, want %v", tc.raw, got, tc.huge)
		}
	}
}

// TestValidateSafelyNeverPanics: a number that reaches jsonschema/v5 despite the exponent
// guard must become an error, not a crashed request.
func TestValidateSafelyNeverPanics(t *testing.T) {
	t.Parallel()
	v := compiled(t)
	doc := map[string]any{
		"startDateTime": "2026-11-21T09:03:00Z", "endDateTime": "2026-11-21T09:04:00Z",
		"media": []any{map[string]any{"callerNetwork": map[string]any{"port": json.Number("1e999999999")}}},
	}
	err := validateSafely(v.byType[model.Segment().Name()], doc)
	if err == nil || !strings.Contains(err.Error(), "too large to check") {
		t.Fatalf("err = %v, want the recovered panic of math/big", err)
	}
}
