package asm

import "math"

// The Hadamard-family primitives: elementwise operations on three slices of equal
// length. Each reads element i of every input before it writes element i of dst, so
// dst may be exactly a or b (never a shifted copy of one: the caller checks that).
// The assembly versions give bit-identical results: the fused accumulate is one
// rounding (math.FMA here, an FMA instruction there).

// MulF64Generic sets dst[i] = a[i] * b[i] for i < len(dst). It panics if a or b is
// shorter than dst.
func MulF64Generic(dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

// MulF32Generic is MulF64Generic for float32.
func MulF32Generic(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

// MulAddF64Generic sets dst[i] = a[i]*b[i] + dst[i] with one rounding (a fused
// multiply-add) for i < len(dst). It panics if a or b is shorter than dst.
func MulAddF64Generic(dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = math.FMA(a[i], b[i], dst[i])
	}
}

// MulAddF32Generic is MulAddF64Generic for float32, rounded once to float32.
func MulAddF32Generic(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = FMA32(a[i], b[i], dst[i])
	}
}

// AddF32Generic sets dst[i] = a[i] + b[i] for i < len(dst) (AddF64Generic is in
// stream_generic.go). It panics if a or b is shorter than dst.
func AddF32Generic(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

// SubF64Generic sets dst[i] = a[i] - b[i] for i < len(dst). It panics if a or b is
// shorter than dst.
func SubF64Generic(dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

// SubF32Generic is SubF64Generic for float32.
func SubF32Generic(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

// FMA32 returns x*y + z computed exactly and rounded once to float32 (round to nearest,
// ties to even), as the FMA instructions do.
//
// The product of two float32 values is exact in float64, so the only inexact step is
// s = p + z, rounded to float64 and then to float32. That double rounding differs from
// one rounding only when s falls exactly halfway between two float32 values while the
// float64 addition was inexact; the rounding error of the addition (recovered exactly
// by TwoSum) then says on which side of the midpoint the exact value lies.
func FMA32(x, y, z float32) float32 {
	p := float64(x) * float64(y) // exact
	s := p + float64(z)
	r := float32(s)
	if float64(r) == s || math.IsInf(float64(r), 0) || s != s {
		return r
	}
	// TwoSum: e = (p + z) − s exactly.
	bv := s - p
	e := (p - (s - bv)) + (float64(z) - bv)
	if e == 0 {
		return r
	}
	up := s > float64(r) // the exact neighbour on s's side of r
	var o float32
	if up {
		o = math.Nextafter32(r, float32(math.Inf(1)))
	} else {
		o = math.Nextafter32(r, float32(math.Inf(-1)))
	}
	if math.IsInf(float64(o), 0) || float64(r)+float64(o) != 2*s {
		return r // s was not a midpoint: float32(s) is already the correct rounding
	}
	if (e > 0) == up {
		return o // the exact value lies beyond the midpoint, on o's side
	}
	return r
}
