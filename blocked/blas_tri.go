package blocked

import (
	"gonum.org/v1/gonum/blas"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// Dtrsm solves op(A)·X = α·B (side = blas.Left, A m×m) or X·op(A) = α·B (blas.Right,
// A n×n) for the m×n matrix X, overwriting B, where A is upper or lower triangular (ul),
// op(A) is A or Aᵀ (tA), and the diagonal is read or taken as ones (d = blas.NonUnit or
// blas.Unit), exactly as gonum's Dtrsm specifies: the same argument checks and panic
// messages (invalid arguments are handed to the embedded gonum routine, which panics),
// only A's ul triangle read, α = 0 setting B to zero without reading it.
//
// The triangle is halved recursively; the off-diagonal blocks are products on the GEMM
// engine, the diagonal blocks of at most 32 rows are solved by row operations (the
// level's fused axpy; on the transposed block for side = Right). NaN and Inf propagate;
// a zero on a non-unit diagonal gives Inf or NaN (the diagonal is applied as its
// reciprocal). Cost: m²·n flops (left) or m·n² (right), on up to Threads() cores in the
// large products; scratch comes from a pool.
func (impl Implementation) Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	if !validTri(s, ul, tA, d, m, n, lda, ldb, len(a), len(b)) {
		impl.Implementation.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	A, B := triViews(s, m, n, a, lda, b, ldb)
	newLin[float64](dispatch.Current(), Threads()).trsm(s == blas.Left, (ul == blas.Lower) == (tA == blas.NoTrans), tA != blas.NoTrans, d == blas.Unit, alpha, A, B)
}

// Strsm is Dtrsm for float32.
func (impl Implementation) Strsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	if !validTri(s, ul, tA, d, m, n, lda, ldb, len(a), len(b)) {
		impl.Implementation.Strsm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	A, B := triViews(s, m, n, a, lda, b, ldb)
	newLin[float32](dispatch.Current(), Threads()).trsm(s == blas.Left, (ul == blas.Lower) == (tA == blas.NoTrans), tA != blas.NoTrans, d == blas.Unit, alpha, A, B)
}

// Dtrmm computes B = α·op(A)·B (side = blas.Left, A m×m) or B = α·B·op(A) (blas.Right,
// A n×n) in place for the m×n matrix B, A triangular as in Dtrsm, exactly as gonum's
// Dtrmm specifies (same checks and panics, α = 0 sets B to zero without reading it).
// Recursive like Dtrsm: off-diagonal blocks on the GEMM engine, diagonal blocks of at most
// 32 rows by row operations. NaN and Inf propagate. Cost: m²·n or m·n² flops.
func (impl Implementation) Dtrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	if !validTri(s, ul, tA, d, m, n, lda, ldb, len(a), len(b)) {
		impl.Implementation.Dtrmm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	A, B := triViews(s, m, n, a, lda, b, ldb)
	newLin[float64](dispatch.Current(), Threads()).trmm(s == blas.Left, (ul == blas.Lower) == (tA == blas.NoTrans), tA != blas.NoTrans, d == blas.Unit, alpha, A, B)
}

// Strmm is Dtrmm for float32.
func (impl Implementation) Strmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	if !validTri(s, ul, tA, d, m, n, lda, ldb, len(a), len(b)) {
		impl.Implementation.Strmm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	A, B := triViews(s, m, n, a, lda, b, ldb)
	newLin[float32](dispatch.Current(), Threads()).trmm(s == blas.Left, (ul == blas.Lower) == (tA == blas.NoTrans), tA != blas.NoTrans, d == blas.Unit, alpha, A, B)
}

// validTri reports whether gonum's Dtrsm/Dtrmm would accept the arguments and do work
// (m, n > 0). Where it reports false, gonum itself panics or returns.
func validTri(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n, lda, ldb, la, lb int) bool {
	if (s != blas.Left && s != blas.Right) || (ul != blas.Lower && ul != blas.Upper) ||
		(tA != blas.NoTrans && tA != blas.Trans && tA != blas.ConjTrans) || (d != blas.Unit && d != blas.NonUnit) {
		return false
	}
	k := n
	if s == blas.Left {
		k = m
	}
	if m <= 0 || n <= 0 || lda < max(1, k) || ldb < max(1, n) {
		return false
	}
	return la >= lda*(k-1)+k && lb >= ldb*(m-1)+n
}

// triViews wraps validated BLAS arguments as views of the stored triangle and of B.
func triViews[T view.Float](s blas.Side, m, n int, a []T, lda int, b []T, ldb int) (A, B view.Matrix[T]) {
	k := n
	if s == blas.Left {
		k = m
	}
	return view.Matrix[T]{Rows: k, Cols: k, Stride: lda, Data: a}, view.Matrix[T]{Rows: m, Cols: n, Stride: ldb, Data: b}
}
