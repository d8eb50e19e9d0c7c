package blocked

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
)

// TestDsyrk compares the blocked Dsyrk with gonum's native one on sizes that take the
// engine path, and runs gonum's own Dsyrk tests (small sizes: the native path and the
// argument checks), at every level. The other triangle of C must be left untouched
// (sentinels), and β = 0 must not read C.
func TestDsyrk(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		testblas.DsyrkTest(t, Implementation{})
		r := testutil.Rand(t)
		var impl Implementation
		var native gonum.Implementation
		for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
			for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				// n < 256 stays native (with C cleared when β = 0); larger n takes the engine.
				for _, sh := range [][2]int{{10, 3}, {255, 5}, {40, 1}, {256, 1}, {300, 37}, {389, 130}} {
					for _, beta := range []float64{0, 1, -0.5} {
						n, k := sh[0], sh[1]
						name := fmt.Sprintf("ul=%c/tA=%c/n=%d/k=%d/beta=%v", ul, tA, n, k, beta)
						row, col := n, k
						if tA != blas.NoTrans {
							row, col = k, n
						}
						lda, ldc := col+r.IntN(3), n+r.IntN(3)
						a := testutil.Slice[float64](r, (row-1)*lda+col)
						c := testutil.NewGuarded[float64]((n-1)*ldc+n, r.IntN(8))
						want := make([]float64, len(c.S()))
						for i := 0; i < n; i++ {
							for j := 0; j < n; j++ {
								if ((ul == blas.Upper && j >= i) || (ul == blas.Lower && j <= i)) && beta != 0 {
									v := 2*r.Float64() - 1
									c.S()[i*ldc+j] = v
								}
							}
						}
						copy(want, c.S())
						if beta == 0 {
							// gonum's native Dsyrk (tA = Trans) lets NaN in C through when
							// β = 0; give the reference zeros, the engine path NaNs.
							for i := 0; i < n; i++ {
								for j := 0; j < n; j++ {
									if (ul == blas.Upper && j >= i) || (ul == blas.Lower && j <= i) {
										want[i*ldc+j] = 0
									}
								}
							}
						}
						native.Dsyrk(ul, tA, n, k, 1.5, a, lda, beta, want, ldc)
						impl.Dsyrk(ul, tA, n, k, 1.5, a, lda, beta, c.S(), ldc)
						c.Check(t, name)
						for i, g := range c.S() {
							w := want[i]
							// Same sums in a different order: within (k+2)·ε·Σ|terms| ≤ (k+2)·ε·(1.5k + 1).
							if math.IsNaN(w) != math.IsNaN(g) || (!math.IsNaN(w) && math.Abs(g-w) > float64(k+2)*0x1p-52*(1.5*float64(k)+1)) {
								t.Fatalf("%s: element %d = %v, native %v", name, i, g, w)
							}
							if math.IsNaN(w) && !testutil.IsSentinel(g) {
								t.Fatalf("%s: element %d outside the triangle changed to %v", name, i, g)
							}
						}
					}
				}
			}
		}
	})
}
