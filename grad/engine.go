package grad

import (
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"

	"github.com/matkern/matkern/internal/view"
)

// This file is the single place where grad calls a factorization engine: LU with
// partial pivoting, its inverse, Cholesky, its inverse, and the LAPACK condition
// estimators. Every function works on a square, checked view in place and mirrors the
// API of blocked.LU / LUInverse / Cholesky / CholeskyInverse.
//
// Engine in force: gonum's lapack (lapack/gonum, on whatever blas64 implementation is
// installed) for every piece, until blocked offers the engine. gonum has no float32
// LAPACK, so the float32 functions convert to float64 in a pooled scratch matrix,
// factor there and round the result back to float32 (the float32 results are then the
// float64 algorithm rounded, at most as accurate as a native float32 engine and about
// as fast as the float64 one).

var lapackImpl gonum.Implementation

// scratch64 is a pooled float64 buffer for the float32 conversions.
var scratch64 = sync.Pool{New: func() any { return new([]float64) }}

func getScratch(n int) *[]float64 {
	p := scratch64.Get().(*[]float64)
	if cap(*p) < n {
		*p = make([]float64, n)
	}
	*p = (*p)[:n]
	return p
}

// widen copies the n×n view a into the contiguous float64 buffer d.
func widen[T view.Float](d []float64, a view.Matrix[T]) {
	n := a.Rows
	for i := 0; i < n; i++ {
		row := a.Row(i)
		for j, v := range row {
			d[i*n+j] = float64(v)
		}
	}
}

// narrow copies the contiguous float64 buffer d into the n×n view a, rounding.
func narrow[T view.Float](a view.Matrix[T], d []float64, lowerOnly bool) {
	n := a.Rows
	for i := 0; i < n; i++ {
		row := a.Row(i)
		if lowerOnly {
			row = row[:i+1]
		}
		for j := range row {
			row[j] = T(d[i*n+j])
		}
	}
}

// luFactor computes P·A = L·U in place (LAPACK dgetrf layout, row-major; ipiv 0-based,
// len n) and reports whether every U[i][i] is non-zero; the factorization completes
// either way.
func luFactor[T view.Float](a view.Matrix[T], ipiv []int) bool {
	n := a.Rows
	if n == 0 {
		return true
	}
	switch m := any(a).(type) {
	case view.Matrix[float64]:
		return lapackImpl.Dgetrf(n, n, m.Data, m.Stride, ipiv)
	}
	p := getScratch(n * n)
	defer scratch64.Put(p)
	widen(*p, a)
	ok := lapackImpl.Dgetrf(n, n, *p, n, ipiv)
	narrow(a, *p, false)
	// Rounding to float32 can make a tiny non-zero pivot zero (or the reverse cannot
	// happen): report what the float32 factors hold.
	for i := 0; i < n && ok; i++ {
		ok = a.At(i, i) != 0
	}
	return ok
}

// luInverseWork is the length of the work slice luInverse needs.
func luInverseWork(n int) int { return max(1, 64*n) }

// luInverse overwrites the factors of a non-singular A with A⁻¹; work has at least
// luInverseWork(n) elements.
func luInverse[T view.Float](a view.Matrix[T], ipiv []int, work []T) {
	n := a.Rows
	if n == 0 {
		return
	}
	switch m := any(a).(type) {
	case view.Matrix[float64]:
		w := any(work).([]float64)
		lapackImpl.Dgetri(n, m.Data, m.Stride, ipiv, w, len(w))
		return
	}
	p := getScratch(n*n + luInverseWork(n))
	defer scratch64.Put(p)
	d, w := (*p)[:n*n], (*p)[n*n:]
	widen(d, a)
	lapackImpl.Dgetri(n, d, n, ipiv, w, len(w))
	narrow(a, d, false)
}

// cholFactor computes A = L·Lᵀ in the lower triangle of a (the strict upper triangle
// is neither read nor written) and returns −1, or the 0-based index of the first
// pivot that is not positive (or NaN).
func cholFactor[T view.Float](a view.Matrix[T]) int {
	n := a.Rows
	if n == 0 {
		return -1
	}
	var d []float64
	lda := n
	switch m := any(a).(type) {
	case view.Matrix[float64]:
		d, lda = m.Data, m.Stride
	default:
		p := getScratch(n * n)
		defer scratch64.Put(p)
		d = *p
		widen(d, a) // the upper triangle is copied but gonum's Lower path never reads it
	}
	ok := lapackImpl.Dpotrf(blas.Lower, n, d, lda)
	if _, is64 := any(a).(view.Matrix[float64]); !is64 {
		narrow(a, d, true)
	}
	if ok {
		for i := 0; i < n; i++ {
			if !(a.At(i, i) > 0) { // float32 rounding of a tiny pivot
				return i
			}
		}
		return -1
	}
	// gonum's Dpotf2 stores the failing pivot's non-positive (or NaN) value on the
	// diagonal and stops; every earlier diagonal entry is a positive square root.
	for i := 0; i < n; i++ {
		if v := d[i*lda+i]; !(v > 0) {
			return i
		}
	}
	return n - 1
}

// cholInverse overwrites the Cholesky factor L (lower triangle of a) with A⁻¹, both
// triangles filled.
func cholInverse[T view.Float](a view.Matrix[T]) {
	n := a.Rows
	if n == 0 {
		return
	}
	var d []float64
	lda := n
	switch m := any(a).(type) {
	case view.Matrix[float64]:
		d, lda = m.Data, m.Stride
	default:
		p := getScratch(n * n)
		defer scratch64.Put(p)
		d = *p
		widen(d, a)
	}
	lapackImpl.Dpotri(blas.Lower, n, d, lda)
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			d[j*lda+i] = d[i*lda+j]
		}
	}
	if _, is64 := any(a).(view.Matrix[float64]); !is64 {
		narrow(a, d, false)
	}
}

// luRCond estimates the reciprocal 1-norm condition number from the LU factors in d
// (contiguous float64, n×n, stride lda) and the 1-norm anorm of the original matrix.
// work has at least 4n elements, iwork n.
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
