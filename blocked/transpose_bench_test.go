package blocked

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/internal/view"
)

// BenchmarkTransposeBlock times a 4096² float64 transpose for several block shapes
// (rows × float64 columns), for tuning transposeBlockRows and transposeBlockBytes (the
// suite is in package bench).
func BenchmarkTransposeBlock(b *testing.B) {
	defer SetThreads(SetThreads(1)) // the block shapes are tuned for one core
	const n = 4096
	src := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	dst := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n+9)[9:]}
	for i := range src.Data {
		src.Data[i] = float64(i)
	}
	Transpose(dst, src)
	for _, bs := range [][2]int{{32, 32}, {8, 256}, {64, 16}, {256, 16}, {512, 16}, {1024, 16}, {4096, 16}, {512, 32}, {512, 8}} {
		b.Run(fmt.Sprintf("block=%dx%d", bs[0], bs[1]), func(b *testing.B) {
			r, c := transposeBlockRows, transposeBlockBytes
			defer func() { transposeBlockRows, transposeBlockBytes = r, c }()
			transposeBlockRows, transposeBlockBytes = bs[0], 8*bs[1]
			b.SetBytes(16 * n * n)
			for b.Loop() {
				Transpose(dst, src)
			}
		})
	}
}
