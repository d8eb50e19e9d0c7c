//go:build !purego

package asm

import "math"

// The wrappers below split long rows into strips of actStrip elements (combining the
// strips' reductions) and, for AVX2, do the last len%width elements with the generic code.

// SoftmaxMaxF64AVX512 is SoftmaxMaxF64Generic with 512-bit vectors. Requires: AVX512F.
func SoftmaxMaxF64AVX512(x []float64) float64 {
	needAVX512("SoftmaxMaxF64AVX512")
	return maxStrips(x, 1, softmaxMaxF64AVX512, nil)
}

// SoftmaxMaxF32AVX512 is SoftmaxMaxF32Generic with 512-bit vectors. Requires: AVX512F.
func SoftmaxMaxF32AVX512(x []float32) float32 {
	needAVX512("SoftmaxMaxF32AVX512")
	return maxStrips(x, 1, softmaxMaxF32AVX512, nil)
}

// SoftmaxMaxF64AVX2 is SoftmaxMaxF64Generic with 256-bit vectors. Requires: AVX.
func SoftmaxMaxF64AVX2(x []float64) float64 {
	needAVX2("SoftmaxMaxF64AVX2")

	return maxStrips(x, 4, softmaxMaxF64AVX2, SoftmaxMaxF64Generic)
}

// SoftmaxMaxF32AVX2 is SoftmaxMaxF32Generic with 256-bit vectors. Requires: AVX.
func SoftmaxMaxF32AVX2(x []float32) float32 {
	needAVX2("SoftmaxMaxF32AVX2")

	return maxStrips(x, 8, softmaxMaxF32AVX2, SoftmaxMaxF32Generic)
}

func maxStrips[T float32 | float64](x []T, w int, f, tail func([]T) T) T {
	m := T(math.Inf(-1))
	for len(x) >= w {
		n := min(len(x), actStrip) / w * w
		if v := f(x[:n]); v > m || v != v {
			m = v
		}
		x = x[n:]
	}
	if len(x) > 0 {
		if v := tail(x); v > m || v != v {
			m = v
		}
	}
	return m
}

// SoftmaxExpSumF64AVX512 is SoftmaxExpSumF64Generic with 512-bit vectors: the same
// exponentials, the sum in a different order. Requires: AVX512F, AVX512DQ.
func SoftmaxExpSumF64AVX512(dst, x []float64, m float64) float64 {
	needAVX512("SoftmaxExpSumF64AVX512")

	return expSumStrips(dst, x, m, 1, softmaxExpSumF64AVX512, nil)
}

// SoftmaxExpSumF32AVX512 is SoftmaxExpSumF32Generic with 512-bit vectors.
// Requires: AVX512F, AVX512DQ.
func SoftmaxExpSumF32AVX512(dst, x []float32, m float32) float32 {
	needAVX512("SoftmaxExpSumF32AVX512")

	return expSumStrips(dst, x, m, 1, softmaxExpSumF32AVX512, nil)
}

// SoftmaxExpSumF64AVX2 is SoftmaxExpSumF64Generic with 256-bit vectors.
// Requires: AVX2, FMA3.
func SoftmaxExpSumF64AVX2(dst, x []float64, m float64) float64 {
	needAVX2("SoftmaxExpSumF64AVX2")

	return expSumStrips(dst, x, m, 4, softmaxExpSumF64AVX2, SoftmaxExpSumF64Generic)
}

// SoftmaxExpSumF32AVX2 is SoftmaxExpSumF32Generic with 256-bit vectors.
// Requires: AVX2, FMA3.
func SoftmaxExpSumF32AVX2(dst, x []float32, m float32) float32 {
	needAVX2("SoftmaxExpSumF32AVX2")

	return expSumStrips(dst, x, m, 8, softmaxExpSumF32AVX2, SoftmaxExpSumF32Generic)
}

func expSumStrips[T float32 | float64](dst, x []T, m T, w int, f, tail func(dst, x []T, m T) T) T {
	x = x[:len(dst)]
	var sum T
	for len(dst) >= w {
		n := min(len(dst), actStrip) / w * w
		sum += f(dst[:n], x[:n], m)
		dst, x = dst[n:], x[n:]
	}
	if len(dst) > 0 {
		sum += tail(dst, x, m)
	}
	return sum
}

// SoftmaxScaleF64AVX512 is SoftmaxScaleF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SoftmaxScaleF64AVX512(dst, x []float64, a float64) {
	needAVX512("SoftmaxScaleF64AVX512")

	scaleStrips(dst, x, a, 1, softmaxScaleF64AVX512, nil)
}

// SoftmaxScaleF32AVX512 is SoftmaxScaleF32Generic with 512-bit vectors. Requires: AVX512F.
func SoftmaxScaleF32AVX512(dst, x []float32, a float32) {
	needAVX512("SoftmaxScaleF32AVX512")

	scaleStrips(dst, x, a, 1, softmaxScaleF32AVX512, nil)
}

// SoftmaxScaleF64AVX2 is SoftmaxScaleF64Generic with 256-bit vectors. Requires: AVX.
func SoftmaxScaleF64AVX2(dst, x []float64, a float64) {
	needAVX2("SoftmaxScaleF64AVX2")

	scaleStrips(dst, x, a, 4, softmaxScaleF64AVX2, SoftmaxScaleF64Generic)
}

// SoftmaxScaleF32AVX2 is SoftmaxScaleF32Generic with 256-bit vectors. Requires: AVX.
func SoftmaxScaleF32AVX2(dst, x []float32, a float32) {
	needAVX2("SoftmaxScaleF32AVX2")

	scaleStrips(dst, x, a, 8, softmaxScaleF32AVX2, SoftmaxScaleF32Generic)
}

func scaleStrips[T float32 | float64](dst, x []T, a T, w int, f, tail func(dst, x []T, a T)) {
	x = x[:len(dst)]
	for len(dst) >= w {
		n := min(len(dst), actStrip) / w * w
		f(dst[:n], x[:n], a)
		dst, x = dst[n:], x[n:]
	}
	if len(dst) > 0 {
		tail(dst, x, a)
	}
}

// SoftmaxDotF64AVX512 is SoftmaxDotF64Generic with 512-bit vectors (four accumulators
// of eight lanes: a different summation order). Requires: AVX512F.
func SoftmaxDotF64AVX512(a, b []float64) float64 {
	needAVX512("SoftmaxDotF64AVX512")
	return dotStrips(a, b, 1, softmaxDotF64AVX512, nil)
}

// SoftmaxDotF32AVX512 is SoftmaxDotF32Generic with 512-bit vectors. Requires: AVX512F.
func SoftmaxDotF32AVX512(a, b []float32) float32 {
	needAVX512("SoftmaxDotF32AVX512")
	return dotStrips(a, b, 1, softmaxDotF32AVX512, nil)
}

// SoftmaxDotF64AVX2 is SoftmaxDotF64Generic with 256-bit vectors. Requires: AVX, FMA3.
func SoftmaxDotF64AVX2(a, b []float64) float64 {
	needAVX2("SoftmaxDotF64AVX2")

	return dotStrips(a, b, 4, softmaxDotF64AVX2, SoftmaxDotF64Generic)
}

// SoftmaxDotF32AVX2 is SoftmaxDotF32Generic with 256-bit vectors. Requires: AVX, FMA3.
func SoftmaxDotF32AVX2(a, b []float32) float32 {
	needAVX2("SoftmaxDotF32AVX2")

	return dotStrips(a, b, 8, softmaxDotF32AVX2, SoftmaxDotF32Generic)
}

func dotStrips[T float32 | float64](a, b []T, w int, f, tail func(a, b []T) T) T {
	b = b[:len(a)]
	var d T
	for len(a) >= w {
		n := min(len(a), actStrip) / w * w
		d += f(a[:n], b[:n])
		a, b = a[n:], b[n:]
	}
	if len(a) > 0 {
		d += tail(a, b)
	}
	return d
}

// SoftmaxJVPF64AVX512 is SoftmaxJVPF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SoftmaxJVPF64AVX512(dst, s, v []float64, d float64) {
	needAVX512("SoftmaxJVPF64AVX512")

	jvpStrips(dst, s, v, d, 1, softmaxJVPF64AVX512, nil)
}

// SoftmaxJVPF32AVX512 is SoftmaxJVPF32Generic with 512-bit vectors. Requires: AVX512F.
func SoftmaxJVPF32AVX512(dst, s, v []float32, d float32) {
	needAVX512("SoftmaxJVPF32AVX512")

	jvpStrips(dst, s, v, d, 1, softmaxJVPF32AVX512, nil)
}

// SoftmaxJVPF64AVX2 is SoftmaxJVPF64Generic with 256-bit vectors. Requires: AVX.
func SoftmaxJVPF64AVX2(dst, s, v []float64, d float64) {
	needAVX2("SoftmaxJVPF64AVX2")

	jvpStrips(dst, s, v, d, 4, softmaxJVPF64AVX2, SoftmaxJVPF64Generic)
}

// SoftmaxJVPF32AVX2 is SoftmaxJVPF32Generic with 256-bit vectors. Requires: AVX.
func SoftmaxJVPF32AVX2(dst, s, v []float32, d float32) {
	needAVX2("SoftmaxJVPF32AVX2")

	jvpStrips(dst, s, v, d, 8, softmaxJVPF32AVX2, SoftmaxJVPF32Generic)
}

func jvpStrips[T float32 | float64](dst, s, v []T, d T, w int, f, tail func(dst, s, v []T, d T)) {
	s, v = s[:len(dst)], v[:len(dst)]
	for len(dst) >= w {
		n := min(len(dst), actStrip) / w * w
		f(dst[:n], s[:n], v[:n], d)
		dst, s, v = dst[n:], s[n:], v[n:]
	}
	if len(dst) > 0 {
		tail(dst, s, v, d)
	}
}

// The assembly assumes every input at least as long as the first slice (and, for AVX2,
// that length a multiple of the vector width); the wrappers ensure it.

//go:noescape
func softmaxMaxF64AVX512(x []float64) (m float64)

//go:noescape
func softmaxMaxF32AVX512(x []float32) (m float32)

//go:noescape
func softmaxMaxF64AVX2(x []float64) (m float64)

//go:noescape
func softmaxMaxF32AVX2(x []float32) (m float32)

//go:noescape
func softmaxExpSumF64AVX512(dst, x []float64, m float64) (sum float64)

//go:noescape
func softmaxExpSumF32AVX512(dst, x []float32, m float32) (sum float32)

//go:noescape
func softmaxExpSumF64AVX2(dst, x []float64, m float64) (sum float64)

//go:noescape
func softmaxExpSumF32AVX2(dst, x []float32, m float32) (sum float32)

//go:noescape
func softmaxScaleF64AVX512(dst, x []float64, a float64)

//go:noescape
func softmaxScaleF32AVX512(dst, x []float32, a float32)

//go:noescape
func softmaxScaleF64AVX2(dst, x []float64, a float64)

//go:noescape
func softmaxScaleF32AVX2(dst, x []float32, a float32)

//go:noescape
func softmaxDotF64AVX512(a, b []float64) (d float64)

//go:noescape
func softmaxDotF32AVX512(a, b []float32) (d float32)

//go:noescape
func softmaxDotF64AVX2(a, b []float64) (d float64)

//go:noescape
func softmaxDotF32AVX2(a, b []float32) (d float32)

//go:noescape
func softmaxJVPF64AVX512(dst, s, v []float64, d float64)

//go:noescape
func softmaxJVPF32AVX512(dst, s, v []float32, d float32)

//go:noescape
func softmaxJVPF64AVX2(dst, s, v []float64, d float64)

//go:noescape
func softmaxJVPF32AVX2(dst, s, v []float32, d float32)
