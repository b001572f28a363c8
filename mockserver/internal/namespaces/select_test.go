package namespaces

import (
	"errors"
	"testing"
)

// TestSplitPathKeepsTheNameAsSent: an encoded '/' or dot segment stays in the name, where
// CheckName refuses it, instead of moving part of the name into the path.
func TestSplitPathKeepsTheNameAsSent(t *testing.T) {
	t.Parallel()
	tests := []struct{ path, name, escapedRest, rest string }{
		{"/_ns/job-1/v1.0/communications/callRecords", "job-1", "/v1.0/communications/callRecords", "/v1.0/communications/callRecords"},
		{"/_ns/a%2Fb/v1.0/x", "a%2Fb", "/v1.0/x", "/v1.0/x"},
		{"/_ns/zz%2F..%2Fyy/", "zz%2F..%2Fyy", "/", "/"},
		{"/_ns/a/v1.0/ids/%2F", "a", "/v1.0/ids/%2F", "/v1.0/ids//"},
		{"/_ns//v1.0", "", "/v1.0", "/v1.0"},
		{"/_ns/a", "a", "/", "/"},
	}
	for _, tc := range tests {
		name, escapedRest, rest, ok := SplitPath(tc.path)
		if !ok || name != tc.name || escapedRest != tc.escapedRest || rest != tc.rest {
			t.Errorf("%s: %q %q %q %v", tc.path, name, escapedRest, rest, ok)
		}
	}
	if _, _, _, ok := SplitPath("/v1.0/_ns/a/"); ok {
		t.Error("a path without the prefix was split")
	}
}

// TestSelect: the prefix or else the header; names checked; a prefix and a header that disagree
// are refused.
func TestSelect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path     string
		prefixed bool
		header   string
		want     string
		err      any
	}{
		{"", false, "", "", nil},
		{"", false, "job-1", "job-1", nil},
		{"", false, "../x", "../x", &NameError{}},
		{"a", true, "", "a", nil},
		{"a", true, "a", "a", nil},
		{"a", true, "b", "a", &SelectorError{}},
		{"a%2Fb", true, "", "a%2Fb", &NameError{}},
		{"", true, "b", "", &NameError{}},
	}
	for _, tc := range tests {
		got, err := Select(tc.path, tc.prefixed, tc.header)
		var ne *NameError
		var se *SelectorError
		switch tc.err.(type) {
		case nil:
			if err != nil {
				t.Errorf("%+v: %v", tc, err)
			}
		case *NameError:
			if !errors.As(err, &ne) {
				t.Errorf("%+v: %v, want a *NameError", tc, err)
			}
		case *SelectorError:
			if !errors.As(err, &se) {
				t.Errorf("%+v: %v, want a *SelectorError", tc, err)
			}
		}
		if got != tc.want {
			t.Errorf("%+v: selected %q, want %q", tc, got, tc.want)
		}
	}
}
