package blocked

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

func spdInvOf[T view.Float](a view.Matrix[T]) (float64, int) {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		return SPDInverse32(view.General32(x))
	}
	return SPDInverse(view.General64(any(a).(view.Matrix[float64])))
}

// TestSPDInverse inverts random SPD matrices of the listed orders at every level, in
// guarded storage with strides past the columns and NaN in the strict upper triangle
// (which must not be read), with the default block width and two others, and checks:
// the guards, exact symmetry, the residual ‖A·X − I‖ (as LU's test), and X and log det
// against Cholesky + CholeskyInverse (same rounding order of magnitude: the bound is
// 10·n·ε·κ∞·‖X‖, κ∞ from the computed inverse).
func TestSPDInverse(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		widths := []int{0, -1, 48, 16}
		if raceEnabled {
			widths = widths[2:3]
		}
		for _, w := range widths {
			saved := spdBlock
			spdBlock = w
			testSPD[float64](t, r, fmt.Sprintf("spdb=%d", w))
			testSPD[float32](t, r, fmt.Sprintf("spdb=%d", w))
			spdBlock = saved
		}
	})
}

func testSPD[T view.Float](t *testing.T, r *rand.Rand, knobs string) {
	for _, n := range []int{0, 1, 2, 3, 17, 64, 65, 130, 300, 600} {
		if n == 600 && (testing.Short() || raceEnabled || view.Is32[T]()) {
			continue
		}
		name := fmt.Sprintf("%s/%T/n=%d", knobs, T(0), n)
		a := spd[T](r, n)
		in := view.Matrix[T]{Rows: n, Cols: n, Stride: max(n, 1), Data: append([]T(nil), a.Data...)}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				in.Set(i, j, T(math.NaN()))
			}
		}
		g := testutil.GuardedMatrixCopy(in, max(1, n+r.IntN(5)), r.IntN(8))
		ld, f := spdInvOf(g.M)
		if f != -1 {
			t.Fatalf("%s: failed = %d", name, f)
		}
		g.Check(t, name)
		for i := 0; i < n; i++ {
			for j := 0; j < i; j++ {
				if g.M.At(i, j) != g.M.At(j, i) {
					t.Fatalf("%s: X[%d,%d] = %v ≠ X[%d,%d] = %v", name, i, j, g.M.At(i, j), j, i, g.M.At(j, i))
				}
			}
		}
		checkInverse(t, name, a, g.M)
		c := view.Matrix[T]{Rows: n, Cols: n, Stride: max(n, 1), Data: append([]T(nil), a.Data...)}
		cholOf(c)
		cl := 0.0
		for i := 0; i < n; i++ {
			cl += 2 * math.Log(float64(c.At(i, i)))
		}
		cholInvOf(c)
		eps := float64(testutil.Eps[T]())
		var nx, na float64
		for i := 0; i < n; i++ {
			var sx, sa float64
			for j := 0; j < n; j++ {
				sx += math.Abs(float64(g.M.At(i, j)))
				sa += math.Abs(float64(a.At(i, j)))
			}
			nx, na = max(nx, sx), max(na, sa)
		}
		ltol := 4 * float64(n) * eps * (1 + math.Abs(cl) + nx*na)
		if d := math.Abs(ld - cl); !(d <= ltol) {
			t.Fatalf("%s: log det %v, Cholesky's %v", name, ld, cl)
		}
		tol := 10 * float64(n) * eps * nx * na * nx
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if d := math.Abs(float64(g.M.At(i, j) - c.At(i, j))); !(d <= tol) {
					t.Fatalf("%s: X[%d,%d] = %v, Cholesky's %v (tolerance %v)", name, i, j, g.M.At(i, j), c.At(i, j), tol)
				}
			}
		}
		if n > 0 && n <= 130 && !view.Is32[T]() {
			// Against the unblocked Gauss–Jordan reference.
			a64 := make([]float64, n*n)
			for i := range a64 {
				a64[i] = float64(a.Data[i])
			}
			ref, _, refLog, _ := gjRef(a64, n)
			if !(math.Abs(refLog-ld) <= ltol) {
				t.Fatalf("%s: log det %v, reference %v", name, ld, refLog)
			}
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					if d := math.Abs(float64(g.M.At(i, j)) - ref[i*n+j]); !(d <= tol) {
						t.Fatalf("%s: X[%d,%d] = %v, reference %v (tolerance %v)", name, i, j, g.M.At(i, j), ref[i*n+j], tol)
					}
				}
			}
		}
	}
}

func cholOf[T view.Float](a view.Matrix[T]) int {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		return Cholesky32(view.General32(x))
	}
	return Cholesky(view.General64(any(a).(view.Matrix[float64])))
}

func cholInvOf[T view.Float](a view.Matrix[T]) {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		CholeskyInverse32(view.General32(x))
		return
	}
	CholeskyInverse(view.General64(any(a).(view.Matrix[float64])))
}

// TestSPDInverseNotPD: a negative diagonal entry at p (in the first, a middle and the
// last block, on and off block boundaries) fails at p, as Cholesky does, log det NaN;
// a 2×2 singular PSD matrix fails at 1; NaN anywhere in the lower triangle fails at or
// before its row, as Cholesky.
func TestSPDInverseNotPD(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, n := range []int{1, 3, 65, 300} {
			for _, p := range []int{0, n / 3, spdSplit(n) - 1, spdSplit(n), spdLeaf, n - 1} {
				if p < 0 || p >= n {
					continue
				}
				a := spd[float64](r, n)
				a.Set(p, p, -1)
				c := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: append([]float64(nil), a.Data...)}
				ld, f := SPDInverse(view.General64(a))
				if f != p || !math.IsNaN(ld) || Cholesky(view.General64(c)) != p {
					t.Fatalf("n=%d, −1 at %d: failed %d, log det %v; want %d, NaN", n, p, f, ld, p)
				}
			}
		}
		g := blas32.General{Rows: 2, Cols: 2, Stride: 2, Data: []float32{1, 0, 2, 4}}
		if ld, f := SPDInverse32(g); f != 1 || !math.IsNaN(ld) {
			t.Fatalf("[1 2; 2 4]: %v, %d; want NaN, 1", ld, f)
		}
		for _, n := range []int{5, 70, 300} {
			for _, pos := range [][2]int{{n - 1, 0}, {n * 2 / 3, 3}, {n / 2, n / 2}} {
				a := spd[float64](r, n)
				a.Set(pos[0], pos[1], math.NaN())
				c := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: append([]float64(nil), a.Data...)}
				ld, f := SPDInverse(view.General64(a))
				cf := Cholesky(view.General64(c))
				if f < 0 || f > pos[0] || f != cf || !math.IsNaN(ld) {
					t.Fatalf("n=%d, NaN at %v: failed %d (Cholesky %d), log det %v", n, pos, f, cf, ld)
				}
			}
		}
	})
}

// TestSPDInverseParallel: the same bits on one and three threads (GEMM split threshold
// lowered so that the updates do split), float64 and float32.
func TestSPDInverseParallel(t *testing.T) {
	prevMin := gemmMinFlops
	gemmMinFlops = 1e4
	prev := SetThreads(1)
	defer func() { gemmMinFlops = prevMin; SetThreads(prev) }()
	r := testutil.Rand(t)
	n := 600
	if raceEnabled {
		n = 250
	}
	a := spd[float64](r, n)
	run := func(nt int) ([]float64, []float32, float64) {
		SetThreads(nt)
		f := blas64.General{Rows: n, Cols: n, Stride: n, Data: append([]float64(nil), a.Data...)}
		l, _ := SPDInverse(f)
		g := blas32.General{Rows: n, Cols: n, Stride: n, Data: make([]float32, n*n)}
		for i := range g.Data {
			g.Data[i] = float32(a.Data[i])
		}
		SPDInverse32(g)
		return f.Data, g.Data, l
	}
	f1, g1, l1 := run(1)
	f3, g3, l3 := run(3)
	testutil.EqualBits(t, "SPDInverse", f3, f1)
	testutil.EqualBits(t, "SPDInverse32", g3, g1)
	if l1 != l3 {
		t.Fatalf("log det %v on one thread, %v on three", l1, l3)
	}
}

func TestSPDInversePanics(t *testing.T) {
	for _, f := range []func(){
		func() { SPDInverse(blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}) },
		func() { SPDInverse32(blas32.General{Rows: 3, Cols: 2, Stride: 2, Data: make([]float32, 6)}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			f()
		}()
	}
}
