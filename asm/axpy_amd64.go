//go:build !purego

package asm

// Go wrappers for the scale and axpy assembly (axpy_avx2_amd64.s, axpy_avx512_amd64.s,
// written by elem_gen.go).
// Each reslices x to len(dst), so a short x panics in Go instead of being read past
// its end, then runs the assembly.

// ScaleF64AVX2 is ScaleF64Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func ScaleF64AVX2(dst []float64, alpha float64, x []float64) {
	needAVX2("ScaleF64AVX2")
	scaleF64AVX2(dst, alpha, x[:len(dst)])
}

// ScaleF64AVX512 is ScaleF64Generic with 512-bit vectors and a masked peel and
// tail (see hadamard_amd64.go). Requires: AVX512F, AVX512VL.
func ScaleF64AVX512(dst []float64, alpha float64, x []float64) {
	needAVX512("ScaleF64AVX512")

	scaleF64AVX512(dst, alpha, x[:len(dst)])
}

// ScaleF32AVX2 is ScaleF32Generic with 256-bit vectors and a scalar tail. Requires: AVX.
func ScaleF32AVX2(dst []float32, alpha float32, x []float32) {
	needAVX2("ScaleF32AVX2")
	scaleF32AVX2(dst, alpha, x[:len(dst)])
}

// ScaleF32AVX512 is ScaleF32Generic with 512-bit vectors and a masked peel and
// tail (see hadamard_amd64.go). Requires: AVX512F, AVX512VL.
func ScaleF32AVX512(dst []float32, alpha float32, x []float32) {
	needAVX512("ScaleF32AVX512")

	scaleF32AVX512(dst, alpha, x[:len(dst)])
}

// AxpyF64AVX2 is AxpyF64Generic with 256-bit vectors and a scalar tail. Requires: AVX, FMA3.
func AxpyF64AVX2(dst []float64, alpha float64, x []float64) {
	needAVX2("AxpyF64AVX2")
	axpyF64AVX2(dst, alpha, x[:len(dst)])
}

// AxpyF64AVX512 is AxpyF64Generic with 512-bit vectors and a masked peel and
// tail (see hadamard_amd64.go). Requires: AVX512F, AVX512VL.
func AxpyF64AVX512(dst []float64, alpha float64, x []float64) {
	needAVX512("AxpyF64AVX512")

	axpyF64AVX512(dst, alpha, x[:len(dst)])
}

// AxpyF32AVX2 is AxpyF32Generic with 256-bit vectors and a scalar tail. Requires: AVX, FMA3.
func AxpyF32AVX2(dst []float32, alpha float32, x []float32) {
	needAVX2("AxpyF32AVX2")
	axpyF32AVX2(dst, alpha, x[:len(dst)])
}

// AxpyF32AVX512 is AxpyF32Generic with 512-bit vectors and a masked peel and
// tail (see hadamard_amd64.go). Requires: AVX512F, AVX512VL.
func AxpyF32AVX512(dst []float32, alpha float32, x []float32) {
	needAVX512("AxpyF32AVX512")

	axpyF32AVX512(dst, alpha, x[:len(dst)])
}

// The assembly below assumes the input slices are at least as long as dst; the
// wrappers ensure it.

//go:noescape
func scaleF64AVX2(dst []float64, alpha float64, x []float64)

//go:noescape
func scaleF64AVX512(dst []float64, alpha float64, x []float64)

//go:noescape
func scaleF32AVX2(dst []float32, alpha float32, x []float32)

//go:noescape
func scaleF32AVX512(dst []float32, alpha float32, x []float32)

//go:noescape
func axpyF64AVX2(dst []float64, alpha float64, x []float64)

//go:noescape
func axpyF64AVX512(dst []float64, alpha float64, x []float64)

//go:noescape
func axpyF32AVX2(dst []float32, alpha float32, x []float32)

//go:noescape
func axpyF32AVX512(dst []float32, alpha float32, x []float32)
