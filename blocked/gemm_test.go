package blocked

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// gemmCase is one product to check against ref.Gemm.
type gemmCase[T view.Float] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	nanC           bool // β = 0 with C full of NaN (sentinels): C must not be read
	nanAB          bool // α = 0 with NaN in A and B: A and B must not be read
	threads        int
	off            int
	pad            int // stride − cols for A, B and C
}

func (g gemmCase[T]) String() string {
	return fmt.Sprintf("tA=%v/tB=%v/m=%d/n=%d/k=%d/alpha=%v/beta=%v/nanC=%v/nanAB=%v/threads=%d/off=%d/pad=%d",
		g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.beta, g.nanC, g.nanAB, g.threads, g.off, g.pad)
}

// checkGemm runs one case at the level in force and compares with ref.Gemm. The bound is
// the standard one for any summation order with or without fusion, γ_{k+2}·(|α|·|A||B| +
// |β||C|), plus half an ulp of T for the reference's own final rounding.
func runGemmCase[T view.Float](t *testing.T, r *rand.Rand, g gemmCase[T]) {
	t.Helper()
	ar, ac := g.m, g.k
	if g.transA {
		ar, ac = ac, ar
	}
	br, bc := g.k, g.n
	if g.transB {
		br, bc = bc, br
	}
	a := testutil.GuardedMatrixCopy(testutil.Matrix[T](r, ar, ac), ac+g.pad+boolInt(ac == 0), (g.off+3)%8)
	b := testutil.GuardedMatrixCopy(testutil.Matrix[T](r, br, bc), bc+g.pad+boolInt(bc == 0), (g.off+5)%8)
	if g.nanAB {
		for _, x := range []view.Matrix[T]{a.M, b.M} {
			if x.Rows > 0 && x.Cols > 0 {
				x.Set(r.IntN(x.Rows), r.IntN(x.Cols), T(math.NaN()))
				x.Set(r.IntN(x.Rows), r.IntN(x.Cols), T(math.Inf(1)))
			}
		}
	}
	var c *testutil.GuardedMatrix[T]
	if g.nanC {
		c = testutil.NewGuardedMatrix[T](g.m, g.n, g.n+g.pad+boolInt(g.n == 0), g.off)
	} else {
		c = testutil.GuardedMatrixCopy(testutil.Matrix[T](r, g.m, g.n), g.n+g.pad+boolInt(g.n == 0), g.off)
	}
	cIn := view.Matrix[T]{Rows: c.M.Rows, Cols: c.M.Cols, Stride: c.M.Stride, Data: append([]T(nil), c.M.Data...)}
	sa, sb := testutil.Snap(a.M.Data), testutil.Snap(b.M.Data)

	gemm(dispatch.Current(), g.transA, g.transB, g.alpha, a.M, b.M, g.beta, c.M, g.threads)

	name := g.String()
	c.Check(t, name+" c")
	a.Check(t, name+" a")
	b.Check(t, name+" b")
	sa.Check(t, name+" a", a.M.Data)
	sb.Check(t, name+" b", b.M.Data)
	want := ref.Gemm(g.transA, g.transB, float64(g.alpha), a.M, b.M, float64(g.beta), cIn)
	bound := ref.GemmBound(g.transA, g.transB, float64(g.alpha), a.M, b.M, float64(g.beta), cIn)
	eps := testutil.Eps[T]()
	for i := 0; i < g.m; i++ {
		for j := 0; j < g.n; j++ {
			got, w := float64(c.M.At(i, j)), float64(want.At(i, j))
			tol := float64(g.k+2)*eps*bound.At(i, j) + eps/2*math.Abs(w)
			if math.IsNaN(got) || math.IsNaN(w) || math.Abs(got-w) > tol {
				t.Fatalf("%s: C(%d, %d) = %v, want %v ± %.3g", name, i, j, got, w, tol)
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// gemmTile returns the level's micro-tile for T.
func gemmTile[T view.Float]() (mr, nr int) {
	_, mr, nr = kernelOf[T](dispatch.Current())
	return mr, nr
}

// sizesAround returns 1, 2 and sizes around one and two multiples of q, plus odd sizes.
func sizesAround(q int) []int {
	s := []int{1, 2, q - 1, q, q + 1, 2*q + 3, 37}
	out := s[:0]
	seen := map[int]bool{}
	for _, v := range s {
		if v >= 1 && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func testGemmShapes[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	mr, nr := gemmTile[T]()
	kc := blockSizesFor(view.SizeOf[T](), mr, nr).kc
	ks := []int{1, 3, 17, kc, kc + 1}
	for _, tA := range []bool{false, true} {
		for _, tB := range []bool{false, true} {
			for _, m := range sizesAround(mr) {
				for _, n := range sizesAround(nr) {
					for _, k := range ks {
						if k >= kc && r.IntN(4) != 0 {
							continue // the deep products: a quarter of the shapes
						}
						runGemmCase(t, r, gemmCase[T]{transA: tA, transB: tB, m: m, n: n, k: k,
							alpha: 1.5, beta: 0.5, threads: 1, off: r.IntN(8), pad: r.IntN(3)})
					}
				}
			}
		}
	}
}

func testGemmScalars[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	mr, nr := gemmTile[T]()
	for _, s := range []struct {
		alpha, beta T
		nanC, nanAB bool
	}{
		{1, 0, true, false}, {-0.5, 0, true, false}, {0, 0, true, true}, {0, 2, false, true},
		{0, 1, false, true}, {1, 1, false, false}, {2, -1, false, false},
	} {
		for _, sh := range [][3]int{{0, 5, 3}, {4, 0, 3}, {3, 4, 0}, {1, 1, 1}, {mr + 1, nr + 3, 20}, {2*mr + 1, 2 * nr, 33}} {
			for _, tA := range []bool{false, true} {
				runGemmCase(t, r, gemmCase[T]{transA: tA, transB: !tA, m: sh[0], n: sh[1], k: sh[2],
					alpha: s.alpha, beta: s.beta, nanC: s.nanC, nanAB: s.nanAB, threads: 1, off: r.IntN(8), pad: r.IntN(4)})
			}
		}
	}
}

// testGemmBlocks shrinks the cache blocks so small products cross many mc, kc and nc
// boundaries, on one and several workers.
func testGemmBlocks[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	mr, nr := gemmTile[T]()
	defer func(o blockSizes, p float64) { override, gemmMinFlops = o, p }(override, gemmMinFlops)
	gemmMinFlops = 0
	for _, bs := range []blockSizes{{mc: 2 * mr, kc: 8, nc: 2 * nr}, {mc: mr, kc: 5, nc: nr}, {mc: 3 * mr, kc: 16, nc: 5 * nr}} {
		override = bs
		for _, threads := range []int{1, 2, 3} {
			for range 6 {
				g := gemmCase[T]{transA: r.IntN(2) == 0, transB: r.IntN(2) == 0,
					m: 1 + r.IntN(5*mr), n: 1 + r.IntN(5*nr), k: 1 + r.IntN(40),
					alpha: 0.75, beta: []T{0, 1, -2}[r.IntN(3)], threads: threads, off: r.IntN(8), pad: r.IntN(3)}
				g.nanC = g.beta == 0
				runGemmCase(t, r, g)
			}
		}
	}
}

func TestGemm(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("f64/shapes", testGemmShapes[float64])
		t.Run("f32/shapes", testGemmShapes[float32])
		t.Run("f64/scalars", testGemmScalars[float64])
		t.Run("f32/scalars", testGemmScalars[float32])
		t.Run("f64/blocks", testGemmBlocks[float64])
		t.Run("f32/blocks", testGemmBlocks[float32])
	})
}

// TestGemmParallel runs products large enough for the default parallel path, with more
// workers than cores; run it under -race.
func TestGemmParallel(t *testing.T) {
	defer func(p float64) { gemmMinFlops = p }(gemmMinFlops)
	gemmMinFlops = 0
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, threads := range []int{2, 3, 4} {
			n := 200
			if l == dispatch.Generic {
				n = 120
			}
			runGemmCase(t, r, gemmCase[float64]{m: n + 1, n: n - 3, k: n, alpha: 1, beta: 0.5, threads: threads, pad: 1})
			runGemmCase(t, r, gemmCase[float32]{transA: true, m: n - 7, n: n + 9, k: n, alpha: 1, beta: 0, nanC: true, threads: threads})
			// Few rows: the workers share the A block and split the columns.
			runGemmCase(t, r, gemmCase[float64]{transB: true, m: 9, n: 5 * n, k: n, alpha: -1, beta: 1, threads: threads})
		}
	})
}

// TestGemmThreadsBitExact checks that the thread count does not change a single bit:
// every element is accumulated in the same order whichever worker computes it.
func TestGemmThreadsBitExact(t *testing.T) {
	defer func(p float64) { gemmMinFlops = p }(gemmMinFlops)
	gemmMinFlops = 0
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		a, b := testutil.Matrix[float64](r, 97, 300), testutil.Matrix[float64](r, 300, 75)
		c0 := testutil.Matrix[float64](r, 97, 75)
		var want []float64
		for _, threads := range []int{1, 2, 3} {
			c := view.Matrix[float64]{Rows: 97, Cols: 75, Stride: 75, Data: append([]float64(nil), c0.Data...)}
			gemm(dispatch.Current(), false, true, 0.5, a, view.Matrix[float64]{Rows: 75, Cols: 300, Stride: 300, Data: transposeData(b)}, 2, c, threads)
			if want == nil {
				want = c.Data
				continue
			}
			testutil.EqualBits(t, fmt.Sprintf("threads=%d", threads), c.Data, want)
		}
	})
}

func transposeData(m view.Matrix[float64]) []float64 {
	out := make([]float64, m.Rows*m.Cols)
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			out[j*m.Rows+i] = m.At(i, j)
		}
	}
	return out
}

// TestGemmConcurrent runs products from several goroutines at once; run it under -race.
func TestGemmConcurrent(t *testing.T) {
	defer SetThreads(SetThreads(2))
	defer func(p float64) { gemmMinFlops = p }(gemmMinFlops)
	gemmMinFlops = 0
	r := testutil.Rand(t)
	const n = 150
	a := testutil.Matrix[float64](r, n, n)
	b := testutil.Matrix[float64](r, n, n)
	want := ref.Gemm(false, false, 1, a, b, 0, view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)})
	done := make(chan view.Matrix[float64])
	for range 4 {
		go func() {
			c := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
			Gemm(blas.NoTrans, blas.NoTrans, 1, view.General64(a), view.General64(b), 0, view.General64(c))
			done <- c
		}()
	}
	for range 4 {
		c := <-done
		testutil.WithinRel(t, "concurrent", c.Data, want.Data, 1e-12, 1)
	}
}

func TestGemmAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts need a full, race-free run")
	}
	defer func(p float64) { gemmMinFlops = p }(gemmMinFlops)
	gemmMinFlops = 0 // the parallel path too
	r := testutil.Rand(t)
	for _, threads := range []int{1, 2} {
		prev := SetThreads(threads)
		const n = 260
		a := view.General64(testutil.Matrix[float64](r, n, n))
		b := view.General64(testutil.Matrix[float64](r, n, n))
		c := view.General64(testutil.Matrix[float64](r, n, n))
		a32 := view.General32(testutil.Matrix[float32](r, n, n))
		c32 := view.General32(testutil.Matrix[float32](r, n, n))
		run := func() {
			Gemm(blas.NoTrans, blas.Trans, 1, a, b, 1, c)
			Gemm32(blas.Trans, blas.NoTrans, 1, a32, a32, 0, c32)
		}
		run()
		if got := testing.AllocsPerRun(5, run); got != 0 {
			t.Errorf("threads=%d: %v allocations per steady-state call, want 0", threads, got)
		}
		SetThreads(prev)
	}
}

func TestGemmPanics(t *testing.T) {
	g := func(r, c int) blas64.General {
		return blas64.General{Rows: r, Cols: c, Stride: max(c, 1), Data: make([]float64, r*max(c, 1))}
	}
	g32 := func(r, c int) blas32.General {
		return blas32.General{Rows: r, Cols: c, Stride: max(c, 1), Data: make([]float32, r*max(c, 1))}
	}
	shared := g(4, 4)
	for _, p := range []struct {
		name, want string
		f          func()
	}{
		{"inner", "blocked.Gemm: shapes do not agree: op(a) is 2×3", func() { Gemm(blas.NoTrans, blas.NoTrans, 1, g(2, 3), g(4, 5), 0, g(2, 5)) }},
		{"c rows", "blocked.Gemm: shapes do not agree", func() { Gemm(blas.Trans, blas.NoTrans, 1, g(2, 3), g(2, 5), 0, g(2, 5)) }},
		{"stride", "blocked.Gemm: c (2×5) has stride 3", func() {
			Gemm(blas.NoTrans, blas.NoTrans, 1, g(2, 3), g(3, 5), 0, blas64.General{Rows: 2, Cols: 5, Stride: 3, Data: make([]float64, 10)})
		}},
		{"trans", "blocked.Gemm: tA = 7", func() { Gemm(7, blas.NoTrans, 1, g(2, 3), g(3, 5), 0, g(2, 5)) }},
		{"alias", "blocked.Gemm: c (4×4) shares memory with a", func() { Gemm(blas.NoTrans, blas.NoTrans, 1, shared, g(4, 4), 0, shared) }},
		{"f32", "blocked.Gemm32: shapes do not agree", func() { Gemm32(blas.NoTrans, blas.Trans, 1, g32(2, 3), g32(3, 5), 0, g32(2, 5)) }},
	} {
		func() {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, p.want) {
					t.Errorf("%s: panic %q, want it to contain %q", p.name, msg, p.want)
				}
			}()
			p.f()
		}()
	}
}

func refBound(transA, transB bool, alpha float64, a, b view.Matrix[float64], beta float64, c view.Matrix[float64]) view.Matrix[float64] {
	return ref.GemmBound(transA, transB, alpha, a, b, beta, c)
}

// TestSetThreads checks SetThreads' contract: the previous setting comes back (0 for the
// default, so that SetThreads(previous) restores it), n ≤ 0 means the default
// (GOMAXPROCS, capped at 64), and larger values are capped at 64.
func TestSetThreads(t *testing.T) {
	defer SetThreads(SetThreads(0))
	def := min(runtime.GOMAXPROCS(0), maxThreads)
	if p := SetThreads(3); p != 0 {
		t.Errorf("SetThreads(3) after the default returned %d, want 0", p)
	}
	if got := Threads(); got != 3 {
		t.Errorf("Threads() = %d after SetThreads(3)", got)
	}
	if p := SetThreads(-5); p != 3 {
		t.Errorf("SetThreads(-5) returned %d, want 3", p)
	}
	if got := Threads(); got != def {
		t.Errorf("Threads() = %d after SetThreads(-5), want the default %d", got, def)
	}
	SetThreads(1000)
	if got := Threads(); got != maxThreads {
		t.Errorf("Threads() = %d after SetThreads(1000), want %d", got, maxThreads)
	}
}
