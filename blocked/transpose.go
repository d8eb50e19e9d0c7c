package blocked

import (
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// transposeBlockRows × transposeBlockBytes is the shape of the blocks of src a large
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

	transposeBlockRows  = 512
	transposeBlockBytes = 128 // columns per block: 16 float64 or 32 float32
)

// Large float64 transposes at the AVX-512 level (src and dst together at least
// tune.TransposeNTMinBytes, dst 64-byte aligned with a stride that is a multiple of 8) take
// another path: the 8×8 tile kernel with non-temporal stores (each dst row of a tile is
// one whole line, written without first being read for ownership) and a software
// prefetch of the src tile transposePrefetchRows rows below, in blocks of
// transposeNTBlockRows × transposeNTBlockCols elements. Measured on the Ice Lake test
// machine (BenchmarkTransposeNT, GB/s counting src and dst, five runs each, busy
// machine): 4096²: old tall-block driver 4.9–5.6; non-temporal in 512×16 blocks 7.4–8.5
// without prefetch, 9.5–10.1 with pf 8–32; blocks 64×64 12–14, 128×64 14.5–15.3,
// 256×128 15.1–17.2, 256×256 14.8–16.3, 512×128 13.8–14.6, 4096×128 13.4–14.4; pf 16 ≥ 24
// ≥ 32. 2048²: 5.3–5.7 plain, 14.4–18.3 non-temporal; 1024²: 5.2–5.9 plain, 17.4–24
// non-temporal (the plain tile stores hit eight rows 8 KiB apart: one L1 set).
// Non-temporal stores were faster even at 256² (plain 26, non-temporal 34 GB/s) in a loop
// of transposes, but they send dst to memory, which a caller reading dst next pays for, so
// they start where the Hadamard kernels start theirs: from 1/8 of the last-level cache,
// or of the largest cache the facts make believable (internal/tune; 6 MiB on the Ice
// Lake machine, 8 MiB on the 2-vCPU Emerald Rapids VM: 1024² float64 and up):
// tune.TransposeNTMinBytes. Variables only so that benchmarks
// and tests can vary them.
var (
	transposeNTBlockRows  = 256 // rounded up to a multiple of 8 (keeps each block's dst aligned)
	transposeNTBlockCols  = 128
	transposePrefetchRows = 16
)

// Transpose sets dst = srcᵀ (dst is src.Cols×src.Rows). The caller checks the shapes and
// that dst does not overlap src. Cost: one read of src and one write of dst, block by
// block in row-major block order; from tune.TransposeNTMinBytes of src and dst together,
// the blocks of src rows are split across Threads() cores (each worker writes its own
// columns of dst). Other packages call it for their own transposes.
func Transpose[T view.Float](dst, src view.Matrix[T]) {
	m, n := src.Rows, src.Cols
	if m == 0 || n == 0 {
		return
	}
	bytes := 2 * m * n * view.SizeOf[T]()
	workers := 1
	if bytes >= tune.TransposeNTMinBytes {
		workers = Threads()
		if !view.Is32[T]() && transposeNTF64(any(dst).(view.Matrix[float64]), any(src).(view.Matrix[float64]), workers) {
			return
		}
	}
	f := transposeFn[T](&dispatch.Current().Elem)
	if bytes <= transposeWholeBytes {
		f(dst.Data, dst.Stride, src.Data, src.Stride, m, n) // both fit in L2: no blocking
		return
	}
	blocks := (m + transposeBlockRows - 1) / transposeBlockRows
	if workers == 1 {
		transposeBlocks(f, dst, src, 0, blocks)
		return
	}
	par.For(workers, blocks, 1, func(b0, b1 int) { transposeBlocks(f, dst, src, b0, b1) })
}

// transposeBlocks transposes the src rows of blocks b0…b1−1 (transposeBlockRows each) in
// blocks of transposeBlockBytes columns.
func transposeBlocks[T view.Float](f func(dst []T, ldd int, src []T, lds int, rows, cols int), dst, src view.Matrix[T], b0, b1 int) {
	m, n := src.Rows, src.Cols
	br, bc := transposeBlockRows, max(1, transposeBlockBytes/view.SizeOf[T]())
	ds, ss := dst.Stride, src.Stride
	for ib := b0 * br; ib < min(m, b1*br); ib += br {
		for jb := 0; jb < n; jb += bc {
			f(dst.Data[jb*ds+ib:], ds, src.Data[ib*ss+jb:], ss, min(br, m-ib), min(bc, n-jb))
		}
	}
}

func transposeFn[T view.Float](e *dispatch.Elem) func(dst []T, ldd int, src []T, lds int, rows, cols int) {
	if view.Is32[T]() {
		return any(e.TransposeF32).(func(dst []T, ldd int, src []T, lds int, rows, cols int))
	}
	return any(e.TransposeF64).(func(dst []T, ldd int, src []T, lds int, rows, cols int))
}
