package blocked

import (
	"runtime"
	"sync/atomic"
)

// Multi-core GEMM, Kronecker writes and transposes run on internal/par's workers: an
// operation hands each phase of its work to the workers and waits for all of them (a
// GEMM is a single phase: each worker computes its own rectangle of C), so the steady
// state starts no goroutines and allocates nothing.

// maxThreads bounds the workers one product uses.
const maxThreads = 64

// parallelMinFlops is the smallest Kronecker-free product (KronPlan: m times the flops
// of one row) that is split across cores. It was measured for GEMM's former split (two
// barriers per kc block, on the 2-core Ice Lake server; 2 threads over 1 at n = 256:
// 0.85–1.06, 512: 1.71) and has not been re-measured for KronPlan; GEMM now has its own
// threshold, gemmMinFlops.
var parallelMinFlops = 1e8

// gemmMinFlops is the smallest GEMM, 2·m·n·k flops, that is split across cores. A split
// product is one phase (see job), so what a second core has to pay for is one hand-off
// (internal/par: about 0.5 µs to a polling helper; a helper that has gone to sleep is
// not waited for, its share is taken back) and the duplicated packing (TestGemmSplitTune:
// 1–8% more work in all, n = 32…1024, idle fraction of the split 0.1–7%). Measured on the
// 2-vCPU Emerald Rapids VM (AVX-512, square n, BenchmarkGemmSplit, 300 products per
// sample, samples taken only when a CPU-bound probe saw both vCPUs free; the host and
// its other tenants, load average 2–5, still made most samples noisy), two threads over one, range of 6
// samples f64 / f32: n = 32: 0.35–1.25 / 0.16–0.69, 48: 0.80–1.40 / 0.64–1.64,
// 64: 0.74–2.2 / 0.46–1.21, 96: 0.89–2.0 / 0.74–1.28, 128: 0.37–2.2 / 0.92–1.89,
// 192: 1.46–2.08 / 1.49–1.89, 256: 1.18–1.97 / 0.98–1.77. Per worker, thread CPU time
// says 1.8–2.0 from n = 48 on free cores, but below n ≈ 128 the helper too often starts
// its share only after the caller has finished its own (taken back: no gain, packing
// and hand-off lost). 4·10⁶ splits square float64 products from n = 126. float32
// products count half their flops (twice the rate: the same time per product), so they
// split from 8·10⁶ flops, square n = 159: at 4·10⁶ the float32 log-determinant at n = 256
// (grad.LU.FactorizeGrad, whose 96-wide Gauss–Jordan panels make 4–5·10⁶-flop products)
// ran 0.68–0.92× its one-core speed on two cores, and at 10⁷ 0.98–1.01× (matbench
// logdet-f32 256, avx512-mt against avx512, 2 runs of 9 samples each, same VM).
var gemmMinFlops = 4e6

// threads is the number of workers a large product uses; 0 means follow GOMAXPROCS.
var threads atomic.Int64

// SetThreads sets the number of goroutines (cores) that large operations may use and
// returns the previous setting: GEMM (products of 2·m·n·k ≥ gemmMinFlops flops: square
// float64 ones from n = 126, float32 from 159), Kron, Transpose and the elementwise, exp,
// sigmoid, softmax and training functions of package kernels (from the sizes that
// internal/tune derives from this machine's caches, cores and hand-off cost; 64 MiB of
// output on the 2-vCPU Emerald Rapids VM). Smaller ones always run on the calling
// goroutine.
// n ≤ 0 restores the default, which follows runtime.GOMAXPROCS at the time of each call
// (capped at 64); the previous setting is 0 if it was the default, so that
// SetThreads(previous) restores exactly what was there. Safe for concurrent use.
func SetThreads(n int) (previous int) {
	return int(threads.Swap(int64(min(max(n, 0), maxThreads))))
}

// Threads returns the number of goroutines a large operation uses (see SetThreads): the
// SetThreads value, or runtime.GOMAXPROCS(0) (capped at 64) by default.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return min(runtime.GOMAXPROCS(0), maxThreads)
}
