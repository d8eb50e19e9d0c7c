package asm

import (
	"fmt"
	"math"
)

// Sliced multiply: one step of a Kronecker-free product Y = X·(F1 ⊗ … ⊗ Fk), a small
// factor F (p×q) applied to a strided operand, every row in one call:
//
//	C_b[i*ldc+j] = α·Σ_{t<p} A_b[t*lda+i]·F[t*ldf+j]                  if β = 0 (C not read)
//	C_b[i*ldc+j] = fma(β, C_b[i*ldc+j], α·Σ_{t<p} A_b[t*lda+i]·F[t*ldf+j])  otherwise
//
// for every batch b < nb, row i < r and column j < q, with A_b = a[b*sa:] and
// C_b = c[b*sc:]. In matrix terms C_b (r×q, row stride ldc) = α·A_bᵀ·F + β·C_b, where A_b
// is p×r with row stride lda: the first operand is read transposed straight from the
// tensor (for fixed t its r values are contiguous), with no packing.
//
// The sum runs in t order from zero with one fused multiply-add per step (math.FMA, or
// the exact float32 fma32, in the generic code), so every level gives the same bits. NaN and Inf in A and F propagate: no entry
// is skipped. Cost: 2·nb·r·p·q flops.
//
// F must be padded: ldf ≥ q rounded up to the level's SlicedPad (the vector width), and
// f must hold (p−1)·ldf + that many values. The padding columns are read by the
// assembly but never influence a stored value. Nothing outside the r×q corner of each
// C_b is written; A_b is read only at t*lda+i for t < p, i < r. The batches of C must
// not overlap (sc ≥ (r−1)·ldc + q when nb > 1). Every function panics if a length is
// too short for the sizes.

// SlicedPadGeneric is the column padding the generic kernels need for F: none.
const SlicedPadGeneric = 1

// SlicedF64Generic is the pure-Go float64 sliced multiply (see above).
func SlicedF64Generic(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
	if !checkSliced(1, nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	slicedGeneric(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta, fma64)
}

// SlicedF32Generic is SlicedF64Generic in float32.
func SlicedF32Generic(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
	if !checkSliced(1, nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	slicedGeneric(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta, fma32)
}

func fma64(x, y, z float64) float64 { return math.FMA(x, y, z) }

// slicedGeneric computes four columns of a row at a time (four independent chains).
func slicedGeneric[T float32 | float64](nb, r, p, q int, a []T, lda, sa int, f []T, ldf int, c []T, ldc, sc int, alpha, beta T, fma func(x, y, z T) T) {
	for b := 0; b < nb; b++ {
		var ab []T
		if p > 0 {
			ab = a[b*sa:]
		}
		cb := c[b*sc:]
		for i := 0; i < r; i++ {
			row := cb[i*ldc : i*ldc+q]
			j := 0
			for ; j+4 <= q; j += 4 {
				var s0, s1, s2, s3 T
				for t := 0; t < p; t++ {
					x := ab[t*lda+i]
					fr := f[t*ldf+j : t*ldf+j+4 : t*ldf+j+4]
					s0 = fma(x, fr[0], s0)
					s1 = fma(x, fr[1], s1)
					s2 = fma(x, fr[2], s2)
					s3 = fma(x, fr[3], s3)
				}
				slicedStore(row[j:j+4:j+4], [4]T{s0, s1, s2, s3}, alpha, beta, fma)
			}
			for ; j < q; j++ {
				var s T
				for t := 0; t < p; t++ {
					s = fma(ab[t*lda+i], f[t*ldf+j], s)
				}
				slicedStore(row[j:j+1], [4]T{s}, alpha, beta, fma)
			}
		}
	}
}

func slicedStore[T float32 | float64](dst []T, acc [4]T, alpha, beta T, fma func(x, y, z T) T) {
	for k := range dst {
		v := alpha * acc[k]
		if beta != 0 {
			v = fma(beta, dst[k], v)
		}
		dst[k] = v
	}
}

// checkSliced panics unless the lengths cover the sizes (F padded to a multiple of pad),
// and reports whether there is anything to compute.
func checkSliced(pad, nb, r, p, q, la, lda, sa, lf, ldf, lc, ldc, sc int) bool {
	if nb < 0 || r < 0 || p < 0 || q < 0 || sa < 0 || sc < 0 {
		panic(fmt.Sprintf("asm: sliced: negative size or stride (nb %d, r %d, p %d, q %d, sa %d, sc %d)", nb, r, p, q, sa, sc))
	}
	if nb == 0 || r == 0 || q == 0 {
		return false
	}
	qp := (q + pad - 1) / pad * pad
	if lda < r && p > 1 || ldc < q || ldf < qp {
		panic(fmt.Sprintf("asm: sliced: strides lda %d, ldc %d, ldf %d too short for r %d, q %d (F padded to %d)", lda, ldc, ldf, r, q, qp))
	}
	if nb > 1 && sc < (r-1)*ldc+q {
		panic(fmt.Sprintf("asm: sliced: batches of C overlap (sc %d < %d)", sc, (r-1)*ldc+q))
	}
	if p > 0 && (la < (nb-1)*sa+(p-1)*lda+r || lf < (p-1)*ldf+qp) {
		panic(fmt.Sprintf("asm: sliced: len(a) %d or len(f) %d too short for nb %d, r %d, p %d, q %d, lda %d, sa %d, ldf %d",
			la, lf, nb, r, p, q, lda, sa, ldf))
	}
	if lc < (nb-1)*sc+(r-1)*ldc+q {
		panic(fmt.Sprintf("asm: sliced: len(c) %d too short for nb %d, r %d, q %d, ldc %d, sc %d", lc, nb, r, q, ldc, sc))
	}
	return true
}
