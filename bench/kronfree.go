package bench

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/kernels"
)

// The Kronecker-free products.
//
// vecaxb-f64: y = vec(A·X·B) for square n×n matrices, 4n³ flops, by VecAXB at each level;
// against the same two GEMMs called by hand ("gemm2", the baseline: VecAXB should lose
// nothing to its bookkeeping), against forming Bᵀ⊗A with kernels.Kron and multiplying it
// with vec(X) ("materialized", as long as the n²×n² matrix fits), against gonum's
// mat.Kronecker then MulVec ("gonum-kron"), and against gonum's Mul chain ("gonum-mul").
//
// mulaxb-f64: D = A·X·B for square n×n matrices (n = 8 … 64, the small-problem sizes of
// the performance issue), 4n³ flops, by MulAXB at each level on one core; against the
// two plain GEMMs A·X then ·B by hand on the engine ("gemm2"), gonum's Mul chain
// ("gonum-mul"), and with -tags openblas the same two cblas_dgemm calls on one thread.
//
// kronmatmul-f64/f32: Y = X·(F⊗…⊗F) for M rows and k equal square factors, counted as
// M·(flops per row of the plan); against a square GEMM on the engine at the top level
// with about the same flop count ("gemm-sq", compared by GFLOP/s), and with -tags
// openblas the GEMM sequence a BLAS user writes (openBLASKronMatMul).
//
// The gonum rows are one-core rows: the runner pins GOMAXPROCS to 1 around them, as
// gonum's Dgemm under mat.Dense.Mul would otherwise use both cores.
var _ = func() bool {
	for _, n := range []int{16, 32, 64, 128, 256, 512, 1024} {
		registerVecAXB(n)
	}
	for _, n := range mulAXBSizes {
		registerMulAXB(n)
	}
	for _, s := range kronShapes {
		registerKronMatMul[float64](s)
		registerKronMatMul[float32](s)
	}
	return true
}()

// kronShape is one X·(F⊗…⊗F) problem: M rows, k square p×p factors; def marks the
// default suite's.
type kronShape struct {
	m, p, k int
	def     bool
}

// kronShapes are the kronmatmul cases: the first four (M = 1024) in the default suite,
// the rest, and anything over 1 GiB of X and Y, only with -extra.
var kronShapes = func() []kronShape {
	var out []kronShape
	for _, s := range []struct{ m, p, k int }{
		{1024, 8, 4}, {1024, 16, 3}, {1024, 32, 3}, {1024, 64, 2},
		{16, 8, 4}, {256, 8, 4}, {16, 8, 5}, {256, 8, 5}, {1024, 8, 5},
		{16, 16, 3}, {256, 16, 3}, {16, 16, 4}, {256, 16, 4}, {1024, 16, 4},
		{16, 32, 3}, {256, 32, 3}, {16, 64, 2}, {256, 64, 2}, {16, 64, 3}, {256, 64, 3}, {1024, 64, 3},
	} {
		def := s.m == 1024 && (s.k == 4 && s.p == 8 || s.k == 3 && s.p <= 32 || s.k == 2)
		out = append(out, kronShape{s.m, s.p, s.k, def})
	}
	return out
}()

// in is p^k, the columns of X and Y.
func (s kronShape) in() int {
	in := 1
	for i := 0; i < s.k; i++ {
		in *= s.p
	}
	return in
}

// flops is M·2·k·p^k·p, M times the flops per row of a plan.
func (s kronShape) flops() float64 {
	return float64(s.m) * 2 * float64(s.k) * float64(s.in()) * float64(s.p)
}

func (s kronShape) label() string { return fmt.Sprintf("M=%d:%dx%d^%d", s.m, s.p, s.p, s.k) }

// extra says whether a case of s is left out of the default suite: it is not a default
// shape, or X and Y (elements of size bytes) take over 1 GiB.
func (s kronShape) extra(size int) bool {
	return !s.def || 2*float64(s.m)*float64(s.in())*float64(size) > 1<<30
}

func square(n int, seed float64) blas64.General {
	g := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	for i := range g.Data {
		g.Data[i] = math.Sin(seed + float64(i))
	}
	return g
}

func registerVecAXB(n int) {
	size := fmt.Sprintf("n=%d", n)
	flops := 4 * float64(n) * float64(n) * float64(n)
	// matkern's implementations run on blocked.Threads() cores (the GEMM default); gonum's on one.
	base := Case{Op: "vecaxb-f64", Size: size, Flops: flops, Peak: PeakFMA64, Baseline: "gemm2", Extra: n > 512,
		Threads: blocked.Threads()}
	base.Setup = func() func() {
		a, x, b := square(n, 1), square(n, 2), square(n, 3)
		y, work := make([]float64, n*n), make([]float64, n*n)
		return func() { kernels.VecAXB(y, a, x, b, work) }
	}
	cases := MatkernLevels(base)

	byHand := base
	byHand.Impl, byHand.Baseline = "gemm2", ""
	byHand.Setup = func() func() {
		a, x, b := square(n, 1), square(n, 2), square(n, 3)
		w := square(n, 0)
		y := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
		return func() { // y = (AXB)ᵀ = Bᵀ·(Xᵀ·Aᵀ), the same association VecAXB picks for squares
			blocked.Gemm(blas.Trans, blas.Trans, 1, x, a, 0, w)
			blocked.Gemm(blas.Trans, blas.NoTrans, 1, b, w, 0, y)
		}
	}
	cases = append(cases, byHand)

	if n <= 128 { // Bᵀ⊗A has n⁴ entries: 2 GiB at n = 128.
		mat1 := base
		mat1.Impl, mat1.Baseline, mat1.Extra = "materialized", "", n > 64
		mat1.Setup = func() func() {
			a, x, b := square(n, 1), square(n, 2), square(n, 3)
			bt := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
			kernels.Transpose(bt, b)
			k := blas64.General{Rows: n * n, Cols: n * n, Stride: n * n, Data: make([]float64, n*n*n*n)}
			vx := blas64.General{Rows: n * n, Cols: 1, Stride: 1, Data: make([]float64, n*n)}
			kernels.Vec(vx.Data, x)
			y := blas64.General{Rows: n * n, Cols: 1, Stride: 1, Data: make([]float64, n*n)}
			return func() {
				kernels.Kron(k, bt, a)
				blocked.Gemm(blas.NoTrans, blas.NoTrans, 1, k, vx, 0, y)
			}
		}
		cases = append(cases, mat1)
	}
	if n <= 64 {
		gk := base
		gk.Impl, gk.Baseline, gk.Threads = "gonum-kron", "", 1
		gk.Setup = func() func() {
			a, x, b := square(n, 1), square(n, 2), square(n, 3)
			A, B := mat.NewDense(n, n, a.Data), mat.NewDense(n, n, b.Data)
			vx := mat.NewVecDense(n*n, make([]float64, n*n))
			kernels.Vec(vx.RawVector().Data, x)
			var k mat.Dense
			var y mat.VecDense
			return func() {
				k.Kronecker(B.T(), A)
				y.MulVec(&k, vx)
			}
		}
		cases = append(cases, gk)
	}
	gm := base
	gm.Impl, gm.Baseline, gm.Threads = "gonum-mul", "", 1
	gm.Setup = func() func() {
		a, x, b := square(n, 1), square(n, 2), square(n, 3)
		A, X, B := mat.NewDense(n, n, a.Data), mat.NewDense(n, n, x.Data), mat.NewDense(n, n, b.Data)
		var ax, axb mat.Dense
		return func() {
			ax.Mul(A, X)
			axb.Mul(&ax, B)
		}
	}
	Register(append(cases, gm)...)
}

// mulAXBSizes are the mulaxb-f64 orders.
var mulAXBSizes = []int{8, 16, 32, 64}

func registerMulAXB(n int) {
	base := Case{Op: "mulaxb-f64", Size: fmt.Sprintf("n=%d", n), Flops: 4 * float64(n) * float64(n) * float64(n),
		Peak: PeakFMA64, Baseline: "gemm2", Threads: 1}
	base.Setup = func() func() {
		a, x, b, d := square(n, 1), square(n, 2), square(n, 3), square(n, 0)
		work := make([]float64, n*n)
		return func() { kernels.MulAXB(d, a, x, b, work) }
	}
	cases := MatkernLevels(base)
	byHand := base
	byHand.Impl, byHand.Baseline = "gemm2", ""
	byHand.Setup = func() func() {
		a, x, b, d, w := square(n, 1), square(n, 2), square(n, 3), square(n, 0), square(n, 0)
		return func() {
			blocked.Gemm(blas.NoTrans, blas.NoTrans, 1, a, x, 0, w)
			blocked.Gemm(blas.NoTrans, blas.NoTrans, 1, w, b, 0, d)
		}
	}
	gm := base
	gm.Impl, gm.Baseline = "gonum-mul", ""
	gm.Setup = func() func() {
		a, x, b := square(n, 1), square(n, 2), square(n, 3)
		A, X, B := mat.NewDense(n, n, a.Data), mat.NewDense(n, n, x.Data), mat.NewDense(n, n, b.Data)
		var ax, axb mat.Dense
		return func() {
			ax.Mul(A, X)
			axb.Mul(&ax, B)
		}
	}
	Register(append(cases, byHand, gm)...)
}

func registerKronMatMul[T float32 | float64](s kronShape) {
	var z T
	_, f32 := any(z).(float32)
	op, peak, size := "kronmatmul-f64", PeakFMA64, 8
	if f32 {
		op, peak, size = "kronmatmul-f32", PeakFMA32, 4
	}
	m, p, k, in, flops := s.m, s.p, s.k, s.in(), s.flops()
	base := Case{Op: op, Size: s.label(), Flops: flops, Peak: peak, Baseline: "gemm-sq", RateBaseline: true, Extra: s.extra(size),
		Threads: blocked.Threads()}
	base.Setup = func() func() {
		fs := make([]blas64.General, k)
		for i := range fs {
			fs[i] = square(p, float64(i))
		}
		x := blas64.General{Rows: m, Cols: in, Stride: in, Data: make([]float64, m*in)}
		for i := range x.Data {
			x.Data[i] = math.Cos(float64(i))
		}
		y := blas64.General{Rows: m, Cols: in, Stride: in, Data: make([]float64, m*in)}
		if f32 {
			fs32 := make([]blas32.General, k)
			for i, f := range fs {
				fs32[i] = to32(f)
			}
			plan, err := kernels.NewKronPlan32(false, fs32...)
			if err != nil {
				panic(err)
			}
			x32, y32 := to32(x), to32(y)
			return func() { plan.Apply(1, x32, 0, y32) }
		}
		plan, err := kernels.NewKronPlan(false, fs...)
		if err != nil {
			panic(err)
		}
		return func() { plan.Apply(1, x, 0, y) }
	}
	sq := base
	n := int(math.Round(math.Cbrt(flops / 2)))
	sq.Impl, sq.Baseline, sq.RateBaseline, sq.Flops = "gemm-sq", "", false, 2*float64(n)*float64(n)*float64(n)
	sq.Setup = func() func() {
		a, b, c := square(n, 1), square(n, 2), square(n, 0)
		if f32 {
			a32, b32, c32 := to32(a), to32(b), to32(c)
			return func() { blocked.Gemm32(blas.NoTrans, blas.NoTrans, 1, a32, b32, 0, c32) }
		}
		return func() { blocked.Gemm(blas.NoTrans, blas.NoTrans, 1, a, b, 0, c) }
	}
	Register(append(MatkernLevels(base), sq)...)
}

func to32(g blas64.General) blas32.General {
	d := make([]float32, len(g.Data))
	for i, v := range g.Data {
		d[i] = float32(v)
	}
	return blas32.General{Rows: g.Rows, Cols: g.Cols, Stride: g.Stride, Data: d}
}
