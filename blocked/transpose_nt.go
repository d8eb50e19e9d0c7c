package blocked

import (
	"sync/atomic"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/view"
)

// transposeNTF64 transposes a large float64 matrix in blocks of transposeNTBlockRows ×
// transposeNTBlockCols with the level's prefetching, non-temporal tile kernel, if it has
// one and dst suits it (64-byte aligned, stride a multiple of 8), and reports whether it
// did. The blocks of src rows are split across up to workers cores.
func transposeNTF64(dst, src view.Matrix[float64], workers int) bool {
	e := &dispatch.Current().Elem
	br := ntBlockRows()
	blocks := (src.Rows + br - 1) / br
	if workers == 1 {
		return transposeNTBlocks(e, dst, src, 0, blocks)
	}
	// Every block's dst starts alike (br is a multiple of 8), so either every worker's
	// first block refuses, before anything is written, or none does.
	var refused atomic.Bool
	par.For(workers, blocks, 1, func(b0, b1 int) {
		if !transposeNTBlocks(e, dst, src, b0, b1) {
			refused.Store(true)
		}
	})
	return !refused.Load()
}

// ntBlockRows is transposeNTBlockRows rounded up to a multiple of 8, which keeps every
// block's dst 64-byte aligned.
func ntBlockRows() int { return (max(8, transposeNTBlockRows) + 7) / 8 * 8 }

// transposeNTBlocks transposes the src rows of blocks b0…b1−1 with the non-temporal
// kernel and fences its stores, or reports false if the kernel refuses dst (then at the
// first block, before writing anything).
func transposeNTBlocks(e *dispatch.Elem, dst, src view.Matrix[float64], b0, b1 int) bool {
	m, n := src.Rows, src.Cols
	br, bc := ntBlockRows(), max(8, transposeNTBlockCols)
	ds, ss := dst.Stride, src.Stride
	pf := transposePrefetchRows
	for ib := b0 * br; ib < min(m, b1*br); ib += br {
		for jb := 0; jb < n; jb += bc {
			d, s, r, c := dst.Data[jb*ds+ib:], src.Data[ib*ss+jb:], min(br, m-ib), min(bc, n-jb)
			if !e.TransposeNTF64(d, ds, s, ss, r, c, pf) {
				return false // only the first block can refuse: every block start is aligned alike
			}
		}
	}
	e.StoreFence()
	return true
}
