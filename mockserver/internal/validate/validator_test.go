package validate

import (
	"fmt"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver/internal/model"
)

// TestSharedIsBuiltOnce: every caller in the process gets the same compiled schemas.
func TestSharedIsBuiltOnce(t *testing.T) {
	t.Parallel()
	a, b := compiled(t), compiled(t)
	if a != b {
		t.Fatal("Shared compiled the schemas twice")
	}
	for _, et := range model.All() {
		if a.byType[et.Name()] == nil {
			t.Errorf("no compiled schema for %s", et.Name())
		}
	}
}

// TestCheckIsSafeForConcurrentUse runs valid and invalid bodies from many goroutines (go test
// -race checks the sharing).
func TestCheckIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	v := compiled(t)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if vs := v.Check(model.Segment(), []byte(segment(""))); vs != nil {
					t.Errorf("valid body: %q", vs)
					return
				}
				bad := segment(fmt.Sprintf(`"x%d":%d`, g, i))
				if vs := v.Check(model.Segment(), []byte(bad)); len(vs) != 1 || vs[0].Code != "unknownProperty" {
					t.Errorf("%s: %q", bad, vs)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}
