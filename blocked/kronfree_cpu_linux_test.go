package blocked

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestKronCPU times, with MATKERN_KRON_TUNE=1, KronMatMul's default shapes (M = 1024,
// β = 0) on one thread by the thread's CPU time, so that time preempted by other work
// on a shared machine does not count: GFLOP/s best and median of 9 at each SIMD level.
// It asserts nothing.
func TestKronCPU(t *testing.T) {
	if os.Getenv("MATKERN_KRON_TUNE") == "" {
		t.Skip("set MATKERN_KRON_TUNE=1 to measure")
	}
	defer SetThreads(SetThreads(1))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, l := range dispatch.Available() {
		if l == dispatch.Generic {
			continue
		}
		restore, err := dispatch.Set(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct{ p, k int }{{8, 4}, {16, 3}, {32, 3}, {64, 2}} {
			m := 1024
			if s.p == 32 {
				m = 128 // the same rate, an eighth of the time
			}
			if v := os.Getenv("MATKERN_KRON_TUNE_M"); v != "" {
				fmt.Sscan(v, &m)
			}
			kronCPU[float64](t, l, m, s.p, s.k)
			kronCPU[float32](t, l, m, s.p, s.k)
		}
		restore()
	}
}

func kronCPU[T view.Float](t *testing.T, l dispatch.Level, m, p, k int) {
	rates := kronRate[T](t, m, p, k, 9)
	slices.Sort(rates)
	var z T
	t.Log(fmt.Sprintf("%v %T M=%d %dx%d^%d: best %.1f median %.1f GFLOP/s (one thread, CPU time)", l, z, m, p, p, k, rates[8], rates[4]))
}

// threadCPU is the calling thread's CPU time (0 where it cannot be read).
func threadCPU() time.Duration {
	d, _ := testutil.ThreadCPU()
	return d
}

// TestKronCPUAB compares, with MATKERN_KRON_TUNE=1, the last step streaming Y directly
// (kronDirectNT) against the buffer and copy, interleaved, on one thread by CPU time at
// the AVX-512 level, M = 1024, both precisions. Asserts nothing.
func TestKronCPUAB(t *testing.T) {
	if os.Getenv("MATKERN_KRON_TUNE") == "" {
		t.Skip("set MATKERN_KRON_TUNE=1 to measure")
	}
	defer SetThreads(SetThreads(1))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	restore, err := dispatch.Set(dispatch.AVX512)
	if err != nil {
		t.Skip(err)
	}
	defer restore()
	defer func(v bool) { kronDirectNT = v }(kronDirectNT)
	for _, s := range []struct{ p, k int }{{16, 3}, {8, 4}, {32, 3}} {
		kronAB[float32](t, s.p, s.k)
		kronAB[float64](t, s.p, s.k)
	}
}

func kronAB[T view.Float](t *testing.T, p, k int) {
	rates := map[bool][]float64{}
	for rep := 0; rep < 5; rep++ {
		for _, on := range []bool{false, true} {
			kronDirectNT = on
			rates[on] = append(rates[on], kronRate[T](t, 1024, p, k, 3)...)
		}
	}
	var z T
	for _, on := range []bool{false, true} {
		v := rates[on]
		slices.Sort(v)
		t.Logf("%T M=1024 %dx%d^%d direct=%v: best %.1f median %.1f GFLOP/s", z, p, p, k, on, v[len(v)-1], v[len(v)/2])
	}
}

// kronRate times n products (after one warm-up) and returns their GFLOP/s by thread CPU time.
func kronRate[T view.Float](t *testing.T, m, p, k, n int) []float64 {
	pl, x, y, flops := kronProblem[T](t, m, p, k)
	pl.Apply("tune", 1, x, 0, y)
	var rates []float64
	for s := 0; s < n; s++ {
		t0 := threadCPU()
		pl.Apply("tune", 1, x, 0, y)
		rates = append(rates, flops/(threadCPU()-t0).Seconds()/1e9)
	}
	return rates
}
