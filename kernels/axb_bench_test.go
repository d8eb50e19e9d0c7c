package kernels

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// BenchmarkAXB times MulAXB and VecAXB on small squares (n×n·n×n·n×n, 4n³ flops) at
// every level on one core, with a workspace (no allocation); the matbench vecaxb-f64
// cases compare the same against gonum and OpenBLAS.
func BenchmarkAXB(b *testing.B) {
	r := testutil.Rand(b)
	for _, n := range []int{8, 16, 32, 64, 128} {
		a := view.General64(testutil.Matrix[float64](r, n, n))
		x := view.General64(testutil.Matrix[float64](r, n, n))
		bm := view.General64(testutil.Matrix[float64](r, n, n))
		d := view.General64(testutil.Matrix[float64](r, n, n))
		y, work := make([]float64, n*n), make([]float64, n*n)
		flops := 4 * float64(n) * float64(n) * float64(n)
		nnBenchLevels(b, fmt.Sprintf("mul/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				MulAXB(d, a, x, bm, work)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		nnBenchLevels(b, fmt.Sprintf("vec/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				VecAXB(y, a, x, bm, work)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
