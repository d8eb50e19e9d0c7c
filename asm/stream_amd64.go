//go:build !purego

package asm

// CopyF64AVX2 is CopyF64Generic with 256-bit loads and stores.
// Requires: AVX.
func CopyF64AVX2(dst, src []float64) {
	needAVX2("CopyF64AVX2")
	copyF64AVX2(dst, src[:len(dst)])
}

// CopyF64AVX512 is CopyF64Generic with 512-bit loads and stores and a masked tail.
// Requires: AVX512F.
func CopyF64AVX512(dst, src []float64) {
	needAVX512("CopyF64AVX512")
	copyF64AVX512(dst, src[:len(dst)])
}

// AddF64AVX2 is AddF64Generic with 256-bit vectors. Requires: AVX.
func AddF64AVX2(dst, a, b []float64) {
	needAVX2("AddF64AVX2")
	addF64AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// AddF64AVX512 is AddF64Generic with 512-bit vectors and a masked tail. Requires: AVX512F.
func AddF64AVX512(dst, a, b []float64) {
	needAVX512("AddF64AVX512")
	addF64AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// AddNTF64AVX2 is AddF64AVX2 with non-temporal stores on the 32-byte-aligned middle of
// dst, for outputs larger than the last-level cache. Requires: AVX.
func AddNTF64AVX2(dst, a, b []float64) {
	needAVX2("AddNTF64AVX2")
	addNTF64AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// AddNTF64AVX512 is AddF64AVX512 with non-temporal stores on the 64-byte-aligned middle
// of dst. Requires: AVX512F.
func AddNTF64AVX512(dst, a, b []float64) {
	needAVX512("AddNTF64AVX512")
	addNTF64AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// FillF64AVX2 is FillF64Generic with 256-bit stores. Requires: AVX.
func FillF64AVX2(dst []float64, v float64) {
	needAVX2("FillF64AVX2")
	fillF64AVX2(dst, v)
}

// FillF64AVX512 is FillF64Generic with 512-bit stores and a masked tail. Requires: AVX512F.
func FillF64AVX512(dst []float64, v float64) {
	needAVX512("FillF64AVX512")
	fillF64AVX512(dst, v)
}

// FillNTF64AVX2 is FillF64Generic with non-temporal 256-bit stores (which bypass the
// caches: for outputs larger than the last-level cache) on the 32-byte-aligned middle of
// dst, ordinary stores at the ends, and a store fence before returning. Requires: AVX.
func FillNTF64AVX2(dst []float64, v float64) {
	needAVX2("FillNTF64AVX2")
	fillNTF64AVX2(dst, v)
}

// FillNTF64AVX512 is FillNTF64AVX2 with 512-bit stores on the 64-byte-aligned middle.
// Requires: AVX512F.
func FillNTF64AVX512(dst []float64, v float64) {
	needAVX512("FillNTF64AVX512")
	fillNTF64AVX512(dst, v)
}

// The assembly below assumes len(src), len(a), len(b) >= len(dst); the wrappers ensure it.

//go:noescape
func copyF64AVX2(dst, src []float64)

//go:noescape
func copyF64AVX512(dst, src []float64)

//go:noescape
func addF64AVX2(dst, a, b []float64)

//go:noescape
func addF64AVX512(dst, a, b []float64)

//go:noescape
func addNTF64AVX2(dst, a, b []float64)

//go:noescape
func addNTF64AVX512(dst, a, b []float64)

//go:noescape
func fillF64AVX2(dst []float64, v float64)

//go:noescape
func fillF64AVX512(dst []float64, v float64)

//go:noescape
func fillNTF64AVX2(dst []float64, v float64)

//go:noescape
func fillNTF64AVX512(dst []float64, v float64)
