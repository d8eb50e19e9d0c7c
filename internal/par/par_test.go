package par

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestFor checks that the ranges cover [0, n) exactly once, in pieces whose inner
// boundaries are multiples of align, for worker counts below, at and above what n allows.
func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 7, 16, 17, 100, 1000, 4099} {
		for _, align := range []int{1, 8, 16} {
			for _, workers := range []int{0, 1, 2, 3, 7, 64} {
				name := fmt.Sprintf("n=%d/align=%d/workers=%d", n, align, workers)
				hits := make([]atomic.Int32, n)
				var calls atomic.Int32
				For(workers, n, align, func(lo, hi int) {
					calls.Add(1)
					if lo >= hi && n > 0 {
						t.Errorf("%s: empty range [%d, %d)", name, lo, hi)
					}
					if lo%align != 0 || (hi != n && hi%align != 0) {
						t.Errorf("%s: range [%d, %d) not aligned", name, lo, hi)
					}
					for i := lo; i < hi; i++ {
						hits[i].Add(1)
					}
				})
				for i := range hits {
					if h := hits[i].Load(); h != 1 {
						t.Fatalf("%s: element %d covered %d times", name, i, h)
					}
				}
				if c := int(calls.Load()); c > max(workers, 1) {
					t.Errorf("%s: %d ranges for %d workers", name, c, workers)
				}
			}
		}
	}
}

type countPhase struct{ seen [8]atomic.Int32 }

func (c *countPhase) RunPhase(id int) { c.seen[id].Add(1) }

// TestRun checks that every worker id runs exactly once per phase, phase after phase.
func TestRun(t *testing.T) {
	var c countPhase
	for phase := 1; phase <= 3; phase++ {
		for n := 1; n <= 8; n++ {
			c = countPhase{}
			var wg struct{ sync.WaitGroup }
			Run(&c, n, &wg.WaitGroup)
			for id := range c.seen {
				want := int32(0)
				if id < n {
					want = 1
				}
				if got := c.seen[id].Load(); got != want {
					t.Errorf("phase %d, n = %d: worker %d ran %d times, want %d", phase, n, id, got, want)
				}
			}
		}
	}
}

// TestConcurrentCallers runs For from several goroutines at once (they share the
// helpers, which then serve one caller's share after another's) and checks that every
// call still covers its range exactly once.
func TestConcurrentCallers(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				n := 16 * (1 + (g+i)%40)
				hits := make([]atomic.Int32, n)
				For(1+(g+i)%5, n, 16, func(lo, hi int) {
					for j := lo; j < hi; j++ {
						hits[j].Add(1)
					}
				})
				for j := range hits {
					if h := hits[j].Load(); h != 1 {
						t.Errorf("caller %d, call %d: element %d covered %d times", g, i, j, h)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkRun times one phase hand-off of empty work (waking the helpers and waiting for
// them): the fixed cost a split product pays per phase.
func BenchmarkRun(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			var wg sync.WaitGroup
			for b.Loop() {
				Run(nopPhase{}, n, &wg)
			}
		})
	}
}

type nopPhase struct{}

func (nopPhase) RunPhase(int) {}

// blockPhase occupies helper 1: its share 1, when it runs on the helper (concurrently
// with share 0), closes entered and waits until release is closed. Share 0 waits up to
// a second for that; if it gives up first (the helper was slow, or its slot was full so
// share 1 will run on the caller after share 0), share 1 returns at once instead, so
// that no order of events blocks the caller. state decides who won: 0 undecided,
// 1 share 1 blocks on the helper, 2 share 0 gave up.
type blockPhase struct {
	state   atomic.Int32
	entered chan struct{}
	release chan struct{}
}

func (b *blockPhase) RunPhase(id int) {
	if id == 1 {
		if b.state.CompareAndSwap(0, 1) {
			close(b.entered)
			<-b.release
		}
		return
	}
	select {
	case <-b.entered:
	case <-time.After(time.Second):
		b.state.CompareAndSwap(0, 2) // fails only if share 1 won just now
	}
}

// TestRunTakesBack checks that Run does not wait for a helper busy with another caller's
// share: it runs that share itself, and every share still runs exactly once. Helper 1 is
// first made busy for certain (blockPhase, retried until its share 1 blocks on the
// helper); then the first Run below hands its share 1 to the busy helper's one-slot
// channel and takes it back when its own share is done, and the later ones find the
// slot still full (the cancelled task waits there) and run the share at once.
func TestRunTakesBack(t *testing.T) {
	var b *blockPhase
	var done chan struct{}
	for try := 0; b == nil; try++ {
		if try == 20 {
			t.Fatal("helper 1 never started a share within a second in 20 tries")
		}
		bp, d := &blockPhase{entered: make(chan struct{}), release: make(chan struct{})}, make(chan struct{})
		go func() {
			var wg sync.WaitGroup
			Run(bp, 2, &wg)
			close(d)
		}()
		select {
		case <-bp.entered: // share 1 is blocked on helper 1
			b, done = bp, d
		case <-d: // share 0 gave up and share 1 returned at once: try again
		}
	}
	for range 3 {
		var c countPhase
		var wg sync.WaitGroup
		Run(&c, 2, &wg)
		for id := range 2 {
			if got := c.seen[id].Load(); got != 1 {
				t.Errorf("worker %d ran %d times with helper 1 busy, want 1", id, got)
			}
		}
	}
	close(b.release)
	<-done
}

func TestWakeCost(t *testing.T) {
	w := WakeCost()
	if w <= 0 || w >= time.Second {
		t.Fatalf("WakeCost() = %v, want in (0, 1s)", w)
	}
	if w2 := WakeCost(); w2 != w {
		t.Errorf("WakeCost() = %v then %v, want one measurement", w, w2)
	}
	t.Logf("WakeCost() = %v", w)
}
