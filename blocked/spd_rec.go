package blocked

import (
	"math"

	"github.com/matkern/matkern/internal/view"
)

// The recursive SPD inverse: the symmetric Gauss–Jordan sweep of spd.go with two
// blocks, each inverted recursively. With A = [A11 ·; A21 A22] (lower triangle),
//
//	X11 = A11⁻¹                    (recursively, both triangles)
//	W   = A21·X11                  (n2×n1·n1×n1, a product on the engine)
//	S   = A22 − W·A21ᵀ             (lower triangle only: gemmtBand)
//	Y22 = S⁻¹                      (recursively)
//	Y21 = −Y22·W                   (n2×n2·n2×n1)
//	Y11 = X11 − Wᵀ·Y21             (= X11 + Wᵀ·Y22·W, lower triangle: gemmtBand)
//
// gives A⁻¹ = [Y11 Y21ᵀ; Y21 Y22]. The cost C(n) = 2·C(n/2) + 3n³/4 sums to n³ (as
// Cholesky + CholeskyInverse, and without the sweep's 2n²b for its n×b·b×b products),
// three quarters of it in the top level's products of order n/2 and depth n/2, which run
// near the engine's full rate. S is the Schur complement of A11, SPD when A is, and
// the leading minor of order n1 + j of A is positive definite exactly when A11 and the
// leading minor of order j of S are, so the first failing pivot is found in the
// recursion's order, A11 first. log det A = log det A11 + log det S.

// spdLeaf is the order at or below which spdRec inverts directly, by Cholesky +
// CholeskyInverse (the level-2 loops of lu.go). Measured with TestSPDTune (Emerald
// Rapids, AVX-512, one thread, thread CPU time, shared machine, best GFLOP/s counting
// n³): n = 64: leaf 32 6.0 (45 µs), leaf 16 9.1 (29.8 µs; the old sweep with b = 16:
// 7.9); n = 256: leaf 32 34.4, leaf 16 37.8. A Gauss–Jordan sweep of the whole leaf
// through the small-unpacked kernel (2×2 pivots, one rank-2 call a step: c4c1ce5 to
// f14a71f) took n = 64 from 27.6 to 13.8 µs on a Zen 4 but was not stable: at κ = 1e10
// its residual |Σ·X − I| reached 1 where this leaf stays near n·κ·ε
// (TestSPDInverseIllConditioned). A variable only for the tuning harness (knob spdleaf).
var spdLeaf = 16

// spdRecWork returns the scratch spdRec needs for order n: W at every level of the
// recursion down its first half, n2·n1 + (n1/2)·… ≤ n²/3 elements.
func spdRecWork(n int) int {
	w := 0
	for n > spdLeaf {
		n1 := spdSplit(n)
		w += (n - n1) * n1
		n = max(n1, n-n1)
	}
	return w
}

// spdSplit returns the order of the leading block for order n: half, rounded to a
// multiple of 16 (the engine's tiles) where that leaves both halves non-empty.
func spdSplit(n int) int {
	if s := (n/2 + 8) / 16 * 16; s > 0 && s < n {
		return s
	}
	return n / 2
}

// spdRecursive inverts the SPD a in place (lower triangle read, both written) and
// returns log det A and −1, or NaN and the first failing pivot.
func (l lin[T]) spdRecursive(a view.Matrix[T]) (float64, int) {
	n := a.Rows
	if n == 0 {
		return 0, -1
	}
	buf := getScratch[T](spdRecWork(n))
	ld, f := l.spdRec(a, *buf)
	putScratch(buf)
	if f >= 0 {
		return math.NaN(), f
	}
	return ld, -1
}

// spdRec is spdRecursive with its scratch (at least spdRecWork(a.Rows) elements).
func (l lin[T]) spdRec(a view.Matrix[T], work []T) (float64, int) {
	n := a.Rows
	if n <= spdLeaf {
		if f := l.chol(a); f >= 0 {
			return 0, f
		}
		ld := 0.0
		for i := 0; i < n; i++ {
			ld += 2 * math.Log(float64(a.Data[i*a.Stride+i]))
		}
		l.cholInverse(a)
		return ld, -1
	}
	n1 := spdSplit(n)
	n2 := n - n1
	a11, a21, a22 := sub(a, 0, n1, 0, n1), sub(a, n1, n, 0, n1), sub(a, n1, n, n1, n)
	ld1, f := l.spdRec(a11, work)
	if f >= 0 {
		return 0, f
	}
	w := view.Matrix[T]{Rows: n2, Cols: n1, Stride: n1, Data: work[:n2*n1]}
	rest := work[n2*n1:]
	gemm(l.t, false, false, 1, a21, a11, 0, w, l.nt) // W = A21·X11
	l.symUpdate(false, -1, w, a21, a22)              // S = A22 − W·A21ᵀ
	ld2, f := l.spdRec(a22, rest)
	if f >= 0 {
		return 0, n1 + f
	}
	gemm(l.t, false, false, -1, a22, w, 0, a21, l.nt) // Y21 = −Y22·W
	l.symUpdate(true, -1, w, a21, a11)                // Y11 = X11 − Wᵀ·Y21
	// Both triangles: Y11's upper from its lower, and A⁻¹'s upper right block = Y21ᵀ.
	l.mirrorLower(a11)
	l.tr(a.Data[n1:], a.Stride, a21.Data, a21.Stride, n2, n1)
	return ld1 + ld2, -1
}

// symUpdate sets c's lower triangle to c + α·op(A)·op(B)ᵀ (op as gemmtBand's) and
// leaves its strict upper triangle undefined: by gemmtBand, or, where the whole square
// product is small enough for the level's small-unpacked path, by that product (twice
// the triangle's flops, none of the packing). Zen 4, BenchmarkSPDInverse float64 one
// core, against gemmtBand always, interleaved, best of 5 on a busy host: n = 32 10.8 →
// 9.6 µs, 64 28.1 → 27.3, 128 94.1 → 98.6 (a wash there). A staircase of two products
// (the top half only to the diagonal block) was slower at n = 32 and 64.
func (l lin[T]) symUpdate(trans bool, alpha T, a, b view.Matrix[T], c view.Matrix[T]) {
	n, k := c.Rows, a.Cols
	if trans {
		k = a.Rows
	}
	if _, _, _, bound := supOf[T](l.t); float64(n)*float64(n)*float64(k) <= bound {
		gemm(l.t, trans, !trans, alpha, a, b, 1, c, l.nt)
		return
	}
	l.gemmtBand(trans, alpha, a, b, 1, c)
}
