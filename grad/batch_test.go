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
