//go:build !purego

package asm

import (
	"math"
	"sync"
)

// SoftmaxLSEF64AVX512 is SoftmaxLSEF64Generic in one assembly call per row (max, then
// the sum of exp(x − m) without storing it, prefetching next); the sum in a different
// order. Rows longer than actStrip are done a strip at a time and the strips combined
// (Σ sᵢ·exp(mᵢ − m)). Requires: AVX512F, AVX512DQ.
func SoftmaxLSEF64AVX512(x, next []float64) (m, sum float64) {
	needAVX512("SoftmaxLSEF64AVX512")

	if len(x) <= actStrip {
		if len(x) == 0 {
			return math.Inf(-1), 0
		}
		return softmaxLSEF64AVX512(x, prefetchRow(next, len(x)))
	}
	return lseStrips(x, softmaxLSEF64AVX512, Exp64)
}

// SoftmaxLSEF32AVX512 is SoftmaxLSEF64AVX512 for float32. Requires: AVX512F, AVX512DQ.
func SoftmaxLSEF32AVX512(x, next []float32) (m, sum float32) {
	needAVX512("SoftmaxLSEF32AVX512")

	if len(x) <= actStrip {
		if len(x) == 0 {
			return float32(math.Inf(-1)), 0
		}
		return softmaxLSEF32AVX512(x, prefetchRow(next, len(x)))
	}
	return lseStrips(x, softmaxLSEF32AVX512, Exp32)
}

// lseStrips combines the (max, sum) of strips of x: m = max mᵢ, sum = Σ sᵢ·e^(mᵢ − m).
func lseStrips[T float32 | float64](x []T, f func(x, next []T) (T, T), exp func(T) T) (m, sum T) {
	var ms, ss []T
	m = T(math.Inf(-1))
	for len(x) > 0 {
		n := min(len(x), actStrip)
		mi, si := f(x[:n], nil)
		ms, ss = append(ms, mi), append(ss, si)
		if mi > m || mi != mi {
			m = mi
		}
		x = x[n:]
	}
	for i := range ms {
		sum += ss[i] * exp(ms[i]-m)
	}
	return m, sum
}

// SoftmaxLSEF64AVX2 is SoftmaxLSEF64Generic with the AVX2 primitives (the exponentials
// go to a buffer). Requires: AVX2, FMA3.
func SoftmaxLSEF64AVX2(x, next []float64) (m, sum float64) {
	needAVX2("SoftmaxLSEF64AVX2")

	return lseBuffered(x, SoftmaxMaxF64AVX2, SoftmaxExpSumF64AVX2)
}

// SoftmaxLSEF32AVX2 is SoftmaxLSEF64AVX2 for float32. Requires: AVX2, FMA3.
func SoftmaxLSEF32AVX2(x, next []float32) (m, sum float32) {
	needAVX2("SoftmaxLSEF32AVX2")

	return lseBuffered(x, SoftmaxMaxF32AVX2, SoftmaxExpSumF32AVX2)
}

// lseBuffered is (max x, Σ exp(x − max x)) from a max and an exp-sum primitive, the
// exponentials written to a buffer of 512 elements a strip at a time. The buffer comes
// from a pool: passed to expSum (a function value) it would otherwise be allocated on
// every call, once per row of a log-softmax.
func lseBuffered[T float32 | float64](x []T, maxOf func(x []T) T, expSum func(dst, x []T, m T) T) (m, sum T) {
	m = maxOf(x)
	pool := &lseBufs[0]
	if _, ok := any(m).(float32); ok {
		pool = &lseBufs[1]
	}
	buf := pool.Get().(*[512]T)
	for len(x) > 0 {
		n := min(len(x), len(buf))
		sum += expSum(buf[:n], x[:n], m)
		x = x[n:]
	}
	pool.Put(buf)
	return m, sum
}

// lseBufs hold lseBuffered's buffers: *[512]float64, *[512]float32.
var lseBufs = [2]sync.Pool{
	{New: func() any { return new([512]float64) }},
	{New: func() any { return new([512]float32) }},
}

// SoftmaxShiftF64AVX512 is SoftmaxShiftF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SoftmaxShiftF64AVX512(dst, x []float64, m, c float64) {
	needAVX512("SoftmaxShiftF64AVX512")

	strips1(dst, x, 1, func(dst, x []float64) { softmaxShiftF64AVX512(dst, x, m, c) }, nil)
}

// SoftmaxShiftF32AVX512 is SoftmaxShiftF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SoftmaxShiftF32AVX512(dst, x []float32, m, c float32) {
	needAVX512("SoftmaxShiftF32AVX512")

	strips1(dst, x, 1, func(dst, x []float32) { softmaxShiftF32AVX512(dst, x, m, c) }, nil)
}

// SoftmaxLogVJPF64AVX512 is SoftmaxLogVJPF64Generic with 512-bit vectors; the same bits
// (the exponential is bit-identical across levels, then a product and a difference).
// Requires: AVX512F, AVX512DQ.
func SoftmaxLogVJPF64AVX512(dst, y, v []float64, sv float64) {
	needAVX512("SoftmaxLogVJPF64AVX512")

	jvpStrips(dst, y, v, sv, 1, softmaxLogVJPF64AVX512, nil)
}

// SoftmaxLogVJPF32AVX512 is SoftmaxLogVJPF64AVX512 for float32. Requires: AVX512F, AVX512DQ.
func SoftmaxLogVJPF32AVX512(dst, y, v []float32, sv float32) {
	needAVX512("SoftmaxLogVJPF32AVX512")

	jvpStrips(dst, y, v, sv, 1, softmaxLogVJPF32AVX512, nil)
}

// SoftmaxLogVJPF64AVX2 is SoftmaxLogVJPF64Generic with the AVX2 exponential (into a
// stack buffer); the same bits. Requires: AVX2, FMA3.
func SoftmaxLogVJPF64AVX2(dst, y, v []float64, sv float64) {
	needAVX2("SoftmaxLogVJPF64AVX2")
	logVJPAVX2(dst, y, v, sv)
}

// SoftmaxLogVJPF32AVX2 is SoftmaxLogVJPF64AVX2 for float32. Requires: AVX2, FMA3.
func SoftmaxLogVJPF32AVX2(dst, y, v []float32, sv float32) {
	needAVX2("SoftmaxLogVJPF32AVX2")
	logVJPAVX2(dst, y, v, sv)
}

// logVJPAVX2 is dst = v − exp(y)·sv with ExpF64AVX2 (ExpF32AVX2) writing the exponentials
// to a stack buffer a strip at a time; the product is rounded before the difference (no
// fusion), as in the generic code.
func logVJPAVX2[T float32 | float64](dst, y, v []T, sv T) {
	var buf [512]T
	y, v = y[:len(dst)], v[:len(dst)]
	for len(dst) > 0 {
		n := min(len(dst), len(buf))
		switch e := any(buf[:n]).(type) {
		case []float64:
			ExpF64AVX2(e, any(y[:n]).([]float64))
		case []float32:
			ExpF32AVX2(e, any(y[:n]).([]float32))
		}
		for j, e := range buf[:n] {
			dst[j] = v[j] - T(e*sv)
		}
		dst, y, v = dst[n:], y[n:], v[n:]
	}
}

//go:noescape
func softmaxLSEF64AVX512(x, next []float64) (m, sum float64)

//go:noescape
func softmaxLSEF32AVX512(x, next []float32) (m, sum float32)

//go:noescape
func softmaxShiftF64AVX512(dst, x []float64, m, c float64)

//go:noescape
func softmaxShiftF32AVX512(dst, x []float32, m, c float32)

//go:noescape
func softmaxLogVJPF64AVX512(dst, y, v []float64, sv float64)

//go:noescape
func softmaxLogVJPF32AVX512(dst, y, v []float32, sv float32)
