package asm

import "math"

// fmaSink keeps the generic probes' accumulators observable so the loops are not removed.
var fmaSink [8]float64

// FMAPeakF64Generic runs iters rounds of 8 independent scalar float64 fused multiply-adds
// (math.FMA) and returns the number of floating-point operations done (2 per FMA).
func FMAPeakF64Generic(iters int) (flops int) {
	var a [8]float64
	const x, y = 0.999999, 1e-9
	for i := 0; i < iters; i++ {
		a[0] = math.FMA(x, a[0], y)
		a[1] = math.FMA(x, a[1], y)
		a[2] = math.FMA(x, a[2], y)
		a[3] = math.FMA(x, a[3], y)
		a[4] = math.FMA(x, a[4], y)
		a[5] = math.FMA(x, a[5], y)
		a[6] = math.FMA(x, a[6], y)
		a[7] = math.FMA(x, a[7], y)
	}
	fmaSink = a
	return iters * 8 * 2
}

// FMAPeakF32Generic is FMAPeakF64Generic in float32.
func FMAPeakF32Generic(iters int) (flops int) {
	var a [8]float32
	const x, y = 0.999999, 1e-9
	for i := 0; i < iters; i++ {
		a[0] = float32(math.FMA(x, float64(a[0]), y))
		a[1] = float32(math.FMA(x, float64(a[1]), y))
		a[2] = float32(math.FMA(x, float64(a[2]), y))
		a[3] = float32(math.FMA(x, float64(a[3]), y))
		a[4] = float32(math.FMA(x, float64(a[4]), y))
		a[5] = float32(math.FMA(x, float64(a[5]), y))
		a[6] = float32(math.FMA(x, float64(a[6]), y))
		a[7] = float32(math.FMA(x, float64(a[7]), y))
	}
	for i, v := range a {
		fmaSink[i] += float64(v)
	}
	return iters * 8 * 2
}
