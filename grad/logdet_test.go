package grad_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// Tolerances. A backward-stable factorization perturbs X by about n·ε·‖X‖, which moves
// log|det X| by tr(X⁻¹ΔX) ≲ n·ε·κ and X⁻¹ by ‖X⁻¹‖·n·ε·κ (κ the condition number in the
// 1-norm). The tests accept errors up to tolC·n·ε·κ (plus tolC·ε for κ·n near 1): tolC
// = 8 for the float64 results and 16 for float32, whose inverse passes through more
// roundings in float32. Measured: a few ulps where κ·n is near 1 (within 10× of the
// bound there), and more than 10× below the bound for κ from 1e4 to 1e12.
const (
	tolC64 = 8
	tolC32 = 16
)

func tolC[T view.Float]() float64 {
	if testutil.Eps[T]() > 1e-10 {
		return tolC32
	}
	return tolC64
}

var testSizes = []int{0, 1, 2, 3, 17, 64, 100}

// guardedIn returns x (n×n contiguous) in a guarded matrix with stride n+2 at offset off.
func guardedIn[T view.Float](x []T, n, off int) *testutil.GuardedMatrix[T] {
	return testutil.GuardedMatrixCopy(matOf(x, n), n+2, off)
}

// checkFactorization factors x (n×n, float64 data, rounded to T) with ops and compares
// log|det|, the sign, X⁻¹ and the gradient with the references within the stated
// multiple of n·ε·κ; it also checks the guards, that x is unchanged, that Grad is ḡ·X⁻ᵀ
// and that the JVPs agree with ⟨Grad, dX⟩.
func checkFactorization[T view.Float](t *testing.T, r *rand.Rand, ops facOps[T], name string, x []float64, n int,
	wantLog, wantSign float64, wantInv []float64, kappa float64) {
	t.Helper()
	eps := testutil.Eps[T]()
	tol := tolC[T]() * eps * (float64(n)*kappa + 1)
	xt := cast[T](x)
	off := r.IntN(8)
	in := guardedIn(xt, n, off)
	snap := testutil.Snap(in.M.Data)
	if err := ops.factor(in.M); err != nil {
		t.Fatalf("%s: Factorize: %v", name, err)
	}
	snap.Check(t, name+": x", in.M.Data)
	in.Check(t, name+": x")
	if got := ops.logDet(); math.Abs(got-wantLog) > tol*max(1, math.Abs(wantLog)) {
		t.Errorf("%s: log det %.17g, want %.17g (error %.3g > %.3g)", name, got, wantLog, math.Abs(got-wantLog), tol)
	}
	if got := ops.sign(); got != wantSign {
		t.Errorf("%s: sign %v, want %v", name, got, wantSign)
	}
	inv := testutil.NewGuardedMatrix[T](n, n, n+3, (off+3)%8)
	if err := ops.inv(inv.M); err != nil {
		t.Fatalf("%s: Inverse: %v", name, err)
	}
	inv.Check(t, name+": inverse")
	invFlat := make([]T, n*n)
	for i := 0; i < n; i++ {
		copy(invFlat[i*n:], inv.M.Row(i))
	}
	if e := maxRel(invFlat, wantInv); e > tol {
		t.Errorf("%s: inverse relative error %.3g > %.3g (κ = %.3g)", name, e, tol, kappa)
	}
	const gbar = -2.5
	g := testutil.NewGuardedMatrix[T](n, n, n+1, (off+5)%8)
	if err := ops.grad(g.M, gbar); err != nil {
		t.Fatalf("%s: Grad: %v", name, err)
	}
	g.Check(t, name+": grad")
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if got, want := g.M.At(i, j), T(gbar)*inv.M.At(j, i); !testutil.SameBits(got, want) {
				t.Fatalf("%s: Grad(%d, %d) = %v, want ḡ·(X⁻¹)ᵀ = %v", name, i, j, got, want)
			}
		}
	}
	if rc := ops.rcond(); n > 0 && !(rc >= 0.99/kappa && rc <= 30/kappa) {
		t.Errorf("%s: RCond %.3g, want within [1, 30]/κ for κ = %.3g", name, rc, kappa)
	}
	// Directions: one strided, then k = 3 at once; each is ⟨X⁻ᵀ, dX⟩.
	const k = 3
	dirs := testutil.Matrix[T](r, k, n*n)
	want := make([]float64, k)
	for p := 0; p < k; p++ {
		for i := 0; i < n*n; i++ {
			want[p] += float64(g.M.At(i/n, i%n)) / gbar * float64(dirs.Data[p*n*n+i])
		}
	}
	got := testutil.NewGuarded[T](k, off)
	if err := ops.jvps(got.S(), dirs); err != nil {
		t.Fatalf("%s: JVPs: %v", name, err)
	}
	got.Check(t, name+": JVPs")
	dx := testutil.GuardedMatrixCopy(matOf(dirs.Data[:n*n], n), n+4, off)
	one, err := ops.jvp(dx.M)
	if err != nil {
		t.Fatalf("%s: JVP: %v", name, err)
	}
	scale := 1.0
	for _, v := range invFlat {
		scale = max(scale, math.Abs(float64(v)))
	}
	jtol := 4 * eps * float64(n*n+1) * scale
	if math.Abs(float64(one)-want[0]) > jtol {
		t.Errorf("%s: JVP = %v, want %v", name, one, want[0])
	}
	for p, v := range got.S() {
		if math.Abs(float64(v)-want[p]) > jtol {
			t.Errorf("%s: JVPs[%d] = %v, want %v", name, p, v, want[p])
		}
	}
}

// TestLUSmallExact compares LU and LU32 with determinants and inverses computed in
// big.Float for n ≤ 6, with negative determinants half of the time.
func TestLUSmallExact(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		t.Run("f64", func(t *testing.T) { luSmallExact[float64](t) })
		t.Run("f32", func(t *testing.T) { luSmallExact[float32](t) })
	})
}

func luSmallExact[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	ops := luOps[T]()
	for n := 0; n <= 6; n++ {
		for trial := 0; trial < 6; trial++ {
			x := to64(cast[T](randGeneral(r, n))) // exactly representable in T
			if trial%2 == 1 && n > 0 {
				for j := 0; j < n; j++ {
					x[j] = -x[j] // flip det's sign
				}
			}
			det, binv := bigLU(x, n)
			wantLog, wantSign := 0.0, 1.0
			var inv []float64
			if n > 0 {
				wantLog, wantSign, inv = bigLogAbs(det), float64(det.Sign()), toF64(binv)
			}
			kappa := norm1Of(x, n) * norm1Of(inv, n)
			checkFactorization(t, r, ops, fmt.Sprintf("n=%d trial %d", n, trial), x, n, wantLog, wantSign, inv, kappa)
		}
	}
}

// TestCholeskySmallExact is TestLUSmallExact for Cholesky and Cholesky32, with NaN in
// the strict upper triangle of the input (never read).
func TestCholeskySmallExact(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		t.Run("f64", func(t *testing.T) { cholSmallExact[float64](t) })
		t.Run("f32", func(t *testing.T) { cholSmallExact[float32](t) })
	})
}

func cholSmallExact[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	ops := cholOps[T]()
	for n := 0; n <= 6; n++ {
		for trial := 0; trial < 4; trial++ {
			s := to64(cast[T](randSPD(r, n)))
			det, binv := bigLU(s, n)
			wantLog := 0.0
			var inv []float64
			if n > 0 {
				wantLog, inv = bigLogAbs(det), toF64(binv)
			}
			kappa := norm1Of(s, n) * norm1Of(inv, n)
			x := append([]float64(nil), s...)
			for i := 0; i < n; i++ {
				for j := i + 1; j < n; j++ {
					x[i*n+j] = math.NaN()
				}
			}
			checkFactorization(t, r, ops, fmt.Sprintf("n=%d trial %d", n, trial), x, n, wantLog, 1, inv, kappa)
		}
	}
}

// TestLUConditioned checks U·diag(σ)·Vᵀ with condition numbers up to 1e12 (float64) and
// 1e4 (float32) at sizes up to 100; the reference log|det| = Σ log σ and inverse
// V·diag(1/σ)·Uᵀ are those of the exact product, so the rounding of X itself is inside
// the n·ε·κ bound too.
func TestLUConditioned(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		t.Run("f64", func(t *testing.T) { luConditioned[float64](t, []float64{1, 1e4, 1e8, 1e12}) })
		t.Run("f32", func(t *testing.T) { luConditioned[float32](t, []float64{1, 1e2, 1e4}) })
	})
}

func luConditioned[T view.Float](t *testing.T, conds []float64) {
	r := testutil.Rand(t)
	ops := luOps[T]()
	for _, n := range testSizes[1:] {
		for _, c := range conds {
			x, inv, wantLog, wantSign := conditioned(r, n, c)
			x = to64(cast[T](x))
			kappa := norm1Of(x, n) * norm1Of(inv, n) // κ₁, up to n times the 2-norm c
			checkFactorization(t, r, ops, fmt.Sprintf("n=%d cond=%g", n, c), x, n, wantLog, wantSign, inv, kappa)
		}
	}
}

// TestCholeskyConditioned is TestLUConditioned for SPD Σ = U·diag(σ)·Uᵀ, through
// Factorize and through FactorizeGrad (blocked.SPDInverse, whose recursion falls back to
// Cholesky + CholeskyInverse for ill-conditioned Σ).
func TestCholeskyConditioned(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		for _, via := range []struct {
			name string
			f64  func() facOps[float64]
			f32  func() facOps[float32]
		}{{"Factorize", cholOps[float64], cholOps[float32]}, {"FactorizeGrad", cholGradOps[float64], cholGradOps[float32]}} {
			t.Run(via.name+"/f64", func(t *testing.T) { cholConditioned(t, via.f64(), []float64{1, 1e4, 1e8, 1e12}) })
			t.Run(via.name+"/f32", func(t *testing.T) { cholConditioned(t, via.f32(), []float64{1, 1e2, 1e4}) })
		}
	})
}

func cholConditioned[T view.Float](t *testing.T, ops facOps[T], conds []float64) {
	r := testutil.Rand(t)
	for _, n := range testSizes[1:] {
		for _, c := range conds {
			s, inv, wantLog := testutil.SPDConditioned(r, n, c)
			s = to64(cast[T](s))
			kappa := norm1Of(s, n) * norm1Of(inv, n)
			checkFactorization(t, r, ops, fmt.Sprintf("n=%d cond=%g", n, c), s, n, wantLog, 1, inv, kappa)
		}
	}
}

// TestLUPermuted factors permuted triangular matrices X = P·T (a random permutation, and
// the reversal, which makes partial pivoting swap at every step): det X = sgn(P)·Π tᵢᵢ.
func TestLUPermuted(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		t.Run("f64", func(t *testing.T) { luPermuted[float64](t) })
		t.Run("f32", func(t *testing.T) { luPermuted[float32](t) })
	})
}

func luPermuted[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	ops := luOps[T]()
	for _, n := range testSizes {
		for _, reverse := range []bool{false, true} {
			// Lower triangular T with |tᵢᵢ| in [1, 2) and small off-diagonal entries,
			// rows permuted: X[perm[i]] = T[i].
			tri := make([]float64, n*n)
			wantLog, wantSign := 0.0, 1.0
			for i := 0; i < n; i++ {
				for j := 0; j < i; j++ {
					tri[i*n+j] = (2*r.Float64() - 1) / float64(n)
				}
				d := (1 + r.Float64()) * float64(1-2*r.IntN(2))
				tri[i*n+i] = float64(T(d))
				wantLog += math.Log(math.Abs(float64(T(d))))
				wantSign *= math.Copysign(1, d)
			}
			perm := r.Perm(n)
			if reverse {
				for i := range perm {
					perm[i] = n - 1 - i
				}
			}
			// sgn(perm) by counting cycles.
			seen := make([]bool, n)
			for i := range perm {
				if seen[i] {
					continue
				}
				l := 0
				for j := i; !seen[j]; j = perm[j] {
					seen[j], l = true, l+1
				}
				if l%2 == 0 {
					wantSign = -wantSign
				}
			}
			x := make([]float64, n*n)
			for i := 0; i < n; i++ {
				copy(x[perm[i]*n:perm[i]*n+n], tri[i*n:i*n+n])
			}
			x = to64(cast[T](x))
			var inv []float64
			kappa := 1.0
			if n > 0 {
				var ref grad.LU
				if err := ref.Factorize(gen64(x, n)); err != nil {
					t.Fatal(err)
				}
				inv = make([]float64, n*n)
				ref.Inverse(gen64(inv, n))
				kappa = norm1Of(x, n) * norm1Of(inv, n)
			}
			name := fmt.Sprintf("n=%d reverse=%v", n, reverse)
			if testutil.Eps[T]() > 1e-10 {
				checkFactorization(t, r, ops, name, x, n, wantLog, wantSign, inv, kappa)
				continue
			}
			// float64: the reference inverse above is LU's own; check the residual instead.
			checkFactorization(t, r, ops, name, x, n, wantLog, wantSign, inv, kappa)
			resid := 0.0
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					s := 0.0
					for k := 0; k < n; k++ {
						s += x[i*n+k] * inv[k*n+j]
					}
					if i == j {
						s--
					}
					resid = max(resid, math.Abs(s))
				}
			}
			if lim := tolC64 * testutil.Eps[float64]() * float64(n) * kappa; resid > lim {
				t.Errorf("%s: ‖X·X⁻¹ − I‖max = %.3g > %.3g", name, resid, lim)
			}
		}
	}
}

// TestLogDetGradients checks Grad and JVP against central differences through
// grad.Check (six random directions, default steps and tolerances: relative 1e-6 for
// float64, 3e-2 for float32; 1e-5 for float64 from n = 17, see below), at every level and several sizes, for matrices with either sign of the
// determinant; for Cholesky the differenced function symmetrizes its input first
// (MATH.md), and the gradient compared is the symmetric Σ⁻¹.
func TestLogDetGradients(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		t.Run("f64", func(t *testing.T) { logDetGradients[float64](t) })
		t.Run("f32", func(t *testing.T) { logDetGradients[float32](t) })
	})
}

func logDetGradients[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	sizes := []int{1, 2, 3, 17, 64}
	if testutil.Eps[T]() > 1e-10 {
		// float32's default step (ε^(1/3) ≈ 5e-3 per element) moves a 64×64 X too far
		// for a central difference to be accurate to 3e-2.
		sizes = sizes[:4]
	}
	for _, n := range sizes {
		for _, spd := range []bool{false, true} {
			name := fmt.Sprintf("n=%d spd=%v", n, spd)
			var x []T
			var ops, eval facOps[T]
			if spd {
				// n·U·diag(σ)·Uᵀ with κ = 10, for the reason given below.
				c, _, _ := testutil.SPDConditioned(r, n, 10)
				for i := range c {
					c[i] *= float64(n)
				}
				x, ops, eval = cast[T](c), cholOps[T](), cholOps[T]()
			} else {
				// n·U·diag(σ)·Vᵀ with κ₂ = 10 (singular values n … n/10). The step moves
				// every element, so the perturbation's norm grows like n·h·max|x|; against a
				// σ_min of order 1 (a random or A·Aᵀ-type matrix) the O(h²) truncation error
				// then reaches the tolerance at n = 17 (float32) and 64 (float64), more so
				// along directions where ⟨G, D⟩ nearly cancels.
				c, _, _, _ := conditioned(r, n, 10)
				for i := range c {
					c[i] *= float64(n)
				}
				x, ops, eval = cast[T](c), luOps[T](), luOps[T]()
			}
			if err := ops.factor(matOf(x, n)); err != nil {
				t.Fatal(err)
			}
			g := make([]T, n*n)
			if err := ops.grad(matOf(g, n), 1); err != nil {
				t.Fatal(err)
			}
			sym := make([]T, n*n)
			f := func(y []T) float64 {
				if spd {
					for i := 0; i < n; i++ {
						for j := 0; j < n; j++ {
							sym[i*n+j] = (y[i*n+j] + y[j*n+i]) / 2
						}
					}
					y = sym
				}
				if err := eval.factor(matOf(y, n)); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				return eval.logDet()
			}
			// At n = 17 and 64 a random direction along which ⟨G, D⟩ cancels to 1/300 –
			// 1/3000 of its typical size (about one run in twenty) leaves the few-ulp
			// rounding of f, a sum of n logs of pivots, at 1e-6 of the central difference:
			// float64 gets 1e-5 there. A wrong gradient (X⁻¹ for X⁻ᵀ) errs by order 1.
			opt := grad.CheckOptions{}
			if n >= 17 && testutil.Eps[T]() < 1e-10 {
				opt.Tol = 1e-5
			}
			if _, err := grad.Check(f, x, g, opt); err != nil {
				t.Errorf("%s: Grad: %v", name, err)
			}
			// JVP along d equals the derivative of t ↦ log|det(X + t·D)| at 0.
			d := testutil.Slice[T](r, n*n)
			if spd {
				for i := 0; i < n; i++ {
					for j := 0; j < i; j++ {
						d[j*n+i] = d[i*n+j]
					}
				}
			}
			jv, err := ops.jvp(matOf(d, n))
			if err != nil {
				t.Fatal(err)
			}
			h := math.Cbrt(testutil.Eps[T]())
			var xp, xm []T
			for i := range x {
				xp = append(xp, x[i]+T(h)*d[i])
				xm = append(xm, x[i]-T(h)*d[i])
			}
			num := (f(xp) - f(xm)) / (2 * h)
			tol := 1e-6
			if testutil.Eps[T]() > 1e-10 {
				tol = 3e-2
			}
			if e := math.Abs(float64(jv)-num) / max(math.Abs(num), 1); e > tol {
				t.Errorf("%s: JVP %v, central difference %v (relative error %.3g > %.3g)", name, jv, num, e, tol)
			}
		}
	}
}

// TestLogDetBadInput covers every documented bad case: shapes, n = 0, singular, NaN and
// Inf, not positive definite.
func TestLogDetBadInput(t *testing.T) {
	var lu grad.LU
	var lu32 grad.LU32
	var ch grad.Cholesky
	var ch32 grad.Cholesky32
	z := gen64(make([]float64, 12), 3)
	z.Cols, z.Stride = 4, 4
	z32 := gen32(make([]float32, 12), 3)
	z32.Cols, z32.Stride = 4, 4
	testutil.MustPanic(t, func() { lu.Factorize(z) }, "grad.LU.Factorize", "3×4", "square")
	testutil.MustPanic(t, func() { lu32.Factorize(z32) }, "grad.LU32.Factorize", "3×4")
	testutil.MustPanic(t, func() { ch.Factorize(z) }, "grad.Cholesky.Factorize", "3×4")
	testutil.MustPanic(t, func() { ch32.Factorize(z32) }, "grad.Cholesky32.Factorize", "3×4")
	x := gen64(randGeneral(testutil.Rand(t), 4), 4)
	lu.Factorize(x)
	ch.Factorize(gen64(randSPD(testutil.Rand(t), 4), 4))
	d3 := gen64(make([]float64, 9), 3)
	testutil.MustPanic(t, func() { lu.Grad(d3, 1) }, "grad.LU.Grad", "3×3", "4×4")
	testutil.MustPanic(t, func() { lu.Inverse(d3) }, "grad.LU.Inverse", "3×3")
	testutil.MustPanic(t, func() { lu.JVP(d3) }, "grad.LU.JVP", "3×3")
	testutil.MustPanic(t, func() { ch.Grad(d3, 1) }, "grad.Cholesky.Grad", "3×3")
	testutil.MustPanic(t, func() { ch.JVP(d3) }, "grad.Cholesky.JVP", "3×3")
	dirs := blas64G(2, 15)
	testutil.MustPanic(t, func() { lu.JVPs(make([]float64, 2), dirs) }, "grad.LU.JVPs", "2×15", "k×16")
	testutil.MustPanic(t, func() { ch.JVPs(make([]float64, 3), blas64G(2, 16)) }, "grad.Cholesky.JVPs", "len(dst) = 3")

	t.Run("n=0", func(t *testing.T) {
		var lu grad.LU
		if lu.Sign() != 1 || lu.LogAbsDet() != 0 {
			t.Errorf("zero value: sign %v, log %v; want 1, 0", lu.Sign(), lu.LogAbsDet())
		}
		e := blas64G(0, 0)
		if err := lu.Factorize(e); err != nil || lu.LogAbsDet() != 0 || lu.Sign() != 1 || lu.RCond() != 1 {
			t.Errorf("n=0 LU: %v, log %v, sign %v, rcond %v", err, lu.LogAbsDet(), lu.Sign(), lu.RCond())
		}
		if err := lu.Grad(e, 1); err != nil {
			t.Error(err)
		}
		if v, err := lu.JVP(e); v != 0 || err != nil {
			t.Errorf("n=0 JVP: %v, %v", v, err)
		}
		var ch grad.Cholesky32
		e32 := gen32(nil, 0)
		if err := ch.Factorize(e32); err != nil || ch.LogDet() != 0 || ch.RCond() != 1 {
			t.Errorf("n=0 Cholesky32: %v, %v, %v", err, ch.LogDet(), ch.RCond())
		}
		if err := ch.Inverse(e32); err != nil {
			t.Error(err)
		}
	})

	t.Run("singular", func(t *testing.T) {
		for _, n := range []int{1, 2, 3, 17} {
			r := testutil.Rand(t)
			x := randGeneral(r, n)
			for i := 0; i < n; i++ {
				x[i*n+n/2] = 0 // a zero column stays zero under elimination: an exact zero pivot
			}
			for _, ops := range []facOps[float64]{luOps[float64]()} {
				singularCase(t, n, ops, x)
			}
			singularCase(t, n, luOps[float32](), cast[float32](x))
			// A row-reversed upper triangular matrix with one zero diagonal entry: every
			// elimination multiplier is an exact 0, so the zero pivot is found exactly.
			tri := make([]float64, n*n)
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					tri[(n-1-i)*n+j] = 1 + r.Float64()
				}
			}
			tri[(n-1-n/2)*n+n/2] = 0
			singularCase(t, n, luOps[float64](), tri)
		}
	})

	t.Run("non-finite", func(t *testing.T) {
		for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			// Column 0 is (0, bad, 0): a pivot search that skips NaN would see a zero column.
			x := []float64{0, 1, 2, bad, 3, 4, 0, 5, 7}
			nonFiniteCase(t, fmt.Sprint("LU ", bad), luOps[float64](), x)
			nonFiniteCase(t, fmt.Sprint("LU32 ", bad), luOps[float32](), cast[float32](x))
			s := []float64{2, 0, 0, bad, 2, 0, 0, 0, 2} // bad in the lower triangle
			nonFiniteCase(t, fmt.Sprint("Cholesky ", bad), cholOps[float64](), s)
			nonFiniteCase(t, fmt.Sprint("Cholesky32 ", bad), cholOps[float32](), cast[float32](s))
		}
	})

	t.Run("not PD", func(t *testing.T) {
		for _, c := range []struct {
			s     []float64
			n     int
			pivot int
		}{
			{[]float64{1, 0, 0, 0, 0, 2, 0, 0, 0, 0, -1, 0, 0, 0, 0, 3}, 4, 2},
			{[]float64{1, 1, 1, 1}, 2, 1}, // singular positive semi-definite
			{[]float64{0, 0, 0, 0}, 2, 0},
			{[]float64{1, 2, 2, 1}, 2, 1}, // indefinite, positive diagonal
		} {
			notPDCase(t, cholOps[float64](), c.s, c.n, c.pivot)
			notPDCase(t, cholOps[float32](), cast[float32](c.s), c.n, c.pivot)
		}
	})
}

func blas64G(r, c int) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: max(c, 1), Data: make([]float64, r*c)}
}

func singularCase[T view.Float](t *testing.T, n int, ops facOps[T], x []T) {
	t.Helper()
	if err := ops.factor(matOf(x, n)); !errors.Is(err, grad.ErrSingular) {
		t.Fatalf("n=%d: Factorize returned %v, want ErrSingular", n, err)
	}
	if ops.logDet() != math.Inf(-1) || ops.sign() != 0 || ops.rcond() != 0 {
		t.Errorf("n=%d singular: log %v, sign %v, rcond %v; want −Inf, 0, 0", n, ops.logDet(), ops.sign(), ops.rcond())
	}
	g := testutil.NewGuardedMatrix[T](n, n, n, 1)
	if err := ops.grad(g.M, 1); !errors.Is(err, grad.ErrSingular) {
		t.Errorf("n=%d: Grad returned %v, want ErrSingular", n, err)
	}
	if err := ops.inv(g.M); !errors.Is(err, grad.ErrSingular) {
		t.Errorf("n=%d: Inverse returned %v, want ErrSingular", n, err)
	}
	for _, v := range g.M.Data {
		if !testutil.IsSentinel(v) {
			t.Fatalf("n=%d: Grad wrote %v into dst for a singular matrix", n, v)
		}
	}
	if v, err := ops.jvp(matOf(x, n)); v != 0 || !errors.Is(err, grad.ErrSingular) {
		t.Errorf("n=%d: JVP returned %v, %v; want 0, ErrSingular", n, v, err)
	}
	if err := ops.jvps(make([]T, 1), view.Matrix[T]{Rows: 1, Cols: n * n, Stride: n * n, Data: x}); err == nil {
		t.Errorf("n=%d: JVPs returned nil", n)
	}
}

func nonFiniteCase[T view.Float](t *testing.T, name string, ops facOps[T], x []T) {
	t.Helper()
	if err := ops.factor(matOf(x, 3)); err != nil {
		t.Errorf("%s: Factorize returned %v, want nil", name, err)
	}
	if !math.IsNaN(ops.logDet()) || !math.IsNaN(ops.rcond()) {
		t.Errorf("%s: log %v, rcond %v; want NaN", name, ops.logDet(), ops.rcond())
	}
	g := testutil.NewGuardedMatrix[T](3, 3, 4, 2)
	if err := ops.grad(g.M, 1); err != nil {
		t.Errorf("%s: Grad returned %v", name, err)
	}
	g.Check(t, name)
	for i := 0; i < 3; i++ {
		for _, v := range g.M.Row(i) {
			if !math.IsNaN(float64(v)) || testutil.IsSentinel(v) {
				t.Fatalf("%s: Grad element %v, want a written NaN", name, v)
			}
		}
	}
	if v, err := ops.jvp(matOf(x, 3)); !math.IsNaN(float64(v)) || err != nil {
		t.Errorf("%s: JVP %v, %v; want NaN, nil", name, v, err)
	}
}

func notPDCase[T view.Float](t *testing.T, ops facOps[T], s []T, n, pivot int) {
	t.Helper()
	err := ops.factor(matOf(s, n))
	var npd *grad.NotPDError
	if !errors.Is(err, grad.ErrNotPD) || !errors.As(err, &npd) || npd.Pivot != pivot {
		t.Fatalf("%v: Factorize returned %v, want NotPDError{Pivot: %d}", s, err, pivot)
	}
	if !math.IsNaN(ops.logDet()) || ops.rcond() != 0 {
		t.Errorf("%v: log %v, rcond %v; want NaN, 0", s, ops.logDet(), ops.rcond())
	}
	g := testutil.NewGuardedMatrix[T](n, n, n, 0)
	if err := ops.grad(g.M, 1); !errors.Is(err, grad.ErrNotPD) {
		t.Errorf("%v: Grad returned %v", s, err)
	}
	for _, v := range g.M.Data {
		if !testutil.IsSentinel(v) {
			t.Fatalf("%v: Grad wrote %v", s, v)
		}
	}
}

// TestLogDetReuse factors matrices of changing sizes with one object and compares with
// fresh objects bit for bit.
func TestLogDetReuse(t *testing.T) {
	r := testutil.Rand(t)
	var lu grad.LU
	var ch grad.Cholesky
	for _, n := range []int{64, 3, 17, 0, 100, 2} {
		x, s := randGeneral(r, n), randSPD(r, n)
		var fresh grad.LU
		var freshC grad.Cholesky
		lu.Factorize(gen64(x, n))
		fresh.Factorize(gen64(x, n))
		ch.Factorize(gen64(s, n))
		freshC.Factorize(gen64(s, n))
		g1, g2 := make([]float64, n*n), make([]float64, n*n)
		lu.Grad(gen64(g1, n), 1)
		fresh.Grad(gen64(g2, n), 1)
		testutil.EqualBits(t, fmt.Sprintf("n=%d LU grad", n), g1, g2)
		ch.Grad(gen64(g1, n), 1)
		freshC.Grad(gen64(g2, n), 1)
		testutil.EqualBits(t, fmt.Sprintf("n=%d Cholesky grad", n), g1, g2)
		if lu.LogAbsDet() != fresh.LogAbsDet() || ch.LogDet() != freshC.LogDet() || lu.RCond() != fresh.RCond() {
			t.Errorf("n=%d: reused object differs", n)
		}
	}
}

// TestLogDetAllocs checks that repeated use on one size allocates nothing.
func TestLogDetAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector (sync.Pool drops buffers)")
	}
	r := testutil.Rand(t)
	for _, n := range []int{3, 17, 100} {
		x, s := randGeneral(r, n), randSPD(r, n)
		x32, s32 := to32(x), to32(s)
		g, g32 := make([]float64, n*n), make([]float32, n*n)
		dirs, dirs32 := blas64G(2, n*n), gen32(make([]float32, 2*n*n), 0)
		dirs32.Rows, dirs32.Cols, dirs32.Stride = 2, n*n, n*n
		out, out32 := make([]float64, 2), make([]float32, 2)
		var lu grad.LU
		var lu32 grad.LU32
		var ch grad.Cholesky
		var ch32 grad.Cholesky32
		for name, f := range map[string]func(){
			"LU": func() {
				lu.Factorize(gen64(x, n))
				_, _, _ = lu.LogAbsDet(), lu.Sign(), lu.RCond()
				lu.Grad(gen64(g, n), 2)
				lu.JVP(gen64(x, n))
				lu.JVPs(out, dirs)
			},
			"LU.FactorizeGrad": func() {
				lu.FactorizeGrad(gen64(x, n), gen64(g, n), 2)
				_, _, _ = lu.LogAbsDet(), lu.Sign(), lu.RCond()
				lu.JVP(gen64(x, n))
			},
			"LU32.FactorizeGrad": func() {
				lu32.FactorizeGrad(gen32(x32, n), gen32(g32, n), 2)
				_, _ = lu32.LogAbsDet(), lu32.RCond()
			},
			"LU32": func() {
				lu32.Factorize(gen32(x32, n))
				_, _ = lu32.LogAbsDet(), lu32.RCond()
				lu32.Grad(gen32(g32, n), 2)
				lu32.JVP(gen32(x32, n))
				lu32.JVPs(out32, dirs32)
			},
			"Cholesky": func() {
				ch.Factorize(gen64(s, n))
				_, _ = ch.LogDet(), ch.RCond()
				ch.Grad(gen64(g, n), 2)
				ch.JVP(gen64(s, n))
				ch.JVPs(out, dirs)
			},
			"Cholesky32": func() {
				ch32.Factorize(gen32(s32, n))
				_, _ = ch32.LogDet(), ch32.RCond()
				ch32.Inverse(gen32(g32, n))
				ch32.JVP(gen32(s32, n))
				ch32.JVPs(out32, dirs32)
			},
		} {
			f()
			if a := testing.AllocsPerRun(20, f); a != 0 {
				t.Errorf("n=%d %s: %v allocations per run, want 0", n, name, a)
			}
		}
	}
}

// TestLogDetNumericallySingular: κ ≈ 1e17 (beyond 1/ε) gives finite results, no error,
// and an RCond that says so.
func TestLogDetNumericallySingular(t *testing.T) {
	r := testutil.Rand(t)
	for _, n := range []int{3, 17, 64} {
		// κ = 1e14: ill-conditioned enough for RCond to flag it, not so close to singular
		// (κ ≳ 1/ε) that rounding can leave an exactly zero pivot (seen at κ = 1e17).
		x, _, _, _ := conditioned(r, n, 1e14)
		var lu grad.LU
		err := lu.Factorize(gen64(x, n))
		g := make([]float64, n*n)
		gerr := lu.Grad(gen64(g, n), 1)
		if err != nil || gerr != nil || math.IsInf(lu.LogAbsDet(), 0) || math.IsNaN(lu.LogAbsDet()) || lu.Sign() == 0 {
			t.Errorf("n=%d: %v, %v, log %v, sign %v; want finite results and no error", n, err, gerr, lu.LogAbsDet(), lu.Sign())
		}
		if rc := lu.RCond(); !(rc < 1e-12) {
			t.Errorf("n=%d: RCond %v, want < 1e-12", n, rc)
		}
		s, _, _ := testutil.SPDConditioned(r, n, 1e13)
		var ch grad.Cholesky
		if err := ch.Factorize(gen64(s, n)); err != nil {
			t.Errorf("n=%d: Cholesky of a κ = 1e13 SPD matrix: %v", n, err)
		} else if rc := ch.RCond(); !(rc < 1e-11) {
			t.Errorf("n=%d: Cholesky RCond %v, want < 1e-11", n, rc)
		}
	}
}
