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

func gjOf[T view.Float](a view.Matrix[T], ipiv []int) (float64, float64, bool) {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		return GJInverse32(view.General32(x), ipiv)
	}
	return GJInverse(view.General64(any(a).(view.Matrix[float64])), ipiv)
}

// gjRef is the unblocked textbook Gauss–Jordan inversion with partial pivoting, in
// float64: per column k, the pivot row swapped in, the pivot row divided by the pivot,
// every other row reduced, in place; then the column interchanges undone in reverse.
func gjRef(a []float64, n int) (inv []float64, ipiv []int, logAbs, sign float64) {
	m := append([]float64(nil), a...)
	ipiv = make([]int, n)
	sign = 1
	for k := 0; k < n; k++ {
		p, big := k, -1.0
		for i := k; i < n; i++ {
			if v := math.Abs(m[i*n+k]); v > big {
				p, big = i, v
			}
		}
		ipiv[k] = p
		if p != k {
			sign = -sign
			for j := 0; j < n; j++ {
				m[k*n+j], m[p*n+j] = m[p*n+j], m[k*n+j]
			}
		}
		d := m[k*n+k]
		logAbs += math.Log(math.Abs(d))
		if d < 0 {
			sign = -sign
		}
		m[k*n+k] = 1
		for j := 0; j < n; j++ {
			m[k*n+j] /= d
		}
		for i := 0; i < n; i++ {
			if i == k {
				continue
			}
			f := m[i*n+k]
			m[i*n+k] = 0
			for j := 0; j < n; j++ {
				m[i*n+j] -= f * m[k*n+j]
			}
		}
	}
	for k := n - 1; k >= 0; k-- {
		if p := ipiv[k]; p != k {
			for i := 0; i < n; i++ {
				m[i*n+k], m[i*n+p] = m[i*n+p], m[i*n+k]
			}
		}
	}
	return m, ipiv, logAbs, sign
}

// TestGJInverse inverts random matrices of the listed orders at every level, in guarded
// storage with strides past the columns, with the default blocking and two others, and
// checks: the guards, the residual ‖A·X − I‖ (as LU's test), the pivots against LU's
// (float64, n ≤ 300, where a rounding-close tie is improbable), log|det| and the sign
// against LU's and (n ≤ 130) against the unblocked reference, and X against the
// reference elementwise within 50·n·ε·κ-scaled bounds.
func TestGJInverse(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		knobs := [][2]int{{gjBlock, gjBase}, {0, gjBase}, {48, 8}}
		if raceEnabled {
			knobs = knobs[2:] // serial code: one blocking (the finest) under the race detector
		}
		for _, kn := range knobs {
			saved := [2]int{gjBlock, gjBase}
			gjBlock, gjBase = kn[0], kn[1]
			testGJ[float64](t, r, fmt.Sprintf("gjb=%d,base=%d", kn[0], kn[1]))
			testGJ[float32](t, r, fmt.Sprintf("gjb=%d,base=%d", kn[0], kn[1]))
			gjBlock, gjBase = saved[0], saved[1]
		}
	})
}

func testGJ[T view.Float](t *testing.T, r *rand.Rand, knobs string) {
	for _, n := range []int{0, 1, 2, 3, 17, 64, 65, 130, 300, 600} {
		if n == 600 && (testing.Short() || raceEnabled || view.Is32[T]()) {
			continue
		}
		name := fmt.Sprintf("%s/%T/n=%d", knobs, T(0), n)
		a := testutil.Matrix[T](r, n, n)
		g := testutil.GuardedMatrixCopy(a, max(1, n+r.IntN(5)), r.IntN(8))
		ipiv := make([]int, n)
		logAbs, sign, ok := gjOf(g.M, ipiv)
		if !ok {
			t.Fatalf("%s: ok = false", name)
		}
		g.Check(t, name)
		checkInverse(t, name, a, g.M)
		// LU of the same matrix.
		f := view.Matrix[T]{Rows: n, Cols: n, Stride: max(n, 1), Data: append([]T(nil), a.Data...)}
		lp := make([]int, n)
		luOf(f, lp)
		luLog, luSign := 0.0, 1.0
		for i := 0; i < n; i++ {
			d := float64(f.At(i, i))
			luLog += math.Log(math.Abs(d))
			if (d < 0) != (lp[i] != i) {
				luSign = -luSign
			}
		}
		if sign != luSign {
			t.Fatalf("%s: sign %v, LU's %v", name, sign, luSign)
		}
		// |Δ log|det|| = |tr(A⁻¹·ΔA)| ≤ n·‖A⁻¹‖·‖ΔA‖: rounding at n·ε·‖A‖ gives a bound
		// of order n²·ε·κ∞ (κ∞ from the computed inverse).
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
		ltol := 4 * float64(n) * eps * (1 + math.Abs(luLog) + nx*na)
		if d := math.Abs(logAbs - luLog); !(d <= ltol) {
			t.Fatalf("%s: log|det| %v, LU's %v", name, logAbs, luLog)
		}
		if !view.Is32[T]() && n <= 300 {
			for i := range lp {
				if lp[i] != ipiv[i] {
					t.Fatalf("%s: ipiv[%d] = %d, LU's %d", name, i, ipiv[i], lp[i])
				}
			}
		}
		if n > 130 {
			continue
		}
		a64 := make([]float64, n*n)
		for i := range a64 {
			a64[i] = float64(a.Data[i])
		}
		ref, _, refLog, refSign := gjRef(a64, n)
		if refSign != sign || !(math.Abs(refLog-logAbs) <= ltol) {
			t.Fatalf("%s: log|det|, sign %v, %v; reference %v, %v", name, logAbs, sign, refLog, refSign)
		}
		// Elementwise against the reference, relative to the inverse's max-norm times
		// κ∞ (the perturbation bound of an inverse), with a factor for the reordering.
		tol := 10 * float64(n) * eps * nx * na * nx
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if d := math.Abs(float64(g.M.At(i, j)) - ref[i*n+j]); !(d <= tol) {
					t.Fatalf("%s: X[%d,%d] = %v, reference %v (tolerance %v)", name, i, j, g.M.At(i, j), ref[i*n+j], tol)
				}
			}
		}
	}
}

// TestGJInverseSingular: an exactly zero column (at the start, middle and end, so in
// different panels and recursion levels) and an exactly singular 2×2 give ok = false,
// log|det| −Inf and sign 0.
func TestGJInverseSingular(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, n := range []int{1, 2, 40, 300} {
			for _, zc := range []int{0, n / 2, n - 1} {
				a := testutil.Matrix[float64](r, n, n)
				for i := 0; i < n; i++ {
					a.Set(i, zc, 0)
				}
				logAbs, sign, ok := GJInverse(view.General64(a), make([]int, n))
				if ok || !math.IsInf(logAbs, -1) || sign != 0 {
					t.Fatalf("n=%d, zero column %d: %v, %v, %v; want −Inf, 0, false", n, zc, logAbs, sign, ok)
				}
			}
		}
		f := blas32.General{Rows: 2, Cols: 2, Stride: 2, Data: []float32{1, 2, 2, 4}}
		if logAbs, sign, ok := GJInverse32(f, make([]int, 2)); ok || !math.IsInf(logAbs, -1) || sign != 0 {
			t.Fatalf("[1 2; 2 4]: %v, %v, %v; want −Inf, 0, false", logAbs, sign, ok)
		}
	})
}

// TestGJInverseNaN: a NaN entry makes log|det|, the sign and the last entry of the
// result NaN; an Inf entry makes log|det| +Inf or NaN.
func TestGJInverseNaN(t *testing.T) {
	r := testutil.Rand(t)
	for _, n := range []int{5, 70, 300} {
		a := testutil.Matrix[float64](r, n, n)
		a.Set(n*2/3, 3, math.Inf(-1))
		if logAbs, _, _ := GJInverse(view.General64(a), make([]int, n)); !math.IsInf(logAbs, 1) && !math.IsNaN(logAbs) {
			t.Fatalf("n=%d, −Inf entry: log|det| = %v, want +Inf or NaN", n, logAbs)
		}
	}
	for _, v := range []float64{math.NaN()} {
		for _, n := range []int{5, 70, 300} {
			a := testutil.Matrix[float64](r, n, n)
			a.Set(n*2/3, 3, v)
			logAbs, sign, ok := GJInverse(view.General64(a), make([]int, n))
			if !ok || !math.IsNaN(logAbs) || !math.IsNaN(sign) || !math.IsNaN(a.At(n-1, n-1)) {
				t.Fatalf("n=%d, %v at (%d, 3): %v, %v, %v, X[n−1,n−1] = %v; want NaN, NaN, true, NaN", n, v, n*2/3, logAbs, sign, ok, a.At(n-1, n-1))
			}
		}
	}
}

// TestGJInverseParallel: the same bits on one and three threads (GEMM split threshold
// lowered so that the updates do split), float64 and float32.
func TestGJInverseParallel(t *testing.T) {
	prevMin := gemmMinFlops
	gemmMinFlops = 1e4
	prev := SetThreads(1)
	defer func() { gemmMinFlops = prevMin; SetThreads(prev) }()
	r := testutil.Rand(t)
	n := 600
	if raceEnabled {
		n = 250 // still several outer blocks
	}
	a := testutil.Matrix[float64](r, n, n)
	run := func(nt int) ([]float64, []float32, []int, float64) {
		SetThreads(nt)
		f := blas64.General{Rows: n, Cols: n, Stride: n, Data: append([]float64(nil), a.Data...)}
		ipiv := make([]int, n)
		l, _, _ := GJInverse(f, ipiv)
		g := blas32.General{Rows: n, Cols: n, Stride: n, Data: make([]float32, n*n)}
		for i := range g.Data {
			g.Data[i] = float32(a.Data[i])
		}
		GJInverse32(g, make([]int, n))
		return f.Data, g.Data, ipiv, l
	}
	f1, g1, p1, l1 := run(1)
	f3, g3, p3, l3 := run(3)
	testutil.EqualBits(t, "GJInverse", f3, f1)
	testutil.EqualBits(t, "GJInverse32", g3, g1)
	if l1 != l3 {
		t.Fatalf("log|det| %v on one thread, %v on three", l1, l3)
	}
	for i := range p1 {
		if p1[i] != p3[i] {
			t.Fatalf("ipiv[%d]: %d on one thread, %d on three", i, p1[i], p3[i])
		}
	}
}

func TestGJInversePanics(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"not square", func() {
			GJInverse(blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}, make([]int, 2))
		}},
		{"ipiv", func() {
			GJInverse32(blas32.General{Rows: 2, Cols: 2, Stride: 2, Data: make([]float32, 4)}, make([]int, 1))
		}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		}()
	}
}

// TestGJInverseSingularPivots: on a singular return ipiv is defined as documented —
// for the columns before the first exactly zero pivot, the interchanges in global row
// indices (float64: those of the unblocked reference, gjRef, a rounding-close tie being
// improbable for these random matrices); from that column on, ipiv[i] = i. Zero columns
// in the first panel, at a recursion split, deep in a later outer block and last, with
// the default blocking and a finer one; ipiv starts as garbage so nothing stale survives.
func TestGJInverseSingularPivots(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, kn := range [][2]int{{gjBlock, gjBase}, {48, 8}} {
			saved := [2]int{gjBlock, gjBase}
			gjBlock, gjBase = kn[0], kn[1]
			for _, n := range []int{1, 40, 300} {
				for _, zc := range []int{0, 5, 16, 48, 97, 150, 200, n - 1} {
					if zc >= n {
						continue
					}
					name := fmt.Sprintf("gjb=%d,base=%d/n=%d/zero column %d", kn[0], kn[1], n, zc)
					a := testutil.Matrix[float64](r, n, n)
					for i := 0; i < n; i++ {
						a.Set(i, zc, 0)
					}
					_, refPiv, _, _ := gjRef(append([]float64(nil), a.Data...), n)
					a32 := view.Matrix[float32]{Rows: n, Cols: n, Stride: n, Data: make([]float32, n*n)}
					for i := range a.Data {
						a32.Data[i] = float32(a.Data[i])
					}
					for _, prec := range []string{"float64", "float32"} {
						ipiv := make([]int, n)
						for i := range ipiv {
							ipiv[i] = -7
						}
						var ok bool
						if prec == "float64" {
							_, _, ok = gjOf(a, ipiv)
						} else {
							_, _, ok = gjOf(a32, ipiv)
						}
						if ok {
							t.Fatalf("%s/%s: ok = true", name, prec)
						}
						for i, p := range ipiv {
							switch {
							case i >= zc && p != i:
								t.Fatalf("%s/%s: ipiv[%d] = %d, want %d (at or past the zero pivot)", name, prec, i, p, i)
							case i < zc && prec == "float64" && p != refPiv[i]:
								t.Fatalf("%s/%s: ipiv[%d] = %d, reference %d", name, prec, i, p, refPiv[i])
							case i < zc && (p < i || p >= n):
								t.Fatalf("%s/%s: ipiv[%d] = %d, outside [%d, %d)", name, prec, i, p, i, n)
							}
						}
					}
				}
			}
			gjBlock, gjBase = saved[0], saved[1]
		}
	})
}

// TestGJInverseTinyPivots: a column scaled so far down that its pivot's reciprocal
// overflows (float64 below 2⁻¹⁰²⁴, float32 below 2⁻¹²⁸: the column is subnormal) takes
// the division path for its multipliers, so log|det| stays finite and equal to that of
// the unscaled matrix plus log of the scale, and the sign is the same; with 1/d used
// instead, the Inf multipliers make every later pivot NaN. The column sits in the first
// panel, at a split and last, at every level, with the default blocking and a finer one.
func TestGJInverseTinyPivots(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, kn := range [][2]int{{gjBlock, gjBase}, {48, 8}} {
			saved := [2]int{gjBlock, gjBase}
			gjBlock, gjBase = kn[0], kn[1]
			tinyPivots[float64](t, r, -1036, 1e-9)
			tinyPivots[float32](t, r, -140, 1e-2)
			gjBlock, gjBase = saved[0], saved[1]
		}
	})
}

func tinyPivots[T view.Float](t *testing.T, r *rand.Rand, exp int, tol float64) {
	for _, n := range []int{3, 17, 64, 65} {
		for _, tc := range []int{0, n / 2, n - 1} {
			name := fmt.Sprintf("%T/n=%d/column=%d", T(0), n, tc)
			b := testutil.Matrix[T](r, n, n)
			for i := 0; i < n; i++ {
				b.Set(i, i, b.At(i, i)+T(n+2)) // diagonally dominant: well conditioned
			}
			a := view.Matrix[T]{Rows: n, Cols: n, Stride: n, Data: append([]T(nil), b.Data...)}
			for i := 0; i < n; i++ {
				a.Set(i, tc, T(math.Ldexp(float64(a.At(i, tc)), exp)))
				b.Set(i, tc, T(math.Ldexp(float64(a.At(i, tc)), -exp))) // the scaled column, exactly
			}
			wantLog, wantSign, _ := gjOf(b, make([]int, n))
			wantLog += float64(exp) * math.Ln2
			logAbs, sign, ok := gjOf(a, make([]int, n))
			if !ok || sign != wantSign || !(math.Abs(logAbs-wantLog) <= tol*math.Abs(wantLog)) {
				t.Fatalf("%s: log|det| %v, sign %v, ok %v; want %v, %v, true", name, logAbs, sign, ok, wantLog, wantSign)
			}
		}
	}
}
