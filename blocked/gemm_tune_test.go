package blocked

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestGemmTune is the harness behind the block sizes and the parallel threshold: with
// MATKERN_GEMM_TUNE=n it times square float64 and float32 products of size n at the level
// in force over a grid of block sizes (MATKERN_GEMM_TUNE_GRID="kc,mc,nc kc,mc,nc …", 0 =
// the default; a built-in grid otherwise) and the default on 1 and 2 threads. The
// configurations and the FMA probe (run for as many flops as one product) are interleaved
// in every round and timed by the thread's CPU time where available (the two-thread runs
// by the wall clock) (MATKERN_GEMM_TUNE_ROUNDS, default 9), so a busy machine slows all of
// them alike; it prints the best and the median
// GFLOP/s of each and the best as a fraction of the best probe rate. It asserts nothing.
func TestGemmTune(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv("MATKERN_GEMM_TUNE"))
	if err != nil || n <= 0 {
		t.Skip("set MATKERN_GEMM_TUNE=n to tune")
	}
	if os.Getenv("MATKERN_GEMM_TUNE_TYPE") != "f32" {
		tuneGemm[float64](t, n)
	}
	if os.Getenv("MATKERN_GEMM_TUNE_TYPE") != "f64" {
		tuneGemm[float32](t, n)
	}
}

func tuneGemm[T view.Float](t *testing.T, n int) {
	tab := dispatch.Current()
	r := testutil.Rand(t)
	a, b, c := testutil.Matrix[T](r, n, n), testutil.Matrix[T](r, n, n), testutil.Matrix[T](r, n, n)
	type cfg struct {
		bs      blockSizes
		threads int
	}
	var cfgs []cfg
	if g := os.Getenv("MATKERN_GEMM_TUNE_GRID"); g != "" {
		for _, f := range strings.Fields(g) {
			var bs blockSizes
			if _, err := fmt.Sscanf(f, "%d,%d,%d", &bs.kc, &bs.mc, &bs.nc); err != nil {
				t.Fatalf("MATKERN_GEMM_TUNE_GRID: %q: %v", f, err)
			}
			cfgs = append(cfgs, cfg{bs, 1})
		}
	} else {
		for _, kc := range []int{128, 192, 256, 384} {
			for _, mc := range []int{64, 128, 256, 512} {
				cfgs = append(cfgs, cfg{blockSizes{kc: kc, mc: mc}, 1})
			}
		}
	}
	cfgs = append(cfgs, cfg{threads: 1}, cfg{threads: 2})
	rounds := 9
	if s, err := strconv.Atoi(os.Getenv("MATKERN_GEMM_TUNE_ROUNDS")); err == nil && s > 0 {
		rounds = s
	}
	defer func(o blockSizes, p float64) { override, gemmMinFlops = o, p }(override, gemmMinFlops)
	gemmMinFlops = 0
	probe := tab.Probe.FMAPeakF64
	if view.Is32[T]() {
		probe = tab.Probe.FMAPeakF32
	}
	times := make([][]time.Duration, len(cfgs))
	var probeRates []float64
	reps := max(1, 50_000_000/(n*n*n))
	fl := 2 * float64(n) * float64(n) * float64(n)
	iters := 1 << 10
	for { // probe runs as long as one product, so both see the same interference
		if pf := probe(iters); float64(pf) >= fl {
			break
		}
		iters *= 2
	}
	// One-thread runs are timed by the thread's CPU time (time preempted by other
	// programs does not count), the others by the wall clock.
	cpu, done := cpuClock()
	defer done()
	wall := func() time.Duration { return time.Duration(time.Now().UnixNano()) }
	for range rounds {
		t0 := cpu()
		pf := probe(iters)
		probeRates = append(probeRates, float64(pf)/float64((cpu()-t0).Nanoseconds()))
		for i, cf := range cfgs {
			override = cf.bs
			clock := cpu
			if cf.threads > 1 {
				clock = wall
			}
			t0 := clock()
			for range reps {
				gemm(tab, false, false, 1, a, b, 0, c, cf.threads)
			}
			times[i] = append(times[i], (clock()-t0)/time.Duration(reps))
		}
	}
	slices.Sort(probeRates)
	pbest := probeRates[len(probeRates)-1]
	fmt.Printf("%s, %d-byte elements, n = %d, %d rounds, FMA probe best %.1f median %.1f GFLOP/s (one core)\n",
		tab.Level, view.SizeOf[T](), n, rounds, pbest, probeRates[len(probeRates)/2])
	for i, cf := range cfgs {
		slices.Sort(times[i])
		_, mr, nr := kernelOf[T](tab)
		override = cf.bs
		name := fmt.Sprintf("%+v", blockSizesFor(view.SizeOf[T](), mr, nr))
		if cf.bs == (blockSizes{}) {
			name = fmt.Sprintf("default %s, threads=%d", name, cf.threads)
		}
		best, med := fl/float64(times[i][0].Nanoseconds()), fl/float64(times[i][len(times[i])/2].Nanoseconds())
		fmt.Printf("  %-50s best %7.1f  median %7.1f GFLOP/s  best/probe %5.1f%%\n", name, best, med, 100*best/pbest)
	}
}

// TestGemmKernelTune (MATKERN_GEMM_TUNE_KERNEL=1) times the micro-kernel of the level in
// force as the blocked loops call it: one strip of m/MR tiles (MATKERN_GEMM_TUNE_KM="k,m",
// default 256,128) down a packed A block against a kc×NR B micro-panel, C with 1024
// columns, ⌈1024/NR⌉ calls per run, in four variants (the same B micro-panel and C
// columns every call, or walking through a packed k×1024 B panel and across C as the
// blocked loops do). The runs are interleaved with FMA probe runs of the same flops, best
// of 41 rounds each, and the rates printed as fractions of the probe's. On the loaded
// Ice Lake server the same configuration gave anywhere from 62% to 97% of the probe from
// one run to the next (a co-scheduled thread sharing the core's caches slows the kernel,
// not the register-only probe), so only the best runs say anything: 93–97% (float64,
// 8×24) and 92–99% (float32, 8×48), walking or not. It asserts nothing.
func TestGemmKernelTune(t *testing.T) {
	if os.Getenv("MATKERN_GEMM_TUNE_KERNEL") == "" {
		t.Skip("set MATKERN_GEMM_TUNE_KERNEL=1 to time the micro-kernel")
	}
	tab := dispatch.Current()
	g := tab.GEMM
	tuneKernel(t, "f64", g.KernelF64, g.MRF64, g.NRF64, tab.Probe.FMAPeakF64)
	tuneKernel(t, "f32", g.KernelF32, g.MRF32, g.NRF32, tab.Probe.FMAPeakF32)
}

func tuneKernel[T view.Float](t *testing.T, name string, kern func(k int, a, b, c []T, ldc int, alpha, beta T, m, n int), mr, nr int, probe func(int) int) {
	const ldc = 1024
	k, m := 256, 128
	if s := os.Getenv("MATKERN_GEMM_TUNE_KM"); s != "" {
		if _, err := fmt.Sscanf(s, "%d,%d", &k, &m); err != nil {
			t.Fatalf("MATKERN_GEMM_TUNE_KM=%q: %v", s, err)
		}
	}
	r := testutil.Rand(t)
	panels := (ldc + nr - 1) / nr
	pa, pb, c := testutil.Slice[T](r, k*roundUp(m, mr)), testutil.Slice[T](r, k*nr*panels), make([]T, m*ldc)
	calls := panels
	fl := 2 * float64(m*nr*k) * float64(calls)
	iters := 1 << 10
	for { // probe runs of about the kernel's flops
		if pf := probe(iters); float64(pf) >= fl {
			break
		}
		iters *= 2
	}
	// Variants: the same B micro-panel and C tile column on every call (B in L1, C in
	// L2), B walking through a packed k×1024 panel, C walking across 1024 columns, both
	// (as in the blocked loops).
	names := []string{"same B, same C", "B walks", "C walks", "B and C walk"}
	best := make([]float64, len(names))
	var bestP float64
	cpu, done := cpuClock() // the thread's CPU time: preemption does not count
	defer done()
	for range 41 {
		t0 := cpu()
		pf := probe(iters)
		bestP = max(bestP, float64(pf)/float64((cpu()-t0).Nanoseconds()))
		for v := range names {
			t0 = cpu()
			for q := range calls {
				bq, cq := 0, 0
				if v&1 != 0 {
					bq = q
				}
				if v&2 != 0 {
					cq = q
				}
				kern(k, pa, pb[bq*k*nr:(bq+1)*k*nr], c[cq*nr:], ldc, 1, 1, m, min(nr, ldc-cq*nr))
			}
			best[v] = max(best[v], fl/float64((cpu()-t0).Nanoseconds()))
		}
	}
	for v, nm := range names {
		fmt.Printf("%s %s kernel %d×%d strip (m %d, k %d), %-15s: %.1f GFLOP/s, probe %.1f: %.1f%%\n", dispatch.Current().Level, name, mr, nr, m, k, nm, best[v], bestP, 100*best[v]/bestP)
	}
}

// TestGemmSplitTune (MATKERN_GEMM_SPLIT_TUNE="n n …") shows how a square product at the
// level in force splits across two workers, in figures that other programs on the
// machine do not distort much: the grid; the thread CPU time of the product on one
// worker and of each worker's rectangle run alone on the calling thread (medians of
// MATKERN_GEMM_TUNE_ROUNDS, default 15, interleaved); the idle fraction of the split,
// 1 − mean/max of the rectangles' times (what the faster worker waits); the packing
// overhead, their sum over the one-worker time − 1; and so the speed-up two free cores
// would give, one-worker time over the slowest rectangle. Then the wall-clock speed-up
// measured, and the process CPU time (getrusage: all threads, helpers' polling included)
// per two-worker product. It asserts nothing.
func TestGemmSplitTune(t *testing.T) {
	f := strings.Fields(os.Getenv("MATKERN_GEMM_SPLIT_TUNE"))
	if len(f) == 0 {
		t.Skip("set MATKERN_GEMM_SPLIT_TUNE=\"n n …\" to time the two-worker split")
	}
	defer func(p float64) { gemmMinFlops = p }(gemmMinFlops)
	gemmMinFlops = 0
	for _, s := range f {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("MATKERN_GEMM_SPLIT_TUNE: %q", s)
		}
		splitTune[float64](t, n)
		splitTune[float32](t, n)
	}
}

func splitTune[T view.Float](t *testing.T, n int) {
	tab := dispatch.Current()
	r := testutil.Rand(t)
	a, b, c := testutil.Matrix[T](r, n, n), testutil.Matrix[T](r, n, n), testutil.Matrix[T](r, n, n)
	rounds := 15
	if s, err := strconv.Atoi(os.Getenv("MATKERN_GEMM_TUNE_ROUNDS")); err == nil && s > 0 {
		rounds = s
	}
	reps := max(1, 20_000_000/(n*n*n))
	cpu, done := cpuClock()
	defer done()
	var one, oneWall, twoWall, twoCPU []time.Duration
	var rect [2][]time.Duration
	tm, tn := 0, 0
	for range rounds {
		t0, w0 := cpu(), time.Now()
		for range reps {
			gemm(tab, false, false, 1, a, b, 0, c, 1)
		}
		one = append(one, (cpu()-t0)/time.Duration(reps))
		oneWall = append(oneWall, time.Since(w0)/time.Duration(reps))
		j := getJob[T]()
		j.kern, j.mr, j.nr = kernelOf[T](tab)
		j.pack = packersOf[T](tab)
		j.bs = blockSizesFor(view.SizeOf[T](), j.mr, j.nr)
		j.alpha, j.beta = 1, 0
		j.a, j.b, j.c, j.m, j.n, j.k = a, b, c, n, n, n
		j.threads = 2
		j.plan()
		tm, tn = j.tm, j.tn
		for id := range j.threads {
			t0 := cpu()
			for range reps {
				j.RunPhase(id)
			}
			rect[id] = append(rect[id], (cpu()-t0)/time.Duration(reps))
		}
		j.release()
		putJob(j)
		runtime.UnlockOSThread() // as an ordinary caller
		p0, w0 := processCPU(), time.Now()
		for range reps {
			gemm(tab, false, false, 1, a, b, 0, c, 2)
		}
		runtime.LockOSThread()
		twoWall = append(twoWall, time.Since(w0)/time.Duration(reps))
		twoCPU = append(twoCPU, (processCPU()-p0)/time.Duration(reps))
	}
	med := func(d []time.Duration) time.Duration { slices.Sort(d); return d[len(d)/2] }
	t1, r0, r1 := med(one), med(rect[0]), 0*time.Second
	if len(rect[1]) > 0 {
		r1 = med(rect[1])
	}
	slowest := max(r0, r1)
	idle := 1 - float64(r0+r1)/2/float64(slowest)
	fmt.Printf("%s %d-byte n=%d grid %d×%d: one worker %v, rectangles %v %v: idle %.1f%%, packing overhead %+.1f%%, free-core speed-up %.2f; wall speed-up %.2f (%v vs %v), process CPU %v per 2-worker product\n",
		tab.Level, view.SizeOf[T](), n, tm, tn, t1, r0, r1, 100*idle, 100*(float64(r0+r1)/float64(t1)-1),
		float64(t1)/float64(slowest), float64(med(oneWall))/float64(med(twoWall)), med(oneWall), med(twoWall), med(twoCPU))
}
