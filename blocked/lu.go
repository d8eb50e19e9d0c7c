package blocked

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// Dense factorizations on the GEMM engine: LU with partial pivoting (right-looking in
// 128-column blocks, each block factored recursively, the column range halved down to
// 16-column panels) and Cholesky (recursive), so that nearly all their flops are
// products on the engine; their inverses from triangular inverses (trtri) and
// triangular products, again recursive or in wide column blocks.

// luPanelW is the width of the column panels that LU factors with level-2 row
// operations (on a transposed copy, so that each column is one contiguous axpy);
// everything wider is split in two. luInvBlock is the width of the column blocks in
// which LUInverse solves X·L = U⁻¹ (each block one product with depth n − its end).
// Tuning figures: see BenchmarkLUInverse (Emerald Rapids, noted at the constants' use in
// the commit that set them).
// Variables only for the tuning harness (TestFactorTune).
var (
	luPanelW   = 16
	luInvBlock = 256
)

// LU factors the n×n matrix a in place as P·A = L·U with partial pivoting: L is unit
// lower triangular (its strict lower part stored below the diagonal of a), U upper
// triangular (on and above it), LAPACK's dgetrf layout in row-major storage. ipiv has
// length n: row i was interchanged with row ipiv[i] (0-based, ipiv[i] ≥ i), the
// interchanges applied in order i = 0, 1, …. ok is false if some U[i][i] is exactly zero;
// the factorization is still completed, as LAPACK does (the column below a zero pivot is
// zero and is left unscaled), and a must not then be inverted.
//
// The pivot of column j is the first entry of largest magnitude on or below the
// diagonal; a NaN counts as larger than any number, so a NaN in a column becomes its pivot
// and spreads NaN through the rest of the factors rather than being hidden (ok stays true
// unless an exact zero pivot also occurs). Inf propagates likewise.
//
// LU panics, naming blocked.LU and the shapes, if a is not square or len(ipiv) ≠ n.
// Cost: 2n³/3 flops, nearly all in products on the GEMM engine (on up to Threads()
// cores for the large ones); the results do not depend on the thread count. Scratch
// comes from pools: repeated calls allocate nothing. Measured on one core (Emerald
// Rapids, AVX-512, thread CPU time, TestFactorTune, shared machine), LU + LUInverse:
// 6.7 GFLOP/s at n = 64 (gonum's Dgetrf + Dgetri 6.2), 14 at 128 (5.1), 24 at 256
// (10), 42–46 at 1024, 0.58–0.62× the engine's GEMM of the same n (73–77); gonum's on
// this package's BLAS 28 (0.36×). (gonum's native Dgemm also runs on other goroutines,
// which the thread clock does not count: its figures are upper bounds. By the wall
// clock at n = 1024, BenchmarkLUInverse, two busy cores: 7–10× gonum native.) When
// only A⁻¹ (and the determinant) is wanted, GJInverse does the same 2n³ flops faster.
func LU(a blas64.General, ipiv []int) (ok bool) {
	A := view.F64(a)
	checkSquare("blocked.LU", A, ipiv, true)
	return factorLin[float64]().lu(A, ipiv)
}

// LU32 is LU for float32 (accumulated in float32). It panics naming blocked.LU32.
func LU32(a blas32.General, ipiv []int) (ok bool) {
	A := view.F32(a)
	checkSquare("blocked.LU32", A, ipiv, true)
	return factorLin[float32]().lu(A, ipiv)
}

// LUInverseWork returns the length of the scratch LUInverse needs for an n×n matrix:
// n·min(n, 256) elements.
func LUInverseWork(n int) int { return max(n, 0) * min(max(n, 0), luInvBlock) }

// LUInverse overwrites the factors from LU (a and ipiv as LU left them) with A⁻¹. The
// precondition is that LU returned ok = true; a zero on U's diagonal gives Inf and NaN.
// work is scratch of at least LUInverseWork(n) elements, or nil (a pooled buffer is
// used then). NaN and Inf in the factors propagate.
//
// As LAPACK's dgetri: U⁻¹ by a recursive triangular inverse, then X·L = U⁻¹ solved for
// X = A⁻¹·P⁻¹... in column blocks of 256 from the right (a product of depth n − block end,
// then a triangular solve with the block's L), then the column interchanges undone in
// reverse order. It panics, naming blocked.LUInverse and the shapes, if a is not square,
// len(ipiv) ≠ n, or work is non-nil and too short. Cost: 4n³/3 flops, nearly all on the
// GEMM engine.
func LUInverse(a blas64.General, ipiv []int, work []float64) {
	A := view.F64(a)
	checkSquare("blocked.LUInverse", A, ipiv, true)
	checkWork("blocked.LUInverse", A.Rows, len(work), work == nil)
	factorLin[float64]().luInverse(A, ipiv, work)
}

// LUInverse32 is LUInverse for float32. It panics naming blocked.LUInverse32.
func LUInverse32(a blas32.General, ipiv []int, work []float32) {
	A := view.F32(a)
	checkSquare("blocked.LUInverse32", A, ipiv, true)
	checkWork("blocked.LUInverse32", A.Rows, len(work), work == nil)
	factorLin[float32]().luInverse(A, ipiv, work)
}

// Cholesky factors the symmetric positive definite n×n matrix a in place as A = L·Lᵀ,
// reading and writing only the lower triangle (with the diagonal): the strict upper
// triangle is neither read nor written. It returns −1 on success, or the 0-based index
// j of the first leading minor that is not positive definite (the pivot at j is ≤ 0 or
// NaN); a is then partly overwritten (rows before j hold L's rows). NaN anywhere in the
// lower triangle makes some pivot NaN, hence a failure at or before its row; Inf
// likewise fails or propagates.
//
// Recursive: L11 = chol(A11), L21 = A21·L11⁻ᵀ (triangular solve on the engine), A22 −
// L21·L21ᵀ (symmetric update on the engine), down to 32×32 blocks done by dot products.
// It panics, naming blocked.Cholesky and the shape, if a is not square. Cost: n³/3
// flops; the results do not depend on the thread count; repeated calls allocate nothing.
// Measured as LU, Cholesky + CholeskyInverse (n³ flops): 4.2 GFLOP/s at n = 64 (gonum's
// Dpotrf + Dpotri 4.9), 9.2 at 128 (5.0), 19 at 256 (5.9), 36–40 at 1024, 0.50–0.53×
// GEMM; gonum's on this package's BLAS 28 (0.37×), 6–10× gonum native by the wall clock.
func Cholesky(a blas64.General) (failed int) {
	A := view.F64(a)
	checkSquare("blocked.Cholesky", A, nil, false)
	return factorLin[float64]().chol(A)
}

// Cholesky32 is Cholesky for float32. It panics naming blocked.Cholesky32.
func Cholesky32(a blas32.General) (failed int) {
	A := view.F32(a)
	checkSquare("blocked.Cholesky32", A, nil, false)
	return factorLin[float32]().chol(A)
}

// CholeskyInverse overwrites L from a successful Cholesky (lower triangle of a) with
// A⁻¹ = L⁻ᵀ·L⁻¹, filling both triangles (the result is exactly symmetric: the upper
// triangle is a copy of the lower). The strict upper triangle of a is not read. NaN and
// Inf propagate; a zero on L's diagonal gives Inf and NaN.
//
// L⁻¹ by a recursive triangular inverse, then the product L⁻ᵀ·L⁻¹ recursively (lower
// blocks: a symmetric update and a triangular product on the engine). It panics, naming
// blocked.CholeskyInverse and the shape, if a is not square. Cost: 2n³/3 flops.
func CholeskyInverse(a blas64.General) {
	A := view.F64(a)
	checkSquare("blocked.CholeskyInverse", A, nil, false)
	factorLin[float64]().cholInverse(A)
}

// CholeskyInverse32 is CholeskyInverse for float32. It panics naming blocked.CholeskyInverse32.
func CholeskyInverse32(a blas32.General) {
	A := view.F32(a)
	checkSquare("blocked.CholeskyInverse32", A, nil, false)
	factorLin[float32]().cholInverse(A)
}

// factorLin returns the kernels the factorizations run on: the level in force and
// Threads() workers.
func factorLin[T view.Float]() lin[T] { return newLin[T](dispatch.Current(), Threads()) }

func checkSquare[T view.Float](fn string, a view.Matrix[T], ipiv []int, withPiv bool) {
	view.Check(fn, "a", a)
	if a.Rows != a.Cols {
		panic(fmt.Sprintf("%s: a is %s, want a square matrix", fn, a.Shape()))
	}
	if withPiv && len(ipiv) != a.Rows {
		panic(fmt.Sprintf("%s: len(ipiv) = %d, want %d (a is %s)", fn, len(ipiv), a.Rows, a.Shape()))
	}
}

func checkWork(fn string, n, lw int, isNil bool) {
	if !isNil && lw < LUInverseWork(n) {
		panic(fmt.Sprintf("%s: len(work) = %d, want at least LUInverseWork(%d) = %d", fn, lw, n, LUInverseWork(n)))
	}
}

// safeMin returns the smallest positive normal number of T: a pivot at least this
// large has a finite reciprocal.
func safeMin[T view.Float]() T {
	if view.Is32[T]() {
		return T(math.Float32frombits(0x00800000))
	}
	return T(0x1p-1022)
}

// lu factors the square a (see LU).
func (l lin[T]) lu(a view.Matrix[T], ipiv []int) bool {
	if a.Rows == 0 {
		return true
	}
	return l.luRec(a, ipiv)
}

// luRec factors the m×n matrix a (m ≥ n) as P·A = L·U, ipiv[:n] relative to a's rows:
// right-looking in column blocks of luBlock when n is wider (each block factored by
// luRecursive, its interchanges applied to the other columns, U's block row solved,
// and the trailing matrix updated by one product of depth luBlock), recursively
// otherwise. The blocked outer loop keeps the triangular solves to blocks of luBlock
// rows (about luBlock·n²/2 flops instead of the recursion's n³/6 at the top levels),
// moving those flops into the trailing products, which run faster on the engine.
func (l lin[T]) luRec(a view.Matrix[T], ipiv []int) bool {
	m, n := a.Rows, a.Cols
	nb := luBlock
	if nb <= 0 || n <= nb {
		return l.luRecursive(a, ipiv)
	}
	ok := true
	for j := 0; j < n; j += nb {
		jb := min(nb, n-j)
		if !l.luRecursive(sub(a, j, m, j, j+jb), ipiv[j:j+jb]) {
			ok = false
		}
		for i := j; i < j+jb; i++ {
			ipiv[i] += j
		}
		swapRows(sub(a, 0, m, 0, j), ipiv[j:j+jb], j)
		if j+jb == n {
			break
		}
		swapRows(sub(a, 0, m, j+jb, n), ipiv[j:j+jb], j)
		u := sub(a, j, j+jb, j+jb, n)
		l.trsmRec(true, true, false, true, 1, sub(a, j, j+jb, j, j+jb), u)
		gemm(l.t, false, false, -1, sub(a, j+jb, m, j, j+jb), u, 1, sub(a, j+jb, m, j+jb, n), l.nt)
	}
	return ok
}

// luBlock is luRec's column block. Measured with TestFactorTune (as luPanelW, 15
// rounds), LU GFLOP/s best / median: n = 1024: 128: 42.4 / 35.0, recursive throughout
// 40.3 / 30.1 (another run, 9 rounds: 64: 44.5, 128: 45.1, 256: 43.6, recursive 43.1);
// n = 512: 128: 32.5 / 25.7, recursive 29.3 / 25.1. Less than the flop count predicts:
// each depth-128 update streams the whole trailing matrix from L3 or memory. A variable
// only for the tuning harness (0: recursive throughout).
var luBlock = 128

// luRecursive factors the m×n matrix a (m ≥ n) as P·A = L·U, ipiv[:n] relative to a's rows:
// the left half recursively, its interchanges applied to the right half, U12 = L11⁻¹·A12,
// A22 −= L21·U12 on the engine, the right half recursively, and its interchanges applied
// back to the left half.
func (l lin[T]) luRecursive(a view.Matrix[T], ipiv []int) bool {
	m, n := a.Rows, a.Cols
	if n <= luPanelW {
		return l.luPanel(a, ipiv)
	}
	n1 := max(luPanelW, (n/2+luPanelW/2)/luPanelW*luPanelW)
	ok := l.luRecursive(sub(a, 0, m, 0, n1), ipiv[:n1])
	swapRows(sub(a, 0, m, n1, n), ipiv[:n1], 0)
	a12 := sub(a, 0, n1, n1, n)
	l.trsmRec(true, true, false, true, 1, sub(a, 0, n1, 0, n1), a12)
	gemm(l.t, false, false, -1, sub(a, n1, m, 0, n1), a12, 1, sub(a, n1, m, n1, n), l.nt)
	ok2 := l.luRecursive(sub(a, n1, m, n1, n), ipiv[n1:n])
	for i := n1; i < n; i++ {
		ipiv[i] += n1
	}
	swapRows(sub(a, 0, m, 0, n1), ipiv[n1:n], n1)
	return ok && ok2
}

// swapRows interchanges, for s = 0, 1, …, rows off+s and piv[s] of a.
func swapRows[T view.Float](a view.Matrix[T], piv []int, off int) {
	if a.Cols == 0 {
		return
	}
	for s, p := range piv {
		if i := off + s; p != i {
			ri, rp := a.Row(i), a.Row(p)
			for j := range ri {
				ri[j], rp[j] = rp[j], ri[j]
			}
		}
	}
}

// luPanel factors the m×w panel a (w ≤ luPanelW, m ≥ w) column by column on a
// transposed copy, in which each column of the panel is a contiguous row: pivot search,
// interchange across the panel, scaling of the column below the pivot, and a rank-1
// update of the columns to the right by one axpy each.
func (l lin[T]) luPanel(a view.Matrix[T], ipiv []int) bool {
	m, w := a.Rows, a.Cols
	buf := getScratch[T](w * m)
	p := view.Matrix[T]{Rows: w, Cols: m, Stride: m, Data: *buf}
	l.tr(p.Data, m, a.Data, a.Stride, m, w)
	ok := true
	tiny := safeMin[T]()
	for j := 0; j < min(m, w); j++ {
		col := p.Row(j)
		piv, big := j, T(-1)
		for i := j; i < m; i++ {
			// Branch-free magnitude (a sign branch mispredicts half the time on random
			// data); the first NaN ends the search.
			if v := T(math.Abs(float64(col[i]))); !(v <= big) {
				piv, big = i, v
				if v != v {
					break
				}
			}
		}
		ipiv[j] = piv
		if piv != j {
			for c := 0; c < w; c++ {
				r := p.Row(c)
				r[j], r[piv] = r[piv], r[j]
			}
		}
		d := col[j]
		below := col[j+1:]
		switch {
		case d == 0:
			ok = false
		case big >= tiny || big != big:
			l.scale(below, 1/d, below)
		default:
			for i := range below {
				below[i] /= d
			}
		}
		for c := j + 1; c < w; c++ {
			r := p.Row(c)
			l.axpy(r[j+1:], -r[j], below)
		}
	}
	l.tr(a.Data, a.Stride, p.Data, m, w, m)
	putScratch(buf)
	return ok
}

// luInverse overwrites the LU factors in a with A⁻¹ (see LUInverse).
func (l lin[T]) luInverse(a view.Matrix[T], ipiv []int, work []T) {
	n := a.Rows
	if n == 0 {
		return
	}
	l.trtri(false, false, a) // U ← U⁻¹
	var buf *[]T
	if work == nil {
		buf = getScratch[T](LUInverseWork(n))
		work = *buf
	}
	nb := min(n, luInvBlock)
	// X·L = U⁻¹, X's column blocks from the right: X_J = (U⁻¹_J − X_{J+}·L_{J+,J})·L_JJ⁻¹,
	// where U⁻¹_J is the upper part of column block J and L's part of it is moved to work.
	for jj := (n - 1) / nb * nb; jj >= 0; jj -= nb {
		jb := min(nb, n-jj)
		w := view.Matrix[T]{Rows: n - jj, Cols: jb, Stride: jb, Data: work[:(n-jj)*jb]}
		for i := jj; i < n; i++ {
			row := a.Row(i)[jj : jj+jb]
			wr := w.Row(i - jj)
			c0 := min(i-jj, jb) // columns c < c0 are strictly below the diagonal in row i
			copy(wr[:c0], row[:c0])
			clear(row[:c0])
		}
		if jj+jb < n {
			gemm(l.t, false, false, -1, sub(a, 0, n, jj+jb, n), sub(w, jb, n-jj, 0, jb), 1, sub(a, 0, n, jj, jj+jb), l.nt)
		}
		l.trsmRec(false, true, false, true, 1, sub(w, 0, jb, 0, jb), sub(a, 0, n, jj, jj+jb))
	}
	if buf != nil {
		putScratch(buf)
	}
	// A⁻¹ = X·P: undo the interchanges on the columns, last first, row by row.
	for i := 0; i < n; i++ {
		row := a.Row(i)
		for j := n - 2; j >= 0; j-- {
			if p := ipiv[j]; p != j {
				row[j], row[p] = row[p], row[j]
			}
		}
	}
}

// cholBase is the order of the diagonal blocks Cholesky and its inverse handle with
// dot products and axpys (the level-2 loops); larger ones are split in two (syrkLower's
// diagonal blocks are up to twice as large). Measured with TestFactorTune (as luPanelW,
// 201 rounds), Cholesky / Cholesky + inverse GFLOP/s: n = 64: cholBase 16: 4.9 / 4.3,
// 32: 4.4 / 4.2, 64: 3.1 / 3.6, 128: 3.2 / 3.6; n = 256: 16: 18.9 / 18.4, 32: 18.5 / 18.6,
// 64: 15.6 / 17.3, 128: 10.4 / 14.3 (Emerald Rapids). On a Zen 4 (AMD EPYC family 25
// model 17, TestFactorTune with triBase 8, best of 5 interleaved rounds), Cholesky +
// inverse GFLOP/s at cholBase 32 → 16: n = 64 5.6 → 6.1, 256 23.4 → 24.0, 1024
// 37.6 → 37.6; hence 16. A variable only for the tuning harness.
var cholBase = 16

// chol factors the lower triangle of a (see Cholesky). (Right-looking in 128- or
// 256-column blocks over this recursion, as LU does, was no faster: TestFactorTune,
// n = 1024, Cholesky 35 GFLOP/s either way, recursive 38, interleaved.)
func (l lin[T]) chol(a view.Matrix[T]) int {
	n := a.Rows
	if n <= cholBase {
		return cholBlock(a)
	}
	n1 := splitAt(n)
	if f := l.chol(sub(a, 0, n1, 0, n1)); f >= 0 {
		return f
	}
	a21 := sub(a, n1, n, 0, n1)
	l.trsmRec(false, false, true, false, 1, sub(a, 0, n1, 0, n1), a21) // L21 = A21·L11⁻ᵀ
	l.syrkLower(false, -1, a21, 1, sub(a, n1, n, n1, n))               // A22 −= L21·L21ᵀ
	if f := l.chol(sub(a, n1, n, n1, n)); f >= 0 {
		return n1 + f
	}
	return -1
}

// cholBlock factors a small lower triangle row by row with dot products.
func cholBlock[T view.Float](a view.Matrix[T]) int {
	n := a.Rows
	for j := 0; j < n; j++ {
		rj := a.Row(j)
		d := rj[j] - dot(rj[:j], rj[:j])
		if !(d > 0) {
			return j
		}
		ljj := T(math.Sqrt(float64(d)))
		rj[j] = ljj
		inv := 1 / ljj
		for i := j + 1; i < n; i++ {
			ri := a.Row(i)
			ri[j] = (ri[j] - dot(ri[:j], rj[:j])) * inv
		}
	}
	return -1
}

// dot returns Σ x[i]·y[i] in index order (four partial sums).
func dot[T view.Float](x, y []T) T {
	y = y[:len(x)]
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// syrkLower sets the lower triangle (with the diagonal) of the n×n c to
// α·op(A)·op(A)ᵀ + β·c, op(A) = a (n×k) or aᵀ (a k×n, trans); c's strict upper triangle
// is neither read nor written, and β = 0 does not read c. See gemmtLower.
func (l lin[T]) syrkLower(trans bool, alpha T, a view.Matrix[T], beta T, c view.Matrix[T]) {
	l.gemmtLower(trans, alpha, a, a, beta, c)
}

// gemmtLower sets the lower triangle (with the diagonal) of the n×n c to
// α·op(A)·op(B)ᵀ + β·c, op(X) = x (n×k) or xᵀ (x k×n, trans); c's strict upper
// triangle is neither read nor written, and β = 0 does not read c. Off-diagonal blocks
// are products on the engine; diagonal blocks of at most 2·cholBase rows a product into
// scratch, of which the lower triangle is kept.
func (l lin[T]) gemmtLower(trans bool, alpha T, a, b view.Matrix[T], beta T, c view.Matrix[T]) {
	n := c.Rows
	k := a.Cols
	if trans {
		k = a.Rows
	}
	rows := func(x view.Matrix[T], i0, i1 int) view.Matrix[T] {
		if trans {
			return sub(x, 0, k, i0, i1)
		}
		return sub(x, i0, i1, 0, k)
	}
	if n <= 2*cholBase {
		buf := getScratch[T](n * n)
		tmp := view.Matrix[T]{Rows: n, Cols: n, Stride: n, Data: *buf}
		gemm(l.t, trans, !trans, alpha, a, b, 0, tmp, l.nt)
		for i := 0; i < n; i++ {
			ci, ti := c.Row(i)[:i+1], tmp.Row(i)[:i+1]
			if beta == 0 {
				copy(ci, ti)
			} else {
				for j := range ci {
					ci[j] = ti[j] + beta*ci[j]
				}
			}
		}
		putScratch(buf)
		return
	}
	n1 := splitAt(n)
	l.gemmtLower(trans, alpha, rows(a, 0, n1), rows(b, 0, n1), beta, sub(c, 0, n1, 0, n1))
	gemm(l.t, trans, !trans, alpha, rows(a, n1, n), rows(b, 0, n1), beta, sub(c, n1, n, 0, n1), l.nt)
	l.gemmtLower(trans, alpha, rows(a, n1, n), rows(b, n1, n), beta, sub(c, n1, n, n1, n))
}

// cholInverse overwrites L in a's lower triangle with A⁻¹ in both triangles.
func (l lin[T]) cholInverse(a view.Matrix[T]) {
	n := a.Rows
	if n == 0 {
		return
	}
	l.trtri(true, false, a)
	l.lauum(a)
	l.mirrorLower(a)
}

// mirrorLower copies the strict lower triangle of a into the upper: off-diagonal blocks
// by the transpose primitive, diagonal blocks by a loop.
func (l lin[T]) mirrorLower(a view.Matrix[T]) {
	// In strips of eight rows: the part left of the diagonal block in one call of the
	// level's transposer (whole 8×8 register tiles), the diagonal block's 28 elements
	// one by one. (Blocks of 64 done one by one were 8% of SPDInverse at n = 64 in pprof
	// on a Zen 4.)
	n, ld := a.Rows, a.Stride
	const bs = 8
	for i0 := 0; i0 < n; i0 += bs {
		i1 := min(i0+bs, n)
		if i0 > 0 {
			l.tr(a.Data[i0:], ld, a.Data[i0*ld:], ld, i1-i0, i0)
		}
		for i := i0 + 1; i < i1; i++ {
			for j := i0; j < i; j++ {
				a.Data[j*ld+i] = a.Data[i*ld+j]
			}
		}
	}
}

// lauum overwrites the lower triangle L of a with the lower triangle of Lᵀ·L:
// [L11 0; L21 L22]ᵀ·[…] has blocks L11ᵀL11 + L21ᵀL21, L22ᵀL21 and L22ᵀL22.
func (l lin[T]) lauum(a view.Matrix[T]) {
	n := a.Rows
	if n <= cholBase {
		// Row i of the result is L[i,i]·L[i,:i+1] + Σ_{p>i} L[p,i]·L[p,:i+1]; the rows below
		// i are still L's when row i is computed.
		for i := 0; i < n; i++ {
			ri := a.Row(i)[:i+1]
			l.scale(ri, ri[i], ri)
			for p := i + 1; p < n; p++ {
				rp := a.Row(p)
				l.axpy(ri, rp[i], rp[:i+1])
			}
		}
		return
	}
	n1 := splitAt(n)
	a11, a21, a22 := sub(a, 0, n1, 0, n1), sub(a, n1, n, 0, n1), sub(a, n1, n, n1, n)
	l.lauum(a11)
	l.syrkLower(true, 1, a21, 1, a11)
	l.trmmRec(true, false, true, false, 1, a22, a21) // L21 ← L22ᵀ·L21
	l.lauum(a22)
}
