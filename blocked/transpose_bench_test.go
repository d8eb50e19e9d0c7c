package blocked

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/internal/view"
)

// BenchmarkTransposeBlock times a 4096² float64 transpose for several block sides, for
// tuning TransposeBlock (the suite is in package bench).
func BenchmarkTransposeBlock(b *testing.B) {
	const n = 4096
	src := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	dst := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n+9)[9:]}
	for i := range src.Data {
		src.Data[i] = float64(i)
	}
	Transpose(dst, src)
	for _, bs := range []int{16, 32, 64, 128, 256} {
		b.Run(fmt.Sprintf("block=%d", bs), func(b *testing.B) {
			saved := TransposeBlock
			defer func() { TransposeBlock = saved }()
			TransposeBlock = bs
			b.SetBytes(16 * n * n)
			for b.Loop() {
				Transpose(dst, src)
			}
		})
	}
}
