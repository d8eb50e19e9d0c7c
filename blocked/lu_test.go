package blocked

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	lapackgonum "gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// lapackOnOurs is gonum's LAPACK with Dgetrf (m ≥ n), Dgetri, Dpotrf and Dpotri (lower)
// replaced by ours, so that testlapack's drivers test them.
type lapackOnOurs struct{ lapackgonum.Implementation }

func (lapackOnOurs) Dgetrf(m, n int, a []float64, lda int, ipiv []int) bool {
	if m < n || n == 0 {
		return lapackgonum.Implementation{}.Dgetrf(m, n, a, lda, ipiv)
	}
	A := view.Matrix[float64]{Rows: m, Cols: n, Stride: lda, Data: a}
	return newLin[float64](dispatch.Current(), Threads()).luRec(A, ipiv[:n])
}

func (lapackOnOurs) Dgetri(n int, a []float64, lda int, ipiv []int, work []float64, lwork int) bool {
	if lwork == -1 {
		work[0] = float64(max(1, n))
		return true
	}
	for i := 0; i < n; i++ {
		if a[i*lda+i] == 0 {
			return false
		}
	}
	LUInverse(blas64.General{Rows: n, Cols: n, Stride: lda, Data: a}, ipiv[:n], nil)
	return true
}

func (lapackOnOurs) Dpotrf(ul blas.Uplo, n int, a []float64, lda int) bool {
	if ul != blas.Lower || n == 0 {
		return lapackgonum.Implementation{}.Dpotrf(ul, n, a, lda)
	}
	return Cholesky(blas64.General{Rows: n, Cols: n, Stride: lda, Data: a}) < 0
}

func (lapackOnOurs) Dpotri(ul blas.Uplo, n int, a []float64, lda int) bool {
	if ul != blas.Lower || n == 0 {
		return lapackgonum.Implementation{}.Dpotri(ul, n, a, lda)
	}
	for i := 0; i < n; i++ {
		if a[i*lda+i] == 0 {
			return false
		}
	}
	// LAPACK's dpotri leaves the upper triangle alone; ours fills it: restore it.
	up := make([]float64, 0, n*n/2)
	for i := 0; i < n; i++ {
		up = append(up, a[i*lda+i+1:i*lda+n]...)
	}
	CholeskyInverse(blas64.General{Rows: n, Cols: n, Stride: lda, Data: a})
	for i := 0; i < n; i++ {
		up = up[copy(a[i*lda+i+1:i*lda+n], up):]
	}
	return true
}

func TestLUTestlapack(t *testing.T) {
	if raceEnabled {
		t.Skip("serial code on large cases: slow under the race detector; TestLUCholeskyParallel covers the splits")
	}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("Dgetrf", func(t *testing.T) { testlapack.DgetrfTest(t, lapackOnOurs{}) })
		t.Run("Dgetri", func(t *testing.T) { testlapack.DgetriTest(t, lapackOnOurs{}) })
		t.Run("Dpotrf", func(t *testing.T) { testlapack.DpotrfTest(t, lapackOnOurs{}) })
		t.Run("Dpotri", func(t *testing.T) { testlapack.DpotriTest(t, lapackOnOurs{}) })
	})
}

var luSizes = []int{0, 1, 2, 3, 17, 31, 32, 33, 64, 65, 130, 300, 600}

// luLinOf runs LU and LUInverse of either precision on a view.
func luOf[T view.Float](a view.Matrix[T], ipiv []int) bool {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		return LU32(view.General32(x), ipiv)
	}
	return LU(view.General64(any(a).(view.Matrix[float64])), ipiv)
}

func luInverseOf[T view.Float](a view.Matrix[T], ipiv []int, work []T) {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		LUInverse32(view.General32(x), ipiv, any(work).([]float32))
		return
	}
	LUInverse(view.General64(any(a).(view.Matrix[float64])), ipiv, any(work).([]float64))
}

func choleskyOf[T view.Float](a view.Matrix[T]) int {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		return Cholesky32(view.General32(x))
	}
	return Cholesky(view.General64(any(a).(view.Matrix[float64])))
}

func choleskyInverseOf[T view.Float](a view.Matrix[T]) {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		CholeskyInverse32(view.General32(x))
		return
	}
	CholeskyInverse(view.General64(any(a).(view.Matrix[float64])))
}

// checkLU checks the factors in f (with ipiv) against the original a: ipiv in range,
// |L| ≤ 1 (partial pivoting), and |P·A − L·U| ≤ 3n·ε·(|L|·|U|) + tiny elementwise, the
// standard backward error bound γ_n·|L|·|U| with room for the blocked order of the sums.
func checkLU[T view.Float](t *testing.T, name string, a, f view.Matrix[T], ipiv []int) {
	t.Helper()
	n := a.Rows
	eps := testutil.Eps[T]()
	pa := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			pa[i*n+j] = float64(a.At(i, j))
		}
	}
	for i, p := range ipiv {
		if p < i || p >= n {
			t.Fatalf("%s: ipiv[%d] = %d, want in [%d, %d)", name, i, p, i, n)
		}
		for j := 0; j < n; j++ {
			pa[i*n+j], pa[p*n+j] = pa[p*n+j], pa[i*n+j]
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			if v := math.Abs(float64(f.At(i, j))); !(v <= 1) {
				t.Fatalf("%s: |L[%d,%d]| = %v > 1: not partial pivoting", name, i, j, v)
			}
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s, abs float64
			for p := 0; p <= min(i, j); p++ {
				l := 1.0
				if p < i {
					l = float64(f.At(i, p))
				}
				u := float64(f.At(p, j))
				s += l * u
				abs += math.Abs(l * u)
			}
			if d := math.Abs(s - pa[i*n+j]); !(d <= 3*float64(n)*eps*abs+1e-300) {
				t.Fatalf("%s: (P·A − L·U)[%d,%d] = %v, bound %v", name, i, j, d, 3*float64(n)*eps*abs)
			}
		}
	}
}

// checkInverse checks ‖A·X − I‖∞ ≤ 30·n·ε·‖A‖∞·‖X‖∞ (the usual residual test ratio,
// threshold 30 as in LAPACK's test suite).
func checkInverse[T view.Float](t *testing.T, name string, a, x view.Matrix[T]) {
	t.Helper()
	n := a.Rows
	eps := testutil.Eps[T]()
	normA, normX, res := 0.0, 0.0, 0.0
	row := make([]float64, n)
	for i := 0; i < n; i++ {
		clear(row)
		var sa, sx float64
		for p := 0; p < n; p++ {
			ap := float64(a.At(i, p))
			sa += math.Abs(ap)
			sx += math.Abs(float64(x.At(i, p)))
			xr := x.Row(p)
			for j := range row {
				row[j] += ap * float64(xr[j])
			}
		}
		row[i] -= 1
		var sr float64
		for _, v := range row {
			sr += math.Abs(v)
		}
		normA, normX, res = max(normA, sa), max(normX, sx), max(res, sr)
	}
	if n > 0 && !(res <= 30*float64(n)*eps*normA*normX) {
		t.Fatalf("%s: ‖A·A⁻¹ − I‖∞ = %v, ratio %.1f (want ≤ 30)", name, res, res/(float64(n)*eps*normA*normX))
	}
}

// TestLU factors random and permutation-heavy matrices of the listed orders at every
// level, in guarded storage with strides past the columns, checks the factors and the
// inverse, and (float64, random) that the pivots are gonum's Dgetrf's.
func TestLU(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		testLU[float64](t, r)
		testLU[float32](t, r)
	})
}

func testLU[T view.Float](t *testing.T, r *rand.Rand) {
	for _, n := range luSizes {
		if n == 600 && (testing.Short() || view.Is32[T]()) {
			continue
		}
		for _, kind := range []string{"random", "reversed"} {
			name := fmt.Sprintf("%T/%s/n=%d", T(0), kind, n)
			a := testutil.Matrix[T](r, n, n)
			if kind == "reversed" {
				// Rows of a lower triangle with a dominant diagonal, bottom row first:
				// every step pivots on a row far below.
				for i := 0; i < n; i++ {
					for j := 0; j < n; j++ {
						v := T(0)
						if j <= n-1-i {
							v = T(r.Float64() - 0.5)
						}
						if j == n-1-i {
							v = T(float64(n) + 1)
						}
						a.Set(i, j, v)
					}
				}
			}
			g := testutil.GuardedMatrixCopy(a, max(1, n+r.IntN(5)), r.IntN(8))
			ipiv := make([]int, n)
			if !luOf(g.M, ipiv) {
				t.Fatalf("%s: LU reported a zero pivot", name)
			}
			g.Check(t, name)
			checkLU(t, name, a, g.M, ipiv)
			if kind == "reversed" {
				for i, p := range ipiv {
					if i < n/2 && p != n-1-i {
						t.Fatalf("%s: ipiv[%d] = %d, want %d", name, i, p, n-1-i)
					}
				}
			}
			if x, ok := any(a).(view.Matrix[float64]); ok && kind == "random" && n > 0 && n <= 300 {
				c := append([]float64(nil), x.Data...)
				gp := make([]int, n)
				lapackgonum.Implementation{}.Dgetrf(n, n, c, n, gp)
				for i := range gp {
					if gp[i] != ipiv[i] {
						t.Fatalf("%s: ipiv[%d] = %d, gonum's Dgetrf %d", name, i, ipiv[i], gp[i])
					}
				}
			}
			var work []T
			if r.IntN(2) == 0 {
				work = make([]T, LUInverseWork(n))
			}
			luInverseOf(g.M, ipiv, work)
			g.Check(t, name+"/inverse")
			checkInverse(t, name+"/inverse", a, g.M)
		}
	}
}

// TestLUSingular: an exactly zero column and an exactly singular 2×2 give ok = false,
// a zero pivot, and still a complete factorization.
func TestLUSingular(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, n := range []int{2, 40, 130} {
			for _, zc := range []int{0, n / 2, n - 1} {
				a := testutil.Matrix[float64](r, n, n)
				for i := 0; i < n; i++ {
					a.Set(i, zc, 0)
				}
				f := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: append([]float64(nil), a.Data...)}
				ipiv := make([]int, n)
				name := fmt.Sprintf("n=%d/zero column %d", n, zc)
				if LU(view.General64(f), ipiv) {
					t.Fatalf("%s: ok = true", name)
				}
				if f.At(zc, zc) != 0 {
					t.Fatalf("%s: U[%d,%d] = %v, want 0", name, zc, zc, f.At(zc, zc))
				}
				checkLU(t, name, a, f, ipiv)
			}
		}
		f := blas32.General{Rows: 2, Cols: 2, Stride: 2, Data: []float32{1, 2, 2, 4}}
		ipiv := make([]int, 2)
		if LU32(f, ipiv) || f.Data[3] != 0 || ipiv[0] != 1 {
			t.Fatalf("[1 2; 2 4]: factors %v, ipiv %v, want ok = false and U[1,1] = 0", f.Data, ipiv)
		}
	})
}

// TestLUNaN: a NaN entry becomes its column's pivot and spreads through the factors.
func TestLUNaN(t *testing.T) {
	r := testutil.Rand(t)
	n := 70
	a := testutil.Matrix[float64](r, n, n)
	a.Set(50, 3, math.NaN())
	ipiv := make([]int, n)
	LU(view.General64(a), ipiv)
	if ipiv[3] != 50 && !math.IsNaN(a.At(3, 3)) {
		t.Fatalf("ipiv[3] = %d, want the NaN's row 50 (or NaN already spread)", ipiv[3])
	}
	if !math.IsNaN(a.At(n-1, n-1)) {
		t.Fatalf("U[n−1,n−1] = %v, want NaN", a.At(n-1, n-1))
	}
}

// spd returns a random symmetric positive definite n×n matrix B·Bᵀ/n + I/2.
func spd[T view.Float](r *rand.Rand, n int) view.Matrix[T] {
	b := testutil.Matrix[float64](r, n, n)
	a := view.Matrix[T]{Rows: n, Cols: n, Stride: max(n, 1), Data: make([]T, n*n)}
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for p := 0; p < n; p++ {
				s += b.At(i, p) * b.At(j, p)
			}
			s /= float64(n)
			if i == j {
				s += 0.5
			}
			a.Set(i, j, T(s))
			a.Set(j, i, T(s))
		}
	}
	return a
}

// TestCholesky factors random SPD matrices at every level, with the strict upper
// triangle NaN sentinels that must stay untouched, checks |A − L·Lᵀ| ≤ 3n·ε·|L|·|Lᵀ|
// elementwise, then the inverse (both triangles, exactly symmetric, residual ratio ≤ 30).
func TestCholesky(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		testCholesky[float64](t, r)
		testCholesky[float32](t, r)
	})
}

func testCholesky[T view.Float](t *testing.T, r *rand.Rand) {
	eps := testutil.Eps[T]()
	for _, n := range luSizes {
		if n == 600 && (testing.Short() || view.Is32[T]()) {
			continue
		}
		name := fmt.Sprintf("%T/n=%d", T(0), n)
		a := spd[T](r, n)
		g := testutil.NewGuardedMatrix[T](n, n, max(1, n+r.IntN(5)), r.IntN(8))
		for i := 0; i < n; i++ {
			copy(g.M.Row(i)[:i+1], a.Row(i)[:i+1])
		}
		if f := choleskyOf(g.M); f != -1 {
			t.Fatalf("%s: failed = %d, want −1", name, f)
		}
		g.Check(t, name)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if !testutil.IsSentinel(g.M.At(i, j)) {
					t.Fatalf("%s: upper element (%d,%d) written", name, i, j)
				}
			}
			for j := 0; j <= i; j++ {
				var s, abs float64
				for p := 0; p <= j; p++ {
					v := float64(g.M.At(i, p)) * float64(g.M.At(j, p))
					s += v
					abs += math.Abs(v)
				}
				if d := math.Abs(s - float64(a.At(i, j))); !(d <= 3*float64(n)*eps*abs) {
					t.Fatalf("%s: (A − L·Lᵀ)[%d,%d] = %v, bound %v", name, i, j, d, 3*float64(n)*eps*abs)
				}
			}
		}
		choleskyInverseOf(g.M)
		g.Check(t, name+"/inverse")
		for i := 0; i < n; i++ {
			for j := 0; j < i; j++ {
				if !testutil.SameBits(g.M.At(i, j), g.M.At(j, i)) {
					t.Fatalf("%s: inverse not symmetric at (%d,%d)", name, i, j)
				}
			}
		}
		checkInverse(t, name+"/inverse", a, g.M)
	}
}

// TestCholeskyNotSPD: a negative or NaN pivot at row j gives failed = j.
func TestCholeskyNotSPD(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, n := range []int{1, 5, 40, 130, 300} {
			base := spd[float64](r, n)
			for _, j := range []int{0, n / 3, n / 2, n - 1} {
				for _, bad := range []float64{-1, 0, math.NaN()} {
					a := base
					a.Data = append([]float64(nil), base.Data...)
					a.Set(j, j, bad*float64(n))
					if math.IsNaN(bad) {
						a.Set(j, j, 1)
						a.Set(j, max(j-1, 0), math.NaN())
					}
					if got := Cholesky(view.General64(a)); got != j {
						t.Fatalf("n=%d, bad %v at %d: failed = %d, want %d", n, bad, j, got, j)
					}
					if !math.IsNaN(bad) {
						b := view.Matrix[float32]{Rows: n, Cols: n, Stride: n, Data: make([]float32, n*n)}
						for i, v := range base.Data {
							b.Data[i] = float32(v)
						}
						b.Set(j, j, float32(bad)*float32(n))
						if got := Cholesky32(view.General32(b)); got != j {
							t.Fatalf("float32 n=%d, bad %v at %d: failed = %d, want %d", n, bad, j, got, j)
						}
					}
				}
			}
		}
	})
}

// TestLUCholeskyParallel: the factorizations and inverses, float64 and float32, give the
// same bits on one and three threads (the GEMM split threshold lowered so that the
// updates do split).
func TestLUCholeskyParallel(t *testing.T) {
	prevMin := gemmMinFlops
	gemmMinFlops = 1e4
	prev := SetThreads(1)
	defer func() { gemmMinFlops = prevMin; SetThreads(prev) }()
	r := testutil.Rand(t)
	n := 300
	a := testutil.Matrix[float64](r, n, n)
	s := spd[float64](r, n)
	run := func(nt int) (lu, luInv, ch, chInv []float64, ipiv []int) {
		SetThreads(nt)
		f := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: append([]float64(nil), a.Data...)}
		ipiv = make([]int, n)
		LU(view.General64(f), ipiv)
		lu = append([]float64(nil), f.Data...)
		LUInverse(view.General64(f), ipiv, nil)
		luInv = f.Data
		c := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: append([]float64(nil), s.Data...)}
		Cholesky(view.General64(c))
		ch = append([]float64(nil), c.Data...)
		CholeskyInverse(view.General64(c))
		return lu, luInv, ch, c.Data, ipiv
	}
	run32 := func(nt int) (lu, ch []float32, ipiv []int) {
		SetThreads(nt)
		f := blas32.General{Rows: n, Cols: n, Stride: n, Data: make([]float32, n*n)}
		c := blas32.General{Rows: n, Cols: n, Stride: n, Data: make([]float32, n*n)}
		for i := range f.Data {
			f.Data[i], c.Data[i] = float32(a.Data[i]), float32(s.Data[i])
		}
		ipiv = make([]int, n)
		LU32(f, ipiv)
		LUInverse32(f, ipiv, nil)
		Cholesky32(c)
		CholeskyInverse32(c)
		return f.Data, c.Data, ipiv
	}
	f1, g1, q1 := run32(1)
	f3, g3, q3 := run32(3)
	testutil.EqualBits(t, "LU32+LUInverse32", f3, f1)
	testutil.EqualBits(t, "Cholesky32+CholeskyInverse32", g3, g1)
	for i := range q1 {
		if q1[i] != q3[i] {
			t.Fatalf("LU32 ipiv[%d]: %d on one thread, %d on three", i, q1[i], q3[i])
		}
	}
	l1, i1, c1, ci1, p1 := run(1)
	l3, i3, c3, ci3, p3 := run(3)
	testutil.EqualBits(t, "LU", l3, l1)
	testutil.EqualBits(t, "LUInverse", i3, i1)
	testutil.EqualBits(t, "Cholesky", c3, c1)
	testutil.EqualBits(t, "CholeskyInverse", ci3, ci1)
	for i := range p1 {
		if p1[i] != p3[i] {
			t.Fatalf("ipiv[%d]: %d on one thread, %d on three", i, p1[i], p3[i])
		}
	}
}

func TestLUPanics(t *testing.T) {
	sq := blas64.General{Rows: 3, Cols: 3, Stride: 3, Data: make([]float64, 9)}
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"blocked.LU: a is 2×3, want a square matrix", func() {
			LU(blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}, make([]int, 2))
		}},
		{"blocked.LU32: len(ipiv) = 2, want 3 (a is 3×3)", func() {
			LU32(blas32.General{Rows: 3, Cols: 3, Stride: 3, Data: make([]float32, 9)}, make([]int, 2))
		}},
		{"blocked.LUInverse: len(work) = 2, want at least LUInverseWork(3) = 9", func() { LUInverse(sq, make([]int, 3), make([]float64, 2)) }},
		{"blocked.Cholesky: a is 2×3", func() { Cholesky(blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}) }},
		{"blocked.CholeskyInverse32: a (3×3, stride 3) needs", func() {
			CholeskyInverse32(blas32.General{Rows: 3, Cols: 3, Stride: 3, Data: make([]float32, 8)})
		}},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, c.want) {
					t.Errorf("panic %q, want %q", msg, c.want)
				}
			}()
			c.f()
		}()
	}
}

// TestFactorAllocs: once the pools hold buffers of the sizes in use, the factorizations,
// their inverses and the triangular BLAS routines allocate nothing.
func TestFactorAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("allocation counts are not meaningful under coverage or the race detector")
	}
	prev := SetThreads(1)
	defer SetThreads(prev)
	r := testutil.Rand(t)
	n := 200
	a := testutil.Matrix[float64](r, n, n)
	s := spd[float64](r, n)
	f := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	b := testutil.Matrix[float64](r, n, 50)
	bR := testutil.Matrix[float64](r, 50, n)
	ipiv := make([]int, n)
	var impl Implementation
	for name, fn := range map[string]func(){
		"LU+LUInverse": func() { copy(f.Data, a.Data); LU(f, ipiv); LUInverse(f, ipiv, nil) },
		"Cholesky+CholeskyInverse": func() {
			copy(f.Data, s.Data)
			Cholesky(f)
			CholeskyInverse(f)
		},
		"Dtrsm+Dtrmm": func() {
			impl.Dtrsm(blas.Right, blas.Lower, blas.Trans, blas.NonUnit, 50, n, 1, s.Data, n, bR.Data, n)
			impl.Dtrmm(blas.Left, blas.Upper, blas.NoTrans, blas.Unit, n, 50, 0.5, s.Data, n, b.Data, 50)
		},
	} {
		fn()
		if got := testing.AllocsPerRun(5, fn); got != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, got)
		}
	}
}
