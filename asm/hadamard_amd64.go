//go:build !purego

package asm

//go:generate go run elem_gen.go

// Go wrappers for the Hadamard-family assembly (hadamard_avx2_amd64.s,
// hadamard_avx512_amd64.s, written by elem_gen.go). Each reslices its inputs to len(dst),
// so a short input panics in Go instead of being read past its end, then runs the
// assembly. The AVX-512 routines run 512-bit vectors with AVX-512 masks for the
// alignment peel and the tail (the width, measured on two machines that disagree, is
// discussed in the header of elem_gen.go).

// MulF64AVX2 is MulF64Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func MulF64AVX2(dst, a, b []float64) {
	needAVX2("MulF64AVX2")
	mulF64AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// MulF64AVX512 is MulF64Generic with 512-bit vectors and a masked peel and tail.
// Requires: AVX512F, AVX512VL.
func MulF64AVX512(dst, a, b []float64) {
	needAVX512("MulF64AVX512")
	mulF64AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// MulF32AVX2 is MulF32Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func MulF32AVX2(dst, a, b []float32) {
	needAVX2("MulF32AVX2")
	mulF32AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// MulF32AVX512 is MulF32Generic with 512-bit vectors and a masked peel and tail.
// Requires: AVX512F, AVX512VL.
func MulF32AVX512(dst, a, b []float32) {
	needAVX512("MulF32AVX512")
	mulF32AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// MulNTF64AVX2 is MulF64AVX2 with non-temporal stores on the 32-byte-aligned middle of
// dst (for outputs larger than the last-level cache) and a store fence before returning.
// Requires: AVX.
func MulNTF64AVX2(dst, a, b []float64) {
	needAVX2("MulNTF64AVX2")
	mulNTF64AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// MulNTF64AVX512 is MulNTF64AVX2 with 512-bit vectors (non-temporal on the 64-byte-aligned
// middle of dst) and a masked tail. Requires: AVX512F.
func MulNTF64AVX512(dst, a, b []float64) {
	needAVX512("MulNTF64AVX512")
	mulNTF64AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// MulNTF32AVX2 is MulNTF64AVX2 for float32. Requires: AVX.
func MulNTF32AVX2(dst, a, b []float32) {
	needAVX2("MulNTF32AVX2")
	mulNTF32AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// MulNTF32AVX512 is MulNTF64AVX512 for float32. Requires: AVX512F.
func MulNTF32AVX512(dst, a, b []float32) {
	needAVX512("MulNTF32AVX512")
	mulNTF32AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// MulAddF64AVX2 is MulAddF64Generic with 256-bit vectors and a scalar tail. Requires: AVX, FMA3.
func MulAddF64AVX2(dst, a, b []float64) {
	needAVX2("MulAddF64AVX2")
	mulAddF64AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// MulAddF64AVX512 is MulAddF64Generic with 512-bit vectors and a masked peel and tail.
// Requires: AVX512F, AVX512VL.
func MulAddF64AVX512(dst, a, b []float64) {
	needAVX512("MulAddF64AVX512")
	mulAddF64AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// MulAddF32AVX2 is MulAddF32Generic with 256-bit vectors and a scalar tail. Requires: AVX, FMA3.
func MulAddF32AVX2(dst, a, b []float32) {
	needAVX2("MulAddF32AVX2")
	mulAddF32AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// MulAddF32AVX512 is MulAddF32Generic with 512-bit vectors and a masked peel and tail.
// Requires: AVX512F, AVX512VL.
func MulAddF32AVX512(dst, a, b []float32) {
	needAVX512("MulAddF32AVX512")
	mulAddF32AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// AddF32AVX2 is AddF32Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func AddF32AVX2(dst, a, b []float32) {
	needAVX2("AddF32AVX2")
	addF32AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// AddF32AVX512 is AddF32Generic with 512-bit vectors and a masked peel and tail.
// Requires: AVX512F, AVX512VL.
func AddF32AVX512(dst, a, b []float32) {
	needAVX512("AddF32AVX512")
	addF32AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// SubF64AVX2 is SubF64Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func SubF64AVX2(dst, a, b []float64) {
	needAVX2("SubF64AVX2")
	subF64AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// SubF64AVX512 is SubF64Generic with 512-bit vectors and a masked peel and tail.
// Requires: AVX512F, AVX512VL.
func SubF64AVX512(dst, a, b []float64) {
	needAVX512("SubF64AVX512")
	subF64AVX512(dst, a[:len(dst)], b[:len(dst)])
}

// SubF32AVX2 is SubF32Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func SubF32AVX2(dst, a, b []float32) {
	needAVX2("SubF32AVX2")
	subF32AVX2(dst, a[:len(dst)], b[:len(dst)])
}

// SubF32AVX512 is SubF32Generic with 512-bit vectors and a masked peel and tail.
// Requires: AVX512F, AVX512VL.
func SubF32AVX512(dst, a, b []float32) {
	needAVX512("SubF32AVX512")
	subF32AVX512(dst, a[:len(dst)], b[:len(dst)])
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
