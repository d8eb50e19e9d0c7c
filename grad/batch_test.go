package grad_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// batchOps adapts LogDetBatch and LogDetBatch32.
func batchOps[T view.Float]() func(logdets, signs, grads, xs []T, n int) error {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(grad.LogDetBatch32).(func(logdets, signs, grads, xs []T, n int) error)
	}
	return any(grad.LogDetBatch).(func(logdets, signs, grads, xs []T, n int) error)
}

// TestLogDetBatch compares LogDetBatch with LU one matrix at a time (the same n·ε·κ
// bound as the LU tests, κ from LU's inverse), for a batch holding well-conditioned
// matrices of both signs, an exactly singular one, one with a NaN and one with an Inf;
// with grads separate, grads nil, and grads exactly xs; guards around every output.
func TestLogDetBatch(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) { // the LU it is compared with
		t.Run("f64", func(t *testing.T) { logDetBatch[float64](t) })
		t.Run("f32", func(t *testing.T) { logDetBatch[float32](t) })
	})
}

func logDetBatch[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	batch := batchOps[T]()
	ops := luOps[T]()
	eps := testutil.Eps[T]()
	for _, n := range []int{0, 1, 2, 3, 8, 16, 17, 32} {
		const k = 7
		nn := n * n
		xs := make([]T, 0, k*nn)
		for p := 0; p < k; p++ {
			c, _, _, _ := conditioned(r, n, 100)
			xs = append(xs, cast[T](c)...)
		}
		if n > 0 {
			for i := 0; i < n; i++ {
				xs[2*nn+i*n+n/2] = 0 // matrix 2: a zero column
			}
			xs[3*nn+nn/2] = T(math.NaN())
			xs[5*nn+nn-1] = T(math.Inf(-1))
		}
		for _, mode := range []string{"grads", "nil", "in place"} {
			name := fmt.Sprintf("n=%d %s", n, mode)
			off := r.IntN(8)
			ld, sg := testutil.NewGuarded[T](k, off), testutil.NewGuarded[T](k, (off+1)%8)
			in := testutil.GuardedCopy(xs, (off+2)%8)
			snap := testutil.Snap(in.S())
			var gr *testutil.Guarded[T]
			var grads []T
			switch mode {
			case "grads":
				gr = testutil.NewGuarded[T](k*nn, (off+3)%8)
				grads = gr.S()
			case "in place":
				gr, grads = in, in.S()
			}
			err := batch(ld.S(), sg.S(), grads, in.S(), n)
			if n > 0 && !errors.Is(err, grad.ErrSingular) {
				t.Errorf("%s: error %v, want ErrSingular", name, err)
			}
			if n == 0 && err != nil {
				t.Errorf("%s: error %v", name, err)
			}
			ld.Check(t, name+": logdets")
			sg.Check(t, name+": signs")
			in.Check(t, name+": xs")
			if mode != "in place" {
				snap.Check(t, name+": xs", in.S())
			}
			if gr != nil {
				gr.Check(t, name+": grads")
			}
			for p := 0; p < k; p++ {
				x := xs[p*nn : p*nn+nn]
				lerr := ops.factor(matOf(x, n))
				want := make([]T, nn)
				lerr2 := ops.grad(matOf(want, n), 1)
				gl, gs := float64(ld.S()[p]), float64(sg.S()[p])
				switch {
				case n > 0 && (p == 3 || p == 5):
					if !math.IsNaN(gl) || !math.IsNaN(gs) {
						t.Errorf("%s: matrix %d with a NaN/Inf: logdet %v, sign %v; want NaN", name, p, gl, gs)
					}
					for _, v := range gradsOf(grads, p, nn) {
						if !math.IsNaN(float64(v)) {
							t.Fatalf("%s: matrix %d: gradient %v, want NaN", name, p, v)
						}
					}
				case n > 0 && p == 2:
					if !errors.Is(lerr, grad.ErrSingular) || gl != math.Inf(-1) || gs != 0 {
						t.Errorf("%s: singular matrix: logdet %v, sign %v", name, gl, gs)
					}
					for _, v := range gradsOf(grads, p, nn) {
						if v != 0 {
							t.Fatalf("%s: singular matrix: gradient %v, want 0", name, v)
						}
					}
				default:
					if lerr != nil || lerr2 != nil {
						t.Fatal(lerr, lerr2)
					}
					inv := make([]T, nn)
					ops.inv(matOf(inv, n))
					kappa := norm1Of(to64(x), n) * norm1Of(to64(inv), n)
					tol := tolC[T]() * eps * (float64(n)*kappa + 1)
					if math.Abs(gl-ops.logDet()) > tol*max(1, math.Abs(gl)) || gs != ops.sign() {
						t.Errorf("%s: matrix %d: logdet %v sign %v, LU says %v, %v", name, p, gl, gs, ops.logDet(), ops.sign())
					}
					if g := gradsOf(grads, p, nn); g != nil {
						if e := maxRel(g, to64(want)); e > tol {
							t.Errorf("%s: matrix %d: gradient relative error %.3g > %.3g", name, p, e, tol)
						}
					}
				}
			}
		}
	}
}

func gradsOf[T view.Float](grads []T, p, nn int) []T {
	if grads == nil {
		return nil
	}
	return grads[p*nn : p*nn+nn]
}

// TestLogDetBatchGradient checks LogDetBatch's gradients with grad.Check on the sum of
// the log-determinants of a batch.
func TestLogDetBatchGradient(t *testing.T) {
	r := testutil.Rand(t)
	const n, k = 5, 4
	xs := make([]float64, 0, k*n*n)
	for p := 0; p < k; p++ {
		c, _, _, _ := conditioned(r, n, 10)
		for i := range c {
			c[i] *= n
		}
		xs = append(xs, c...)
	}
	ld, sg, g := make([]float64, k), make([]float64, k), make([]float64, k*n*n)
	if err := grad.LogDetBatch(ld, sg, g, xs, n); err != nil {
		t.Fatal(err)
	}
	f := func(y []float64) float64 {
		grad.LogDetBatch(ld, sg, nil, y, n)
		s := 0.0
		for _, v := range ld {
			s += v
		}
		return s
	}
	if _, err := grad.Check(f, xs, g, grad.CheckOptions{}); err != nil {
		t.Error(err)
	}
}

func TestLogDetBatchPanics(t *testing.T) {
	s := make([]float64, 2)
	x := make([]float64, 8)
	testutil.MustPanic(t, func() { grad.LogDetBatch(s, s, nil, make([]float64, 2*33*33), 33) }, "grad.LogDetBatch", "n = 33")
	testutil.MustPanic(t, func() { grad.LogDetBatch(s, s[:1], nil, x, 2) }, "grad.LogDetBatch", "len(signs) = 1")
	testutil.MustPanic(t, func() { grad.LogDetBatch(s, s, nil, x[:7], 2) }, "grad.LogDetBatch", "len(xs) = 7")
	testutil.MustPanic(t, func() { grad.LogDetBatch(s, s, make([]float64, 9), x, 2) }, "grad.LogDetBatch", "len(grads) = 9")
	big := make([]float64, 12)
	testutil.MustPanic(t, func() { grad.LogDetBatch(s, s, big[4:12], big[:8], 2) }, "grad.LogDetBatch", "overlap")
	s32 := make([]float32, 1)
	testutil.MustPanic(t, func() { grad.LogDetBatch32(s32, s32, nil, make([]float32, 3), 2) }, "grad.LogDetBatch32", "len(xs) = 3")
}

func TestLogDetBatchAllocs(t *testing.T) {
	r := testutil.Rand(t)
	const n, k = 16, 50
	xs := make([]float64, k*n*n)
	for p := 0; p < k; p++ {
		copy(xs[p*n*n:], randGeneral(r, n))
	}
	ld, sg, g := make([]float64, k), make([]float64, k), make([]float64, k*n*n)
	if a := testing.AllocsPerRun(10, func() { grad.LogDetBatch(ld, sg, g, xs, n) }); a != 0 {
		t.Errorf("%v allocations per call, want 0", a)
	}
}

// TestLogDetBatchHugeFinite: entries near the float64 maximum are finite, in place or
// not (x₀₁ + x₁₀ overflows, so the finiteness check must not add them).
func TestLogDetBatchHugeFinite(t *testing.T) {
	const h = 1.5e308
	for _, inPlace := range []bool{false, true} {
		xs := []float64{1, h, h, 0} // det = −h², pivots h and h
		ld, sg := make([]float64, 1), make([]float64, 1)
		g := make([]float64, 4)
		if inPlace {
			g = xs
		}
		if err := grad.LogDetBatch(ld, sg, g, xs, 2); err != nil || sg[0] != -1 || math.Abs(ld[0]-2*math.Log(h)) > 1e-12 {
			t.Errorf("in place %v: %v, logdet %v, sign %v; want %v, −1", inPlace, err, ld[0], sg[0], 2*math.Log(h))
		}
		// X⁻ᵀ = X⁻¹ = [[0, 1/h], [1/h, −1/h²]] (the last underflows to −0).
		want := []float64{0, 1 / h, 1 / h, 0}
		if e := maxRel(g, want); e > 1e-12 {
			t.Errorf("in place %v: gradient %v, want %v", inPlace, g, want)
		}
	}
}

// TestLogDetBatchScaled compares LogDetBatch with LU on matrices s·X (X of condition
// 100) whose entries are tiny or huge, so that det(s·X) = sⁿ·det X lies far outside
// the range of the type (for n = 32 and s = 1e20, 1e640 is beyond float64, let alone
// float32) while log|det| = n·log s + log|det X| and X⁻ᵀ/s stay representable. LU sums
// the logs of its pivots, which cannot overflow. The bounds are those of
// TestLogDetBatch; log|det| is also checked against n·log s + log|det X| (the rounding
// of s·X to T moves it by at most n·ε_T·κ).
func TestLogDetBatchScaled(t *testing.T) {
	t.Run("f64", func(t *testing.T) {
		logDetBatchScaled[float64](t, []float64{1e20, 1e-20, 1e150, 1e-150, 1e300, 1e-300, 0x1p1000, 0x1p-1000})
	})
	t.Run("f32", func(t *testing.T) {
		logDetBatchScaled[float32](t, []float64{1e5, 1e-5, 1e20, 1e-20, 1e30, 1e-30, 0x1p120, 0x1p-120})
	})
}

func logDetBatchScaled[T view.Float](t *testing.T, scales []float64) {
	r := testutil.Rand(t)
	batch := batchOps[T]()
	ops := luOps[T]()
	eps := testutil.Eps[T]()
	for _, n := range []int{1, 2, 5, 16, 32} {
		for _, s := range scales {
			c, _, logAbs, sign := conditioned(r, n, 100)
			for i := range c {
				c[i] *= s
			}
			x := cast[T](c)
			for _, inverse := range []bool{true, false} {
				name := fmt.Sprintf("n=%d s=%g grads=%v", n, s, inverse)
				ld, sg := testutil.NewGuarded[T](1, 1), testutil.NewGuarded[T](1, 2)
				var gr *testutil.Guarded[T]
				var grads []T
				if inverse {
					gr = testutil.NewGuarded[T](n*n, 3)
					grads = gr.S()
				}
				if err := batch(ld.S(), sg.S(), grads, x, n); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				ld.Check(t, name+": logdets")
				sg.Check(t, name+": signs")
				if gr != nil {
					gr.Check(t, name+": grads")
				}
				if err := ops.factor(matOf(x, n)); err != nil {
					t.Fatalf("%s: LU: %v", name, err)
				}
				inv, want := make([]T, n*n), make([]T, n*n)
				ops.inv(matOf(inv, n))
				ops.grad(matOf(want, n), 1)
				kappa := norm1Of(to64(x), n) * norm1Of(to64(inv), n)
				tol := tolC[T]() * eps * (float64(n)*kappa + 1)
				gl, gs := float64(ld.S()[0]), float64(sg.S()[0])
				if math.Abs(gl-ops.logDet()) > tol*max(1, math.Abs(gl)) || gs != ops.sign() {
					t.Errorf("%s: logdet %v sign %v, LU says %v, %v", name, gl, gs, ops.logDet(), ops.sign())
				}
				exact := float64(n)*math.Log(s) + logAbs
				if math.Abs(gl-exact) > tol*max(1, math.Abs(exact)) || gs != sign {
					t.Errorf("%s: logdet %v sign %v, want %v, %v", name, gl, gs, exact, sign)
				}
				if inverse {
					if e := maxRel(grads, to64(want)); e > tol {
						t.Errorf("%s: gradient relative error %.3g > %.3g", name, e, tol)
					}
				}
			}
		}
	}
}

// TestLogDetBatchRowScaled: D·X with D = diag(2^eᵢ), eᵢ in ±emax, so that the pivots
// (the columns of the transposed matrix scale with D, and elimination with partial
// pivoting commutes with column scaling) range over nearly the whole exponent range of
// T in a random order: a running product of pivots leaves any fixed window (the
// product renormalized outside [2⁻⁶⁰⁰, 2⁶⁰⁰] gave +Inf and NaN here, and lost digits to
// subnormals). emax is about a quarter of T's exponent range: with wider rows,
// eliminating the untransposed D·X (grads nil) makes multipliers 2^−2emax that
// underflow, a loss of the factorization itself, not of the product of pivots.
//
// The reference is bigLU, exact: LU factorizes D·X untransposed, whose row scaling
// costs it accuracy (measured up to 2.4e-10 relative in rows of the gradient at
// n = 31, where LogDetBatch is within 4e-15). log|det| is compared with bigLU's and
// with Σ eᵢ·log 2 + log|det X| (the latter for X as built, within the rounding of X:
// n·ε·κ), the gradient D⁻¹X⁻ᵀ row by row relative to each row's largest entry.
func TestLogDetBatchRowScaled(t *testing.T) {
	t.Run("f64", func(t *testing.T) { logDetBatchRowScaled[float64](t, 450) })
	t.Run("f32", func(t *testing.T) { logDetBatchRowScaled[float32](t, 50) })
}

func logDetBatchRowScaled[T view.Float](t *testing.T, emax int) {
	r := testutil.Rand(t)
	batch := batchOps[T]()
	eps := testutil.Eps[T]()
	for _, n := range []int{2, 3, 8, 16, 31, 32} {
		for trial := 0; trial < 4; trial++ {
			c, _, logAbs, sign := conditioned(r, n, 100)
			exact := logAbs
			for i := 0; i < n; i++ {
				e := r.IntN(2*emax+1) - emax
				switch trial {
				case 0: // alternate ±emax: the widest swings
					e = emax * (1 - 2*(i%2))
				case 1: // runs of 2^(2/3·emax), 2^(0.65·emax), 2^emax, then the same negated
					e = [6]int{2 * emax / 3, 65 * emax / 100, emax, -2 * emax / 3, -65 * emax / 100, -emax}[i%6]
				}
				exact += float64(e) * math.Ln2
				for j := 0; j < n; j++ {
					c[i*n+j] = math.Ldexp(c[i*n+j], e)
				}
			}
			x := cast[T](c)
			name := fmt.Sprintf("n=%d trial %d", n, trial)
			ld, sg, g := make([]T, 1), make([]T, 1), make([]T, n*n)
			if err := batch(ld, sg, g, x, n); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			ldNil, sgNil := make([]T, 1), make([]T, 1)
			if err := batch(ldNil, sgNil, nil, x, n); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			bdet, binv := bigLU(to64(x), n)
			refLog, refSign := bigLogAbs(bdet), float64(bdet.Sign())
			refG := make([]float64, n*n)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					refG[i*n+j], _ = binv[j][i].Float64()
				}
			}
			kappa := 100.0 * float64(n) // κ₁(X) ≤ n·κ₂(X); D drops out of the errors
			tol := tolC[T]() * eps * (float64(n)*kappa + 1)
			for _, v := range []struct {
				what   string
				ld, sg T
			}{{"grads", ld[0], sg[0]}, {"nil", ldNil[0], sgNil[0]}} {
				gl, gs := float64(v.ld), float64(v.sg)
				if math.Abs(gl-refLog) > tol*max(1, math.Abs(gl)) || gs != refSign {
					t.Errorf("%s %s: logdet %v sign %v, exactly %v, %v", name, v.what, gl, gs, refLog, refSign)
				}
				if math.Abs(gl-exact) > tol*max(1, math.Abs(exact)) || gs != sign {
					t.Errorf("%s %s: logdet %v sign %v, want %v, %v", name, v.what, gl, gs, exact, sign)
				}
			}
			for i := 0; i < n; i++ {
				if e := maxRel(g[i*n:i*n+n], refG[i*n:i*n+n]); e > tol {
					t.Errorf("%s: gradient row %d relative error %.3g > %.3g", name, i, e, tol)
				}
			}
		}
	}
}

// TestLogDetBatchSubnormalPivot: a pivot below the smallest normal number after others
// that leave many bits in a running product (0.7): log|det| must keep full precision.
func TestLogDetBatchSubnormalPivot(t *testing.T) {
	tiny := 0x1.8p-1070 // subnormal
	xs := []float64{0.7, 0, 0, tiny}
	ld, sg := make([]float64, 1), make([]float64, 1)
	if err := grad.LogDetBatch(ld, sg, nil, xs, 2); err != nil {
		t.Fatal(err)
	}
	want := math.Log(0.7) + math.Log(1.5) - 1070*math.Ln2
	if math.Abs(ld[0]-want) > 1e-14*math.Abs(want) || sg[0] != 1 {
		t.Errorf("logdet %v sign %v, want %v, 1", ld[0], sg[0], want)
	}
	xs32 := []float32{0.7, 0, 0, 0x1.8p-140}
	ld32, sg32 := make([]float32, 1), make([]float32, 1)
	if err := grad.LogDetBatch32(ld32, sg32, nil, xs32, 2); err != nil {
		t.Fatal(err)
	}
	want = math.Log(float64(float32(0.7))) + math.Log(1.5) - 140*math.Ln2
	if math.Abs(float64(ld32[0])-want) > 1e-6*math.Abs(want) || sg32[0] != 1 {
		t.Errorf("float32: logdet %v sign %v, want %v, 1", ld32[0], sg32[0], want)
	}
}
