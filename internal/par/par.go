// Package par runs one piece of work on several cores at once. The caller's goroutine is
// worker 0; helpers 1…n−1 are long-lived goroutines started on first use, each waiting on
// its own channel, so the steady state starts no goroutines. Used by blocked (GEMM, the
// Kronecker writes, transposes) and kernels (large elementwise and activation
// operations); how many workers to use is the caller's choice (blocked.Threads).
package par

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Phaser is work split into phases whose shares the workers run concurrently.
type Phaser interface {
	// RunPhase runs worker id's share of the current phase. It must not call Run or For
	// itself: a helper would then wait for its own channel. A share may run on any
	// goroutine (Run gives the share of a helper that has not started to the caller),
	// but no two shares with the same id run at once.
	RunPhase(id int)
}

type task struct {
	p    Phaser
	id   int
	ts   *taskState
	done *sync.WaitGroup
}

// taskState is one share handed to a helper: pending until the helper starts it or the
// caller takes it back, then started and done, or cancelled. Whoever moves it out of
// pending owns the share; the helper returns a cancelled state to the pool, Run a done one.
type taskState struct{ s atomic.Int32 }

const (
	pending int32 = iota
	started
	finished
	cancelled
)

var states = sync.Pool{New: func() any { return new(taskState) }}

var (
	helpersMu sync.Mutex
	helpers   []chan task // helpers[i] runs worker id i+1 tasks
)

// Spin is how long a helper keeps polling for its next task after finishing one, and
// how long Run polls for its helpers to finish, before blocking on a channel or the
// WaitGroup. Waking a blocked goroutine is slow when its core has gone idle: on the
// 2-vCPU Emerald Rapids VM (KVM) a helper blocked for 100 µs started its share 57–117 µs
// after Run handed it over (median of 30, timed with a throwaway instrumented phase),
// longer than a whole 128×128 float64 product; polling, it starts within a microsecond
// (BenchmarkRun: 0.5 µs per empty two-worker phase). A polling helper keeps its P (and
// core) from other goroutines, so an idle program pays at most Spin of one core's time
// per helper after its last parallel call, and a goroutine queued on the helper's P
// may wait up to Spin unless another P takes it.
const Spin = 200 * time.Microsecond

// maxHelpers is how many shares of one Run go to helpers; the caller runs the rest.
const maxHelpers = 63

// helperChans returns the channels of at least n−1 helpers, starting any missing.
func helperChans(n int) []chan task {
	helpersMu.Lock()
	defer helpersMu.Unlock()
	for len(helpers) < n-1 {
		// One slot: Run's send never waits for a helper that is polling rather than
		// blocked in a receive.
		ch := make(chan task, 1)
		helpers = append(helpers, ch)
		go helper(ch)
	}
	return helpers[:n-1]
}

// helper runs the tasks sent on ch, polling for the next one for Spin before blocking.
func helper(ch chan task) {
	for {
		t, ok := <-ch
		for ok {
			if t.ts.s.CompareAndSwap(pending, started) {
				t.p.RunPhase(t.id)
				t.ts.s.Store(finished)
				t.done.Done()
			} else {
				states.Put(t.ts) // cancelled: Run ran the share itself
			}
			t, ok = poll(ch)
		}
	}
}

// poll waits up to Spin for a task on ch, polling without yielding: a helper that
// yielded (runtime.Gosched) could land on the caller's P, the two then taking turns on
// one core while the other stays idle (seen on the 2-vCPU VM: process CPU time equal to
// the wall time of two-worker products). Only the helper receives from ch, so a
// non-empty ch means the receive will not block.
func poll(ch chan task) (task, bool) {
	start := time.Now()
	for i := 0; ; i++ {
		if len(ch) > 0 {
			return <-ch, true
		}
		if i%64 == 0 && time.Since(start) > Spin {
			return task{}, false
		}
	}
}

// Run runs p's current phase on workers 0…n−1 and returns when all are done. Share 0
// runs on the calling goroutine, shares 1…n−1 are handed to helpers; a share whose
// helper is still busy with an earlier one (another caller's) or has not started it
// when the caller has finished its own is taken back and run by the caller, so a helper
// that is slow to wake costs at most the time of running its share serially. wg is the
// caller's, reused from phase to phase, so that a phase allocates nothing. Run polls for
// up to Spin for the helpers to finish before it blocks on wg.
func Run(p Phaser, n int, wg *sync.WaitGroup) {
	if n <= 1 {
		p.RunPhase(0)
		return
	}
	hs := helperChans(min(n, maxHelpers+1))
	var sent [maxHelpers]*taskState
	for id := 1; id < n && id <= maxHelpers; id++ {
		ts := states.Get().(*taskState)
		ts.s.Store(pending)
		wg.Add(1)
		select {
		case hs[id-1] <- task{p: p, id: id, ts: ts, done: wg}:
			sent[id-1] = ts
		default: // the helper has an earlier task waiting: run this share here
			wg.Done()
			states.Put(ts)
		}
	}
	p.RunPhase(0)
	for id := 1; id < n; id++ {
		if id > maxHelpers || sent[id-1] == nil {
			p.RunPhase(id)
			continue
		}
		if ts := sent[id-1]; ts.s.CompareAndSwap(pending, cancelled) {
			sent[id-1] = nil // the helper returns ts to the pool
			p.RunPhase(id)
			wg.Done()
		}
	}
	// The shares left are running on their helpers: poll without yielding (a yield by a
	// goroutine locked to its thread hands the thread's P to another thread, tens of
	// microseconds).
	start := time.Now()
	for id := 1; id < n && id <= maxHelpers; id++ {
		for ts := sent[id-1]; ts != nil && ts.s.Load() != finished && time.Since(start) < Spin; {
		}
	}
	wg.Wait() // at once when the helpers are done: their Done follows the state
	for i := range min(n-1, maxHelpers) {
		if sent[i] != nil {
			states.Put(sent[i])
		}
	}
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

// WakeCost returns what handing work to one helper costs: the time from the start of a
// two-worker Run until the helper starts its share, while the caller waits in its own
// (so that the share cannot be taken back and run by the caller), the median of
// wakeTrials after one warm-up that starts the helper. A trial whose helper has not
// started within wakeCap (one P, or a starved machine) counts as wakeCap. Measured on the first call (well under a millisecond when helpers run) and
// cached. Back-to-back trials find the helper still polling (Spin), so it is the cost of
// a warm hand-off, the common case of a loop of large calls; callers leave a margin
// (internal/tune).
func WakeCost() time.Duration {
	wakeOnce.Do(func() {
		var (
			p  wakePhase
			wg sync.WaitGroup
			d  [wakeTrials]time.Duration
		)
		p.trial(&wg)
		for i := range d {
			t0 := time.Now()
			d[i] = wakeCap
			if p.trial(&wg) {
				d[i] = p.at.Sub(t0)
			}
		}
		slices.Sort(d[:])
		wake = d[wakeTrials/2]
	})
	return wake
}

// wakeCap bounds WakeCost's wait for a helper to start.
const wakeCap = time.Millisecond

// wakePhase's share 1 records when it started; share 0 waits for that, up to wakeCap.
type wakePhase struct {
	started atomic.Bool
	at      time.Time
	limit   time.Time
}

// trial runs one two-worker phase and reports whether the helper started in time.
func (p *wakePhase) trial(wg *sync.WaitGroup) bool {
	p.started.Store(false)
	p.limit = time.Now().Add(wakeCap)
	Run(p, 2, wg)
	return p.started.Load() && p.at.Before(p.limit)
}

func (p *wakePhase) RunPhase(id int) {
	if id == 1 {
		p.at = time.Now()
		p.started.Store(true)
		return
	}
	for !p.started.Load() && time.Now().Before(p.limit) {
		runtime.Gosched() // with one P, let the helper run
	}
}

const wakeTrials = 15

var (
	wakeOnce sync.Once
	wake     time.Duration
)
