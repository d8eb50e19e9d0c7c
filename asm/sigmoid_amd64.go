//go:build !purego

package asm

import "unsafe"

// Sign-bit constants of the sigmoid assembly: once (AVX-512 broadcasts it) and once per
// lane of a 256-bit vector (AVX2).
var (
	sigTab64   = [1]uint64{1 << 63}
	sigTab32   = [1]uint32{1 << 31}
	sigTab64x4 = [4]uint64{1 << 63, 1 << 63, 1 << 63, 1 << 63}
	sigTab32x8 = [8]uint32{1 << 31, 1 << 31, 1 << 31, 1 << 31, 1 << 31, 1 << 31, 1 << 31, 1 << 31}
)

// SigmoidF64AVX512 is SigmoidF64Generic with 512-bit vectors and VRCP14PD plus two
// Newton steps in place of the division: within 2 ULP of the generic results.
// Requires: AVX512F, AVX512DQ.
func SigmoidF64AVX512(dst, x []float64) {
	needAVX512("SigmoidF64AVX512")
	strips1(dst, x, 1, sigmoidF64AVX512, nil)
}

// SigmoidF32AVX512 is SigmoidF32Generic with 512-bit vectors and VRCP14PS plus one
// Newton step: within 3 ULP of the generic results. Requires: AVX512F, AVX512DQ.
func SigmoidF32AVX512(dst, x []float32) {
	needAVX512("SigmoidF32AVX512")
	strips1(dst, x, 1, sigmoidF32AVX512, nil)
}

// SigmoidF64AVX2 is SigmoidF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2, FMA3.
func SigmoidF64AVX2(dst, x []float64) {
	needAVX2("SigmoidF64AVX2")
	strips1(dst, x, 4, sigmoidF64AVX2, SigmoidF64Generic)
}

// SigmoidF32AVX2 is SigmoidF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2, FMA3.
func SigmoidF32AVX2(dst, x []float32) {
	needAVX2("SigmoidF32AVX2")
	strips1(dst, x, 8, sigmoidF32AVX2, SigmoidF32Generic)
}

// SigmoidGradXF64AVX512 is SigmoidGradXF64Generic with 512-bit vectors and VRCP14PD
// plus two Newton steps: within 4 ULP of the generic results. Requires: AVX512F, AVX512DQ.
func SigmoidGradXF64AVX512(dst, x, v []float64) {
	needAVX512("SigmoidGradXF64AVX512")

	strips2(dst, x, v, 1, sigmoidGradXF64AVX512, nil)
}

// SigmoidGradXF32AVX512 is SigmoidGradXF32Generic with 512-bit vectors and VRCP14PS
// plus one Newton step: within 5 ULP of the generic results. Requires: AVX512F, AVX512DQ.
func SigmoidGradXF32AVX512(dst, x, v []float32) {
	needAVX512("SigmoidGradXF32AVX512")

	strips2(dst, x, v, 1, sigmoidGradXF32AVX512, nil)
}

// SigmoidGradXF64AVX2 is SigmoidGradXF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2, FMA3.
func SigmoidGradXF64AVX2(dst, x, v []float64) {
	needAVX2("SigmoidGradXF64AVX2")

	strips2(dst, x, v, 4, sigmoidGradXF64AVX2, SigmoidGradXF64Generic)
}

// SigmoidGradXF32AVX2 is SigmoidGradXF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2, FMA3.
func SigmoidGradXF32AVX2(dst, x, v []float32) {
	needAVX2("SigmoidGradXF32AVX2")

	strips2(dst, x, v, 8, sigmoidGradXF32AVX2, SigmoidGradXF32Generic)
}

// SigmoidGradF64AVX512 is SigmoidGradF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SigmoidGradF64AVX512(dst, s, v []float64) {
	needAVX512("SigmoidGradF64AVX512")
	strips2(dst, s, v, 1, sigmoidGradF64AVX512, nil)
}

// SigmoidGradF32AVX512 is SigmoidGradF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SigmoidGradF32AVX512(dst, s, v []float32) {
	needAVX512("SigmoidGradF32AVX512")
	strips2(dst, s, v, 1, sigmoidGradF32AVX512, nil)
}

// SigmoidGradF64AVX2 is SigmoidGradF64Generic with 256-bit vectors; the same bits.
// Requires: AVX.
func SigmoidGradF64AVX2(dst, s, v []float64) {
	needAVX2("SigmoidGradF64AVX2")

	strips2(dst, s, v, 4, sigmoidGradF64AVX2, SigmoidGradF64Generic)
}

// SigmoidGradF32AVX2 is SigmoidGradF32Generic with 256-bit vectors; the same bits.
// Requires: AVX.
func SigmoidGradF32AVX2(dst, s, v []float32) {
	needAVX2("SigmoidGradF32AVX2")

	strips2(dst, s, v, 8, sigmoidGradF32AVX2, SigmoidGradF32Generic)
}

// SigmoidGradNTF64AVX512 is SigmoidGradF64AVX512 with non-temporal stores for outputs
// too large to stay in the caches (the same bits): the head up to a 64-byte boundary of
// dst runs through the plain routine, the rest streams past the caches. Requires: AVX512F.
func SigmoidGradNTF64AVX512(dst, s, v []float64) {
	needAVX512("SigmoidGradNTF64AVX512")

	h := ntHead(unsafe.Pointer(unsafe.SliceData(dst)), 8, len(dst))
	strips2(dst[:h], s, v, 1, sigmoidGradF64AVX512, nil)
	strips2(dst[h:], s[h:], v[h:], 1, sigmoidGradF64NTAVX512, nil)
}

// SigmoidGradNTF32AVX512 is SigmoidGradNTF64AVX512 for float32. Requires: AVX512F.
func SigmoidGradNTF32AVX512(dst, s, v []float32) {
	needAVX512("SigmoidGradNTF32AVX512")

	h := ntHead(unsafe.Pointer(unsafe.SliceData(dst)), 4, len(dst))
	strips2(dst[:h], s, v, 1, sigmoidGradF32AVX512, nil)
	strips2(dst[h:], s[h:], v[h:], 1, sigmoidGradF32NTAVX512, nil)
}

// ntHead returns how many elements of size sz from p reach a 64-byte boundary (at most
// n; strips stay multiples of 64 bytes, so every strip after the head starts aligned).
func ntHead(p unsafe.Pointer, sz uintptr, n int) int {
	return min(n, int((64-uintptr(p)&63)&63/sz))
}

// The assembly assumes the inputs are at least as long as dst (and, for AVX2, len(dst)
// a multiple of the vector width); the wrappers ensure it. dst may be exactly an input.

//go:noescape
func sigmoidF64AVX512(dst, x []float64)

//go:noescape
func sigmoidF32AVX512(dst, x []float32)

//go:noescape
func sigmoidF64AVX2(dst, x []float64)

//go:noescape
func sigmoidF32AVX2(dst, x []float32)

//go:noescape
func sigmoidGradXF64AVX512(dst, x, v []float64)

//go:noescape
func sigmoidGradXF32AVX512(dst, x, v []float32)

//go:noescape
func sigmoidGradXF64AVX2(dst, x, v []float64)

//go:noescape
func sigmoidGradXF32AVX2(dst, x, v []float32)

//go:noescape
func sigmoidGradF64AVX512(dst, s, v []float64)

//go:noescape
func sigmoidGradF32AVX512(dst, s, v []float32)

//go:noescape
func sigmoidGradF64AVX2(dst, s, v []float64)

//go:noescape
func sigmoidGradF32AVX2(dst, s, v []float32)

//go:noescape
func sigmoidGradF64NTAVX512(dst, s, v []float64)

//go:noescape
func sigmoidGradF32NTAVX512(dst, s, v []float32)
