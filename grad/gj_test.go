package grad_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/testutil"
)

// TestFactorizeGrad: LU.FactorizeGrad (and LU32's) against Factorize + Grad on the same
// matrix: log|det| and the sign within 20·n·ε·κ, the gradient elementwise within
// 20·n·ε·κ·max|X⁻¹|, RCond exact (within a factor 3 of the estimate, which is a lower
// bound to within that), JVPs after it, a strided dst, and reuse of one object across
// sizes, then a singular and a NaN input.
func TestFactorizeGrad(t *testing.T) {
	r := testutil.Rand(t)
	var lu, ref grad.LU
	var lu32, ref32 grad.LU32
	for _, n := range []int{0, 1, 2, 5, 17, 64, 130, 300} {
		x := randGeneral(r, n)
		name := fmt.Sprintf("n=%d", n)
		ld := n + 3
		g := blas64.General{Rows: n, Cols: n, Stride: ld, Data: make([]float64, max(0, (n-1)*ld+n))}
		if err := lu.FactorizeGrad(gen64(x, n), g, -2); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := ref.Factorize(gen64(x, n)); err != nil {
			t.Fatalf("%s: reference: %v", name, err)
		}
		want := make([]float64, n*n)
		ref.Grad(gen64(want, n), -2)
		rc, rcRef := lu.RCond(), ref.RCond()
		kappa := 1 / rc
		eps := 0x1p-52
		tol := 20 * float64(max(n, 1)) * eps * kappa
		if lu.Sign() != ref.Sign() || !(math.Abs(lu.LogAbsDet()-ref.LogAbsDet()) <= tol*(1+math.Abs(ref.LogAbsDet()))) {
			t.Fatalf("%s: log|det| %v sign %v, Factorize's %v %v", name, lu.LogAbsDet(), lu.Sign(), ref.LogAbsDet(), ref.Sign())
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
			}
		}
		if n > 0 {
			j1, _ := lu.JVP(gen64(x, n))
			if math.Abs(j1-float64(n)) > tol*float64(n) {
				t.Fatalf("%s: JVP along X = %v, want n", name, j1)
			}
		}
		x32 := to32(x)
		g32 := make([]float32, n*n)
		if err := lu32.FactorizeGrad(gen32(x32, n), gen32(g32, n), 1); err != nil {
			t.Fatalf("%s: LU32: %v", name, err)
		}
		ref32.Factorize(gen32(x32, n))
		if lu32.Sign() != ref32.Sign() || !(math.Abs(lu32.LogAbsDet()-ref32.LogAbsDet()) <= 2e-5*float64(max(n, 1))*kappa*(1+math.Abs(ref32.LogAbsDet()))) {
			t.Fatalf("%s: LU32 log|det| %v sign %v, Factorize's %v %v", name, lu32.LogAbsDet(), lu32.Sign(), ref32.LogAbsDet(), ref32.Sign())
		}
	}
	// Singular: ErrSingular, −Inf, 0, RCond 0, dst untouched; then NaN: all NaN, nil.
	n := 40
	x := randGeneral(r, n)
	for i := 0; i < n; i++ {
		x[i*n+7] = 0
	}
	g := make([]float64, n*n)
	if err := lu.FactorizeGrad(gen64(x, n), gen64(g, n), 1); !errors.Is(err, grad.ErrSingular) {
		t.Fatalf("singular: err %v", err)
	}
	if !math.IsInf(lu.LogAbsDet(), -1) || lu.Sign() != 0 || lu.RCond() != 0 {
		t.Fatalf("singular: %v %v %v", lu.LogAbsDet(), lu.Sign(), lu.RCond())
	}
	for _, v := range g {
		if v != 0 {
			t.Fatalf("singular: dst written")
		}
	}
	if _, err := lu.JVP(gen64(x, n)); !errors.Is(err, grad.ErrSingular) {
		t.Fatalf("singular: JVP err %v", err)
	}
	x[3] = math.NaN()
	if err := lu.FactorizeGrad(gen64(x, n), gen64(g, n), 1); err != nil || !math.IsNaN(lu.LogAbsDet()) || !math.IsNaN(lu.Sign()) || !math.IsNaN(g[5]) {
		t.Fatalf("NaN: err %v, %v %v, g[5] %v", err, lu.LogAbsDet(), lu.Sign(), g[5])
	}
}

// TestFactorizeGradNonFinite: FactorizeGrad checks X for NaN and ±Inf only when the
// elimination ends non-finite or at a zero pivot, which it must for every non-finite X:
// random matrices (some with a zero column, so singular) with one, two or a whole row
// of NaN, +Inf or −Inf at random places, and at the first and last entries, every order
// through the panel and block edges, at every level. Each gives nil, log|det|, sign and
// RCond NaN and a gradient written with NaN everywhere, float64 and float32.
func TestFactorizeGradNonFinite(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		var lu grad.LU
		var lu32 grad.LU32
		for _, n := range []int{1, 2, 3, 16, 17, 40, 64, 97, 130} {
			for trial := 0; trial < 24; trial++ {
				bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[trial%3]
				x := randGeneral(r, n)
				if trial%4 == 3 {
					c := r.IntN(n)
					for i := 0; i < n; i++ {
						x[i*n+c] = 0
					}
				}
				switch trial % 8 {
				case 0:
					x[0] = bad
				case 1:
					x[n*n-1] = bad
				case 2:
					row := r.IntN(n)
					for j := 0; j < n; j++ {
						x[row*n+j] = bad
					}
				default:
					for k := 0; k <= trial%2; k++ {
						x[r.IntN(n*n)] = bad
					}
				}
				name := fmt.Sprintf("n=%d/trial=%d/%v", n, trial, bad)
				g := make([]float64, n*n)
				err := lu.FactorizeGrad(gen64(append([]float64(nil), x...), n), gen64(g, n), 1)
				if err != nil || !math.IsNaN(lu.LogAbsDet()) || !math.IsNaN(lu.Sign()) || !math.IsNaN(lu.RCond()) {
					t.Fatalf("%s: err %v, log|det| %v, sign %v, RCond %v; want nil and NaN", name, err, lu.LogAbsDet(), lu.Sign(), lu.RCond())
				}
				wantAllNaN(t, name, g)
				g32 := make([]float32, n*n)
				err = lu32.FactorizeGrad(gen32(to32(x), n), gen32(g32, n), 1)
				if err != nil || !math.IsNaN(lu32.LogAbsDet()) || !math.IsNaN(lu32.Sign()) {
					t.Fatalf("%s float32: err %v, log|det| %v, sign %v; want nil and NaN", name, err, lu32.LogAbsDet(), lu32.Sign())
				}
				wantAllNaN(t, name+" float32", g32)
			}
		}
	})
}

// TestCholeskyFactorizeGradNonFinite: Cholesky.FactorizeGrad scans Σ for NaN and ±Inf
// only when the inversion fails or ends with a non-finite log-determinant, so every
// placement of a non-finite entry in the lower triangle must still give NaN results and
// no error, at every level; one in the strict upper triangle (never read) must change
// nothing.
func TestCholeskyFactorizeGradNonFinite(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		var ch grad.Cholesky
		var ch32 grad.Cholesky32
		for _, n := range []int{1, 2, 3, 16, 17, 40, 64, 97, 130} {
			for trial := 0; trial < 24; trial++ {
				bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[trial%3]
				x := randSPD(r, n)
				switch trial % 8 {
				case 0:
					x[0] = bad
				case 1:
					x[n*n-1] = bad
				case 2:
					row := r.IntN(n)
					for j := 0; j <= row; j++ {
						x[row*n+j] = bad
					}
				case 3:
					d := r.IntN(n)
					x[d*n+d] = bad
				case 4:
					x[(n-1)*n] = bad // bottom left: the last block's first column
				default:
					for k := 0; k <= trial%2; k++ {
						i := r.IntN(n)
						x[i*n+r.IntN(i+1)] = bad
					}
				}
				name := fmt.Sprintf("n=%d/trial=%d/%v", n, trial, bad)
				g := make([]float64, n*n)
				err := ch.FactorizeGrad(gen64(append([]float64(nil), x...), n), gen64(g, n), 1)
				if err != nil || !math.IsNaN(ch.LogDet()) || !math.IsNaN(ch.RCond()) {
					t.Fatalf("%s: err %v, log det %v, RCond %v; want nil and NaN", name, err, ch.LogDet(), ch.RCond())
				}
				wantAllNaN(t, name, g)
				g32 := make([]float32, n*n)
				err = ch32.FactorizeGrad(gen32(to32(x), n), gen32(g32, n), 1)
				if err != nil || !math.IsNaN(ch32.LogDet()) {
					t.Fatalf("%s float32: err %v, log det %v; want nil and NaN", name, err, ch32.LogDet())
				}
				wantAllNaN(t, name+" float32", g32)
			}
			if n > 1 { // the upper triangle is not read
				x := randSPD(r, n)
				x[1] = math.NaN()
				g := make([]float64, n*n)
				if err := ch.FactorizeGrad(gen64(x, n), gen64(g, n), 1); err != nil || math.IsNaN(ch.LogDet()) || math.IsNaN(ch.RCond()) || math.IsNaN(g[n]) {
					t.Fatalf("n=%d: NaN in the upper triangle: err %v, log det %v, RCond %v, g[1][0] %v; want a finite result",
						n, err, ch.LogDet(), ch.RCond(), g[n])
				}
			}
		}
	})
}

// wantAllNaN fails the test unless every element of g is NaN.
func wantAllNaN[T float32 | float64](t *testing.T, name string, g []T) {
	t.Helper()
	for i, v := range g {
		if v == v {
			t.Fatalf("%s: gradient[%d] = %v, want NaN", name, i, v)
		}
	}
}
