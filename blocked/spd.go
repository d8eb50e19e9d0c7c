package blocked

import (
	"math"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/internal/view"
)

// Symmetric blocked Gauss–Jordan ("sweep") inversion of an SPD matrix, on the lower
// triangle, without pivoting.
//
// Sweeping a block K of the symmetric state M (D = M_KK⁻¹, P = M[other, K]) sets
// M_other ← M_other − P·D·Pᵀ, M[other, K] ← P·D, M_KK ← −D; sweeping every block of A
// in turn leaves M = −A⁻¹. Each M_KK swept is the Schur complement of the blocks
// already swept, SPD when A is, so no pivoting is needed and its Cholesky factor L
// (M_KK = L·Lᵀ) gives both D = L⁻ᵀ·L⁻¹ and, with Q = P·L⁻ᵀ, the update P·D·Pᵀ = Q·Qᵀ
// (a symmetric rank-b update of one triangle on the engine) and P·D = Q·L⁻¹; det A is
// the product of the det M_KK = Π L_ii². With the rows before K (swept) and after K
// (not yet) the lower triangle of M_other is three blocks: before×before (triangle),
// after×before (rectangle) and after×after (triangle).

// spdBlock, when non-zero, makes SPDInverse run the blocked sweep below in blocks of
// spdBlock columns (negative: one block, Cholesky + CholeskyInverse) instead of the
// recursion of spd_rec.go; 0, the default, recurses. A variable only for the tests and
// the tuning harness (knob spdb), which keep the sweep as the recursion's comparison.
// The sweep's block width trades deeper updates against flops moved into its n×b·b×b
// products W = P·D (2n²·b beyond the n³) and the b×b factorizations; its best widths were
// 16 at n ≤ 160, 32 to n = 384, 48 to 768 and 96 above, measured with TestFactorTune
// (Emerald Rapids, AVX-512, one thread, thread CPU time, best GFLOP/s: n = 1024, b = 96:
// 46–48 against GEMM 74–77; n = 64, b = 16: 7.0).
var spdBlock = 0

// SPDInverse overwrites the symmetric positive definite n×n matrix a, of which only the
// lower triangle (with the diagonal) is read, with A⁻¹ in both triangles (exactly
// symmetric), and returns log det A. failed is −1 on success, or else the 0-based index
// j of the first leading minor that is not positive definite (the pivot at j is ≤ 0 or
// NaN, as Cholesky reports it); logDet is then NaN and a partly overwritten (neither A
// nor A⁻¹). A NaN anywhere in the lower triangle makes some pivot NaN, hence a failure;
// ±Inf fails or propagates.
//
// By recursion on halves, without pivoting (spd_rec.go): A11
// is inverted recursively, its Schur complement S = A22 − A21·A11⁻¹·A21ᵀ formed on the
// engine and inverted recursively, and the off-diagonal block and A11's inverse updated
// by two more products; orders ≤ 16 by Cholesky + CholeskyInverse. Accuracy: that of
// Cholesky + CholeskyInverse where the check below rejects the recursion's result;
// where it keeps it (κ_F ≤ 1e4), errors up to about κ₂ times Cholesky's: a review found
// Gaussian-kernel matrices (exp(−(xᵢ−xⱼ)²/2ℓ²) + jitter, κ₂ = 2e3–4e3, n = 17–18) with
// residual max|A·X − I| and log det error 400–1000× Cholesky's, just above 10·n·κ₂·ε
// (float32 log det off by 0.1). The recursion alone is not that
// accurate when A is ill-conditioned (it uses the explicit inverse of A11 inside the
// Schur complement: at κ₂ = 1e8, n = 17, residuals of order 1), so above order 16 a
// copy of A's lower triangle is kept, and when κ_F = ‖A‖_F·‖X‖_F (≥ κ₂) exceeds 1e4,
// is NaN, or the recursion finds a pivot that is not positive, A is restored and
// inverted by Cholesky + CholeskyInverse, whose answer is returned: such calls cost
// both, 2.7× the well-conditioned call's time at n = 64 and 2.2× at 1024
// (BenchmarkSPDInverseIllConditioned, κ₂ = 1e8, against BenchmarkSPDInverse; Zen 4).
// κ_F overestimates κ₂ by up to n (by about (n − 1)/(2·ln κ₂) for a log-spaced
// spectrum), so at larger n the fallback begins at smaller κ₂: near 700 at n = 200 and
// 90 at n = 1024 for such spectra. The check and the copy cost about 5% of the call at
// n = 32–128 and 3–4% at n = 1024 (BenchmarkSPDInverse, Zen 4).
// Cost: n³ flops
// (as Cholesky + CholeskyInverse), three quarters of them in the top level's products
// of order n/2 on the engine (on up to Threads() cores); the results do not depend on
// the thread count. Scratch (at most n²/3 + n(n+1)/2 elements) comes from pools; repeated calls
// allocate nothing. Measured on one core (TestSPDTune, Emerald Rapids, AVX-512, thread
// CPU time, best of 7 interleaved rounds, GFLOP/s counting n³; Cholesky +
// CholeskyInverse and the n×n×n GEMM of the same run in brackets): n = 64: 9.9 (4.4;
// 76), 256: 40.6 (22.8; 72), 1024: 62.1 (44.5; 80), 0.77× the GEMM against 0.55×.
// float32: 10.6, 57.6 and 115.4 (GEMM 153, 136, 155; 0.74× at n = 1024). It panics,
// naming blocked.SPDInverse and the shape, if a is not square.
func SPDInverse(a blas64.General) (logDet float64, failed int) {
	A := view.F64(a)
	checkSquare("blocked.SPDInverse", A, nil, false)
	return factorLin[float64]().spdInverse(A)
}

// SPDInverse32 is SPDInverse for float32 (the log-determinant summed in float64). It
// panics naming blocked.SPDInverse32.
func SPDInverse32(a blas32.General) (logDet float64, failed int) {
	A := view.F32(a)
	checkSquare("blocked.SPDInverse32", A, nil, false)
	return factorLin[float32]().spdInverse(A)
}

func (l lin[T]) spdInverse(a view.Matrix[T]) (float64, int) {
	if spdBlock == 0 {
		return l.spdGuarded(a)
	}
	n := a.Rows
	nb := spdBlock
	if nb <= 0 || nb >= n {
		nb = n
	}
	if nb == n {
		return l.spdCholesky(a)
	}
	ld := 0.0
	for k := 0; k < n; k += nb {
		e := min(k+nb, n)
		kk := sub(a, k, e, k, e)
		if f := l.chol(kk); f >= 0 {
			return math.NaN(), k + f
		}
		for i := 0; i < e-k; i++ {
			ld += 2 * math.Log(float64(kk.Data[i*kk.Stride+i]))
		}
		before := sub(a, k, e, 0, k) // P_bᵀ, for the rows before K (b×k)
		after := sub(a, e, n, k, e)  // P_a, for the rows after K ((n−e)×b)
		// D = M_KK⁻¹ = L⁻ᵀ·L⁻¹, both triangles of the block.
		l.cholInverse(kk)
		// W = P·D: W_bᵀ = D·P_bᵀ, W_a = P_a·D, in scratch.
		w := e - k
		buf := getScratch[T](w * (n - w))
		wb := view.Matrix[T]{Rows: w, Cols: k, Stride: max(k, 1), Data: (*buf)[:w*k]}
		wa := view.Matrix[T]{Rows: n - e, Cols: w, Stride: w, Data: (*buf)[w*k:]}
		if k > 0 {
			gemm(l.t, false, false, 1, kk, before, 0, wb, l.nt)
		}
		if e < n {
			gemm(l.t, false, false, 1, after, kk, 0, wa, l.nt)
		}
		// M_other −= W·Pᵀ on the lower triangle.
		if k > 0 {
			l.gemmtLower(true, -1, wb, before, 1, sub(a, 0, k, 0, k))
		}
		if k > 0 && e < n {
			gemm(l.t, false, false, -1, wa, before, 1, sub(a, e, n, 0, k), l.nt)
		}
		if e < n {
			l.gemmtLower(false, -1, wa, after, 1, sub(a, e, n, e, n))
		}
		// M[other, K] = W, M_KK = −D (lower triangle).
		for i := 0; i < w; i++ {
			if k > 0 {
				copy(before.Row(i), wb.Row(i))
			}
			r := kk.Row(i)[:i+1]
			l.scale(r, -1, r)
		}
		for i := 0; i < n-e; i++ {
			copy(after.Row(i), wa.Row(i))
		}
		putScratch(buf)
	}
	// A⁻¹ = −M: negate the lower triangle and mirror it into the upper.
	for i := 0; i < n; i++ {
		l.scale(a.Row(i)[:i+1], -1, a.Row(i)[:i+1])
	}
	l.mirrorLower(a)
	return ld, -1
}

// spdTrust is the largest bound κ_F = ‖A‖_F·‖A⁻¹‖_F on the condition number κ₂ at
// which SPDInverse keeps the recursion's result. The recursion forms each Schur
// complement from the explicit inverse of the leading block, so its errors grow with
// that block's condition (at most κ₂ of A, by interlacing) on top of Cholesky's. In
// TestSPDInverseIllConditioned's matrices, float64, at n = 17, where the leading block
// is nearly as ill-conditioned as A, its residual max|A·X − I| was 0.18·n·κ₂·ε at
// κ₂ = 1e4, 4.5 at 1e5, 23 at 1e6 and 10³ at 1e8, and at κ₂ = 1e12 it reported
// matrices not positive definite, while Cholesky + CholeskyInverse stayed below
// 0.03·n·κ₂·ε throughout (Zen 4, AVX-512). At n ≥ 32 the recursion fared better at the
// same κ₂, but a leading block as ill-conditioned as A is possible at any order, so the
// bound does not grow with n. The Frobenius norms (κ₂ ≤ κ_F ≤ n·κ₂) take one SIMD dot
// product a row; the 1-norms, by scalar loops, cost 25% of the call at n = 64 (pprof,
// Zen 4).
const spdTrust = 1e4

// spdGuarded is spdRecursive checked: above the leaf it keeps a copy of A's lower
// triangle, and if the recursion fails or κ_F of its result exceeds spdTrust (or is
// NaN) it restores A and inverts by Cholesky + CholeskyInverse instead, whose failing
// pivot and accuracy are then the result's.
func (l lin[T]) spdGuarded(a view.Matrix[T]) (float64, int) {
	n := a.Rows
	if n <= spdLeaf {
		return l.spdCholesky(a)
	}
	saved := getScratch[T](n * (n + 1) / 2)
	defer putScratch(saved)
	// Pack the lower triangle row by row; ‖A‖_F² counts its strict part twice.
	tri := *saved
	var diag float64
	for i, o := 0, 0; i < n; i++ {
		row := a.Row(i)[:i+1]
		copy(tri[o:], row)
		o += i + 1
		diag += float64(row[i]) * float64(row[i])
	}
	fa := 2*float64(l.dot(tri, tri)) - diag
	ld, f := l.spdRecursive(a)
	if f < 0 {
		var fx float64
		if a.Stride == n {
			fx = float64(l.dot(a.Data[:n*n], a.Data[:n*n]))
		} else {
			for i := 0; i < n; i++ {
				row := a.Row(i)[:n]
				fx += float64(l.dot(row, row))
			}
		}
		if math.Sqrt(fa)*math.Sqrt(fx) <= spdTrust { // false for NaN
			return ld, -1
		}
	}
	for i, o := 0, 0; i < n; i++ {
		copy(a.Row(i)[:i+1], tri[o:o+i+1])
		o += i + 1
	}
	return l.spdCholesky(a)
}

// spdCholesky inverts the SPD a in place by Cholesky + CholeskyInverse (lower triangle
// read, both written) and returns log det A and −1, or NaN and the first failing pivot.
func (l lin[T]) spdCholesky(a view.Matrix[T]) (float64, int) {
	if f := l.chol(a); f >= 0 {
		return math.NaN(), f
	}
	ld := 0.0
	for i := 0; i < a.Rows; i++ {
		ld += 2 * math.Log(float64(a.Data[i*a.Stride+i]))
	}
	l.cholInverse(a)
	return ld, -1
}
