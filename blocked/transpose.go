package blocked

import (
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// TransposeBlock is the side of the square blocks a large transpose is cut into, so
// that a block of src and its image in dst stay in L1 while the register-tile kernel
// sweeps them, and each block touches few enough rows of each matrix for the TLB.
// Measured on the Ice Lake test machine (4096² float64, AVX-512, BenchmarkTransposeBlock,
// medians of 3, busy machine): 16 → 2.9 GB/s, 32 → 4.8, 64 → 4.3, 128 → 4.4, 256 → 4.3.
// A variable only so that benchmarks can try other sides.
var TransposeBlock = 32

// Transpose sets dst = srcᵀ (dst is src.Cols×src.Rows). The caller checks the shapes and
// that dst does not overlap src. Cost: one read of src and one write of dst, block by
// block in row-major block order. Other packages call it for their own transposes.
func Transpose[T view.Float](dst, src view.Matrix[T]) {
	m, n := src.Rows, src.Cols
	if m == 0 || n == 0 {
		return
	}
	f := transposeFn[T](&dispatch.Current().Elem)
	b := TransposeBlock
	ds, ss := dst.Stride, src.Stride
	for ib := 0; ib < m; ib += b {
		for jb := 0; jb < n; jb += b {
			f(dst.Data[jb*ds+ib:], ds, src.Data[ib*ss+jb:], ss, min(b, m-ib), min(b, n-jb))
		}
	}
}

func transposeFn[T view.Float](e *dispatch.Elem) func(dst []T, ldd int, src []T, lds int, rows, cols int) {
	if elemIs32[T]() {
		return any(e.TransposeF32).(func(dst []T, ldd int, src []T, lds int, rows, cols int))
	}
	return any(e.TransposeF64).(func(dst []T, ldd int, src []T, lds int, rows, cols int))
}
