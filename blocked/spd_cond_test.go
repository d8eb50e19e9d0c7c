package blocked

import (
	"fmt"
	"math"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestSPDInverseIllConditioned checks SPDInverse on Σ = Q·diag(λ)·Qᵀ
// (testutil.SPDConditioned: λ log-spaced from 1 down to 1/κ, κ up to 1e12) at
// every level, float64, at the orders of the leaf (n ≤ spdLeaf; above it the recursion
// is less accurate, as SPDInverse documents): the residual
// max|Σ·X − I| and the log-determinant's error against Σ log λ must stay within
// 10·n·κ·ε, the backward-stable bound (Cholesky + CholeskyInverse meet it with room;
// the Gauss–Jordan leaf sweep of c4c1ce5, since removed, broke it by 10³–10⁵ at
// κ = 1e8–1e12 at the AVX-512 level).
func TestSPDInverseIllConditioned(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		r := testutil.Rand(t)
		for _, n := range []int{2, 3, 4, 5, 8, 15, 16} { // the leaf: see SPDInverse on larger n
			for _, kappa := range []float64{1e4, 1e8, 1e10, 1e12} {
				for trial := 0; trial < 6; trial++ {
					name := fmt.Sprintf("n=%d/κ=%g/trial=%d", n, kappa, trial)
					s, _, ld := testutil.SPDConditioned(r, n, kappa)
					x := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: append([]float64(nil), s...)}
					got, f := spdInvOf(x)
					if f != -1 {
						t.Fatalf("%s: failed = %d", name, f)
					}
					bound := 10 * float64(n) * kappa * 0x1p-52
					if e := math.Abs(got - ld); !(e <= bound) {
						t.Errorf("%s: log det %v, want %v (error %.3g > %.3g)", name, got, ld, e, bound)
					}
					res := 0.0
					for i := 0; i < n; i++ {
						for j := 0; j < n; j++ {
							v := 0.0
							for k := 0; k < n; k++ {
								v += s[i*n+k] * x.Data[k*n+j]
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
			}
		}
	})
}
