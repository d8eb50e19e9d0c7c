package asm

import "math"

// The scalar-times-vector primitives: scale (dst = αx) and axpy (dst += αx), the
// companions of the Hadamard family, and the inner operation of the Kronecker products.
// dst may be exactly x.

// ScaleF64Generic sets dst[i] = alpha * x[i] for i < len(dst). It panics if x is
// shorter than dst.
func ScaleF64Generic(dst []float64, alpha float64, x []float64) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = alpha * x[i]
	}
}

// ScaleF32Generic is ScaleF64Generic for float32.
func ScaleF32Generic(dst []float32, alpha float32, x []float32) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = alpha * x[i]
	}
}

// AxpyF64Generic sets dst[i] = alpha*x[i] + dst[i] with one rounding (fused
// multiply-add) for i < len(dst). It panics if x is shorter than dst.
func AxpyF64Generic(dst []float64, alpha float64, x []float64) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = math.FMA(alpha, x[i], dst[i])
	}
}

// AxpyF32Generic is AxpyF64Generic for float32, rounded once to float32.
func AxpyF32Generic(dst []float32, alpha float32, x []float32) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = FMA32(alpha, x[i], dst[i])
	}
}
