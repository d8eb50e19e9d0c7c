package grad

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/internal/view"
)

// This file is the single place where grad calls the factorization engine: LU with
// partial pivoting and its inverse (blocked.LU, LU32, LUInverse, LUInverse32), the
// Gauss–Jordan inverse (blocked.GJInverse, GJInverse32), Cholesky
// and its inverse (blocked.Cholesky, Cholesky32, CholeskyInverse, CholeskyInverse32),
// the symmetric Gauss–Jordan SPD inverse (blocked.SPDInverse, SPDInverse32),
// all native in both precisions on the GEMM engine, and the LAPACK condition estimators
// (gonum's lapack Dgecon and Dpocon, float64 only: float32 factors are widened first,
// see luCore.rcondEst). Each function works in place on a square, checked view.

var lapackImpl gonum.Implementation

// luFactor computes P·A = L·U in place (LAPACK dgetrf layout, row-major; ipiv 0-based,
// len n) and reports whether every U[i][i] is non-zero; the factorization completes
// either way.
func luFactor[T view.Float](a view.Matrix[T], ipiv []int) bool {
	if a64, ok := any(&a).(*view.Matrix[float64]); ok {
		return blocked.LU(view.General64(*a64), ipiv)
	}
	return blocked.LU32(view.General32(*any(&a).(*view.Matrix[float32])), ipiv)
}

// gjInverse overwrites a with A⁻¹ by Gauss–Jordan elimination with partial pivoting
// and returns log|det A| and its sign; false (a partly overwritten, ipiv not needed)
// at an exactly zero pivot.
func gjInverse[T view.Float](a view.Matrix[T], ipiv []int) (logAbs, sign float64, ok bool) {
	if a64, ok := any(&a).(*view.Matrix[float64]); ok {
		return blocked.GJInverse(view.General64(*a64), ipiv)
	}
	return blocked.GJInverse32(view.General32(*any(&a).(*view.Matrix[float32])), ipiv)
}

// luInverseWork is the length of the work slice luInverse needs.
func luInverseWork(n int) int { return blocked.LUInverseWork(n) }

// luInverse overwrites the factors of a non-singular A with A⁻¹; work has at least
// luInverseWork(n) elements.
func luInverse[T view.Float](a view.Matrix[T], ipiv []int, work []T) {
	if a64, ok := any(&a).(*view.Matrix[float64]); ok {
		blocked.LUInverse(view.General64(*a64), ipiv, *any(&work).(*[]float64))
		return
	}
	blocked.LUInverse32(view.General32(*any(&a).(*view.Matrix[float32])), ipiv, *any(&work).(*[]float32))
}

// cholFactor computes A = L·Lᵀ in the lower triangle of a (the strict upper triangle
// is neither read nor written) and returns −1, or the 0-based index of the first
// pivot that is not positive (or NaN).
func cholFactor[T view.Float](a view.Matrix[T]) int {
	if a64, ok := any(&a).(*view.Matrix[float64]); ok {
		return blocked.Cholesky(view.General64(*a64))
	}
	return blocked.Cholesky32(view.General32(*any(&a).(*view.Matrix[float32])))
}

// cholInverse overwrites the Cholesky factor L (lower triangle of a) with A⁻¹, both
// triangles filled.
func cholInverse[T view.Float](a view.Matrix[T]) {
	if a64, ok := any(&a).(*view.Matrix[float64]); ok {
		blocked.CholeskyInverse(view.General64(*a64))
		return
	}
	blocked.CholeskyInverse32(view.General32(*any(&a).(*view.Matrix[float32])))
}

// spdInverse overwrites the SPD matrix in a's lower triangle with A⁻¹ (both triangles)
// and returns log det A and −1, or NaN and the index of the first pivot that is not
// positive (a partly overwritten).
func spdInverse[T view.Float](a view.Matrix[T]) (float64, int) {
	if a64, ok := any(&a).(*view.Matrix[float64]); ok {
		return blocked.SPDInverse(view.General64(*a64))
	}
	return blocked.SPDInverse32(view.General32(*any(&a).(*view.Matrix[float32])))
}

// luRCond estimates the reciprocal 1-norm condition number from the LU factors in d
// (float64, n×n, stride lda) and the 1-norm anorm of the original matrix. work has at
// least 4n elements, iwork n.
func luRCond(n int, d []float64, lda int, anorm float64, work []float64, iwork []int) float64 {
	if n == 0 {
		return 1
	}
	return lapackImpl.Dgecon(lapack.MaxColumnSum, n, d, lda, anorm, work, iwork)
}

// cholRCond is luRCond for a Cholesky factor in the lower triangle (work ≥ 3n).
func cholRCond(n int, d []float64, lda int, anorm float64, work []float64, iwork []int) float64 {
	if n == 0 {
		return 1
	}
	return lapackImpl.Dpocon(blas.Lower, n, d, lda, anorm, work, iwork)
}
