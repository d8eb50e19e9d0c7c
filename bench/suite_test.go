package bench

import (
	"runtime"
	"testing"
)

// BenchmarkSuite runs every registered case (extra ones included) under testing.B, named
// Op/Size/impl=Impl so that benchstat can compare implementations, for example:
//
//	go test ./bench -run '^$' -bench 'Suite/hadamard' -count 10 | benchstat -col /impl -
//
// Rates are reported as GFLOP/s, MB/s (via SetBytes), Gelem/s and, where the case has a
// ceiling, the fraction of it (measured once per process).
func BenchmarkSuite(b *testing.B) {
	ceil := NewCeilings(DefaultTiming)
	for _, c := range Cases(Filter{Extra: true}) {
		b.Run(c.Name(), func(b *testing.B) {
			restore, err := c.use()
			if err != nil {
				b.Fatal(err)
			}
			defer restore()
			run := c.Setup()
			if c.Bytes > 0 {
				b.SetBytes(int64(c.Bytes))
			}
			b.ResetTimer()
			for b.Loop() {
				run()
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if c.Flops > 0 {
				b.ReportMetric(c.Flops/ns, "GFLOP/s")
			}
			if c.Elems > 0 {
				b.ReportMetric(c.Elems/ns, "Gelem/s")
			}
			if c.Peak != PeakNone {
				b.StopTimer()
				if p := ceil.Of(c); p > 0 {
					rate := c.Bytes / ns
					if c.Peak == PeakFMA64 || c.Peak == PeakFMA32 {
						rate = c.Flops / ns
					}
					b.ReportMetric(rate/p, "of-"+c.Peak.String())
				}
			}
		})
	}
}

// TestCasesRun checks every registered case is complete and runs the cheap ones once
// (at most 500 MFLOP, 128 MiB moved and 2e6 elements; 20 MFLOP, 8 MiB and 1e5 elements
// with -short), so a broken
// Setup is caught by the tests rather than by the first benchmark run. The large cases
// run in make bench.
func TestCasesRun(t *testing.T) {
	maxFlops, maxBytes, maxElems := 5e8, float64(128<<20), 2e6
	if testing.Short() {
		maxFlops, maxBytes, maxElems = 2e7, 8<<20, 1e5
	}
	ran := 0
	for _, c := range Cases(Filter{Extra: true}) {
		if c.Setup == nil || c.Op == "" || c.Size == "" || c.Impl == "" {
			t.Errorf("case %q is incomplete", c.Name())
			continue
		}
		if c.Extra || c.Flops > maxFlops || c.Bytes > maxBytes || c.WorkingSet > maxBytes || c.Elems > maxElems {
			continue
		}
		func() {
			restore, err := c.use()
			if err != nil {
				t.Fatal(err)
			}
			defer restore()
			c.Setup()()
		}()
		ran++
	}
	t.Logf("ran %d cases once", ran)
	if ran == 0 {
		t.Error("no case ran")
	}
}

// TestOneCoreRowsPinned checks every one-core case that is not matkern's (gonum, whose
// Dgemm spreads over goroutines by itself, plain Go, OpenBLAS) runs with GOMAXPROCS 1,
// and that GOMAXPROCS is restored after it; matkern's and many-core cases keep it.
func TestOneCoreRowsPinned(t *testing.T) {
	prev := runtime.GOMAXPROCS(0)
	pinned := 0
	for _, c := range Cases(Filter{Extra: true}) {
		restore, err := c.use()
		if err != nil {
			t.Fatal(err)
		}
		got := runtime.GOMAXPROCS(0)
		restore()
		want := prev
		if !c.Matkern && c.Threads <= 1 {
			want = 1
			pinned++
		}
		if got != want {
			t.Errorf("%s (threads %d): GOMAXPROCS %d in the case, want %d", c.Name(), c.Threads, got, want)
		}
		if after := runtime.GOMAXPROCS(0); after != prev {
			t.Fatalf("%s: GOMAXPROCS %d after the case, %d before", c.Name(), after, prev)
		}
	}
	if pinned == 0 {
		t.Error("no one-core comparison case")
	}
}
