package blocked

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// BenchmarkTransposeNT times float64 transposes (64-byte-aligned dst) through the
// non-temporal path for several block shapes and prefetch distances, and through the
// plain path (nt=0), for tuning transposeNTBlockRows/Cols, transposePrefetchRows and
// tune.TransposeNTMinBytes.
func BenchmarkTransposeNT(b *testing.B) {
	defer SetThreads(SetThreads(1)) // the block shapes are tuned for one core
	type cfg struct{ n, r, c, pf, nt int }
	for _, c := range []cfg{{256, 256, 128, 16, 0}, {256, 256, 128, 16, 1}, {1024, 256, 128, 16, 0}, {1024, 256, 128, 16, 1}, {1024, 64, 64, 16, 1}, {4096, 256, 128, 16, 0}, {4096, 256, 128, 0, 1}, {4096, 256, 128, 16, 1}, {4096, 128, 64, 16, 1}, {4096, 512, 16, 16, 1}} {
		n := c.n
		src := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
		dst := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
		for i := range src.Data {
			src.Data[i] = float64(i)
			dst.Data[i] = 1
		}
		b.Run(fmt.Sprintf("n=%d/block=%dx%d/pf=%d/nt=%d", n, c.r, c.c, c.pf, c.nt), func(b *testing.B) {
			r0, c0, p0, m0 := transposeNTBlockRows, transposeNTBlockCols, transposePrefetchRows, tune.TransposeNTMinBytes
			defer func() {
				transposeNTBlockRows, transposeNTBlockCols, transposePrefetchRows, tune.TransposeNTMinBytes = r0, c0, p0, m0
			}()
			transposeNTBlockRows, transposeNTBlockCols, transposePrefetchRows = c.r, c.c, c.pf
			tune.TransposeNTMinBytes = 0
			if c.nt == 0 {
				tune.TransposeNTMinBytes = 16*n*n + 1 // the plain driver
			}
			b.SetBytes(int64(16 * n * n))
			for b.Loop() {
				Transpose(dst, src)
			}
		})
	}
}
