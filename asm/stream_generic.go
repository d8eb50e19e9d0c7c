package asm

// The streaming primitives move memory with little arithmetic: they measure the
// machine's bandwidth ceilings, and copy and add serve the kernels as they are.

// CopyF64Generic sets dst[i] = src[i] for i < len(dst). It panics if src is shorter than dst.
func CopyF64Generic(dst, src []float64) {
	copy(dst, src[:len(dst)])
}

// AddF64Generic sets dst[i] = a[i] + b[i] for i < len(dst). It panics if a or b is shorter than dst.
// dst may be exactly a or b.
func AddF64Generic(dst, a, b []float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

// FillF64Generic sets every element of dst to v.
func FillF64Generic(dst []float64, v float64) {
	for i := range dst {
		dst[i] = v
	}
}
