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

// spdBlock, when non-zero, overrides SPDInverse's block width (the depth of its rank-b
// updates; negative: one block, Cholesky + CholeskyInverse); 0 chooses it from n
// (spdWidth). A variable only for the tuning harness (knob spdb).
var spdBlock = 0

// spdWidth returns the block width for order n. A wider block deepens the updates but
// moves flops into the n×b·b×b products W = P·D (2n²·b of the n³ + n·b² in all) and the
// b×b Cholesky and inverses, which run at small-matrix speed. Measured with
// TestFactorTune (Emerald Rapids, AVX-512, one thread, thread CPU time, shared machine,
// interleaved), SPDInverse GFLOP/s best / median: n = 1024: b 64: 44.8 / 43.7, 96: 48.2
// / 37.5 (another run 46.0 / 45.8), 128: 47.6 / 40.2, 192: 41.2 / 35.1, 256: 45.6 /
// 36.8 (GEMM 74–77; Cholesky + CholeskyInverse 38–40, 0.52×); n = 512: 48: 34.0 / 25.0,
// 64: 27.5 / 24.9, 96: 25.3 / 24.4; n = 256: 16: 15.2 / 14.3, 32: 17.1 / 14.8, 48: 16.9 /
// 15.2, 64: 16.1 / 13.9, 96: 14.3 / 13.0 (Cholesky + inverse 11.5–12.5); n = 128: 16:
// 14.5 / 9.5, one block 9.4; n = 64: 8: 6.0 / 4.6, 16: 7.0 / 5.3, 24: 6.5 / 4.8, one
// block (Cholesky + inverse) 3.5 / 3.3. Computing the triangles of the updates in block
// rows of 128–512 (one product left of each diagonal block) instead of by halving, with
// diagonal leaves of 32–256 rather than 64, or gathering each sweep's other rows into
// scratch to update one triangle of order n − b, made no difference or was slower at
// n = 1024.
func spdWidth(n int) int {
	switch {
	case spdBlock != 0:
		return spdBlock
	case n <= 160:
		return 16
	case n <= 384:
		return 32
	case n <= 768:
		return 48
	}
	return 96
}

// SPDInverse overwrites the symmetric positive definite n×n matrix a, of which only the
// lower triangle (with the diagonal) is read, with A⁻¹ in both triangles (exactly
// symmetric), and returns log det A. failed is −1 on success, or else the 0-based index
// j of the first leading minor that is not positive definite (the pivot at j is ≤ 0 or
// NaN, as Cholesky reports it); logDet is then NaN and a partly overwritten (neither A
// nor A⁻¹). A NaN anywhere in the lower triangle makes some pivot NaN, hence a failure;
// ±Inf fails or propagates.
//
// A symmetric blocked Gauss–Jordan sweep without pivoting (stable for SPD matrices), in
// blocks of b columns (b from 16 at small n to 96 at n > 768, see spdWidth): per block a
// small Cholesky and inverse of the block's Schur complement, W = P·D for the block's
// other rows, and a rank-b update of the other rows' lower triangle on the engine.
// Cost: n³ + n·b² flops (Cholesky + CholeskyInverse: n³), nearly all in n×b·b×n
// products on the engine (on up to Threads() cores); the results do not depend on the
// thread count. Scratch comes from pools; repeated calls allocate nothing. Measured on
// one core (TestFactorTune, thread CPU time, best GFLOP/s counting n³, one interleaved
// run on a loaded shared machine; Cholesky + CholeskyInverse and GEMM of the same run in
// brackets): n = 64: 3.5 (2.3; 35), 128: 9.1 (5.7; 44), 256: 18.0 (12.2; 55, 0.33×
// against 0.22×), 512: 37.6 (27.4; 68), 1024: 36.8 (31.1; 59, 0.62× against 0.52×;
// on a quieter machine 44–48 against 37–40, GEMM 74–77). float32 (ad-hoc interleaved
// thread-CPU loop, best): n = 64: 5.0 (3.0), 256: 24.0 (16.1), 1024: 61.9 (49.7). It
// panics, naming blocked.SPDInverse and the shape, if a is not square.
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
		return l.spdRecursive(a)
	}
	n := a.Rows
	nb := spdWidth(n)
	if nb <= 0 || nb >= n {
		nb = n
	}
	if nb == n {
		// One block: Cholesky + inverse.
		if f := l.chol(a); f >= 0 {
			return math.NaN(), f
		}
		ld := 0.0
		for i := 0; i < n; i++ {
			ld += 2 * math.Log(float64(a.Data[i*a.Stride+i]))
		}
		l.cholInverse(a)
		return ld, -1
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
