package blocked

import (
	"fmt"
	"math"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestSPDInverseIllConditioned checks SPDInverse on
// Σ = Q·diag(λ)·Qᵀ (testutil.SPDConditioned: λ log-spaced from 1 down to 1/κ) at every
// level: the residual max|Σ·X − I| and the log-determinant's error against Σ log λ
// must stay within 10·n·κ·ε, the backward-stable bound (Cholesky + CholeskyInverse
// meet it with room). The orders cover the leaf (n ≤ 16), the recursion just above it,
// where the leading block is nearly as ill-conditioned as Σ (n = 17, 24), and deeper
// recursions; κ from 10 (the recursion's result kept) past spdTrust (recomputed by
// Cholesky) to 1e12. (Not float32: its 10·n·κ·ε reaches 1 by κ = 1e5, so it could
// not fail; checkIllConditioned takes T for such a case.) Without the κ_F guard the
// recursion broke the bound by 10³–10⁵ at n = 17, κ = 1e8–1e12 (and called some of
// these matrices not positive definite), as did the Gauss–Jordan leaf sweep of c4c1ce5
// at n ≤ 16.
func TestSPDInverseIllConditioned(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		r := testutil.Rand(t)
		for _, n := range []int{2, 3, 5, 8, 16, 17, 24, 33, 64, 100} {
			for _, kappa := range []float64{10, 1e2, 1e3, 1e4, 1e6, 1e8, 1e10, 1e12} {
				trials := 6
				if n > 32 {
					trials = 2
				}
				for trial := 0; trial < trials; trial++ {
					name := fmt.Sprintf("n=%d/κ=%g/trial=%d", n, kappa, trial)
					s, _, ld := testutil.SPDConditioned(r, n, kappa)
					checkIllConditioned[float64](t, name, s, ld, n, kappa)
				}
			}
		}
	})
}

// checkIllConditioned inverts s (n×n float64) rounded to T and checks the residual,
// computed in float64 against the rounded Σ, and the log det against ld within
// 10·n·κ·ε of T.
func checkIllConditioned[T view.Float](t *testing.T, name string, s []float64, ld float64, n int, kappa float64) {
	t.Helper()
	sig := make([]float64, n*n)
	x := view.Matrix[T]{Rows: n, Cols: n, Stride: n, Data: make([]T, n*n)}
	for i, v := range s {
		x.Data[i] = T(v)
		sig[i] = float64(x.Data[i])
	}
	eps := 0x1p-52
	if view.Is32[T]() {
		eps = 0x1p-23
	}
	got, f := spdInvOf(x)
	if f != -1 {
		t.Fatalf("%s: failed = %d", name, f)
	}
	bound := 10 * float64(n) * kappa * eps
	if e := math.Abs(got - ld); !(e <= bound) {
		t.Errorf("%s: log det %v, want %v (error %.3g > %.3g)", name, got, ld, e, bound)
	}
	res := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := 0.0
			for k := 0; k < n; k++ {
				v += sig[i*n+k] * float64(x.Data[k*n+j])
			}
			if i == j {
				v--
			}
			res = max(res, math.Abs(v))
		}
	}
	if !(res <= bound) {
		t.Errorf("%s: max|Σ·X − I| = %.3g > %.3g", name, res, bound)
	}
}
