//go:build !purego

package asm

//go:generate go run elem_gen.go

import "unsafe"

// Go wrappers for the Hadamard-family assembly (hadamard_avx2_amd64.s,
// hadamard_avx512_amd64.s). Each reslices its inputs to len(dst), so a short input
// panics in Go instead of being read past its end, then runs the assembly.

// coAligned reports whether x and y start at the same offset within a 64-byte cache
// line. The AVX-512 loops align their stores to cache lines; if an input is not
// co-aligned with dst, every 512-bit load of it straddles two lines, which costs more
// than the 256-bit loops' occasional straddle. Measured on the Ice Lake test machine
// (float64 product, inputs 8 and 16 bytes off dst's alignment): n = 1000 in L1,
// 512-bit 305 ns, 256-bit 265 ns; with co-aligned inputs 512-bit 140 ns, 256-bit 150 ns.
// So the AVX-512 wrappers fall back to the AVX2 loop unless every input is co-aligned.
func coAligned[T float32 | float64](x, y []T) bool {
	return (uintptr(unsafe.Pointer(unsafe.SliceData(x)))-uintptr(unsafe.Pointer(unsafe.SliceData(y))))&63 == 0
}

// MulF64AVX2 is MulF64Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func MulF64AVX2(dst, a, b []float64) { mulF64AVX2(dst, a[:len(dst)], b[:len(dst)]) }

// MulF64AVX512 is MulF64Generic with 512-bit vectors and a masked tail when
// its slices are co-aligned (see coAligned), else the AVX2 loop. Requires: AVX512F, AVX2, FMA3.
func MulF64AVX512(dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	if coAligned(dst, a) && coAligned(dst, b) {
		mulF64AVX512(dst, a, b)
	} else {
		mulF64AVX2(dst, a, b)
	}
}

// MulF32AVX2 is MulF32Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func MulF32AVX2(dst, a, b []float32) { mulF32AVX2(dst, a[:len(dst)], b[:len(dst)]) }

// MulF32AVX512 is MulF32Generic with 512-bit vectors and a masked tail when
// its slices are co-aligned (see coAligned), else the AVX2 loop. Requires: AVX512F, AVX2, FMA3.
func MulF32AVX512(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	if coAligned(dst, a) && coAligned(dst, b) {
		mulF32AVX512(dst, a, b)
	} else {
		mulF32AVX2(dst, a, b)
	}
}

// MulNTF64AVX2 is MulF64AVX2 with non-temporal stores on the 32-byte-aligned middle of
// dst (for outputs larger than the last-level cache) and a store fence before returning.
// Requires: AVX.
func MulNTF64AVX2(dst, a, b []float64) { mulNTF64AVX2(dst, a[:len(dst)], b[:len(dst)]) }

// MulNTF64AVX512 is MulF64AVX512 with non-temporal stores on the 64-byte-aligned middle
// of dst and a store fence before returning. Requires: AVX512F.
func MulNTF64AVX512(dst, a, b []float64) { mulNTF64AVX512(dst, a[:len(dst)], b[:len(dst)]) }

// MulNTF32AVX2 is MulNTF64AVX2 for float32. Requires: AVX.
func MulNTF32AVX2(dst, a, b []float32) { mulNTF32AVX2(dst, a[:len(dst)], b[:len(dst)]) }

// MulNTF32AVX512 is MulNTF64AVX512 for float32. Requires: AVX512F.
func MulNTF32AVX512(dst, a, b []float32) { mulNTF32AVX512(dst, a[:len(dst)], b[:len(dst)]) }

// MulAddF64AVX2 is MulAddF64Generic with 256-bit vectors and a scalar tail. Requires: AVX, FMA3.
func MulAddF64AVX2(dst, a, b []float64) { mulAddF64AVX2(dst, a[:len(dst)], b[:len(dst)]) }

// MulAddF64AVX512 is MulAddF64Generic with 512-bit vectors and a masked tail when
// its slices are co-aligned (see coAligned), else the AVX2 loop. Requires: AVX512F, AVX2, FMA3.
func MulAddF64AVX512(dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	if coAligned(dst, a) && coAligned(dst, b) {
		mulAddF64AVX512(dst, a, b)
	} else {
		mulAddF64AVX2(dst, a, b)
	}
}

// MulAddF32AVX2 is MulAddF32Generic with 256-bit vectors and a scalar tail. Requires: AVX, FMA3.
func MulAddF32AVX2(dst, a, b []float32) { mulAddF32AVX2(dst, a[:len(dst)], b[:len(dst)]) }

// MulAddF32AVX512 is MulAddF32Generic with 512-bit vectors and a masked tail when
// its slices are co-aligned (see coAligned), else the AVX2 loop. Requires: AVX512F, AVX2, FMA3.
func MulAddF32AVX512(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	if coAligned(dst, a) && coAligned(dst, b) {
		mulAddF32AVX512(dst, a, b)
	} else {
		mulAddF32AVX2(dst, a, b)
	}
}

// AddF32AVX2 is AddF32Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func AddF32AVX2(dst, a, b []float32) { addF32AVX2(dst, a[:len(dst)], b[:len(dst)]) }

// AddF32AVX512 is AddF32Generic with 512-bit vectors and a masked tail when
// its slices are co-aligned (see coAligned), else the AVX2 loop. Requires: AVX512F, AVX2, FMA3.
func AddF32AVX512(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	if coAligned(dst, a) && coAligned(dst, b) {
		addF32AVX512(dst, a, b)
	} else {
		addF32AVX2(dst, a, b)
	}
}

// SubF64AVX2 is SubF64Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func SubF64AVX2(dst, a, b []float64) { subF64AVX2(dst, a[:len(dst)], b[:len(dst)]) }

// SubF64AVX512 is SubF64Generic with 512-bit vectors and a masked tail when
// its slices are co-aligned (see coAligned), else the AVX2 loop. Requires: AVX512F, AVX2, FMA3.
func SubF64AVX512(dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	if coAligned(dst, a) && coAligned(dst, b) {
		subF64AVX512(dst, a, b)
	} else {
		subF64AVX2(dst, a, b)
	}
}

// SubF32AVX2 is SubF32Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func SubF32AVX2(dst, a, b []float32) { subF32AVX2(dst, a[:len(dst)], b[:len(dst)]) }

// SubF32AVX512 is SubF32Generic with 512-bit vectors and a masked tail when
// its slices are co-aligned (see coAligned), else the AVX2 loop. Requires: AVX512F, AVX2, FMA3.
func SubF32AVX512(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	if coAligned(dst, a) && coAligned(dst, b) {
		subF32AVX512(dst, a, b)
	} else {
		subF32AVX2(dst, a, b)
	}
}

// The assembly below assumes the input slices are at least as long as dst; the
// wrappers ensure it.

//go:noescape
func mulF64AVX2(dst, a, b []float64)

//go:noescape
func mulF64AVX512(dst, a, b []float64)

//go:noescape
func mulF32AVX2(dst, a, b []float32)

//go:noescape
func mulF32AVX512(dst, a, b []float32)

//go:noescape
func mulNTF64AVX2(dst, a, b []float64)

//go:noescape
func mulNTF64AVX512(dst, a, b []float64)

//go:noescape
func mulNTF32AVX2(dst, a, b []float32)

//go:noescape
func mulNTF32AVX512(dst, a, b []float32)

//go:noescape
func mulAddF64AVX2(dst, a, b []float64)

//go:noescape
func mulAddF64AVX512(dst, a, b []float64)

//go:noescape
func mulAddF32AVX2(dst, a, b []float32)

//go:noescape
func mulAddF32AVX512(dst, a, b []float32)

//go:noescape
func addF32AVX2(dst, a, b []float32)

//go:noescape
func addF32AVX512(dst, a, b []float32)

//go:noescape
func subF64AVX2(dst, a, b []float64)

//go:noescape
func subF64AVX512(dst, a, b []float64)

//go:noescape
func subF32AVX2(dst, a, b []float32)

//go:noescape
func subF32AVX512(dst, a, b []float32)
