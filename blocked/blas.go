package blocked

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// Implementation is a drop-in gonum BLAS whose matrix multiply runs on matkern's GEMM
// engine. It embeds gonum's native implementation, so it satisfies blas.Float64 and
// blas.Float32, and overrides Dgemm, Sgemm, Dsyrk, Ssyrk, Dtrsm, Strsm, Dtrmm and Strmm
// (the other routines are gonum's).
// Everything in gonum that multiplies matrices through the BLAS (mat.Dense.Mul,
// mat.SymDense.SymOuterK, and the blocked LU, Cholesky and QR of gonum's LAPACK, which
// call Dgemm for their trailing updates) then runs on matkern after
//
//	blas64.Use(blocked.Implementation{})
//	blas32.Use(blocked.Implementation{})
//
// The zero value is ready to use and holds no state; the level in force (package
// dispatch) and SetThreads decide how it runs.
type Implementation struct {
	gonum.Implementation
}

var (
	_ blas.Float64 = Implementation{}
	_ blas.Float32 = Implementation{}
)

// Dgemm computes C = α·op(A)·op(B) + β·C for row-major A, B, C with leading dimensions
// lda, ldb, ldc, exactly as gonum's Dgemm specifies (same argument checks and panic
// messages, same β = 0 and α = 0 semantics), on matkern's engine: see Gemm.
func (impl Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !validGemm(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c)) {
		// Let gonum panic with its own message.
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	A, B, C := gemmViews(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
	gemm(dispatch.Current(), tA != blas.NoTrans, tB != blas.NoTrans, alpha, A, B, beta, C, Threads())
}

// Sgemm is Dgemm for float32.
func (impl Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !validGemm(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c)) {
		impl.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	A, B, C := gemmViews(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
	gemm(dispatch.Current(), tA != blas.NoTrans, tB != blas.NoTrans, alpha, A, B, beta, C, Threads())
}

// validGemm reports whether gonum's Dgemm would accept the arguments and do work
// (m, n > 0). Where it reports false, gonum itself panics or returns.
func validGemm(tA, tB blas.Transpose, m, n, k, lda, ldb, ldc, la, lb, lc int) bool {
	okT := func(t blas.Transpose) bool { return t == blas.NoTrans || t == blas.Trans || t == blas.ConjTrans }
	if !okT(tA) || !okT(tB) || m <= 0 || n <= 0 || k < 0 || ldc < max(1, n) {
		return false
	}
	if tA != blas.NoTrans {
		if lda < max(1, m) || la < (k-1)*lda+m {
			return false
		}
	} else if lda < max(1, k) || la < (m-1)*lda+k {
		return false
	}
	if tB != blas.NoTrans {
		if ldb < max(1, k) || lb < (n-1)*ldb+k {
			return false
		}
	} else if ldb < max(1, n) || lb < (k-1)*ldb+n {
		return false
	}
	return lc >= (m-1)*ldc+n
}

// gemmViews wraps validated BLAS arguments as matrix views of the stored A, B and C.
func gemmViews[T view.Float](tA, tB blas.Transpose, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) (A, B, C view.Matrix[T]) {
	A = view.Matrix[T]{Rows: m, Cols: k, Stride: lda, Data: a}
	if tA != blas.NoTrans {
		A.Rows, A.Cols = k, m
	}
	B = view.Matrix[T]{Rows: k, Cols: n, Stride: ldb, Data: b}
	if tB != blas.NoTrans {
		B.Rows, B.Cols = n, k
	}
	C = view.Matrix[T]{Rows: m, Cols: n, Stride: ldc, Data: c}
	return A, B, C
}
