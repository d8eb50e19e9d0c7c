package blocked

import (
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// TransposeBlockRows × TransposeBlockBytes is the shape of the blocks of src a large
// transpose is cut into: tall and narrow, so that each block's image in dst is a few
// long contiguous row segments (written sequentially, which the store path and the
// prefetchers like), while each src row contributes whole cache lines. Measured on the
// Ice Lake test machine (4096² float64, AVX-512, BenchmarkTransposeBlock, two runs,
// busy machine, GB/s): 32×32 4.3–5.2, 8×256 4.0–4.4, 64×16 4.4–5.4, 256×16 5.9–6.3,
// 512×16 6.2–7.0, 1024×16 6.2–6.6, 4096×16 5.6–6.1, 512×32 4.4, 512×8 3.4–3.5.
// Variables only so that benchmarks can try other shapes. Matrices whose source and
// destination together fit in half the L2 cache are transposed in one call, tile row by
// tile row (64² float64: 1.1 µs in one call, 1.4 µs in 512×16 blocks).
var (
	transposeWholeBytes = dispatch.Caches().L2 / 2

	TransposeBlockRows  = 512
	TransposeBlockBytes = 128 // columns per block: 16 float64 or 32 float32
)

// Transpose sets dst = srcᵀ (dst is src.Cols×src.Rows). The caller checks the shapes and
// that dst does not overlap src. Cost: one read of src and one write of dst, block by
// block in row-major block order. Other packages call it for their own transposes.
func Transpose[T view.Float](dst, src view.Matrix[T]) {
	m, n := src.Rows, src.Cols
	if m == 0 || n == 0 {
		return
	}
	f := transposeFn[T](&dispatch.Current().Elem)
	if 2*m*n*elemSize[T]() <= transposeWholeBytes {
		f(dst.Data, dst.Stride, src.Data, src.Stride, m, n) // both fit in L2: no blocking
		return
	}
	br, bc := TransposeBlockRows, max(1, TransposeBlockBytes/elemSize[T]())
	ds, ss := dst.Stride, src.Stride
	for ib := 0; ib < m; ib += br {
		for jb := 0; jb < n; jb += bc {
			f(dst.Data[jb*ds+ib:], ds, src.Data[ib*ss+jb:], ss, min(br, m-ib), min(bc, n-jb))
		}
	}
}

func transposeFn[T view.Float](e *dispatch.Elem) func(dst []T, ldd int, src []T, lds int, rows, cols int) {
	if elemIs32[T]() {
		return any(e.TransposeF32).(func(dst []T, ldd int, src []T, lds int, rows, cols int))
	}
	return any(e.TransposeF64).(func(dst []T, ldd int, src []T, lds int, rows, cols int))
}
