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

// spdLeaf is the order at or below which spdRec inverts directly: by spdSweepLeaf where
// the level has a small-unpacked kernel as wide, else by Cholesky + CholeskyInverse
// (the level-2 loops of lu.go). Measured with TestSPDTune (Emerald Rapids, AVX-512, one
// thread, thread CPU time, shared machine, best GFLOP/s counting n³): n = 64: leaf 32
// 6.0 (45 µs), leaf 16 9.1 (29.8 µs; the old sweep with b = 16: 7.9); n = 256: leaf 32
// 34.4, leaf 16 37.8. A variable only for the tuning harness (knob spdleaf).
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
		if kern, mr, nr, bound := supOf[T](l.t); bound > 0 && n <= nr {
			return l.spdSweepLeaf(a, kern, mr)
		}
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

// spdSweepLeaf inverts the small SPD a in place (lower triangle read, both written) by
// Gauss–Jordan elimination without pivoting on the whole matrix (its upper triangle
// first filled from the lower), two columns at a time (a 2×2 block pivot; one column
// last when n is odd), each step's update one call of the level's small-unpacked
// kernel, which must span a's width in one strip (n ≤ its NR): with K the step's
// columns and D = M_KK⁻¹, a += m·S (rank 2), m_i = −M[i, K]·D the multipliers (0 in the
// rows K) and S the rows K with their columns K zeroed; then the rows K become D·S and
// M_KK becomes D. The pivots (M_KK's first diagonal element and its Schur complement)
// are those of Cholesky, L_jj², up to rounding, so the first that is not positive (or
// NaN) is where Cholesky fails, and log det A is the sum of their logarithms. The lower
// triangle of the result is mirrored into the upper, so that A⁻¹ is exactly symmetric.
// It returns log det A and −1, or 0 and the failing pivot's index. 2n³ flops against
// Cholesky + inverse's n³, in n/2 kernel calls instead of level-2 loops: at n = 16
// (spdLeaf) SPDInverse took 1.25 µs against 4.3 on a Zen 4 (BenchmarkSPDInverse, one
// core; one column a step: 1.45 µs), and n = 64 (four leaves) 13.8 µs against 27.6.
func (l lin[T]) spdSweepLeaf(a view.Matrix[T], kern supKernel[T], mr int) (float64, int) {
	n, ld := a.Rows, a.Stride
	l.mirrorLower(a)
	rows := downTo(n+mr-1, mr) // the kernel reads the multipliers of whole tiles
	buf := getScratch[T](2*rows + 2*n)
	mult, s := (*buf)[:2*rows], (*buf)[2*rows:2*rows+2*n]
	clear(mult[2*n:])
	st := newGJState()
	j := 0
	for ; j+2 <= n; j += 2 {
		p, q := j, j+1
		rp, rq := a.Data[p*ld:p*ld+n], a.Data[q*ld:q*ld+n]
		m00, m01, m10, m11 := rp[p], rp[q], rq[p], rq[q]
		if !(m00 > 0) {
			putScratch(buf)
			return 0, p
		}
		// D = M_KK⁻¹ by its own block form (two divisions, and no m00·schur to overflow):
		// with r = m01/m00, t = m10/m00 and schur = m11 − m10·r,
		// D = [1/m00 + r·t/schur, −r/schur; −t/schur, 1/schur].
		i00 := 1 / m00
		r, t := m01*i00, m10*i00
		schur := m11 - m10*r
		if !(schur > 0) {
			putScratch(buf)
			return 0, q
		}
		st.pivot(float64(m00))
		st.pivot(float64(schur))
		d11 := 1 / schur
		d01, d10 := -r*d11, -t*d11
		d00 := i00 - r*d10
		for i := 0; i < n; i++ {
			x, y := a.Data[i*ld+p], a.Data[i*ld+q]
			u, v := -(x*d00 + y*d10), -(x*d01 + y*d11)
			mult[2*i], mult[2*i+1] = u, v
			a.Data[i*ld+p], a.Data[i*ld+q] = u, v
		}
		mult[2*p], mult[2*p+1], mult[2*q], mult[2*q+1] = 0, 0, 0, 0
		sp, sq := s[:n], s[n:2*n]
		copy(sp, rp)
		copy(sq, rq)
		sp[p], sp[q], sq[p], sq[q] = 0, 0, 0, 0
		kern(2, mult, 2, 1, s, n, a.Data, ld, 1, 1, n, n)
		for x := range sp {
			u, v := sp[x], sq[x]
			rp[x], rq[x] = d00*u+d01*v, d10*u+d11*v
		}
		rp[p], rp[q], rq[p], rq[q] = d00, d01, d10, d11
	}
	if j < n { // the last column of an odd order: a 1×1 pivot
		row := a.Data[j*ld : j*ld+n]
		d := row[j]
		if !(d > 0) {
			putScratch(buf)
			return 0, j
		}
		st.pivot(float64(d))
		for i := 0; i < n; i++ {
			m := -a.Data[i*ld+j] / d
			mult[i], a.Data[i*ld+j] = m, m
		}
		mult[j] = 0
		clear(mult[n:rows])
		sp := s[:n]
		copy(sp, row)
		sp[j] = 0
		kern(1, mult, 1, 1, sp, n, a.Data, ld, 1, 1, n, n)
		for x, v := range sp {
			row[x] = v / d
		}
		row[j] = 1 / d
	}
	putScratch(buf)
	l.mirrorLower(a)
	return st.logAbs(), -1
}

// symUpdate sets c's lower triangle to c + α·op(A)·op(B)ᵀ (op as gemmtBand's) and
// leaves its strict upper triangle undefined: by gemmtBand, or, where the whole square
// product is small enough for the level's small-unpacked path, by that product (twice
// the triangle's flops, none of the packing: at n = 64 gemmtBand's four calls were a
// third of SPDInverse in pprof on a Zen 4; SPDInverse 17.2 → 14.4 µs). A staircase of
// two products (the top half only to the diagonal block) was slower at n = 32 and 64.
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
