package kernels

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/internal/view"
)

// Transposes, vec and unvec. vec(X) stacks the columns of X (docs/conventions.md); for row-major
// storage that is a transpose: the flat buffer of Xᵀ. Common rules:
//
//   - Shapes: any, including empty; a mismatch panics naming the function and shapes.
//   - Aliasing: dst must not share memory with the input, except that it may be exactly
//     the input's memory (same start and extent, as in an in-place square transpose),
//     in which case the input is copied first; partial overlap panics.
//   - Values are moved, never computed: NaN payloads, signed zeros and infinities are kept.
//   - Cost: O(mn), one read and one write of every element, with register-tile
//     assembly (8×8 or 4×4 tiles); large matrices go in tall blocks
//     (512 rows × 128 bytes) so dst is written in long contiguous runs. At the
//     AVX-512 level, float64 matrices of 1/8 of the last-level cache and more (src and
//     dst together) whose dst is 64-byte aligned with a stride that is a multiple of 8 are
//     written with non-temporal stores (dst goes to memory, not to the caches), in
//     square-ish blocks with a software prefetch of src. From that same size (src and
//     dst together) the blocks are split across blocked.Threads() cores.

// Transpose sets dst = Aᵀ: dst(j, i) = a(i, j), dst being n×m for A m×n.
func Transpose(dst, a blas64.General) {
	transpose("kernels.Transpose", view.F64(dst), view.F64(a))
}

// Transpose32 is Transpose for float32.
func Transpose32(dst, a blas32.General) {
	transpose("kernels.Transpose32", view.F32(dst), view.F32(a))
}

// Vec sets dst = vec(A), the columns of A stacked: dst[j·m+i] = a(i, j) for A m×n;
// len(dst) must be mn.
func Vec(dst []float64, a blas64.General) { vec("kernels.Vec", dst, view.F64(a)) }

// Vec32 is Vec for float32.
func Vec32(dst []float32, a blas32.General) { vec("kernels.Vec32", dst, view.F32(a)) }

// Unvec is the inverse of Vec: it sets the m×n matrix dst from the column-stacked
// v, dst(i, j) = v[j·m+i]; len(v) must be mn.
func Unvec(dst blas64.General, v []float64) { unvec("kernels.Unvec", view.F64(dst), v) }

// Unvec32 is Unvec for float32.
func Unvec32(dst blas32.General, v []float32) { unvec("kernels.Unvec32", view.F32(dst), v) }

func transpose[T view.Float](fn string, d, a view.Matrix[T]) {
	view.Check(fn, "a", a)
	if d.Rows != a.Cols || d.Cols != a.Rows {
		view.Dims(fn, fmt.Sprintf("dst (for a %s)", a.Shape()), d, a.Cols, a.Rows)
	}
	view.Check(fn, "dst", d)
	blocked.Transpose(d, unalias(fn, d, "a", a))
}

func vec[T view.Float](fn string, dst []T, a view.Matrix[T]) {
	view.Check(fn, "a", a)
	view.WantLen(fn, "dst", dst, a.Rows*a.Cols, "for a "+a.Shape())
	d := view.Matrix[T]{Rows: a.Cols, Cols: a.Rows, Stride: max(a.Rows, 1), Data: dst}
	blocked.Transpose(d, unalias(fn, d, "a", a))
}

func unvec[T view.Float](fn string, dst view.Matrix[T], v []T) {
	view.Check(fn, "dst", dst)
	view.WantLen(fn, "v", v, dst.Rows*dst.Cols, "for dst "+dst.Shape())
	src := view.Matrix[T]{Rows: dst.Cols, Cols: dst.Rows, Stride: max(dst.Rows, 1), Data: v}
	blocked.Transpose(dst, unalias(fn, dst, "v", src))
}
