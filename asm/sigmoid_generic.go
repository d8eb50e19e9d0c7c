package asm

import "math"

// The logistic sigmoid σ(x) = 1/(1 + e^−x) and its derivative σ'(x) = σ(x)(1 − σ(x)),
// computed from e = e^−|x| ∈ [0, 1], which never overflows:
//
//	σ(x) = 1/(1 + e) for x ≥ 0, e/(1 + e) for x < 0;  σ'(x) = e/(1 + e)².
//
// The derivative from x has no cancellation (no 1 − σ), so it keeps full relative
// accuracy where σ rounds to 1 (σ'(40) ≈ 4e-18, not 0). The derivative from a saved
// output s, s·(1 − s), is as accurate as s allows: 1 − s is exact for s ≥ 1/2 (Sterbenz),
// but once s has rounded to 1 it is 0.
//
// Levels: the generic and AVX2 code divide (correctly rounded) and agree bit for bit.
// The AVX-512 code replaces 1/(1+e) by VRCP14 and Newton steps (two for float64, one
// for float32), which is faster but not bit-identical: its results are within 2 ULP
// (float32 3 ULP) of the generic ones; the tests check this bound.
// NaN → NaN; σ(+Inf) = 1, σ(−Inf) = +0, σ'(±Inf) = 0.

// Sigmoid64 returns σ(x); the scalar form of SigmoidF64Generic.
func Sigmoid64(x float64) float64 {
	e := Exp64(-math.Abs(x))
	d := 1 + e
	if math.Signbit(x) {
		return e / d
	}
	return 1 / d
}

// Sigmoid32 is Sigmoid64 in float32 arithmetic.
func Sigmoid32(x float32) float32 {
	e := Exp32(float32(-math.Abs(float64(x))))
	d := 1 + e
	if math.Signbit(float64(x)) {
		return e / d
	}
	return 1 / d
}

// SigmoidF64Generic sets dst[i] = σ(x[i]) for i < len(dst). It panics if x is shorter
// than dst; dst may be exactly x.
func SigmoidF64Generic(dst, x []float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = Sigmoid64(v)
	}
}

// SigmoidF32Generic is SigmoidF64Generic for float32.
func SigmoidF32Generic(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = Sigmoid32(v)
	}
}

// SigmoidGradXF64Generic sets dst[i] = σ'(x[i])·v[i] = (e·y)·y·v[i] with e = e^−|x[i]|
// and y = 1/(1 + e): the sigmoid's Jacobian-vector (= vector-Jacobian) product from the
// input x. It panics if x or v is shorter than dst; dst may be exactly x or v.
func SigmoidGradXF64Generic(dst, x, v []float64) {
	x, v = x[:len(dst)], v[:len(dst)]
	for i, xi := range x {
		e := Exp64(-math.Abs(xi))
		y := 1 / (1 + e)
		dst[i] = float64(float64(e*y)*y) * v[i]
	}
}

// SigmoidGradXF32Generic is SigmoidGradXF64Generic for float32.
func SigmoidGradXF32Generic(dst, x, v []float32) {
	x, v = x[:len(dst)], v[:len(dst)]
	for i, xi := range x {
		e := Exp32(float32(-math.Abs(float64(xi))))
		y := 1 / (1 + e)
		dst[i] = float32(float32(e*y)*y) * v[i]
	}
}

// SigmoidGradF64Generic sets dst[i] = (s[i]·(1 − s[i]))·v[i]: the sigmoid's
// Jacobian-vector product from its saved output s = σ(x). Every level returns the same
// bits. It panics if s or v is shorter than dst; dst may be exactly s or v.
func SigmoidGradF64Generic(dst, s, v []float64) {
	s, v = s[:len(dst)], v[:len(dst)]
	for i, si := range s {
		dst[i] = float64(si*(1-si)) * v[i]
	}
}

// SigmoidGradF32Generic is SigmoidGradF64Generic for float32.
func SigmoidGradF32Generic(dst, s, v []float32) {
	s, v = s[:len(dst)], v[:len(dst)]
	for i, si := range s {
		dst[i] = float32(si*(1-si)) * v[i]
	}
}
