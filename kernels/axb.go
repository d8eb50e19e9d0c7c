package kernels

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/internal/view"
)

// Order says how a product of three matrices A·X·B is associated.
type Order int

const (
	// LeftFirst computes (A·X)·B.
	LeftFirst Order = iota
	// RightFirst computes A·(X·B).
	RightFirst
)

func (o Order) String() string {
	if o == RightFirst {
		return "A(XB)"
	}
	return "(AX)B"
}

// ChooseAXB returns the cheaper association of A·X·B for A m×p, X p×q and B q×n, its
// flop count, and the workspace (elements) it needs for the intermediate:
// (AX)B costs 2mq(p+n) and needs m·q; A(XB) costs 2pn(q+m) and needs p·n.
// On a tie in flops it picks the smaller workspace, then (AX)B. When a dimension is 0
// the product is empty or zero and the chosen order costs 0 flops and needs no
// workspace. It panics, naming kernels.ChooseAXB and the dimensions, if one is negative
// or the chosen workspace overflows an int.
func ChooseAXB(m, p, q, n int) (o Order, flops float64, work int) {
	return chooseAXB("kernels.ChooseAXB", m, p, q, n)
}

// chooseAXB is ChooseAXB with fn naming the public function for panic messages.
func chooseAXB(fn string, m, p, q, n int) (o Order, flops float64, work int) {
	if m < 0 || p < 0 || q < 0 || n < 0 {
		panic(fmt.Sprintf("%s: negative dimension in %d×%d·%d×%d·%d×%d", fn, m, p, p, q, q, n))
	}
	left := 2 * float64(m) * float64(q) * float64(p+n)
	right := 2 * float64(p) * float64(n) * float64(q+m)
	o, flops, r, c := LeftFirst, left, m, q
	// As floats, so that an overflowing workspace compares as large.
	if right < left || right == left && float64(p)*float64(n) < float64(m)*float64(q) {
		o, flops, r, c = RightFirst, right, p, n
	}
	w, ok := view.Mul(r, c)
	if !ok {
		view.TooLarge(fn, fmt.Sprintf("the %v workspace for %d×%d·%d×%d·%d×%d", o, m, p, p, q, q, n), r, c)
	}
	return o, flops, w
}

// MulAXB sets dst = A·X·B, for A m×p, X p×q, B q×n and dst m×n, as two GEMMs in the
// cheaper order (see ChooseAXB), which it returns. In the row-major flattening r(·) this
// is r(dst) = (A ⊗ Bᵀ)·r(X), computed without the Kronecker matrix.
//
// work, if at least the length ChooseAXB reports, holds the intermediate, so repeated
// calls allocate nothing; otherwise MulAXB allocates it. Neither dst nor work may share
// memory with anything else. NaN and Inf propagate as in the GEMMs; an inner dimension
// of 0 (p or q) gives dst = 0, with no GEMM and no workspace, as does an empty dst. It
// panics, naming kernels.MulAXB and the shapes, on a mismatch.
func MulAXB(dst, a, x, b blas64.General, work []float64) Order {
	return axb("kernels.MulAXB", view.F64(a), false, view.F64(x), view.F64(b), false, view.F64(dst), false, work)
}

// MulAXB32 is MulAXB for float32.
func MulAXB32(dst, a, x, b blas32.General, work []float32) Order {
	return axb("kernels.MulAXB32", view.F32(a), false, view.F32(x), view.F32(b), false, view.F32(dst), false, work)
}

// VecAXB sets y = vec(A·X·B) = (Bᵀ ⊗ A)·vec(X), where vec stacks columns (the textbook
// convention; see docs/conventions.md), for A m×p, X p×q and B q×n; y has m·n elements.
// It is MulAXB with the result written column by column, (A·X·B)ᵀ = Bᵀ·Xᵀ·Aᵀ, as two
// GEMMs in the cheaper order, which it returns; work as in MulAXB.
func VecAXB(y []float64, a, x, b blas64.General, work []float64) Order {
	const fn = "kernels.VecAXB"
	return axb(fn, view.F64(a), false, view.F64(x), view.F64(b), false, vecView(fn, y, a.Rows, b.Cols), true, work)
}

// VecAXB32 is VecAXB for float32.
func VecAXB32(y []float32, a, x, b blas32.General, work []float32) Order {
	const fn = "kernels.VecAXB32"
	return axb(fn, view.F32(a), false, view.F32(x), view.F32(b), false, vecView(fn, y, a.Rows, b.Cols), true, work)
}

// KronMatVec sets y = (A ⊗ B)·x, or y = (A ⊗ B)ᵀ·x if trans, for A m×p and B n×q, using
// (A ⊗ B)·r(X) = r(A·X·Bᵀ) with x read as the p×q matrix X (row-major, r(X) = x), so the
// mn×pq Kronecker matrix is never formed: two GEMMs, 2·(mpq + mqn) or 2·(pqn + mpn)
// flops, whichever is fewer. x has p·q elements and y m·n (swapped if trans); work as in
// MulAXB. For many vectors at once, use KronPlan with the vectors as rows.
func KronMatVec(y, x []float64, a, b blas64.General, trans bool, work []float64) Order {
	const fn = "kernels.KronMatVec"
	A, B := view.F64(a), view.F64(b)
	X, Y := kronVecViews(fn, x, y, A, B, trans)
	return axb(fn, A, trans, X, B, !trans, Y, false, work)
}

// KronMatVec32 is KronMatVec for float32.
func KronMatVec32(y, x []float32, a, b blas32.General, trans bool, work []float32) Order {
	const fn = "kernels.KronMatVec32"
	A, B := view.F32(a), view.F32(b)
	X, Y := kronVecViews(fn, x, y, A, B, trans)
	return axb(fn, A, trans, X, B, !trans, Y, false, work)
}

// kronVecViews views x and y of a Kronecker matrix-vector product as the matrices X and Y
// of Y = op(A)·X·op(B)ᵀ.
func kronVecViews[T view.Float](fn string, x, y []T, a, b view.Matrix[T], trans bool) (X, Y view.Matrix[T]) {
	view.Check(fn, "a", a)
	view.Check(fn, "b", b)
	xr, xc, yr, yc := a.Cols, b.Cols, a.Rows, b.Rows
	if trans {
		xr, xc, yr, yc = yr, yc, xr, xc
	}
	xn, xok := view.Mul(xr, xc)
	yn, yok := view.Mul(yr, yc)
	if !xok {
		view.TooLarge(fn, "the elements of x for a "+a.Shape()+" and b "+b.Shape(), xr, xc)
	}
	if !yok {
		view.TooLarge(fn, "the elements of y for a "+a.Shape()+" and b "+b.Shape(), yr, yc)
	}
	if len(x) != xn || len(y) != yn {
		panic(fmt.Sprintf("%s: a is %s, b is %s: want len(x) = %d and len(y) = %d, have %d and %d",
			fn, a.Shape(), b.Shape(), xn, yn, len(x), len(y)))
	}
	return flat(x, xr, xc), flat(y, yr, yc)
}

// vecView views y, of length rows·cols, as the cols×rows row-major matrix that holds the
// column stacking of a rows×cols matrix.
func vecView[T view.Float](fn string, y []T, rows, cols int) view.Matrix[T] {
	n, ok := view.Mul(rows, cols)
	if !ok {
		view.TooLarge(fn, "the elements of y (a has "+fmt.Sprint(rows)+" rows, b "+fmt.Sprint(cols)+" columns)", rows, cols)
	}
	if len(y) != n { // the message only when it is needed: building it allocates
		view.WantLen(fn, "y", y, n, fmt.Sprintf("the %d·%d elements of the product", rows, cols))
	}
	return flat(y, cols, rows)
}

// flat views s as a contiguous r×c matrix.
func flat[T view.Float](s []T, r, c int) view.Matrix[T] {
	return view.Matrix[T]{Rows: r, Cols: c, Stride: max(c, 1), Data: s}
}

// axb computes D = op(A)·X·op(B), or Dᵀ if transposed, as two GEMMs in the cheaper
// order, with the intermediate in work when it is long enough.
func axb[T view.Float](fn string, a view.Matrix[T], tA bool, x, b view.Matrix[T], tB bool, d view.Matrix[T], transposed bool, work []T) Order {
	view.Check(fn, "a", a)
	view.Check(fn, "x", x)
	view.Check(fn, "b", b)
	view.Check(fn, "dst", d)
	m, p := a.Rows, a.Cols
	if tA {
		m, p = p, m
	}
	q, n := b.Rows, b.Cols
	if tB {
		q, n = n, q
	}
	dr, dc := m, n
	if transposed {
		dr, dc = n, m
	}
	if x.Rows != p || x.Cols != q || d.Rows != dr || d.Cols != dc {
		panic(fmt.Sprintf("%s: shapes do not agree: a %s, x %s, b %s, dst %s (want x %d×%d, dst %d×%d)",
			fn, a.Shape(), x.Shape(), b.Shape(), d.Shape(), p, q, dr, dc))
	}
	// Called one by one, not over a slice of views: at n = 16 the loops over composite
	// literals were a tenth of the call (BenchmarkAXB profile).
	ds := d.Span()
	dstShares(fn, ds, a.Span(), "a")
	dstShares(fn, ds, x.Span(), "x")
	dstShares(fn, ds, b.Span(), "b")
	order, _, wl := chooseAXB(fn, m, p, q, n)
	if m == 0 || p == 0 || q == 0 || n == 0 {
		// Empty, or zero (an empty inner dimension): no GEMM, no workspace.
		if d.Cols > 0 {
			for i := range d.Rows {
				clear(d.Row(i))
			}
		}
		return order
	}
	if len(work) < wl {
		work = make([]T, wl)
	}
	w := work[:wl]
	view.NoOverlap(fn, "work", w, "dst", ds)
	view.NoOverlap(fn, "work", w, "a", a.Span())
	view.NoOverlap(fn, "work", w, "x", x.Span())
	view.NoOverlap(fn, "work", w, "b", b.Span())
	blocked.AXB(a, tA, x, b, tB, d, transposed, order == RightFirst, w)
	return order
}

// dstShares panics if dst's span shares memory with the input's.
func dstShares[T view.Float](fn string, dst, in []T, name string) {
	if e, part := view.Overlap(dst, in); e || part {
		panic(fmt.Sprintf("%s: dst shares memory with %s", fn, name))
	}
}
