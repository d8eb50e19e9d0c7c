package blocked

import (
	"runtime"
	"sync/atomic"
)

// Multi-core GEMM, Kronecker writes and transposes run on internal/par's workers: a
// product hands each phase of its work (pack a B panel, then compute against it) to the
// workers and waits for all of them, so the steady state starts no goroutines and
// allocates nothing.

// maxThreads bounds the workers one product uses.
const maxThreads = 64

// parallelMinFlops is the smallest work between two barriers, 2·m·n·min(k, kc) flops,
// for which a product is split across cores. Below it the phase hand-offs (waking the
// helpers, a barrier per kc block) and the smaller blocks cost more than a second core
// gains. Measured on the 2-core Ice Lake server (AVX-512 float64, square n, best of 9,
// the machine shared with other builds), speed-up of 2 threads over 1: n = 128: 0.65,
// 192: 0.78, 256: 0.85–1.06, 512: 1.71, 1024: 1.75–1.86; (m, k, n) = (64, 4096, 64),
// 2·10⁶ flops per kc block: 0.8–0.9. The threshold, 10⁸ (n ≈ 450 for square products at kc = 256),
// keeps the default no slower than one thread.
var parallelMinFlops = 1e8

// gemmMinFlops is the smallest GEMM, 2·m·n·k flops, that is split across cores (one
// phase per product: see job). MEASURED BELOW.
var gemmMinFlops = 4e6

// threads is the number of workers a large product uses; 0 means follow GOMAXPROCS.
var threads atomic.Int64

// SetThreads sets the number of goroutines (cores) that large operations may use and
// returns the previous setting: GEMM (products of 2·m·n·min(k, kc) ≥ 10⁸ flops, kc = 256
// on AVX-512: about n = 450 for square ones), Kron (outputs of half the last-level cache
// and up), Transpose (input and output together an eighth of it and up) and the
// elementwise, exp, sigmoid and softmax functions of package kernels (outputs of an
// eighth of it and up). Smaller ones always run on the calling goroutine.
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
