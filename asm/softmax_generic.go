package asm

import "math"

// Softmax row primitives. A softmax row s = exp(x − m)/Σ exp(x − m), m = max x, is
// computed in three passes over the row: SoftmaxMax, SoftmaxExpSum (which stores the
// exponentials and returns their sum) and SoftmaxScale by 1/sum; the Jacobian product
// s ⊙ (v − ⟨s, v⟩) in two: SoftmaxDot and SoftmaxJVP. Elementwise results are the same
// bits at every level; the reductions (ExpSum's sum and Dot) add in a different order
// per level (several vector accumulators), so they agree only to rounding.

// SoftmaxMaxF64Generic returns the largest element of x, or −Inf if x is empty.
// NaN elements may or may not be ignored (softmax does not rely on either: a NaN in x
// makes the sum of exponentials NaN anyway).
func SoftmaxMaxF64Generic(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		if v > m {
			m = v
		}
	}
	return m
}

// SoftmaxMaxF32Generic is SoftmaxMaxF64Generic for float32.
func SoftmaxMaxF32Generic(x []float32) float32 {
	m := float32(math.Inf(-1))
	for _, v := range x {
		if v > m {
			m = v
		}
	}
	return m
}

// SoftmaxExpSumF64Generic sets dst[i] = e^(x[i] − m) (Exp64 of the rounded difference)
// for i < len(dst) and returns the sum of those values. It panics if x is shorter than
// dst; dst may be exactly x.
func SoftmaxExpSumF64Generic(dst, x []float64, m float64) float64 {
	x = x[:len(dst)]
	sum := 0.0
	for i, v := range x {
		e := Exp64(v - m)
		dst[i] = e
		sum += e
	}
	return sum
}

// SoftmaxExpSumF32Generic is SoftmaxExpSumF64Generic for float32; the sum is
// accumulated in float32, as the vector code does.
func SoftmaxExpSumF32Generic(dst, x []float32, m float32) float32 {
	x = x[:len(dst)]
	var sum float32
	for i, v := range x {
		e := Exp32(v - m)
		dst[i] = e
		sum += e
	}
	return sum
}

// SoftmaxScaleF64Generic sets dst[i] = x[i]·a. It panics if x is shorter than dst;
// dst may be exactly x.
func SoftmaxScaleF64Generic(dst, x []float64, a float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = v * a
	}
}

// SoftmaxScaleF32Generic is SoftmaxScaleF64Generic for float32.
func SoftmaxScaleF32Generic(dst, x []float32, a float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = v * a
	}
}

// SoftmaxDotF64Generic returns Σ a[i]·b[i] over i < len(a). It panics if b is shorter
// than a.
func SoftmaxDotF64Generic(a, b []float64) float64 {
	b = b[:len(a)]
	d := 0.0
	for i, v := range a {
		d = math.FMA(v, b[i], d)
	}
	return d
}

// SoftmaxDotF32Generic is SoftmaxDotF64Generic for float32 (accumulated in float32).
func SoftmaxDotF32Generic(a, b []float32) float32 {
	b = b[:len(a)]
	var d float32
	for i, v := range a {
		d = fma32(v, b[i], d)
	}
	return d
}

// SoftmaxJVPF64Generic sets dst[i] = s[i]·(v[i] − d): with d = ⟨s, v⟩ this is the
// softmax Jacobian (diag(s) − s sᵀ) times v. It panics if s or v is shorter than dst;
// dst may be exactly s or v.
func SoftmaxJVPF64Generic(dst, s, v []float64, d float64) {
	s, v = s[:len(dst)], v[:len(dst)]
	for i, si := range s {
		dst[i] = (v[i] - d) * si
	}
}

// SoftmaxJVPF32Generic is SoftmaxJVPF64Generic for float32.
func SoftmaxJVPF32Generic(dst, s, v []float32, d float32) {
	s, v = s[:len(dst)], v[:len(dst)]
	for i, si := range s {
		dst[i] = (v[i] - d) * si
	}
}

// SoftmaxRowF64Generic sets dst = softmax(x) = exp(x − m)/Σ exp(x − m), m = max x, for
// one row: SoftmaxMax, SoftmaxExpSum into dst, SoftmaxScale of dst by 1/sum. next is
// the row the caller will process after this one: the vector levels prefetch it, the
// generic code ignores it. It panics if x is shorter than dst; dst may be exactly x.
func SoftmaxRowF64Generic(dst, x, next []float64) {
	if len(dst) == 0 {
		return
	}
	sum := SoftmaxExpSumF64Generic(dst, x, SoftmaxMaxF64Generic(x[:len(dst)]))
	SoftmaxScaleF64Generic(dst, dst, 1/sum)
}

// SoftmaxRowF32Generic is SoftmaxRowF64Generic for float32.
func SoftmaxRowF32Generic(dst, x, next []float32) {
	if len(dst) == 0 {
		return
	}
	sum := SoftmaxExpSumF32Generic(dst, x, SoftmaxMaxF32Generic(x[:len(dst)]))
	SoftmaxScaleF32Generic(dst, dst, 1/sum)
}

// SoftmaxJVPRowF64Generic sets dst = s ⊙ (v − ⟨s, v⟩) for one row: SoftmaxDot, then
// SoftmaxJVP. ns and nv are the rows of s and v the caller will process next: the
// vector levels prefetch them, the generic code ignores them. It panics if s or v is
// shorter than dst; dst may be exactly s or v.
func SoftmaxJVPRowF64Generic(dst, s, v, ns, nv []float64) {
	SoftmaxJVPF64Generic(dst, s, v, SoftmaxDotF64Generic(s[:len(dst)], v[:len(dst)]))
}

// SoftmaxJVPRowF32Generic is SoftmaxJVPRowF64Generic for float32.
func SoftmaxJVPRowF32Generic(dst, s, v, ns, nv []float32) {
	SoftmaxJVPF32Generic(dst, s, v, SoftmaxDotF32Generic(s[:len(dst)], v[:len(dst)]))
}

// SoftmaxLSEF64Generic returns m = max x and Σ exp(x − m) (Exp64 of the rounded
// differences, summed in order), so that log Σ exp(x) = m + log(sum): the log-sum-exp
// of a row without storing the exponentials. next is the row to come (prefetched by
// the vector levels). An empty x gives (−Inf, 0).
func SoftmaxLSEF64Generic(x, next []float64) (m, sum float64) {
	m = SoftmaxMaxF64Generic(x)
	for _, v := range x {
		sum += Exp64(v - m)
	}
	return m, sum
}

// SoftmaxLSEF32Generic is SoftmaxLSEF64Generic for float32 (summed in float32).
func SoftmaxLSEF32Generic(x, next []float32) (m, sum float32) {
	m = SoftmaxMaxF32Generic(x)
	for _, v := range x {
		sum += Exp32(v - m)
	}
	return m, sum
}

// SoftmaxShiftF64Generic sets dst[i] = (x[i] − m) − c: a log-softmax row from m = max x
// and c = log Σ exp(x − m). Every level returns the same bits. It panics if x is shorter
// than dst; dst may be exactly x.
func SoftmaxShiftF64Generic(dst, x []float64, m, c float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = (v - m) - c
	}
}

// SoftmaxShiftF32Generic is SoftmaxShiftF64Generic for float32.
func SoftmaxShiftF32Generic(dst, x []float32, m, c float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = (v - m) - c
	}
}

// SoftmaxLogVJPF64Generic sets dst[i] = v[i] − e^y[i]·sv (the product rounded, then the
// difference): with y = log softmax(x) and sv = Σv, the log-softmax vector-Jacobian
// product. Every level returns the same bits. It panics if y or v is shorter than dst;
// dst may be exactly y or v.
func SoftmaxLogVJPF64Generic(dst, y, v []float64, sv float64) {
	y, v = y[:len(dst)], v[:len(dst)]
	for i, yi := range y {
		dst[i] = v[i] - float64(Exp64(yi)*sv)
	}
}

// SoftmaxLogVJPF32Generic is SoftmaxLogVJPF64Generic for float32.
func SoftmaxLogVJPF32Generic(dst, y, v []float32, sv float32) {
	y, v = y[:len(dst)], v[:len(dst)]
	for i, yi := range y {
		dst[i] = v[i] - float32(Exp32(yi)*sv)
	}
}
