//go:build !purego

package asm

// SoftmaxRowF64AVX512 is SoftmaxRowF64Generic in one assembly call per row (the three
// passes fused, the next row prefetched during the exponentials): the same bits as
// the three AVX-512 primitives. Rows longer than actStrip (one call must stay short) run
// as those three primitives. Requires: AVX512F, AVX512DQ.
func SoftmaxRowF64AVX512(dst, x, next []float64) {
	needAVX512("SoftmaxRowF64AVX512")

	if len(dst) == 0 {
		return
	}
	if len(dst) > actStrip {
		sum := SoftmaxExpSumF64AVX512(dst, x, SoftmaxMaxF64AVX512(x[:len(dst)]))
		SoftmaxScaleF64AVX512(dst, dst, 1/sum)
		return
	}
	softmaxRowF64AVX512(dst, x[:len(dst)], prefetchRow(next, len(dst)))
}

// SoftmaxRowF32AVX512 is SoftmaxRowF64AVX512 for float32. Requires: AVX512F, AVX512DQ.
func SoftmaxRowF32AVX512(dst, x, next []float32) {
	needAVX512("SoftmaxRowF32AVX512")

	if len(dst) == 0 {
		return
	}
	if len(dst) > actStrip {
		sum := SoftmaxExpSumF32AVX512(dst, x, SoftmaxMaxF32AVX512(x[:len(dst)]))
		SoftmaxScaleF32AVX512(dst, dst, 1/sum)
		return
	}
	softmaxRowF32AVX512(dst, x[:len(dst)], prefetchRow(next, len(dst)))
}

// SoftmaxRowF64AVX2 is SoftmaxRowF64Generic with the AVX2 primitives (no fused form).
// Requires: AVX2, FMA3.
func SoftmaxRowF64AVX2(dst, x, next []float64) {
	needAVX2("SoftmaxRowF64AVX2")

	if len(dst) == 0 {
		return
	}
	sum := SoftmaxExpSumF64AVX2(dst, x, SoftmaxMaxF64AVX2(x[:len(dst)]))
	SoftmaxScaleF64AVX2(dst, dst, 1/sum)
}

// SoftmaxRowF32AVX2 is SoftmaxRowF64AVX2 for float32. Requires: AVX2, FMA3.
func SoftmaxRowF32AVX2(dst, x, next []float32) {
	needAVX2("SoftmaxRowF32AVX2")

	if len(dst) == 0 {
		return
	}
	sum := SoftmaxExpSumF32AVX2(dst, x, SoftmaxMaxF32AVX2(x[:len(dst)]))
	SoftmaxScaleF32AVX2(dst, dst, 1/sum)
}

// prefetchRow returns next cut to n elements, or nil if it is shorter (the assembly
// prefetches whole groups of four vectors of it, never past n elements).
func prefetchRow[T float32 | float64](next []T, n int) []T {
	if len(next) < n {
		return nil
	}
	return next[:n]
}

//go:noescape
func softmaxRowF64AVX512(dst, x, next []float64)

//go:noescape
func softmaxRowF32AVX512(dst, x, next []float32)

// SoftmaxJVPRowF64AVX512 is SoftmaxJVPRowF64Generic in one assembly call per row (the
// dot product and the product pass fused, the next rows of s and v prefetched during the
// second pass): the same bits as SoftmaxDotF64AVX512 and SoftmaxJVPF64AVX512. Rows
// longer than actStrip run as those two. Requires: AVX512F, AVX512DQ.
func SoftmaxJVPRowF64AVX512(dst, s, v, ns, nv []float64) {
	needAVX512("SoftmaxJVPRowF64AVX512")

	if len(dst) == 0 {
		return
	}
	if len(dst) > actStrip {
		SoftmaxJVPF64AVX512(dst, s, v, SoftmaxDotF64AVX512(s[:len(dst)], v[:len(dst)]))
		return
	}
	ns, nv = prefetchRow(ns, len(dst)), prefetchRow(nv, len(dst))
	if ns == nil || nv == nil {
		ns, nv = nil, nil
	}
	softmaxJVPRowF64AVX512(dst, s[:len(dst)], v[:len(dst)], ns, nv)
}

// SoftmaxJVPRowF32AVX512 is SoftmaxJVPRowF64AVX512 for float32. Requires: AVX512F, AVX512DQ.
func SoftmaxJVPRowF32AVX512(dst, s, v, ns, nv []float32) {
	needAVX512("SoftmaxJVPRowF32AVX512")

	if len(dst) == 0 {
		return
	}
	if len(dst) > actStrip {
		SoftmaxJVPF32AVX512(dst, s, v, SoftmaxDotF32AVX512(s[:len(dst)], v[:len(dst)]))
		return
	}
	ns, nv = prefetchRow(ns, len(dst)), prefetchRow(nv, len(dst))
	if ns == nil || nv == nil {
		ns, nv = nil, nil
	}
	softmaxJVPRowF32AVX512(dst, s[:len(dst)], v[:len(dst)], ns, nv)
}

// SoftmaxJVPRowF64AVX2 is SoftmaxJVPRowF64Generic with the AVX2 primitives.
// Requires: AVX2, FMA3.
func SoftmaxJVPRowF64AVX2(dst, s, v, ns, nv []float64) {
	needAVX2("SoftmaxJVPRowF64AVX2")

	SoftmaxJVPF64AVX2(dst, s, v, SoftmaxDotF64AVX2(s[:len(dst)], v[:len(dst)]))
}

// SoftmaxJVPRowF32AVX2 is SoftmaxJVPRowF64AVX2 for float32. Requires: AVX2, FMA3.
func SoftmaxJVPRowF32AVX2(dst, s, v, ns, nv []float32) {
	needAVX2("SoftmaxJVPRowF32AVX2")

	SoftmaxJVPF32AVX2(dst, s, v, SoftmaxDotF32AVX2(s[:len(dst)], v[:len(dst)]))
}

//go:noescape
func softmaxJVPRowF64AVX512(dst, s, v, ns, nv []float64)

//go:noescape
func softmaxJVPRowF32AVX512(dst, s, v, ns, nv []float32)
