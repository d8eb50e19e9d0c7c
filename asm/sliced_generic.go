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
// F is packed by the same level's SlicedPack (plain rows for the generic code, rows
// padded to whole vectors or, for narrow factors, every value repeated to match the
// assembly's register tiles): row t of op(F) at f[t*ldf:], ldf ≥ SlicedLD(q), and f holds
// (p−1)·ldf + SlicedLD(q) values. The padding is read by the assembly but never
// influences a stored value. Nothing outside the r×q corner of each
// C_b is written; what A_b holds at t*lda+i for t < p, i < r is all that counts (the
// assembly may read other elements of a, which never reach a stored value). The batches of C must
// not overlap (sc ≥ (r−1)·ldc + q when nb > 1). Every function panics if a length is
// too short for the sizes.

// SlicedLDGeneric returns the shortest packed row of a q-column F for the generic
// kernels: q (plain rows).
func SlicedLDGeneric(q int) int { return q }

// SlicedPackF64Generic packs F (element (t, j) at src[t*rs+j*cs], p×q) for the generic
// kernels: dst[t*ldf+j] = F(t, j), zeros in columns q…ldf−1.
func SlicedPackF64Generic(dst []float64, ldf int, src []float64, rs, cs, p, q int) {
	slicedPack(dst, ldf, src, rs, cs, p, q, 1, 1)
}

// SlicedPackF32Generic is SlicedPackF64Generic for float32.
func SlicedPackF32Generic(dst []float32, ldf int, src []float32, rs, cs, p, q int) {
	slicedPack(dst, ldf, src, rs, cs, p, q, 1, 1)
}

// slicedLD is the packed row length for q columns, vectors of v lanes and groups of g
// rows per broadcast: ⌈q/(v/g)⌉ vectors (g = 1: q rounded up to whole vectors).
func slicedLD(q, v, g int) int {
	w := v / g
	return (q + w - 1) / w * v
}

// slicedPack writes dst[t*ldf + (j/w)*v + (j%w)*g + s] = F(t, j) for s < g, w = v/g,
// and zeros everywhere else in the p rows of ldf: with g = 1 and v = 1, plain rows.
func slicedPack[T float32 | float64](dst []T, ldf int, src []T, rs, cs, p, q, v, g int) {
	n := slicedLD(q, v, g)
	if ldf < n || len(dst) < p*ldf {
		panic(fmt.Sprintf("asm: sliced pack: ldf %d or len(dst) %d too short for %d×%d (rows of %d)", ldf, len(dst), p, q, n))
	}
	w := v / g
	for t := 0; t < p; t++ {
		row := dst[t*ldf : (t+1)*ldf]
		clear(row)
		for j := 0; j < q; j++ {
			x := src[t*rs+j*cs]
			o := j/w*v + j%w*g
			for s := 0; s < g; s++ {
				row[o+s] = x
			}
		}
	}
}

// SlicedF64Generic is the pure-Go float64 sliced multiply (see above).
func SlicedF64Generic(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
	if !checkSliced(q, nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	slicedGeneric(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta, fma64)
}

// SlicedF32Generic is SlicedF64Generic in float32.
func SlicedF32Generic(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
	if !checkSliced(q, nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
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

// checkSliced panics unless the lengths cover the sizes (packed rows of F at least qp
// long), and reports whether there is anything to compute.
func checkSliced(qp, nb, r, p, q, la, lda, sa, lf, ldf, lc, ldc, sc int) bool {
	if tooBig(qp | nb | r | p | q | lda | sa | ldf | ldc | sc) {
		panic(fmt.Sprintf("asm: sliced: negative or oversized size or stride (nb %d, r %d, p %d, q %d, lda %d, sa %d, ldf %d, ldc %d, sc %d)",
			nb, r, p, q, lda, sa, ldf, ldc, sc))
	}
	if nb == 0 || r == 0 || q == 0 {
		return false
	}
	if lda < r && p > 1 || ldc < q || ldf < qp {
		panic(fmt.Sprintf("asm: sliced: strides lda %d, ldc %d, ldf %d too short for r %d, q %d (packed rows of %d)", lda, ldc, ldf, r, q, qp))
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
