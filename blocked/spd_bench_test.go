package blocked

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// BenchmarkSPDInverse times SPDInverse (n³ flops) on one thread at the level in force,
// float64 and float32, the matrix recopied before each call (the copy is timed too: n²
// element moves against n³ flops).
func BenchmarkSPDInverse(b *testing.B) {
	prev := SetThreads(1)
	defer SetThreads(prev)
	for _, n := range []int{16, 32, 64, 128, 256, 1024} {
		b.Run(fmt.Sprintf("n=%d/type=f64", n), func(b *testing.B) { benchSPD[float64](b, n) })
		b.Run(fmt.Sprintf("n=%d/type=f32", n), func(b *testing.B) { benchSPD[float32](b, n) })
	}
}

// BenchmarkSPDInverseIllConditioned times SPDInverse, float64, one thread, on
// Σ = Q·diag(λ)·Qᵀ with κ₂ = 1e8 (testutil.SPDConditioned), where the recursion's
// result fails the κ_F check and Cholesky + CholeskyInverse recomputes it.
func BenchmarkSPDInverseIllConditioned(b *testing.B) {
	prev := SetThreads(1)
	defer SetThreads(prev)
	for _, n := range []int{64, 256, 1024} {
		b.Run(fmt.Sprintf("n=%d/type=f64", n), func(b *testing.B) {
			s, _, _ := testutil.SPDConditioned(testutil.Rand(b), n, 1e8)
			benchSPDOf(b, view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: s})
		})
	}
}

func benchSPD[T view.Float](b *testing.B, n int) {
	benchSPDOf(b, spd[T](testutil.Rand(b), n))
}

func benchSPDOf[T view.Float](b *testing.B, s view.Matrix[T]) {
	n := s.Rows
	a := view.Matrix[T]{Rows: n, Cols: n, Stride: n, Data: make([]T, n*n)}
	b.ResetTimer()
	for range b.N {
		copy(a.Data, s.Data)
		spdInvOf(a)
	}
	b.ReportMetric(float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkGJInverse times GJInverse (2n³ flops) on one thread at the level in force,
// float64, the matrix recopied before each call (the copy is timed too).
func BenchmarkGJInverse(b *testing.B) {
	prev := SetThreads(1)
	defer SetThreads(prev)
	for _, n := range []int{16, 32, 64, 128} {
		b.Run(fmt.Sprintf("n=%d/type=f64", n), func(b *testing.B) {
			r := testutil.Rand(b)
			s := testutil.Matrix[float64](r, n, n)
			a := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
			ipiv := make([]int, n)
			b.ResetTimer()
			for range b.N {
				copy(a.Data, s.Data)
				GJInverse(view.General64(a), ipiv)
			}
			b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
