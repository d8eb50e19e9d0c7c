package bench

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/view"
)

// The log-determinant cases time log|det X| together with its gradient, the whole of
// what a gradient step needs.
//
// logdet-f64/f32: grad.LU (or LU32) FactorizeGrad (Gauss–Jordan: X⁻¹, log|det| and the
// sign in one pass, the gradient written into a caller's matrix), then LogAbsDet and
// Sign, counted as 2n³ flops (as LU 2n³/3 plus inverse 4n³/3, the same count). The
// fastest path for "log-det plus gradient": against Factorize + Grad (LU + LUInverse),
// one thread, thread CPU time, TestFactorTune (Emerald Rapids, shared machine), GJ
// best GFLOP/s 12.8 vs 7.0 at n = 64, 39.7 vs 25.3 at 256, 61.2 vs 48.9 at 1024
// (0.79× the GEMM of the same run against 0.63×); float32 (an ad-hoc interleaved
// thread-CPU loop, same machine, best) 14.9 vs 7.7 at 64, 55.6 vs 36.4 at 256, 108 vs
// 85 at 1024. logdet-spd-f64/f32: grad.Cholesky (or Cholesky32) FactorizeGrad (the
// recursive blocked.SPDInverse: Σ⁻¹ and log det in one pass), then LogDet, counted as
// n³ flops (as Cholesky n³/3 plus inverse 2n³/3, the same count); against Factorize +
// Grad (Cholesky + CholeskyInverse), one thread, thread CPU time, TestSPDTune (Emerald
// Rapids, best GFLOP/s): 9.9 vs 4.4 at n = 64, 40.6 vs 22.8 at 256, 62.1 vs 44.5 at
// 1024 (0.77× the GEMM of the same run against 0.55×); float32 10.6, 57.6, 115.4.
// matkern runs at every level on one core (Impl = level) and on blocked.Threads() cores
// (level + "-mt"); the generic level only where it finishes quickly. Against, for
// float64: "gonum", gonum's mat on its native BLAS (mat.LU Factorize and LogDet, then
// mat.Dense.Inverse, which factors X again since mat.LU has no inverse; mat.Cholesky
// Factorize, LogDet and InverseTo; one core, GOMAXPROCS pinned to 1 by the runner, as
// its Dgemm would spread over goroutines), the baseline; and "gonum+matkern", the same after
// blas64.Use(blocked.Implementation{}) on blocked.Threads() cores, the previous
// implementation restored after each call (as the gemm cases' "mat+matkern"). gonum has
// no float32 LAPACK, so the float32 cases have no gonum row. A square GEMM of the same n
// is the gemm-f64/gemm-f32 case of that size.
//
// logdet-batch-f64: grad.LogDetBatch on 1000 stacked n×n matrices (n = 8, 16, 32),
// log|det|, sign and gradient, 2n³ flops each, against "loop", the baseline: one grad.LU
// reused for Factorize, LogAbsDet, Sign and Grad on each matrix in turn. Both on one core.
var _ = func() bool {
	for _, n := range []int{64, 256, 1024, 2048} {
		for _, spd := range []bool{false, true} {
			registerLogDet[float64](n, spd)
			registerLogDet[float32](n, spd)
		}
	}
	for _, n := range []int{8, 16, 32} {
		registerLogDetBatch(n, 1000)
	}
	return true
}()

// logDetInput returns a well-conditioned n×n X (spd false: pattern entries in [−1, 1)
// plus 2·√n on the diagonal) or SPD Σ (A·Aᵀ/n + I), contiguous float64.
func logDetInput(n int, spd bool) []float64 {
	a := make([]float64, n*n)
	gemmFill(a, 7)
	if !spd {
		for i := 0; i < n; i++ {
			a[i*n+i] += 2 * float64(isqrt(n))
		}
		return a
	}
	s := make([]float64, n*n)
	g := blas64.General{Rows: n, Cols: n, Stride: n, Data: a}
	blocked.Gemm(blas.NoTrans, blas.Trans, 1/float64(n), g, g, 0, blas64.General{Rows: n, Cols: n, Stride: n, Data: s})
	for i := 0; i < n; i++ {
		s[i*n+i]++
	}
	return s
}

func isqrt(n int) int {
	r := 1
	for (r+1)*(r+1) <= n {
		r++
	}
	return r
}

func registerLogDet[T view.Float](n int, spd bool) {
	op, peak, flops := "logdet-f64", PeakFMA64, 2*float64(n)*float64(n)*float64(n)
	if spd {
		op, flops = "logdet-spd-f64", flops/2
	}
	if view.Is32[T]() {
		op, peak = op[:len(op)-3]+"f32", PeakFMA32
	}
	baseline := "gonum"
	if view.Is32[T]() {
		baseline = ""
	}
	base := Case{Op: op, Size: fmt.Sprint(n), Flops: flops, Bytes: float64(2 * n * n * view.SizeOf[T]()),
		Peak: peak, Baseline: baseline, Extra: n > 1024}
	for _, c := range MatkernLevelsMT(base, true) {
		if c.Level == dispatch.Generic && (flops > 3e8 || c.Threads > 1) {
			c.Extra = true
		}
		c.Setup = func() func() { return logDetRun[T](n, spd) }
		Register(c)
	}
	if view.Is32[T]() {
		return
	}
	for _, use := range []bool{false, true} {
		d := base
		d.Impl, d.Threads, d.Extra = "gonum", 1, n > 1024
		if use {
			d.Impl, d.Threads = "gonum+matkern", blocked.Threads()
		}
		d.Setup = func() func() {
			x := logDetInput(n, spd)
			var impl blas.Float64 = gonum.Implementation{}
			if use {
				impl = blocked.Implementation{}
			}
			if spd {
				s := mat.NewSymDense(n, x)
				var ch mat.Cholesky
				var inv mat.SymDense
				return func() {
					prev := blas64.Implementation()
					blas64.Use(impl)
					ch.Factorize(s)
					_ = ch.LogDet()
					ch.InverseTo(&inv)
					blas64.Use(prev)
				}
			}
			a := mat.NewDense(n, n, x)
			var lu mat.LU
			var inv mat.Dense
			return func() {
				prev := blas64.Implementation()
				blas64.Use(impl)
				lu.Factorize(a)
				_, _ = lu.LogDet()
				inv.Inverse(a)
				blas64.Use(prev)
			}
		}
		Register(d)
	}
}

// logDetRun returns one log-determinant-and-gradient step on grad's objects.
func logDetRun[T view.Float](n int, spd bool) func() {
	x := logDetInput(n, spd)
	switch any(T(0)).(type) {
	case float32:
		x32 := make([]float32, len(x))
		for i, v := range x {
			x32[i] = float32(v)
		}
		xg := blas32.General{Rows: n, Cols: n, Stride: n, Data: x32}
		g := blas32.General{Rows: n, Cols: n, Stride: n, Data: make([]float32, n*n)}
		if spd {
			var ch grad.Cholesky32
			return func() {
				if ch.FactorizeGrad(xg, g, 1) == nil {
					_ = ch.LogDet()
				}
			}
		}
		var lu grad.LU32
		return func() {
			lu.FactorizeGrad(xg, g, 1)
			_, _ = lu.LogAbsDet(), lu.Sign()
		}
	}
	xg := blas64.General{Rows: n, Cols: n, Stride: n, Data: x}
	g := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	if spd {
		var ch grad.Cholesky
		return func() {
			if ch.FactorizeGrad(xg, g, 1) == nil {
				_ = ch.LogDet()
			}
		}
	}
	var lu grad.LU
	return func() {
		lu.FactorizeGrad(xg, g, 1)
		_, _ = lu.LogAbsDet(), lu.Sign()
	}
}

func registerLogDetBatch(n, k int) {
	nn := n * n
	base := Case{Op: "logdet-batch-f64", Size: fmt.Sprintf("%dx%dx%d", k, n, n),
		Flops: 2 * float64(n*nn) * float64(k), Bytes: float64(16 * nn * k), Peak: PeakFMA64, Threads: 1}
	operands := func() (xs, ld, sg, g []float64) {
		xs = make([]float64, 0, k*nn)
		for p := 0; p < k; p++ {
			x := make([]float64, nn)
			gemmFill(x, p+1)
			for i := 0; i < n; i++ {
				x[i*n+i] += 2 * float64(isqrt(n))
			}
			xs = append(xs, x...)
		}
		return xs, make([]float64, k), make([]float64, k), make([]float64, k*nn)
	}
	b := base
	b.Impl, b.Baseline = "batch", "loop"
	b.Setup = func() func() {
		xs, ld, sg, g := operands()
		return func() { grad.LogDetBatch(ld, sg, g, xs, n) }
	}
	l := base
	l.Impl = "loop"
	l.Setup = func() func() {
		xs, ld, sg, g := operands()
		var lu grad.LU
		return func() {
			for p := 0; p < k; p++ {
				x := blas64.General{Rows: n, Cols: n, Stride: n, Data: xs[p*nn : p*nn+nn]}
				lu.Factorize(x)
				ld[p], sg[p] = lu.LogAbsDet(), lu.Sign()
				lu.Grad(blas64.General{Rows: n, Cols: n, Stride: n, Data: g[p*nn : p*nn+nn]}, 1)
			}
		}
	}
	Register(b, l)
}
