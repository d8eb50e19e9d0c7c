//go:build !purego

package asm

import "unsafe"

//go:generate go run sliced_gen.go

// slicedGroup returns the rows per broadcast of the AVX-512 kernels for q columns:
// groups of 2 rows while q ≤ 2 vectors (float32: of 4 while q ≤ 8), so a narrow factor
// still fills whole registers; 1 (the plain kernels) for wider factors. Groups of 4
// (float32, q ≤ 8) were chosen over pairs when both kernels existed (Ice Lake server,
// one core, r = 512, p = q = 8: 100 against 65 GFLOP/s, 14 against 25 loads per 24
// FMAs, once rows were stored from YMM halves). That comparison was a one-off run:
// BenchmarkSliced times the kernel chosen here, not the pairs.
func slicedGroup(v, q int, f32 bool) int {
	switch {
	case f32 && q <= v/2:
		return 4
	case q <= 2*v:
		return 2
	}
	return 1
}

// SlicedLDF64AVX512 is the shortest packed row of F for SlicedF64AVX512.
func SlicedLDF64AVX512(q int) int { return slicedLD(q, 8, slicedGroup(8, q, false)) }

// SlicedLDF32AVX512 is the shortest packed row of F for SlicedF32AVX512.
func SlicedLDF32AVX512(q int) int { return slicedLD(q, 16, slicedGroup(16, q, true)) }

// SlicedLDF64AVX2 is the shortest packed row of F for SlicedF64AVX2: q rounded up to 4.
func SlicedLDF64AVX2(q int) int { return slicedLD(q, 4, 1) }

// SlicedLDF32AVX2 is the shortest packed row of F for SlicedF32AVX2: q rounded up to 8.
func SlicedLDF32AVX2(q int) int { return slicedLD(q, 8, 1) }

// SlicedPackF64AVX512 packs F for SlicedF64AVX512: for q ≤ 16, vectors of 4 columns with
// every value twice (lanes 2c, 2c+1 = column c); wider, plain rows padded to 8.
func SlicedPackF64AVX512(dst []float64, ldf int, src []float64, rs, cs, p, q int) {
	slicedPack(dst, ldf, src, rs, cs, p, q, 8, slicedGroup(8, q, false))
}

// SlicedPackF32AVX512 packs F for SlicedF32AVX512: for q ≤ 8, vectors of 4 columns with
// every value four times; for q ≤ 32, vectors of 8 columns, every value twice; wider,
// plain rows padded to 16.
func SlicedPackF32AVX512(dst []float32, ldf int, src []float32, rs, cs, p, q int) {
	slicedPack(dst, ldf, src, rs, cs, p, q, 16, slicedGroup(16, q, true))
}

// SlicedPackF64AVX2 packs F for SlicedF64AVX2: plain rows padded to 4.
func SlicedPackF64AVX2(dst []float64, ldf int, src []float64, rs, cs, p, q int) {
	slicedPack(dst, ldf, src, rs, cs, p, q, 4, 1)
}

// SlicedPackF32AVX2 packs F for SlicedF32AVX2: plain rows padded to 8.
func SlicedPackF32AVX2(dst []float32, ldf int, src []float32, rs, cs, p, q int) {
	slicedPack(dst, ldf, src, rs, cs, p, q, 8, 1)
}

// SlicedF64AVX512 is SlicedF64Generic on ZMM registers. Wide factors (q > 16): register
// tiles of 6×32, 8×24, 12×16 or 24×8 (rows × columns, chosen by the columns left),
// masked column edges. Narrow factors (q ≤ 16): each broadcast covers two rows, tiles of
// 12×16, 16×12, 24×8 or 48×4, rows gathered with VPERMT2PD on store. F packed by
// SlicedPackF64AVX512. Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedF64AVX512(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
	g := slicedGroup(8, q, false)
	if !checkSliced(slicedLD(q, 8, g), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	switch {
	case g > 1 && (p == 0 || r < g):
		slicedGroupedSmall(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta, 8, g, fma64)
	case p == 0:
		SlicedF64Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
	case g == 2:
		slicedG2F64AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
	default:
		slicedF64AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
	}
}

// SlicedF32AVX512 is SlicedF32Generic on ZMM registers: as SlicedF64AVX512 with 16
// lanes; narrow factors: two rows per broadcast for q ≤ 32, four for q ≤ 8. F packed by
// SlicedPackF32AVX512. Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedF32AVX512(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
	g := slicedGroup(16, q, true)
	if !checkSliced(slicedLD(q, 16, g), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	switch {
	case g > 1 && (p == 0 || r < g):
		slicedGroupedSmall(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta, 16, g, fma32)
	case p == 0:
		SlicedF32Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
	case g == 4:
		slicedG4F32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
	case g == 2:
		slicedG2F32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
	default:
		slicedF32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
	}
}

// SlicedNTF64AVX512 is SlicedF64AVX512 storing C with non-temporal stores (past the
// caches: for a final output larger than them). It runs only where every row is whole
// aligned cache lines: β = ±0, q = 8 or 16 (two rows per broadcast), r ≥ 2, p ≥ 1, ldc
// and (for nb > 1) sc multiples of 8, C 64-byte aligned; otherwise it reports false
// having done nothing (with nothing to compute, such as nb = 0, it reports true). The
// caller runs StoreFence after the last call for an output. F packed by
// SlicedPackF64AVX512. Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedNTF64AVX512(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) bool {
	g := slicedGroup(8, q, false)
	if !checkSliced(slicedLD(q, 8, g), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return true
	}
	if beta != 0 || g != 2 || p == 0 || r < g || !slicedNTAligned(8, q, ldc, nb, sc, unsafe.Pointer(&c[0])) {
		return false
	}
	slicedG2NTF64AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
	return true
}

// SlicedNTF32AVX512 is SlicedNTF64AVX512 for float32: it runs where β = ±0, q = 16 or
// 32, r ≥ 2, p ≥ 1, ldc and (for nb > 1) sc multiples of 16, C 64-byte aligned, and
// reports false otherwise. F packed by SlicedPackF32AVX512.
// Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedNTF32AVX512(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) bool {
	g := slicedGroup(16, q, true)
	if !checkSliced(slicedLD(q, 16, g), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return true
	}
	if beta != 0 || g != 2 || p == 0 || r < g || !slicedNTAligned(16, q, ldc, nb, sc, unsafe.Pointer(&c[0])) {
		return false
	}
	slicedG2NTF32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
	return true
}

// slicedNTAligned reports whether every row of C (q columns of v lanes' vectors, row
// stride ldc, batch stride sc, first element at c) is whole 64-byte lines.
func slicedNTAligned(v, q, ldc, nb, sc int, c unsafe.Pointer) bool {
	return q%v == 0 && ldc%v == 0 && (nb == 1 || sc%v == 0) && uintptr(c)%64 == 0
}

// SlicedF64AVX2 is SlicedF64Generic with register tiles of 6×8 or 12×4 on YMM registers;
// the last vector of a row is loaded and stored with VMASKMOVPD. F packed by
// SlicedPackF64AVX2. Requires: AVX, AVX2, FMA3.
func SlicedF64AVX2(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
	if !checkSliced(slicedLD(q, 4, 1), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	if p == 0 {
		SlicedF64Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
		return
	}
	slicedF64AVX2(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
}

// SlicedF32AVX2 is SlicedF32Generic with register tiles of 6×16 or 12×8 on YMM registers,
// VMASKMOVPS on the last vector of a row. F packed by SlicedPackF32AVX2.
// Requires: AVX, AVX2, FMA3.
func SlicedF32AVX2(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
	if !checkSliced(slicedLD(q, 8, 1), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	if p == 0 {
		SlicedF32Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
		return
	}
	slicedF32AVX2(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
}

// The assembly trusts its wrappers: checkSliced passed, nb, r, q ≥ 1, p ≥ 1, and for
// the grouped kernels slicedG<g>…: r ≥ g and q within the group's range.

//go:noescape
func slicedF64AVX512(a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64)

//go:noescape
func slicedF32AVX512(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32)

//go:noescape
func slicedG2F64AVX512(a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64)

//go:noescape
func slicedG2F32AVX512(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32)

//go:noescape
func slicedG2NTF64AVX512(a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64)

//go:noescape
func slicedG2NTF32AVX512(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32)

//go:noescape
func slicedG4F32AVX512(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32)

//go:noescape
func slicedF64AVX2(a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64)

//go:noescape
func slicedF32AVX2(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32)
