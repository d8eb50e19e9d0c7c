package blocked

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestGemmTune is the harness behind the block sizes and the parallel threshold: with
// MATKERN_GEMM_TUNE=n it times square float64 and float32 products of size n at the level
// in force over a grid of kc and mc, and on 1 and 2 threads, interleaving the
// configurations and keeping the best of 9 rounds (robust on a shared machine), and
// prints GFLOP/s next to the FMA probe's rate. It asserts nothing.
func TestGemmTune(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv("MATKERN_GEMM_TUNE"))
	if err != nil || n <= 0 {
		t.Skip("set MATKERN_GEMM_TUNE=n to tune")
	}
	tuneGemm[float64](t, n)
	tuneGemm[float32](t, n)
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
	for _, kc := range []int{128, 192, 256, 384} {
		for _, mc := range []int{64, 128, 256, 512} {
			cfgs = append(cfgs, cfg{blockSizes{kc: kc, mc: mc}, 1})
		}
	}
	cfgs = append(cfgs, cfg{threads: 1}, cfg{threads: 2})
	defer func(o blockSizes, p float64) { override, parallelMinFlops = o, p }(override, parallelMinFlops)
	parallelMinFlops = 0
	best := make([]time.Duration, len(cfgs))
	reps := max(1, 50_000_000/(n*n*n))
	for range 9 {
		for i, cf := range cfgs {
			override = cf.bs
			t0 := time.Now()
			for range reps {
				gemm(tab, false, false, 1, a, b, 0, c, cf.threads)
			}
			if d := time.Since(t0) / time.Duration(reps); best[i] == 0 || d < best[i] {
				best[i] = d
			}
		}
	}
	probe := tab.Probe.FMAPeakF64
	if sizeOf[T]() == 4 {
		probe = tab.Probe.FMAPeakF32
	}
	t0 := time.Now()
	pf := probe(1 << 16)
	fmt.Printf("%s, %d-byte elements, n = %d, FMA probe %.1f GFLOP/s (one core)\n", tab.Level, sizeOf[T](), n, float64(pf)/float64(time.Since(t0).Nanoseconds()))
	fl := 2 * float64(n) * float64(n) * float64(n)
	for i, cf := range cfgs {
		name := fmt.Sprintf("kc=%d mc=%d", cf.bs.kc, cf.bs.mc)
		if cf.bs.kc == 0 {
			_, mr, nr := kernelOf[T](tab)
			override = blockSizes{}
			name = fmt.Sprintf("default %+v, threads=%d", blockSizesFor(int(sizeOf[T]()), mr, nr), cf.threads)
		}
		fmt.Printf("  %-50s %7.1f GFLOP/s\n", name, fl/float64(best[i].Nanoseconds()))
	}
}
