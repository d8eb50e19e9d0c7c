//go:build !purego

package asm

//go:generate go run sliced_gen.go

// Column padding of F the assembly kernels need: one vector.
const (
	SlicedPadF64AVX512, SlicedPadF32AVX512 = 8, 16
	SlicedPadF64AVX2, SlicedPadF32AVX2     = 4, 8
)

// SlicedF64AVX512 is SlicedF64Generic with register tiles of 6×32, 8×24, 12×16 or 24×8
// (rows × columns, chosen by the columns left) on ZMM registers and masked column edges.
// F must be padded to 8 columns. Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedF64AVX512(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
	if !checkSliced(SlicedPadF64AVX512, nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	if p == 0 {
		SlicedF64Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
		return
	}
	slicedF64AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
}

// SlicedF32AVX512 is SlicedF32Generic with register tiles of 6×64, 8×48, 12×32 or 24×16
// on ZMM registers and masked column edges; for q ≤ 8 (and r ≥ 2) each ZMM register holds
// two rows of 8 columns (48×8 tiles), so no lane is wasted on 8-column factors. F must be
// padded to 16 columns. Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedF32AVX512(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
	if !checkSliced(SlicedPadF32AVX512, nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	switch {
	case p == 0:
		SlicedF32Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
	case q <= 8 && r >= 2:
		slicedPairF32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
	default:
		slicedF32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
	}
}

// SlicedF64AVX2 is SlicedF64Generic with register tiles of 6×8 or 12×4 on YMM registers;
// the last vector of a row is loaded and stored with VMASKMOVPD. F must be padded to 4
// columns. Requires: AVX, AVX2, FMA3.
func SlicedF64AVX2(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
	if !checkSliced(SlicedPadF64AVX2, nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	if p == 0 {
		SlicedF64Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
		return
	}
	slicedF64AVX2(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
}

// SlicedF32AVX2 is SlicedF32Generic with register tiles of 6×16 or 12×8 on YMM registers,
// VMASKMOVPS on the last vector of a row. F must be padded to 8 columns.
// Requires: AVX, AVX2, FMA3.
func SlicedF32AVX2(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
	if !checkSliced(SlicedPadF32AVX2, nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	if p == 0 {
		SlicedF32Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
		return
	}
	slicedF32AVX2(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta)
}

// The assembly trusts its wrappers: checkSliced passed, nb, r, q ≥ 1, p ≥ 1, and for
// slicedPairF32AVX512 q ≤ 8, r ≥ 2.

//go:noescape
func slicedF64AVX512(a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64)

//go:noescape
func slicedF32AVX512(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32)

//go:noescape
func slicedPairF32AVX512(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32)

//go:noescape
func slicedF64AVX2(a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64)

//go:noescape
func slicedF32AVX2(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32)
