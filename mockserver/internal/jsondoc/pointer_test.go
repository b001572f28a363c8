package jsondoc

import "testing"

func TestPointerTokens(t *testing.T) {
	t.Parallel()
	for _, tc := range [][2]string{{"id", "id"}, {"a/b", "a~1b"}, {"a~b", "a~0b"}, {"~1", "~01"}, {"bar~/x", "bar~0~1x"}, {"", ""}} {
		if got := EscapePointerToken(tc[0]); got != tc[1] {
			t.Errorf("EscapePointerToken(%q) = %q, want %q", tc[0], got, tc[1])
		}
		if got := UnescapePointerToken(tc[1]); got != tc[0] {
			t.Errorf("UnescapePointerToken(%q) = %q, want %q", tc[1], got, tc[0])
		}
	}
}
