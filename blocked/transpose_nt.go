package blocked

import (
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// transposeNTF64 transposes a large float64 matrix in blocks of transposeNTBlockRows ×
// transposeNTBlockCols with the level's prefetching, non-temporal tile kernel, if it has
// one and dst suits it (64-byte aligned, stride a multiple of 8), and reports whether it
// did.
func transposeNTF64(dst, src view.Matrix[float64]) bool {
	e := &dispatch.Current().Elem
	m, n := src.Rows, src.Cols
	br, bc := (max(8, transposeNTBlockRows)+7)/8*8, max(8, transposeNTBlockCols) // br: keeps every block's dst 64-byte aligned
	ds, ss := dst.Stride, src.Stride
	pf := transposePrefetchRows
	for ib := 0; ib < m; ib += br {
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
