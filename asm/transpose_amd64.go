//go:build !purego

package asm

// Go wrappers for the register-tile transposes (transpose_avx2_amd64.s,
// transpose_avx512_amd64.s). Each checks its arguments (a bad call panics instead of
// touching memory outside the slices), runs the assembly on the largest block of whole
// tiles and the generic loop on the right and bottom edges.

// TransposeF64AVX2 is TransposeF64Generic with 4×4 register tiles. Requires: AVX.
func TransposeF64AVX2(dst []float64, ldd int, src []float64, lds int, rows, cols int) {
	needAVX2("TransposeF64AVX2")

	transposeTiled(dst, ldd, src, lds, rows, cols, 4, transposeTilesF64AVX2)
}

// TransposeF64AVX512 is TransposeF64Generic with 8×8 register tiles. Requires: AVX512F.
func TransposeF64AVX512(dst []float64, ldd int, src []float64, lds int, rows, cols int) {
	needAVX512("TransposeF64AVX512")

	transposeTiled(dst, ldd, src, lds, rows, cols, 8, transposeTilesF64AVX512)
}

// TransposeF32AVX2 is TransposeF32Generic with 8×8 register tiles (256-bit vectors).
// The AVX-512 level uses it too. Requires: AVX.
func TransposeF32AVX2(dst []float32, ldd int, src []float32, lds int, rows, cols int) {
	needAVX2("TransposeF32AVX2")

	transposeTiled(dst, ldd, src, lds, rows, cols, 8, transposeTilesF32AVX2)
}

// TransposeNTF64AVX512 is TransposeF64AVX512 with non-temporal stores for the whole
// tiles (every dst row of a tile is one whole 64-byte line) and a software prefetch of
// the src tile pf rows ahead (pf is rounded down to a multiple of 8; 0 turns the
// prefetch off), for matrices too large to stay in the caches. It runs only if dst is
// 64-byte aligned and ldd a multiple of 8, and reports whether it did. It does not
// fence: call StoreFence after the last call for an output, before the output is used.
// Requires: AVX512F.
func TransposeNTF64AVX512(dst []float64, ldd int, src []float64, lds int, rows, cols, pf int) bool {
	needAVX512("TransposeNTF64AVX512")

	if !transposeArgs(len(dst), ldd, len(src), lds, rows, cols) {
		return true // nothing to write
	}
	if ldd%8 != 0 || !alignedTo(dst, 64) {
		return false
	}
	pf = min(max(0, pf), rows) / 8 * 8
	transposeTiled(dst, ldd, src, lds, rows, cols, 8, func(dst []float64, ldd int, src []float64, lds int, rows, cols int) {
		transposeTilesNTF64AVX512(dst, ldd, src, lds, rows, cols, pf)
	})
	return true
}

func transposeTiled[T float32 | float64](dst []T, ldd int, src []T, lds int, rows, cols, tile int,
	tiles func(dst []T, ldd int, src []T, lds int, rows, cols int)) {
	if !transposeArgs(len(dst), ldd, len(src), lds, rows, cols) {
		return
	}
	rt, ct := rows/tile*tile, cols/tile*tile
	if rt > 0 && ct > 0 {
		tiles(dst, ldd, src, lds, rt, ct)
	}
	transposeRect(dst, ldd, src, lds, 0, rows, ct, cols) // right edge, every row
	transposeRect(dst, ldd, src, lds, rt, rows, 0, ct)   // bottom edge
}

//go:noescape
func transposeTilesF64AVX2(dst []float64, ldd int, src []float64, lds int, rows, cols int)

//go:noescape
func transposeTilesF64AVX512(dst []float64, ldd int, src []float64, lds int, rows, cols int)

//go:noescape
func transposeTilesNTF64AVX512(dst []float64, ldd int, src []float64, lds int, rows, cols int, pf int)

//go:noescape
func transposeTilesF32AVX2(dst []float32, ldd int, src []float32, lds int, rows, cols int)
