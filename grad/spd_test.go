package grad_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/testutil"
)

// TestCholeskyFactorizeGrad: Cholesky.FactorizeGrad (and Cholesky32's) against
// Factorize + Grad on the same matrix, the strict upper triangle NaN (never read): log
// det within 20·n·ε·κ, the gradient elementwise within 20·n·ε·κ·max|Σ⁻¹| and exactly
// symmetric, RCond exact (within a factor 3 of the estimate), a JVP after it, a strided
// dst, reuse of one object across sizes; then a non-PD input (the pivot Factorize
// names, dst untouched) and a NaN input.
func TestCholeskyFactorizeGrad(t *testing.T) {
	r := testutil.Rand(t)
	var ch, ref grad.Cholesky
	var ch32, ref32 grad.Cholesky32
	for _, n := range []int{0, 1, 2, 5, 17, 64, 130, 300} {
		x := randSPD(r, n)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				x[i*n+j] = math.NaN()
			}
		}
		name := fmt.Sprintf("n=%d", n)
		ld := n + 3
		g := blas64.General{Rows: n, Cols: n, Stride: ld, Data: make([]float64, max(0, (n-1)*ld+n))}
		if err := ch.FactorizeGrad(gen64(x, n), g, -2); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := ref.Factorize(gen64(x, n)); err != nil {
			t.Fatalf("%s: reference: %v", name, err)
		}
		want := make([]float64, n*n)
		ref.Grad(gen64(want, n), -2)
		rc, rcRef := ch.RCond(), ref.RCond()
		kappa := 1 / rc
		tol := 20 * float64(max(n, 1)) * 0x1p-52 * kappa
		if !(math.Abs(ch.LogDet()-ref.LogDet()) <= tol*(1+math.Abs(ref.LogDet()))) {
			t.Fatalf("%s: log det %v, Factorize's %v", name, ch.LogDet(), ref.LogDet())
		}
		if n > 0 && !(rc <= 3*rcRef && rc >= rcRef/3) {
			t.Fatalf("%s: RCond %v, estimate %v", name, rc, rcRef)
		}
		var gmax float64
		for _, v := range want {
			gmax = max(gmax, math.Abs(v))
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if d := math.Abs(g.Data[i*ld+j] - want[i*n+j]); !(d <= tol*gmax) {
					t.Fatalf("%s: grad[%d,%d] = %v, Factorize+Grad %v", name, i, j, g.Data[i*ld+j], want[i*n+j])
				}
				if g.Data[i*ld+j] != g.Data[j*ld+i] {
					t.Fatalf("%s: grad not symmetric at [%d,%d]", name, i, j)
				}
			}
		}
		if n > 0 {
			id := make([]float64, n*n)
			for i := 0; i < n; i++ {
				id[i*n+i] = 1
			}
			j1, _ := ch.JVP(gen64(id, n))
			var tr float64
			for i := 0; i < n; i++ {
				tr += want[i*n+i] / -2
			}
			if math.Abs(j1-tr) > tol*math.Abs(tr) {
				t.Fatalf("%s: JVP along I = %v, want tr Σ⁻¹ = %v", name, j1, tr)
			}
		}
		x32 := to32(x)
		g32 := make([]float32, n*n)
		if err := ch32.FactorizeGrad(gen32(x32, n), gen32(g32, n), 1); err != nil {
			t.Fatalf("%s: Cholesky32: %v", name, err)
		}
		ref32.Factorize(gen32(x32, n))
		if !(math.Abs(ch32.LogDet()-ref32.LogDet()) <= 2e-5*float64(max(n, 1))*kappa*(1+math.Abs(ref32.LogDet()))) {
			t.Fatalf("%s: Cholesky32 log det %v, Factorize's %v", name, ch32.LogDet(), ref32.LogDet())
		}
	}
	// Not PD at pivot p: the same *NotPDError as Factorize, NaN, RCond 0, dst untouched.
	n := 300
	for _, p := range []int{0, 95, 96, 200, n - 1} {
		x := randSPD(r, n)
		x[p*n+p] = -1
		g := make([]float64, n*n)
		err := ch.FactorizeGrad(gen64(x, n), gen64(g, n), 1)
		var e *grad.NotPDError
		if !errors.As(err, &e) || e.Pivot != p || !errors.Is(err, grad.ErrNotPD) {
			t.Fatalf("not PD at %d: err %v", p, err)
		}
		if !math.IsNaN(ch.LogDet()) || ch.RCond() != 0 {
			t.Fatalf("not PD at %d: %v %v", p, ch.LogDet(), ch.RCond())
		}
		for _, v := range g {
			if v != 0 {
				t.Fatalf("not PD at %d: dst written", p)
			}
		}
		if _, err := ch.JVP(gen64(x, n)); !errors.Is(err, grad.ErrNotPD) {
			t.Fatalf("not PD: JVP err %v", err)
		}
	}
	x := randSPD(r, n)
	x[200*n+3] = math.NaN()
	g := make([]float64, n*n)
	if err := ch.FactorizeGrad(gen64(x, n), gen64(g, n), 1); err != nil || !math.IsNaN(ch.LogDet()) || !math.IsNaN(g[5]) {
		t.Fatalf("NaN: err %v, %v, g[5] %v", err, ch.LogDet(), g[5])
	}
}
