package namespaces

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

func TestCheckName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		valid bool
	}{
		{"job-1", true}, {"a.b_c", true}, {string(make([]byte, 64)), false}, {"x", true},
		{"", false}, {".", false}, {"..", false}, {"a/b", false}, {"a b", false}, {"ü", false},
		{fmt.Sprintf("%064d", 0), true}, {fmt.Sprintf("%065d", 0), false},
	} {
		err := CheckName(c.name)
		var ne *NameError
		if c.valid != (err == nil) || (err != nil && (!errors.As(err, &ne) || ne.Name != c.name)) {
			t.Errorf("CheckName(%q) = %v, want valid=%v", c.name, err, c.valid)
		}
	}
	if got := CheckName("a/b").Error(); got != "The namespace name 'a/b' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'." {
		t.Errorf("message: %s", got)
	}
}

func TestRegistryMakesOnceWithinItsLimit(t *testing.T) {
	t.Parallel()
	r := New[int](2)
	var made atomic.Int32
	build := func() (int, error) { return int(made.Add(1)), nil }
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := r.Make("a", build); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if made.Load() != 1 {
		t.Fatalf("a was made %d times", made.Load())
	}
	if _, err := r.Make("a/b", build); !is[*NameError](err) {
		t.Fatalf("bad name: %v", err)
	}
	refused := errors.New("refused")
	if _, err := r.Make("c", func() (int, error) { return 0, refused }); err != refused {
		t.Fatalf("a failing build: %v", err)
	}
	if _, err := r.Make("b", build); err != nil {
		t.Fatal(err)
	}
	_, err := r.Make("c", build)
	if le := (*LimitError)(nil); !errors.As(err, &le) || le.Live != 2 ||
		err.Error() != "2 namespaces are live, the most this server allows: drop finished ones with DELETE /_mock/namespaces/NAME." {
		t.Fatalf("past the limit: %v", err)
	}
	if fmt.Sprint(r.Names()) != "[a b]" {
		t.Fatalf("names: %v", r.Names())
	}
	if v, ok := r.Drop("a"); !ok || v != 1 {
		t.Fatalf("drop a: %v %v", v, ok)
	}
	if _, ok := r.Drop("a"); ok {
		t.Fatal("a dropped twice")
	}
	if _, ok := r.Get("a"); ok {
		t.Fatal("a still live")
	}
	if v, err := r.Make("c", build); err != nil || v != 3 {
		t.Fatalf("after a drop: %v %v", v, err)
	}
	if _, err := New[int](0).Make("x", build); !is[*LimitError](err) {
		t.Fatalf("a registry of none: %v", err)
	}
}

func is[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}
