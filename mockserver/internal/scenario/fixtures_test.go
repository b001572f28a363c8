package scenario

import (
	"os"
	"path/filepath"
	"testing"
)

// readFixture reads testdata/NAME.yaml, a scenario the tests of this package and of the snapshot
// package (which round-trips it) both load:
//   - canonical: values in the forms Graph never serves (offsets, exponent integers, long
//     floats) and an evolvable enum member;
//   - rows: a row of each report as Graph's docs show it (the PSTN row's times as written there,
//     the Direct Routing one with an offset the loader writes in UTC), and a second PSTN row that
//     starts first;
//   - timeline: the clock, the retention and records' availability.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
