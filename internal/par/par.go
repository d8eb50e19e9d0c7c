// Package par runs one piece of work on several cores at once. The caller's goroutine is
// worker 0; helpers 1…n−1 are long-lived goroutines started on first use, each waiting on
// its own channel, so the steady state starts no goroutines. Used by blocked (GEMM, the
// Kronecker writes, transposes) and kernels (large elementwise and activation
// operations); how many workers to use is the caller's choice (blocked.Threads).
package par

import (
	"slices"
	"sync"
	"time"
)

// Phaser is work split into phases whose shares the workers run concurrently.
type Phaser interface {
	// RunPhase runs worker id's share of the current phase. It must not call Run or For
	// itself: a helper would then wait for its own channel.
	RunPhase(id int)
}

type task struct {
	p    Phaser
	id   int
	done *sync.WaitGroup
}

var (
	helpersMu sync.Mutex
	helpers   []chan task // helpers[i] runs worker id i+1 tasks
)

// helperChans returns the channels of at least n−1 helpers, starting any missing.
func helperChans(n int) []chan task {
	helpersMu.Lock()
	defer helpersMu.Unlock()
	for len(helpers) < n-1 {
		ch := make(chan task)
		helpers = append(helpers, ch)
		go func() {
			for t := range ch {
				t.p.RunPhase(t.id)
				t.done.Done()
			}
		}()
	}
	return helpers[:n-1]
}

// Run runs p's current phase on workers 0…n−1 (0 on the calling goroutine) and returns
// when all are done. wg is the caller's, reused from phase to phase, so that a phase
// allocates nothing.
func Run(p Phaser, n int, wg *sync.WaitGroup) {
	if n <= 1 {
		p.RunPhase(0)
		return
	}
	hs := helperChans(n)
	wg.Add(n - 1)
	for id := 1; id < n; id++ {
		hs[id-1] <- task{p: p, id: id, done: wg}
	}
	p.RunPhase(0)
	wg.Wait()
}

// For calls f(lo, hi) on up to workers goroutines at once for consecutive ranges that
// cover [0, n), every boundary but n a multiple of align (≥ 1), and returns when all are
// done. With one worker, or n < 2·align, it calls f(0, n) on the calling goroutine. f
// must not call Run or For.
func For(workers, n, align int, f func(lo, hi int)) {
	workers = min(workers, n/align)
	if workers <= 1 {
		f(0, n)
		return
	}
	j := &forJob{f: f, n: n, align: align, workers: workers}
	Run(j, workers, &j.wg)
}

type forJob struct {
	f                 func(lo, hi int)
	n, align, workers int
	wg                sync.WaitGroup
}

func (j *forJob) RunPhase(id int) {
	if lo, hi := j.bound(id), j.bound(id+1); lo < hi {
		j.f(lo, hi)
	}
}

// bound is where worker id's range starts: id·n/workers rounded down to a multiple of
// align, and n for id = workers.
func (j *forJob) bound(id int) int {
	if id >= j.workers {
		return j.n
	}
	return id * (j.n / j.workers) / j.align * j.align
}

// WakeCost returns what handing work to one helper costs the caller: the time of a
// two-worker Run whose phase does nothing (send to helper 1, run worker 0's empty
// share, wait for the helper's), the median of wakeTrials after one warm-up that
// starts the helper. Measured on the first call (well under a millisecond) and cached.
// Back-to-back trials may find the scheduler still spinning, so it is the cost of a
// warm hand-off, the common case of a loop of large calls; callers leave a margin
// (internal/tune). On this Emerald Rapids VM (2 vCPUs, other processes compiling;
// eight process starts): 0.48–0.76 µs.
func WakeCost() time.Duration {
	wakeOnce.Do(func() {
		var (
			nop nopPhase
			wg  sync.WaitGroup
			d   [wakeTrials]time.Duration
		)
		Run(nop, 2, &wg)
		for i := range d {
			t0 := time.Now()
			Run(nop, 2, &wg)
			d[i] = time.Since(t0)
		}
		slices.Sort(d[:])
		wake = d[wakeTrials/2]
	})
	return wake
}

const wakeTrials = 15

var (
	wakeOnce sync.Once
	wake     time.Duration
)

type nopPhase struct{}

func (nopPhase) RunPhase(int) {}
