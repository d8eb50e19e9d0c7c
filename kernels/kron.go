package kernels

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/internal/view"
)

// Kronecker products. For A m×n and B p×q, the (right) Kronecker product is the
// (mp)×(nq) block matrix A⊗B = [aij B]: element (i·p+k, j·q+l) is a(i,j)·b(k,l).
// The left product is [bij A] = B⊗A. Common rules:
//
//   - Shapes: any, including empty ones; dst must be (mp)×(nq) (any stride ≥ nq),
//     or the function panics naming itself and the three shapes; so it does if mp or
//     nq overflows an int.
//   - Aliasing: dst must not share memory with a or b, except that dst may be exactly
//     the same slice as an input of the same extent, in which case the input is copied
//     first; partial overlap panics.
//   - IEEE arithmetic: every element is a real product, so a zero block times an Inf or
//     NaN gives NaN (no block is skipped).
//   - Cost: mnpq multiplications and one pass of stores over dst, O(mnpq) time and no
//     extra memory; large outputs (from tune.KronNTMinBytes, which internal/tune derives
//     from the caches: half the largest cache it believes) are written with
//     non-temporal stores, split by rows across up to blocked.Threads() cores. The
//     Kronecker matrix is materialized: to apply one to a
//     vector, use the identity (A⊗B) r(X) = r(A X Bᵀ) instead.

// Kron sets dst = A⊗B = [aij B].
func Kron(dst, a, b blas64.General) {
	kron("kernels.Kron", view.F64(dst), view.F64(a), view.F64(b), 1, false)
}

// Kron32 is Kron for float32.
func Kron32(dst, a, b blas32.General) {
	kron("kernels.Kron32", view.F32(dst), view.F32(a), view.F32(b), 1, false)
}

// KronLeft sets dst = [bij A] = B⊗A, the left Kronecker product of A and B
// (dst is (pm)×(qn) for A m×n and B p×q).
func KronLeft(dst, a, b blas64.General) {
	kron("kernels.KronLeft", view.F64(dst), view.F64(b), view.F64(a), 1, false)
}

// KronLeft32 is KronLeft for float32.
func KronLeft32(dst, a, b blas32.General) {
	kron("kernels.KronLeft32", view.F32(dst), view.F32(b), view.F32(a), 1, false)
}

// KronAdd accumulates dst += α(A⊗B): element (i·p+k, j·q+l) becomes
// fma(α·a(i,j), b(k,l), dst(i·p+k, j·q+l)), the scalar α·a(i,j) rounded once and the
// update fused. Sums of Kronecker products are built by repeated calls.
func KronAdd(dst blas64.General, alpha float64, a, b blas64.General) {
	kron("kernels.KronAdd", view.F64(dst), view.F64(a), view.F64(b), alpha, true)
}

// KronAdd32 is KronAdd for float32.
func KronAdd32(dst blas32.General, alpha float32, a, b blas32.General) {
	kron("kernels.KronAdd32", view.F32(dst), view.F32(a), view.F32(b), alpha, true)
}

func kron[T view.Float](fn string, d, a, b view.Matrix[T], alpha T, acc bool) {
	view.Check(fn, "a", a)
	view.Check(fn, "b", b)
	rows, rok := view.Mul(a.Rows, b.Rows)
	cols, cok := view.Mul(a.Cols, b.Cols)
	if !rok {
		view.TooLarge(fn, fmt.Sprintf("the rows of dst for a %s and b %s", a.Shape(), b.Shape()), a.Rows, b.Rows)
	}
	if !cok {
		view.TooLarge(fn, fmt.Sprintf("the columns of dst for a %s and b %s", a.Shape(), b.Shape()), a.Cols, b.Cols)
	}
	if d.Rows != rows || d.Cols != cols {
		view.Dims(fn, fmt.Sprintf("dst (for a %s and b %s)", a.Shape(), b.Shape()), d, rows, cols)
	}
	view.Check(fn, "dst", d)
	a = unalias(fn, d, "a", a)
	b = unalias(fn, d, "b", b)
	blocked.Kron(d, a, b, alpha, acc)
}

// unalias panics if dst partially overlaps x, and returns a copy of x if dst is exactly
// x's memory (same start and extent), so that the caller can overwrite dst freely.
func unalias[T view.Float](fn string, dst view.Matrix[T], xn string, x view.Matrix[T]) view.Matrix[T] {
	ds, xs := dst.Span(), x.Span()
	view.NoPartialOverlap(fn, "dst", ds, xn, xs)
	if exact, _ := view.Overlap(ds, xs); !exact {
		return x
	}
	c := view.Matrix[T]{Rows: x.Rows, Cols: x.Cols, Stride: x.Stride, Data: append([]T(nil), xs...)}
	return c
}
