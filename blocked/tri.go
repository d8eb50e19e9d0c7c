package blocked

import (
	"sync"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// The triangular kernels behind Dtrsm/Dtrmm, LU and Cholesky: recursive halving of the
// triangle, so that all but the small diagonal blocks is GEMM on the engine (gemm on
// views), and the diagonal blocks of at most triBase rows done by row operations with
// the level's axpy. A triangle is given as the stored matrix a with a flag trans
// (op(a) = aᵀ) and the uplo of op(a) (lower), so every BLAS variant is one of four
// recursions (left/right × lower/upper of op(a)).

// triBase is the order of the diagonal blocks left to the row loops. Set to 32 from a
// measurement on the Emerald Rapids server (Xeon model 207, AVX-512, one thread,
// n = 1024 Dtrsm left lower with 1024 right-hand sides); 8 since, from TestFactorTune
// on a Zen 4 (AMD EPYC family 25 model 17, one thread, best of 5 interleaved rounds,
// GFLOP/s, triBase 32 → 8): LU + inverse n = 64 7.0 → 9.4, 256 24.9 → 28.8, 1024
// 41.5 → 41.8; Cholesky + inverse (with cholBase 16) 4.3 → 6.1, 18.3 → 24.0,
// 36.4 → 37.6 (GEMM 52–54 in the same runs). A variable only for the tuning harness
// (TestFactorTune); at most triMax.
var triBase = 8

// triMax bounds triBase (the stack buffer of trtriBase).
const triMax = 64

// lin bundles what the triangular kernels need from the level in force: the GEMM
// table, the thread count, and the vector primitives.
type lin[T view.Float] struct {
	t     *dispatch.Table
	nt    int
	axpy  func(dst []T, alpha T, x []T) // dst += alpha·x (fused)
	scale func(dst []T, alpha T, x []T) // dst = alpha·x
	dot   func(a, b []T) T              // ⟨a, b⟩
	tr    func(dst []T, ldd int, src []T, lds int, rows, cols int)
}

func newLin[T view.Float](t *dispatch.Table, nt int) lin[T] {
	l := lin[T]{t: t, nt: nt, tr: transposeFn[T](&t.Elem)}
	if view.Is32[T]() {
		l.axpy = any(t.Elem.AxpyF32).(func([]T, T, []T))
		l.scale = any(t.Elem.ScaleF32).(func([]T, T, []T))
		l.dot = any(t.Act.SoftmaxDotF32).(func([]T, []T) T)
	} else {
		l.axpy = any(t.Elem.AxpyF64).(func([]T, T, []T))
		l.scale = any(t.Elem.ScaleF64).(func([]T, T, []T))
		l.dot = any(t.Act.SoftmaxDotF64).(func([]T, []T) T)
	}
	return l
}

// sub returns rows r0…r1−1, columns c0…c1−1 of m.
func sub[T view.Float](m view.Matrix[T], r0, r1, c0, c1 int) view.Matrix[T] {
	return syrkSub(m, r0, r1, c0, c1)
}

// opSub returns the block [r0:r1, c0:c1] of op(a) as a view of the stored a (to be used
// with the transpose flag trans).
func opSub[T view.Float](a view.Matrix[T], trans bool, r0, r1, c0, c1 int) view.Matrix[T] {
	if trans {
		return sub(a, c0, c1, r0, r1)
	}
	return sub(a, r0, r1, c0, c1)
}

// opAt returns op(a)[i, j].
func opAt[T view.Float](a view.Matrix[T], trans bool, i, j int) T {
	if trans {
		return a.Data[j*a.Stride+i]
	}
	return a.Data[i*a.Stride+j]
}

// Scratch buffers for the triangular kernels (transposed blocks, copies of L).
var scratchPools [2]sync.Pool

func getScratch[T view.Float](n int) *[]T {
	p := &scratchPools[0]
	if view.Is32[T]() {
		p = &scratchPools[1]
	}
	if v, ok := p.Get().(*[]T); ok {
		if cap(*v) >= n {
			*v = (*v)[:n]
			return v
		}
	}
	s := make([]T, n)
	return &s
}

func putScratch[T view.Float](b *[]T) {
	p := &scratchPools[0]
	if view.Is32[T]() {
		p = &scratchPools[1]
	}
	p.Put(b)
}

// trsm solves op(A)·X = α·B (left) or X·op(A) = α·B (right) for X, overwriting b; a is
// the stored triangle, lower says whether op(A) is lower triangular, unit whether its
// diagonal is taken as ones (then not read). B is m×n; A is m×m (left) or n×n (right).
// α = 0 sets B to zero without reading it.
func (l lin[T]) trsm(left, lower, trans, unit bool, alpha T, a, b view.Matrix[T]) {
	if b.Rows == 0 || b.Cols == 0 {
		return
	}
	if alpha == 0 {
		scaleC(b, 0)
		return
	}
	l.trsmRec(left, lower, trans, unit, alpha, a, b)
}

func (l lin[T]) trsmRec(left, lower, trans, unit bool, alpha T, a, b view.Matrix[T]) {
	m, n := b.Rows, b.Cols
	k := n
	if left {
		k = m
	}
	if k <= triBase {
		if left {
			l.trsmBaseLeft(lower, trans, unit, alpha, a, b)
		} else {
			l.trsmBaseRight(lower, trans, unit, alpha, a, b)
		}
		return
	}
	k1 := splitAt(k)
	a11 := opSub(a, trans, 0, k1, 0, k1)
	a22 := opSub(a, trans, k1, k, k1, k)
	switch {
	case left && lower: // [A11 0; A21 A22]·[X1; X2] = α[B1; B2]
		b1, b2 := sub(b, 0, k1, 0, n), sub(b, k1, m, 0, n)
		l.trsmRec(left, lower, trans, unit, alpha, a11, b1)
		gemm(l.t, trans, false, -1, opSub(a, trans, k1, k, 0, k1), b1, alpha, b2, l.nt)
		l.trsmRec(left, lower, trans, unit, 1, a22, b2)
	case left: // [A11 A12; 0 A22]·[X1; X2] = α[B1; B2]
		b1, b2 := sub(b, 0, k1, 0, n), sub(b, k1, m, 0, n)
		l.trsmRec(left, lower, trans, unit, alpha, a22, b2)
		gemm(l.t, trans, false, -1, opSub(a, trans, 0, k1, k1, k), b2, alpha, b1, l.nt)
		l.trsmRec(left, lower, trans, unit, 1, a11, b1)
	case lower: // [X1 X2]·[A11 0; A21 A22] = α[B1 B2]
		b1, b2 := sub(b, 0, m, 0, k1), sub(b, 0, m, k1, n)
		l.trsmRec(left, lower, trans, unit, alpha, a22, b2)
		gemm(l.t, false, trans, -1, b2, opSub(a, trans, k1, k, 0, k1), alpha, b1, l.nt)
		l.trsmRec(left, lower, trans, unit, 1, a11, b1)
	default: // [X1 X2]·[A11 A12; 0 A22] = α[B1 B2]
		b1, b2 := sub(b, 0, m, 0, k1), sub(b, 0, m, k1, n)
		l.trsmRec(left, lower, trans, unit, alpha, a11, b1)
		gemm(l.t, false, trans, -1, b1, opSub(a, trans, 0, k1, k1, k), alpha, b2, l.nt)
		l.trsmRec(left, lower, trans, unit, 1, a22, b2)
	}
}

// splitAt returns where a recursion splits k ≥ 2: about the middle, on a multiple of
// triBase where there is one strictly inside, so that the diagonal blocks at the bottom
// are full.
func splitAt(k int) int {
	if s := (k/2 + triBase/2) / triBase * triBase; s > 0 && s < k {
		return s
	}
	return k / 2
}

// trsmBaseLeft solves op(A)·X = α·B by row operations: row i of X is α·B[i] minus the
// earlier (lower) or later (upper) rows of X times op(A)'s entries, divided by the
// diagonal (multiplied by its reciprocal).
func (l lin[T]) trsmBaseLeft(lower, trans, unit bool, alpha T, a, b view.Matrix[T]) {
	m := b.Rows
	for s := 0; s < m; s++ {
		i := s
		if !lower {
			i = m - 1 - s
		}
		row := b.Row(i)
		if alpha != 1 {
			l.scale(row, alpha, row)
		}
		if lower {
			for p := 0; p < i; p++ {
				l.axpy(row, -opAt(a, trans, i, p), b.Row(p))
			}
		} else {
			for p := i + 1; p < m; p++ {
				l.axpy(row, -opAt(a, trans, i, p), b.Row(p))
			}
		}
		if !unit {
			l.scale(row, 1/opAt(a, trans, i, i), row)
		}
	}
}

// trsmBaseRight solves X·op(A) = α·B as op(A)ᵀ·Xᵀ = α·Bᵀ on a transposed copy of B, so
// that the row operations run along B's long dimension. (Transposing B once for the
// whole right-side recursion instead, in row blocks, and recursing on the left side was
// slower: TestFactorTune, n = 1024, LU + inverse 40 vs 46 GFLOP/s, Cholesky + inverse
// 37 vs 41, interleaved.)
func (l lin[T]) trsmBaseRight(lower, trans, unit bool, alpha T, a, b view.Matrix[T]) {
	m, n := b.Rows, b.Cols
	buf := getScratch[T](n * m)
	bt := view.Matrix[T]{Rows: n, Cols: m, Stride: m, Data: *buf}
	l.tr(bt.Data, m, b.Data, b.Stride, m, n)
	l.trsmBaseLeft(!lower, !trans, unit, alpha, a, bt)
	l.tr(b.Data, b.Stride, bt.Data, m, n, m)
	putScratch(buf)
}

// trmm computes B = α·op(A)·B (left) or B = α·B·op(A) (right) in place; a, lower, trans
// and unit as for trsm. α = 0 sets B to zero without reading it.
func (l lin[T]) trmm(left, lower, trans, unit bool, alpha T, a, b view.Matrix[T]) {
	if b.Rows == 0 || b.Cols == 0 {
		return
	}
	if alpha == 0 {
		scaleC(b, 0)
		return
	}
	l.trmmRec(left, lower, trans, unit, alpha, a, b)
}

func (l lin[T]) trmmRec(left, lower, trans, unit bool, alpha T, a, b view.Matrix[T]) {
	m, n := b.Rows, b.Cols
	k := n
	if left {
		k = m
	}
	if k <= triBase {
		if left {
			l.trmmBaseLeft(lower, trans, unit, alpha, a, b)
		} else {
			l.trmmBaseRight(lower, trans, unit, alpha, a, b)
		}
		return
	}
	k1 := splitAt(k)
	a11 := opSub(a, trans, 0, k1, 0, k1)
	a22 := opSub(a, trans, k1, k, k1, k)
	switch {
	case left && lower: // [A11 0; A21 A22]·[B1; B2] = [A11·B1; A21·B1 + A22·B2]
		b1, b2 := sub(b, 0, k1, 0, n), sub(b, k1, m, 0, n)
		l.trmmRec(left, lower, trans, unit, alpha, a22, b2)
		gemm(l.t, trans, false, alpha, opSub(a, trans, k1, k, 0, k1), b1, 1, b2, l.nt)
		l.trmmRec(left, lower, trans, unit, alpha, a11, b1)
	case left: // [A11 A12; 0 A22]·[B1; B2] = [A11·B1 + A12·B2; A22·B2]
		b1, b2 := sub(b, 0, k1, 0, n), sub(b, k1, m, 0, n)
		l.trmmRec(left, lower, trans, unit, alpha, a11, b1)
		gemm(l.t, trans, false, alpha, opSub(a, trans, 0, k1, k1, k), b2, 1, b1, l.nt)
		l.trmmRec(left, lower, trans, unit, alpha, a22, b2)
	case lower: // [B1 B2]·[A11 0; A21 A22] = [B1·A11 + B2·A21, B2·A22]
		b1, b2 := sub(b, 0, m, 0, k1), sub(b, 0, m, k1, n)
		l.trmmRec(left, lower, trans, unit, alpha, a11, b1)
		gemm(l.t, false, trans, alpha, b2, opSub(a, trans, k1, k, 0, k1), 1, b1, l.nt)
		l.trmmRec(left, lower, trans, unit, alpha, a22, b2)
	default: // [B1 B2]·[A11 A12; 0 A22] = [B1·A11, B1·A12 + B2·A22]
		b1, b2 := sub(b, 0, m, 0, k1), sub(b, 0, m, k1, n)
		l.trmmRec(left, lower, trans, unit, alpha, a22, b2)
		gemm(l.t, false, trans, alpha, b1, opSub(a, trans, 0, k1, k1, k), 1, b2, l.nt)
		l.trmmRec(left, lower, trans, unit, alpha, a11, b1)
	}
}

// trmmBaseLeft computes B = α·op(A)·B by row operations, in the order that reads each
// row of B before it is overwritten: upper rows top down, lower rows bottom up.
func (l lin[T]) trmmBaseLeft(lower, trans, unit bool, alpha T, a, b view.Matrix[T]) {
	m := b.Rows
	for s := 0; s < m; s++ {
		i := s
		if lower {
			i = m - 1 - s
		}
		row := b.Row(i)
		if !unit {
			l.scale(row, opAt(a, trans, i, i), row)
		}
		if lower {
			for p := 0; p < i; p++ {
				l.axpy(row, opAt(a, trans, i, p), b.Row(p))
			}
		} else {
			for p := i + 1; p < m; p++ {
				l.axpy(row, opAt(a, trans, i, p), b.Row(p))
			}
		}
		if alpha != 1 {
			l.scale(row, alpha, row)
		}
	}
}

// trmmBaseRight computes B = α·B·op(A) as (op(A)ᵀ·Bᵀ)ᵀ on a transposed copy of B.
func (l lin[T]) trmmBaseRight(lower, trans, unit bool, alpha T, a, b view.Matrix[T]) {
	m, n := b.Rows, b.Cols
	buf := getScratch[T](n * m)
	bt := view.Matrix[T]{Rows: n, Cols: m, Stride: m, Data: *buf}
	l.tr(bt.Data, m, b.Data, b.Stride, m, n)
	l.trmmBaseLeft(!lower, !trans, unit, alpha, a, bt)
	l.tr(b.Data, b.Stride, bt.Data, m, n, m)
	putScratch(buf)
}

// trtri overwrites the triangle of the square a (lower or upper, unit or not: the
// stored matrix, no transpose) with its inverse, recursively:
// [A11 0; A21 A22]⁻¹ = [A11⁻¹ 0; −A22⁻¹·A21·A11⁻¹ A22⁻¹] (and the upper analogue). The
// other triangle is neither read nor written; with unit, neither is the diagonal.
func (l lin[T]) trtri(lower, unit bool, a view.Matrix[T]) {
	k := a.Rows
	if k <= triBase {
		l.trtriBase(lower, unit, a)
		return
	}
	k1 := splitAt(k)
	a11, a22 := sub(a, 0, k1, 0, k1), sub(a, k1, k, k1, k)
	if lower {
		a21 := sub(a, k1, k, 0, k1)
		l.trsmRec(true, true, false, unit, -1, a22, a21) // A21 ← −A22⁻¹·A21
		l.trsmRec(false, true, false, unit, 1, a11, a21) // A21 ← A21·A11⁻¹
	} else {
		a12 := sub(a, 0, k1, k1, k)
		l.trsmRec(true, false, false, unit, -1, a11, a12) // A12 ← −A11⁻¹·A12
		l.trsmRec(false, false, false, unit, 1, a22, a12) // A12 ← A12·A22⁻¹
	}
	l.trtri(lower, unit, a11)
	l.trtri(lower, unit, a22)
}

// trtriBase inverts a small triangle in place, row by row: row i of X = A⁻¹ is
// (eᵢ − Σ_p A[i,p]·X[p]) / A[i,i] over the rows p already inverted (p < i for lower,
// p > i for upper), using a copy of A's row i.
func (l lin[T]) trtriBase(lower, unit bool, a view.Matrix[T]) {
	k := a.Rows
	var tmp [triMax]T
	for s := 0; s < k; s++ {
		i := s
		if !lower {
			i = k - 1 - s
		}
		row := a.Row(i)
		var d T = 1
		if !unit {
			d = 1 / row[i]
		}
		if lower {
			t := tmp[:i]
			copy(t, row[:i])
			clear(row[:i])
			for p := 0; p < i; p++ {
				// X[p] is nonzero in columns ≤ p; the diagonal X[p,p] is implicit 1 when unit.
				l.axpy(row[:p], -t[p], a.Row(p)[:p])
				if unit {
					row[p] -= t[p]
				} else {
					row[p] -= t[p] * a.Data[p*a.Stride+p]
				}
			}
			if !unit {
				l.scale(row[:i], d, row[:i])
			}
		} else {
			t := tmp[:k-i-1]
			copy(t, row[i+1:k])
			clear(row[i+1 : k])
			for p := i + 1; p < k; p++ {
				c := t[p-i-1]
				if unit {
					row[p] -= c
				} else {
					row[p] -= c * a.Data[p*a.Stride+p]
				}
				l.axpy(row[p+1:k], -c, a.Row(p)[p+1:k])
			}
			if !unit {
				l.scale(row[i+1:k], d, row[i+1:k])
			}
		}
		if !unit {
			row[i] = d
		}
	}
}
