package grad

import (
	"fmt"
	"math"

	"github.com/matkern/matkern/internal/view"
)

// MaxBatchN is the largest order LogDetBatch and LogDetBatch32 accept: their matrices
// are small enough that one factorization is a few thousand flops, where a call into
// the blocked engine (shape checks, pools, dispatch) costs as much as the arithmetic.
const MaxBatchN = 32

// LogDetBatch computes log|det Xₚ|, the sign of det Xₚ and, if grads is not nil, the
// gradient X⁻ᵀₚ for k matrices of one order n ≤ MaxBatchN stored one after another
// in xs: matrix p is the row-major n×n block xs[p·n² : (p+1)·n²], k = len(logdets) =
// len(signs), len(xs) = k·n², and grads (nil, or k·n² long) receives X⁻ᵀₚ in the same
// layout. grads may be exactly xs (the matrices are then overwritten by their
// gradients) but must not overlap it otherwise.
//
// Each matrix is transposed into its gradient block and inverted there by Gauss–Jordan
// elimination with partial pivoting, 2n³ flops (with grads nil: eliminated below the
// diagonal only, 2n³/3 flops, in a stack buffer), in plain loops with no per-matrix
// allocation, pooling or dispatch. |det| is the product of the pivots' magnitudes kept
// as a mantissa and a binary exponent, so it neither overflows nor underflows, and
// det Xₚ = signs[p]·exp(logdets[p]). Errors are those
// of LU with partial pivoting: about n·ε·κ(Xₚ) relative in the gradient.
//
// An exactly singular matrix (a zero pivot) gets logdet −Inf, sign 0 and, if grads is
// given, a zero gradient block (not a gradient: check the sign); the other matrices are
// unaffected, and LogDetBatch returns an error wrapping ErrSingular that counts them
// and names the first. A matrix holding a NaN or ±Inf gets NaN in all three outputs,
// with no error. n = 0: every logdet 0, every sign +1.
//
// LogDetBatch panics, naming itself and the lengths, if n is outside [0, MaxBatchN],
// the lengths disagree, or grads overlaps xs without being exactly xs.
func LogDetBatch(logdets, signs, grads, xs []float64, n int) error {
	return logDetBatch("grad.LogDetBatch", logdets, signs, grads, xs, n)
}

// LogDetBatch32 is LogDetBatch for float32 matrices: the elimination runs in float32,
// |det| is accumulated in float64 and its log rounded once to float32.
func LogDetBatch32(logdets, signs, grads, xs []float32, n int) error {
	return logDetBatch("grad.LogDetBatch32", logdets, signs, grads, xs, n)
}

func logDetBatch[T view.Float](fn string, logdets, signs, grads, xs []T, n int) error {
	if n < 0 || n > MaxBatchN {
		panic(fmt.Sprintf("%s: n = %d, want 0 ≤ n ≤ %d", fn, n, MaxBatchN))
	}
	k := len(logdets)
	if len(signs) != k || len(xs) != k*n*n || (grads != nil && len(grads) != k*n*n) {
		panic(fmt.Sprintf("%s: len(logdets) = %d, len(signs) = %d, len(xs) = %d, len(grads) = %d: want k, k, k·n² = %d and k·n² (or grads nil) for n = %d",
			fn, k, len(signs), len(xs), len(grads), k*n*n, n))
	}
	if grads != nil {
		view.NoPartialOverlap(fn, "grads", grads, "xs", xs)
	}
	nn := n * n
	singular, first := 0, -1
	var scratch [MaxBatchN * MaxBatchN]T
	for p := 0; p < k; p++ {
		x := xs[p*nn : p*nn+nn]
		var w []T
		inverse := grads != nil
		if inverse {
			w = grads[p*nn : p*nn+nn]
		} else {
			w = scratch[:nn]
		}
		if !loadTransposed(w, x, n, inverse) {
			logdets[p], signs[p] = T(math.NaN()), T(math.NaN())
			if inverse {
				for i := range w {
					w[i] = T(math.NaN())
				}
			}
			continue
		}
		logAbs, sign := gaussJordan(w, n, inverse)
		if sign == 0 {
			singular++
			if first < 0 {
				first = p
			}
			if inverse {
				clear(w)
			}
		}
		logdets[p], signs[p] = T(logAbs), T(sign)
	}
	if singular > 0 {
		return fmt.Errorf("%s: %w: %d of %d matrices (the first at index %d) have determinant 0", fn, ErrSingular, singular, k, first)
	}
	return nil
}

// loadTransposed sets w = xᵀ for n×n contiguous blocks (w may be exactly x: swapped in
// place), or w = x when !transpose (det is the same), and reports whether every element
// is finite (v − v is 0 for finite v and NaN for NaN and ±Inf; a flag set under a
// never-taken branch, not a floating-point sum, so no add-latency chain).
func loadTransposed[T view.Float](w, x []T, n int, transpose bool) bool {
	bad := false
	switch {
	case n == 0:
	case !transpose:
		for i, v := range x[:len(w)] {
			if v-v != 0 {
				bad = true
			}
			w[i] = v
		}
	case &w[0] == &x[0]:
		for i := 0; i < n; i++ {
			if v := w[i*n+i]; v-v != 0 {
				bad = true
			}
			for j := 0; j < i; j++ {
				a, b := w[i*n+j], w[j*n+i]
				if a-a != 0 || b-b != 0 {
					bad = true
				}
				w[i*n+j], w[j*n+i] = b, a
			}
		}
	default:
		for i := 0; i < n; i++ {
			row := x[i*n : i*n+n]
			for j, v := range row {
				if v-v != 0 {
					bad = true
				}
				w[j*n+i] = v
			}
		}
	}
	return !bad
}

// gaussJordan eliminates the n×n contiguous w with partial pivoting and returns log|det
// w| and its sign (0, with log −Inf, if a pivot is exactly zero; w is then partly
// transformed). With inverse set it runs Gauss–Jordan to the end, leaving w⁻¹ in w
// (2n³ flops); otherwise it only eliminates below the diagonal (2n³/3 flops). This is
// grad's only elimination loop, for the small matrices of LogDetBatch; larger ones go
// to the blocked engine.
func gaussJordan[T view.Float](w []T, n int, inverse bool) (logAbs, sign float64) {
	var perm [MaxBatchN]uint8
	neg := false
	// |det| is kept as prod·2^exp: each pivot's magnitude is split by Frexp into a
	// mantissa in [½, 1) (exact, subnormal pivots included), multiplied into prod, and a
	// binary exponent, added to exp. A product of n ≤ 32 mantissas lies in [2⁻³², 1), so
	// prod never overflows, underflows or needs renormalizing whatever the pivots'
	// magnitudes, and one Log at the end replaces one per pivot (n roundings of the
	// product instead of n of the sum: the same n·ε accuracy).
	prod, exp := 1.0, 0
	for k := 0; k < n; k++ {
		p, big := k, math.Abs(float64(w[k*n+k]))
		for i := k + 1; i < n; i++ {
			if a := math.Abs(float64(w[i*n+k])); a > big {
				p, big = i, a
			}
		}
		if big == 0 {
			return math.Inf(-1), 0
		}
		perm[k] = uint8(p)
		rowk := w[k*n : k*n+n]
		if p != k {
			rowp := w[p*n : p*n+n]
			for j := range rowk {
				rowk[j], rowp[j] = rowp[j], rowk[j]
			}
			neg = !neg
		}
		piv := rowk[k]
		m, e := math.Frexp(big)
		prod *= m
		exp += e
		if piv < 0 {
			neg = !neg
		}
		r := 1 / piv
		if !inverse {
			tail := rowk[k+1:]
			for i := k + 1; i < n; i++ {
				rowi := w[i*n+k+1 : i*n+n]
				f := w[i*n+k] * r
				for j, v := range tail[:len(rowi)] {
					rowi[j] -= f * v
				}
			}
			continue
		}
		rowk[k] = 1
		for j := range rowk {
			rowk[j] *= r
		}
		// Every other row i: row i −= w[i][k]·row k, with w[i][k] becoming −w[i][k]/piv;
		// four rows per pass over row k, two columns per step, the rows ≠ k taken as one
		// list so that only (n−1) mod 4 rows per pivot go through the one-row loop (with
		// two spans, k+1 … n−1 and 0 … k−1, both had a remainder: 13% of the time at
		// n = 16 in pprof), four columns a step, then a pair of rows and at most one row
		// (three rows one at a time were 15% of the time at n = 16 in pprof on a Zen 4).
		// Measured, Emerald Rapids shared, -count 5 medians: n = 16 2.27× →
		// 2.41× a loop of LU calls, n = 8 3.10× → 3.49×, n = 32 1.44× → 1.51×.
		x := rowk[:n:n]
		var rows [MaxBatchN]uint8
		nr := 0
		for i := 0; i < n; i++ {
			rows[nr] = uint8(i)
			if i != k {
				nr++
			}
		}
		q := 0
		for ; q+3 < nr; q += 4 {
			ia, ib, ic, id := int(rows[q])*n, int(rows[q+1])*n, int(rows[q+2])*n, int(rows[q+3])*n
			a, b, c, d := w[ia:ia+n:ia+n], w[ib:ib+n:ib+n], w[ic:ic+n:ic+n], w[id:id+n:id+n]
			fa, fb, fc, fd := a[k], b[k], c[k], d[k]
			a[k], b[k], c[k], d[k] = 0, 0, 0, 0
			j := 0
			for ; j < n-3; j += 4 {
				xx, aa, bb, cc, dd := x[j:j+4:j+4], a[j:j+4:j+4], b[j:j+4:j+4], c[j:j+4:j+4], d[j:j+4:j+4]
				x0, x1, x2, x3 := xx[0], xx[1], xx[2], xx[3]
				aa[0] -= fa * x0
				aa[1] -= fa * x1
				aa[2] -= fa * x2
				aa[3] -= fa * x3
				bb[0] -= fb * x0
				bb[1] -= fb * x1
				bb[2] -= fb * x2
				bb[3] -= fb * x3
				cc[0] -= fc * x0
				cc[1] -= fc * x1
				cc[2] -= fc * x2
				cc[3] -= fc * x3
				dd[0] -= fd * x0
				dd[1] -= fd * x1
				dd[2] -= fd * x2
				dd[3] -= fd * x3
			}
			for ; j < n-1; j += 2 {
				xx, aa, bb, cc, dd := x[j:j+2:j+2], a[j:j+2:j+2], b[j:j+2:j+2], c[j:j+2:j+2], d[j:j+2:j+2]
				x0, x1 := xx[0], xx[1]
				aa[0] -= fa * x0
				aa[1] -= fa * x1
				bb[0] -= fb * x0
				bb[1] -= fb * x1
				cc[0] -= fc * x0
				cc[1] -= fc * x1
				dd[0] -= fd * x0
				dd[1] -= fd * x1
			}
			if j < n {
				v := x[j]
				a[j] -= fa * v
				b[j] -= fb * v
				c[j] -= fc * v
				d[j] -= fd * v
			}
		}
		if q+1 < nr { // two rows left over (n − 1 ≡ 2 or 3 mod 4): one pass for both
			ia, ib := int(rows[q])*n, int(rows[q+1])*n
			a, b := w[ia:ia+n:ia+n], w[ib:ib+n:ib+n]
			fa, fb := a[k], b[k]
			a[k], b[k] = 0, 0
			for j, v := range x {
				a[j] -= fa * v
				b[j] -= fb * v
			}
			q += 2
		}
		for ; q < nr; q++ {
			i := int(rows[q]) * n
			a := w[i : i+n]
			f := a[k]
			a[k] = 0
			for j, v := range x[:len(a)] {
				a[j] -= f * v
			}
		}
	}
	if inverse {
		// Row interchanges of the matrix are column interchanges of its inverse, undone
		// in reverse order.
		for k := n - 1; k >= 0; k-- {
			if p := int(perm[k]); p != k {
				for i := 0; i < n; i++ {
					w[i*n+k], w[i*n+p] = w[i*n+p], w[i*n+k]
				}
			}
		}
	}
	sign = 1
	if neg {
		sign = -1
	}
	return math.Log(prod) + float64(exp)*math.Ln2, sign
}
