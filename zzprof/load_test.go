package zzprof

import (
	"os"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

func TestLoad(t *testing.T) {
	s, err := mockserver.New(mockserver.WithScenarioFile(os.Getenv("F")), mockserver.WithSidecar(mockserver.Sidecar{MaxStoredBytes: 64 << 30}))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}
