//go:build !purego

package asm

import "unsafe"

// Go wrappers for the Kronecker assembly (kron_avx2_amd64.s, kron_avx512_amd64.s).
// Each reslices dst (to len(a)·len(b)) or src (to len(dst)), so a short slice panics in
// Go instead of being read or written past its end, then runs the assembly.

// KronRowF64AVX2 is KronRowF64Generic with 256-bit vectors and a scalar tail per block.
// Requires: AVX2.
func KronRowF64AVX2(dst, a, b []float64) {
	needAVX2("KronRowF64AVX2")
	kronRowF64AVX2(dst[:len(a)*len(b)], a, b)
}

// KronRowF64AVX512 is KronRowF64Generic with 512-bit vectors and a masked tail per block.
// Requires: AVX512F.
func KronRowF64AVX512(dst, a, b []float64) {
	needAVX512("KronRowF64AVX512")
	kronRowF64AVX512(dst[:len(a)*len(b)], a, b)
}

// KronRowF32AVX2 is KronRowF32Generic with 256-bit vectors. Requires: AVX2.
func KronRowF32AVX2(dst, a, b []float32) {
	needAVX2("KronRowF32AVX2")
	kronRowF32AVX2(dst[:len(a)*len(b)], a, b)
}

// KronRowF32AVX512 is KronRowF32Generic with 512-bit vectors. Requires: AVX512F.
func KronRowF32AVX512(dst, a, b []float32) {
	needAVX512("KronRowF32AVX512")
	kronRowF32AVX512(dst[:len(a)*len(b)], a, b)
}

// KronRowAddF64AVX2 is KronRowAddF64Generic with 256-bit vectors. Requires: AVX2, FMA3.
func KronRowAddF64AVX2(dst []float64, alpha float64, a, b []float64) {
	needAVX2("KronRowAddF64AVX2")

	kronRowAddF64AVX2(dst[:len(a)*len(b)], alpha, a, b)
}

// KronRowAddF64AVX512 is KronRowAddF64Generic with 512-bit vectors. Requires: AVX512F.
func KronRowAddF64AVX512(dst []float64, alpha float64, a, b []float64) {
	needAVX512("KronRowAddF64AVX512")

	kronRowAddF64AVX512(dst[:len(a)*len(b)], alpha, a, b)
}

// KronRowAddF32AVX2 is KronRowAddF32Generic with 256-bit vectors. Requires: AVX2, FMA3.
func KronRowAddF32AVX2(dst []float32, alpha float32, a, b []float32) {
	needAVX2("KronRowAddF32AVX2")

	kronRowAddF32AVX2(dst[:len(a)*len(b)], alpha, a, b)
}

// KronRowAddF32AVX512 is KronRowAddF32Generic with 512-bit vectors. Requires: AVX512F.
func KronRowAddF32AVX512(dst []float32, alpha float32, a, b []float32) {
	needAVX512("KronRowAddF32AVX512")

	kronRowAddF32AVX512(dst[:len(a)*len(b)], alpha, a, b)
}

// CopyNTF64AVX2 is CopyF64Generic with non-temporal 256-bit stores on the 32-byte-aligned
// middle of dst (for outputs larger than the last-level cache). It does not fence: call
// StoreFence after the last copy of an output, before the output is used.
// Requires: AVX.
func CopyNTF64AVX2(dst, src []float64) {
	needAVX2("CopyNTF64AVX2")
	copyNTF64AVX2(dst, src[:len(dst)])
}

// CopyNTF64AVX512 is CopyNTF64AVX2 with 512-bit stores on the 64-byte-aligned middle.
// Requires: AVX512F.
func CopyNTF64AVX512(dst, src []float64) {
	needAVX512("CopyNTF64AVX512")
	copyNTF64AVX512(dst, src[:len(dst)])
}

// CopyNTF32AVX2 is CopyNTF64AVX2 for float32. Requires: AVX.
func CopyNTF32AVX2(dst, src []float32) {
	needAVX2("CopyNTF32AVX2")
	copyNTF32AVX2(dst, src[:len(dst)])
}

// CopyNTF32AVX512 is CopyNTF64AVX512 for float32. Requires: AVX512F.
func CopyNTF32AVX512(dst, src []float32) {
	needAVX512("CopyNTF32AVX512")
	copyNTF32AVX512(dst, src[:len(dst)])
}

// KronRowNTF64AVX2 is KronRowF64AVX2 with non-temporal stores, for outputs larger than
// the last-level cache. It runs only if every store is a whole aligned vector (dst
// 32-byte aligned, len(b) a multiple of 4) and reports whether it did; no fence (call
// StoreFence after the last row of an output). Requires: AVX2.
func KronRowNTF64AVX2(dst, a, b []float64) bool {
	needAVX2("KronRowNTF64AVX2")

	dst = dst[:len(a)*len(b)]
	if len(b)%4 != 0 || !alignedTo(dst, 32) {
		return false
	}
	kronRowNTF64AVX2(dst, a, b)
	return true
}

// KronRowNTF64AVX512 is KronRowNTF64AVX2 with 512-bit stores when dst is 64-byte
// aligned: block by block when len(b) is a multiple of 8, else (len(b) > 8) vector by
// vector across the block boundaries, each vector's lanes scaled by a[j] or a[j+1]
// (BenchmarkKronVsFill, median share of the non-temporal fill's rate, busy machine:
// (200×200)⊗(20×20) 0.81–0.85 with 256-bit stores block by block, 0.86–0.90 with whole
// lines across blocks; (200×200)⊗(20×12) 0.61 → 0.77–0.83; a 256-bit non-temporal fill
// alone reaches 0.87 of the 512-bit one); KronRowNTF64AVX2 otherwise (streaming 256-bit
// vectors straight to dst beats staging the row: (200×200)⊗(20×20) ran at 23 GB/s
// against 15). Requires: AVX512F, AVX2.
func KronRowNTF64AVX512(dst, a, b []float64) bool {
	needAVX512("KronRowNTF64AVX512")

	dst = dst[:len(a)*len(b)]
	q := len(b)
	switch {
	case len(a) == 0 || q == 0:
		return true // nothing to write
	case !alignedTo(dst, 64):
		return KronRowNTF64AVX2(dst, a, b)
	case q%8 == 0:
		kronRowNTF64AVX512(dst, a, b)
	case q > 8:
		kronRowNTPhasedF64AVX512(dst, a, b)
	default:
		return KronRowNTF64AVX2(dst, a, b)
	}
	return true
}

// KronRowNTF32AVX2 is KronRowNTF64AVX2 for float32 (len(b) a multiple of 8). Requires: AVX2.
func KronRowNTF32AVX2(dst, a, b []float32) bool {
	needAVX2("KronRowNTF32AVX2")

	dst = dst[:len(a)*len(b)]
	if len(b)%8 != 0 || !alignedTo(dst, 32) {
		return false
	}
	kronRowNTF32AVX2(dst, a, b)
	return true
}

// KronRowNTF32AVX512 is KronRowNTF64AVX512 for float32 without its path for rows of b
// that are not a multiple of the vector width: len(b) must be a multiple of 16, else it
// runs KronRowNTF32AVX2. Requires: AVX512F, AVX2.
func KronRowNTF32AVX512(dst, a, b []float32) bool {
	needAVX512("KronRowNTF32AVX512")

	dst = dst[:len(a)*len(b)]
	if len(b)%16 != 0 || !alignedTo(dst, 64) {
		return KronRowNTF32AVX2(dst, a, b)
	}
	kronRowNTF32AVX512(dst, a, b)
	return true
}

func alignedTo[T float32 | float64](s []T, n uintptr) bool {
	return uintptr(unsafe.Pointer(unsafe.SliceData(s)))%n == 0
}

// StoreFence orders every earlier store, non-temporal ones included, before any later
// store (SFENCE). Requires: SSE.
func StoreFence() { storeFence() }

func storeFence()

//go:noescape
func kronRowF64AVX2(dst, a, b []float64)

//go:noescape
func kronRowF64AVX512(dst, a, b []float64)

//go:noescape
func kronRowF32AVX2(dst, a, b []float32)

//go:noescape
func kronRowF32AVX512(dst, a, b []float32)

//go:noescape
func kronRowAddF64AVX2(dst []float64, alpha float64, a, b []float64)

//go:noescape
func kronRowAddF64AVX512(dst []float64, alpha float64, a, b []float64)

//go:noescape
func kronRowAddF32AVX2(dst []float32, alpha float32, a, b []float32)

//go:noescape
func kronRowAddF32AVX512(dst []float32, alpha float32, a, b []float32)

//go:noescape
func kronRowNTF64AVX2(dst, a, b []float64)

//go:noescape
func kronRowNTF64AVX512(dst, a, b []float64)

//go:noescape
func kronRowNTPhasedF64AVX512(dst, a, b []float64)

//go:noescape
func kronRowNTF32AVX2(dst, a, b []float32)

//go:noescape
func kronRowNTF32AVX512(dst, a, b []float32)

//go:noescape
func copyNTF64AVX2(dst, src []float64)

//go:noescape
func copyNTF64AVX512(dst, src []float64)

//go:noescape
func copyNTF32AVX2(dst, src []float32)

//go:noescape
func copyNTF32AVX512(dst, src []float32)
