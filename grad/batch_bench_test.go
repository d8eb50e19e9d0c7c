package grad_test

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/testutil"
)

// BenchmarkLogDetBatch times LogDetBatch on 1000 matrices against a loop of LU calls
// (Factorize, LogAbsDet, Sign, Grad) on the same matrices; the bench suite has the same
// cases (logdet-batch-f64).
func BenchmarkLogDetBatch(b *testing.B) {
	r := testutil.Rand(b)
	for _, n := range []int{8, 16, 32} {
		const k = 1000
		xs := make([]float64, 0, k*n*n)
		for p := 0; p < k; p++ {
			xs = append(xs, randGeneral(r, n)...)
		}
		ld, sg, g := make([]float64, k), make([]float64, k), make([]float64, k*n*n)
		b.Run(fmt.Sprintf("n=%d/impl=batch", n), func(b *testing.B) {
			for b.Loop() {
				grad.LogDetBatch(ld, sg, g, xs, n)
			}
		})
		b.Run(fmt.Sprintf("n=%d/impl=loop", n), func(b *testing.B) {
			var lu grad.LU
			for b.Loop() {
				for p := 0; p < k; p++ {
					x := blas64.General{Rows: n, Cols: n, Stride: n, Data: xs[p*n*n : (p+1)*n*n]}
					lu.Factorize(x)
					ld[p], sg[p] = lu.LogAbsDet(), lu.Sign()
					lu.Grad(blas64.General{Rows: n, Cols: n, Stride: n, Data: g[p*n*n : (p+1)*n*n]}, 1)
				}
			}
		})
	}
}
