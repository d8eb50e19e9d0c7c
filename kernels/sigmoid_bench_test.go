package kernels

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/internal/testutil"
)

// BenchmarkSigmoid times Sigmoid and Sigmoid32 at every level on one core, at an L1-sized
// and an L2-sized length; profile it with
//
//	go test ./kernels -run '^$' -bench 'Sigmoid/.*avx512' -cpuprofile cpu.out
//	go tool pprof -lines -top kernels.test cpu.out
//
// to see the samples spread over the lines of the generated loop (asm/sigmoid_*_amd64.s).
func BenchmarkSigmoid(b *testing.B) {
	r := testutil.Rand(b)
	for _, n := range []int{1000, 100000} {
		x64 := testutil.Slice[float64](r, n)
		d64 := make([]float64, n)
		nnBenchLevels(b, fmt.Sprintf("f64/n=%d", n), func(b *testing.B) {
			b.SetBytes(2 * 8 * int64(n))
			for i := 0; i < b.N; i++ {
				Sigmoid(d64, x64)
			}
		})
		x32 := testutil.Slice[float32](r, n)
		d32 := make([]float32, n)
		nnBenchLevels(b, fmt.Sprintf("f32/n=%d", n), func(b *testing.B) {
			b.SetBytes(2 * 4 * int64(n))
			for i := 0; i < b.N; i++ {
				Sigmoid32(d32, x32)
			}
		})
	}
}
