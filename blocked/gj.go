package blocked

import (
	"math"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/internal/view"
)

// Gauss–Jordan inversion with partial pivoting, blocked so that its flops are rank-b
// products on the engine.
//
// The state after the pivot block J of P·A has been eliminated ("swept") is, in the
// block rows and columns (J, rest): [A_JJ⁻¹, A_JJ⁻¹·A_JR; −A_RJ·A_JJ⁻¹, A_RR −
// A_RJ·A_JJ⁻¹·A_JR]. Sweeping the next block K of that state M: the column panel M[:, K]
// becomes M_KK⁻¹ in rows K and −M_iK·M_KK⁻¹ in the others (the panel alone is swept,
// recursively or column by column); then with T = M[K, other] (copied) and M[K, other]
// zeroed, every other column block is updated by one product M[:, other] += M[:, K]·T
// (rows K: M_KK⁻¹·T; rows i ∉ K: M_iK − M_iK·M_KK⁻¹·T). Pivot rows are chosen within the
// panel among the rows not yet swept, and swapped across whole rows (sweeping commutes
// with permuting unswept rows). After the last block M = (P·A)⁻¹, and A⁻¹ = M·P undoes
// the interchanges on the columns, last first.

// gjBlock is GJInverse's outer column block (each block swept recursively, halved down
// to gjBase columns done column by column); 0 sweeps recursively throughout. Measured
// with TestFactorTune (Emerald Rapids, AVX-512, one thread, thread CPU time, shared
// machine, interleaved), GJ GFLOP/s best / median, with the rows above each panel
// deferred to one product: n = 1024: gjb 96: 61.2 / 60.2, 128: 59.7 / 59.1, 192:
// 60.0 / 59.5, recursive throughout 58.1 / 57.6 (GEMM 77.9: 96 is 0.79×); n = 256:
// 96: 39.7 / 38.4, 128: 39.7 / 36.6, 192: 40.6 / 38.7, recursive 38.1 / 37.5; n = 64:
// 12.8 whatever the block. (Before the deferral, n = 1024: 64: 56.0, 96: 56.9, 128: 55.7,
// 256: 53.5.) The panel's narrow products (n×16·16×16 runs at 13 GFLOP/s, n×128·128×128
// at 49, on the engine) are what a smaller block trades against the depth of the big
// updates. gjBase (before the deferral), n = 1024: 8: 47.9, 16: 49.3, 32: 47.9 (a
// noisier run); n = 256: 8: 35.0, 16: 38.1, 32: 30.9, 64: 24.3; n = 64: 8: 12.4, 16:
// 11.9, 32: 9.3. Variables only for the tuning harness (TestFactorTune knobs gjb,
// gjbase).
var (
	gjBlock = 96
	gjBase  = 16
)

// GJInverse overwrites the n×n matrix a with A⁻¹ by Gauss–Jordan elimination with
// partial pivoting, and returns log|det A| and the sign of det A from the pivots
// (det A = sign·exp(logAbsDet)). ipiv (length n) receives the row interchanges in
// LAPACK's convention, as LU's: row i was interchanged with row ipiv[i] ≥ i, in order;
// the pivots are those of LU (the same U[i][i], up to rounding), so the log-determinant
// is LU's.
//
// An exactly zero pivot (the matrix is singular) stops the elimination: ok is false,
// logAbsDet −Inf, sign 0, and a is left partially updated (neither A nor A⁻¹). ipiv is
// then still fully defined, in global row indices as on success: with c the first
// column whose pivot is exactly zero, ipiv[:c] holds the interchanges of those
// columns (LU's, up to rounding) and ipiv[i] = i for every i ≥ c (no interchange,
// nothing done). Whether a singular A meets an exactly zero pivot at all depends on
// the rounding: a zero row or column always does; other singular A usually give tiny
// pivots and ok true; LU, rounding differently, can meet a zero where this does not,
// or the reverse (and goes on past it). grad.LU documents the measured rates.
//
// The pivot is the first entry of largest magnitude, a NaN counting as larger than any
// number: a NaN in A propagates (NaN pivots: logAbsDet and sign NaN, ok true, NaN
// through the result); ±Inf likewise (an infinite pivot gives logAbsDet +Inf, and
// Inf·0 gives NaN).
//
// Cost: 2n³ flops (the same count as LU + LUInverse), nearly all in n×b·b×n products on
// the engine (on up to Threads() cores); the results do not depend on the thread count.
// Scratch comes from pools; repeated calls allocate nothing. Measured on one core
// (TestFactorTune, as LU's figures, same run, best GFLOP/s): n = 64: 12.8 (LU +
// LUInverse 7.0, GEMM 56); n = 256: 39.7 (25.3, GEMM 70, 0.57× against 0.36×);
// n = 1024: 61.2 (48.9, GEMM 77.9, 0.79× against 0.63×). It panics, naming
// blocked.GJInverse and the shapes, if a is not square or len(ipiv) ≠ n.
func GJInverse(a blas64.General, ipiv []int) (logAbsDet, sign float64, ok bool) {
	A := view.F64(a)
	checkSquare("blocked.GJInverse", A, ipiv, true)
	return factorLin[float64]().gjInverse(A, ipiv)
}

// GJInverse32 is GJInverse for float32 (the log-determinant summed in float64). It
// panics naming blocked.GJInverse32.
func GJInverse32(a blas32.General, ipiv []int) (logAbsDet, sign float64, ok bool) {
	A := view.F32(a)
	checkSquare("blocked.GJInverse32", A, ipiv, true)
	return factorLin[float32]().gjInverse(A, ipiv)
}

// gjState accumulates the pivots' magnitudes, as a mantissa and a binary exponent
// (|det| = mant·2^exp, so neither overflows; one logarithm at the end instead of one
// a pivot, which were 5% of GJInverse at n = 64 in pprof on a Zen 4), and their sign.
type gjState struct {
	mant float64 // in [0.5, 1) after the first pivot; ±Inf or NaN once a pivot was
	exp  int
	sign float64
}

func newGJState() gjState { return gjState{mant: 1, sign: 1} }

// pivot takes one pivot d ≠ 0 into the product.
func (st *gjState) pivot(d float64) {
	// |d| = f·2^e with f in [0.5, 1) from the bits where d is normal (math.Frexp is a
	// call with its special cases first; 3.8% of the time of a since-withdrawn SPD leaf
	// sweep of 16 pivots in pprof on a Zen 4, where GJInverse at n = 16 spends 3% in pivot
	// with this form).
	b := math.Float64bits(d) &^ (1 << 63)
	var f float64
	var e int
	if be := int(b >> 52); be != 0 && be != 0x7ff {
		f, e = math.Float64frombits(b&^(0x7ff<<52)|1022<<52), be-1022
	} else {
		f, e = math.Frexp(math.Abs(d)) // zero, subnormal, ±Inf or NaN
	}
	st.mant *= f
	st.exp += e
	if st.mant < 0.5 { // f and mant in [0.5, 1): the product is in [0.25, 1)
		st.mant *= 2
		st.exp--
	}
	if d < 0 {
		st.sign = -st.sign
	} else if d != d {
		st.sign = math.NaN()
	}
}

// logAbs returns log|det| of the pivots taken.
func (st *gjState) logAbs() float64 {
	return math.Log(st.mant) + float64(st.exp)*math.Ln2
}

func (l lin[T]) gjInverse(a view.Matrix[T], ipiv []int) (float64, float64, bool) {
	n := a.Rows
	st := newGJState()
	if n == 0 {
		return 0, 1, true
	}
	nb := gjBlock
	if nb <= 0 || nb >= n {
		nb = n
	}
	for k := 0; k < n; k += nb {
		kb := min(nb, n-k)
		if !l.gjSweep(a, k, kb, ipiv, &st) {
			identityPiv(ipiv[k+kb:], k+kb)
			return math.Inf(-1), 0, false
		}
	}
	for j := 0; j < n; j++ {
		if ipiv[j] != j {
			st.sign = -st.sign
		}
	}
	l.unpermuteColumns(a, ipiv)
	return st.logAbs(), st.sign, true
}

// unpermuteColumns sets A⁻¹ = M·P: the interchanges undone on the columns of a, last
// first. They compose into one permutation π (new column j = old column π(j)), applied
// to each row through a buffer: a gather and a copy per row instead of a test and a
// swap per interchange (at n = 64 the swaps were 16% of GJInverse in pprof on a Zen 4).
func (l lin[T]) unpermuteColumns(a view.Matrix[T], ipiv []int) {
	n := a.Rows
	first := -1 // the first column an interchange moves
	for j := n - 1; j >= 0; j-- {
		if ipiv[j] != j {
			first = j
		}
	}
	if first < 0 {
		return
	}
	pbuf := getInts(n)
	perm := (*pbuf)[:n]
	for j := range perm {
		perm[j] = j
	}
	for j := n - 2; j >= 0; j-- {
		if p := ipiv[j]; p != j {
			perm[j], perm[p] = perm[p], perm[j]
		}
	}
	buf := getScratch[T](n)
	tmp := (*buf)[:n-first]
	perm = perm[first:]
	for i := 0; i < n; i++ {
		row := a.Data[i*a.Stride : i*a.Stride+n]
		for j, q := range perm {
			tmp[j] = row[q]
		}
		copy(row[first:], tmp)
	}
	putScratch(buf)
	putInts(pbuf)
}

// gjSweep sweeps the columns k…k+w−1 of the n×n state a (all columns before k swept):
// the panel a[k:, k:k+w] recursively (gjPanel) and its rows above k by one product,
// then its interchanges applied to the other columns and those updated by one product
// per side. ipiv is indexed by the absolute column and holds absolute rows. It returns
// false at an exactly zero pivot, with ipiv[k:k+w] as gjPanel leaves it.
func (l lin[T]) gjSweep(a view.Matrix[T], k, w int, ipiv []int, st *gjState) bool {
	n := a.Rows
	if !l.gjPanel(sub(a, 0, n, k, k+w), k, ipiv[k:k+w], st) {
		return false
	}
	left, right := sub(a, 0, n, 0, k), sub(a, 0, n, k+w, n)
	swapRows(left, ipiv[k:k+w], k)
	swapRows(right, ipiv[k:k+w], k)
	l.gjUpdate(sub(a, 0, n, k, k+w), k, left)
	l.gjUpdate(sub(a, 0, n, k, k+w), k, right)
	return true
}

// gjUpdate applies the sweep of the n×w panel p (pivot rows r…r+w−1) to the n×c
// columns c: T = c[r:r+w, :] is moved to scratch (its rows zeroed), then c += p·T.
func (l lin[T]) gjUpdate(p view.Matrix[T], r int, c view.Matrix[T]) {
	w, nc := p.Cols, c.Cols
	if nc == 0 {
		return
	}
	buf := getScratch[T](w * nc)
	t := view.Matrix[T]{Rows: w, Cols: nc, Stride: nc, Data: *buf}
	for i := 0; i < w; i++ {
		row := c.Row(r + i)
		copy(t.Row(i), row)
		clear(row)
	}
	gemm(l.t, false, false, 1, p, t, 1, c, l.nt)
	putScratch(buf)
}

// gjPanel sweeps the n×w panel p whose diagonal starts at row r (the panel's column j
// pivots in rows ≥ r+j), touching only the panel: halved recursively down to gjBase
// columns, which are swept column by column; the rows above r only by one product at
// the end, M_iP ← −M_iP·M_PP⁻¹. ipiv[j] is a row index of p.
//
// On false (an exactly zero pivot in panel column c) all of ipiv is still defined, in
// rows of p: the interchanges of the columns before c, and ipiv[j] = r+j from c on (no
// interchange: the zero column's pivot search keeps its first row, and the columns
// after it are not reached). gjInverse relies on this to return global indices.
func (l lin[T]) gjPanel(p view.Matrix[T], r int, ipiv []int, st *gjState) bool {
	n, w := p.Rows, p.Cols
	if r > 0 {
		// Sweep on rows r… only (the pivot candidates and the block's own rows); the
		// rows above, already swept, take their final value in one product:
		// p[:r] ← −p[:r]·M_PP⁻¹ (they are neither pivot candidates nor interchanged).
		ok := l.gjPanel(sub(p, r, n, 0, w), 0, ipiv, st)
		for i := range ipiv {
			ipiv[i] += r // rows of the sub-panel → rows of p, also on failure
		}
		if !ok {
			return false
		}
		buf := getScratch[T](r * w)
		t := view.Matrix[T]{Rows: r, Cols: w, Stride: w, Data: *buf}
		d := sub(p, 0, r, 0, w)
		for i := 0; i < r; i++ {
			copy(t.Row(i), d.Row(i))
		}
		gemm(l.t, false, false, -1, t, sub(p, r, r+w, 0, w), 0, d, l.nt)
		putScratch(buf)
		return true
	}
	if w <= gjBase {
		return l.gjColumns(p, 0, ipiv, st)
	}
	w1 := max(gjBase, (w/2+gjBase/2)/gjBase*gjBase)
	p1, p2 := sub(p, 0, n, 0, w1), sub(p, 0, n, w1, w)
	if !l.gjPanel(p1, 0, ipiv[:w1], st) {
		identityPiv(ipiv[w1:], w1)
		return false
	}
	swapRows(p2, ipiv[:w1], 0)
	l.gjUpdate(p1, 0, p2)
	if !l.gjPanel(p2, w1, ipiv[w1:], st) {
		return false
	}
	swapRows(p1, ipiv[w1:], w1)
	l.gjUpdate(p2, w1, p1)
	return true
}

// identityPiv sets piv[i] = off+i: no interchange for the columns off, off+1, … (the
// ones a singular return did not reach).
func identityPiv(piv []int, off int) {
	for i := range piv {
		piv[i] = off + i
	}
}

// gjColumns sweeps the n×w panel p (diagonal from row r) one column at a time, on a
// transposed copy in which each panel column is a contiguous row: pivot search in rows
// ≥ r+j, interchange across the panel, then with d the pivot, s = pivot row: column j
// becomes the multipliers −p[i][j]/d, every other column x gets p[i][x] += s[x]·(−p[i][j]/d)
// (one axpy of length n), and the pivot row becomes s/d with 1/d at the pivot.
func (l lin[T]) gjColumns(p view.Matrix[T], r int, ipiv []int, st *gjState) bool {
	n, w := p.Rows, p.Cols
	if kern, mr, nr, bound := supOf[T](l.t); bound > 0 && w <= nr {
		return l.gjColumnsSup(p, r, ipiv, st, kern, mr)
	}
	buf := getScratch[T](w * n)
	pt := view.Matrix[T]{Rows: w, Cols: n, Stride: n, Data: *buf}
	l.tr(pt.Data, n, p.Data, p.Stride, n, w)
	ok := true
	tiny := safeMin[T]()
	for j := 0; j < w; j++ {
		c := r + j
		col := pt.Row(j)
		piv, big := c, T(-1)
		for i := c; i < n; i++ {
			if v := T(math.Abs(float64(col[i]))); !(v <= big) {
				piv, big = i, v
				if v != v {
					break
				}
			}
		}
		ipiv[j] = piv
		if piv != c {
			for x := 0; x < w; x++ {
				rx := pt.Row(x)
				rx[c], rx[piv] = rx[piv], rx[c]
			}
		}
		d := col[c]
		if d == 0 {
			ok = false
			identityPiv(ipiv[j+1:], c+1) // columns not reached: no interchange
			break
		}
		st.pivot(float64(d))
		small := !(big >= tiny || big != big) // 1/d would overflow
		if small {
			for i := range col {
				col[i] = -col[i] / d
			}
		} else {
			l.scale(col, -1/d, col)
		}
		col[c] = -1 // is −d/d up to rounding; exactly −1 so that the axpys zero the pivot row
		for x := 0; x < w; x++ {
			if x == j {
				continue
			}
			rx := pt.Row(x)
			s := rx[c]
			l.axpy(rx, s, col)
			if small {
				rx[c] = s / d
			} else {
				rx[c] = s * (1 / d)
			}
		}
		col[c] = 1 / d
	}
	l.tr(p.Data, p.Stride, pt.Data, n, w, n)
	putScratch(buf)
	return ok
}

// gjColumnsSup is gjColumns on the panel in place, for a level whose small-unpacked
// kernel (sup.go) spans the panel's width in one strip: per column j, the pivot search
// down the column and the interchange across the panel, then one kernel call updates
// all n rows at once, p += m·sᵀ (rank 1: m_i = −p[i][j]/d the multipliers, 0 at the
// pivot row; s the pivot row with s[j] = 0, so that column j, which holds the
// multipliers already, is left alone), and the pivot row (s/d, 1/d at the pivot) is
// written after it (the call adds 0·s to it). The arithmetic of gjColumns but for one
// rounding: the kernel rounds each product m_i·s_x before adding it, where gjColumns's
// axpys fuse the two. One call per column where gjColumns makes w − 1 axpys: at n = 64
// (a 64×16 panel, 16 columns) GJInverse took 30–34 µs against 46 on a Zen 4
// (BenchmarkGJInverse, one core).
func (l lin[T]) gjColumnsSup(p view.Matrix[T], r int, ipiv []int, st *gjState, kern supKernel[T], mr int) bool {
	n, w, ld := p.Rows, p.Cols, p.Stride
	rows := downTo(n+mr-1, mr) // the kernel reads the multipliers of whole tiles
	buf := getScratch[T](rows + w)
	mult, s := (*buf)[:rows], (*buf)[rows:rows+w]
	clear(mult[n:])
	ok := true
	tiny := safeMin[T]()
	for j := 0; j < w; j++ {
		c := r + j
		piv, big := c, T(-1)
		for i := c; i < n; i++ {
			if v := T(math.Abs(float64(p.Data[i*ld+j]))); !(v <= big) {
				piv, big = i, v
				if v != v {
					break
				}
			}
		}
		ipiv[j] = piv
		row := p.Data[c*ld : c*ld+w]
		if piv != c {
			other := p.Data[piv*ld : piv*ld+w]
			for x := range row {
				row[x], other[x] = other[x], row[x]
			}
		}
		d := row[j]
		if d == 0 {
			ok = false
			identityPiv(ipiv[j+1:], c+1) // columns not reached: no interchange
			break
		}
		st.pivot(float64(d))
		small := !(big >= tiny || big != big) // 1/d would overflow
		inv := 1 / d
		// Column j takes its multipliers now: the kernel adds m_i·s[j] = m_i·0 to it.
		if small {
			for i := 0; i < n; i++ {
				m := -p.Data[i*ld+j] / d
				mult[i], p.Data[i*ld+j] = m, m
			}
		} else {
			for i := 0; i < n; i++ {
				m := -p.Data[i*ld+j] * inv
				mult[i], p.Data[i*ld+j] = m, m
			}
		}
		mult[c] = 0
		copy(s, row)
		s[j] = 0
		kern(1, mult, 1, 1, s, w, p.Data, ld, 1, 1, n, w)
		for x, v := range s {
			if small {
				row[x] = v / d
			} else {
				row[x] = v * inv
			}
		}
		row[j] = inv
	}
	putScratch(buf)
	return ok
}
