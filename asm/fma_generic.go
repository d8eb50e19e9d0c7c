package asm

// fmaSink keeps the generic probes' accumulators observable so the loops are not removed.
var fmaSink [8]float64

// FMAPeakF64Generic runs iters rounds of 8 independent scalar float64 multiply-adds
// (a = a·x + y, rounded twice: the generic code's own arithmetic, which the compiler does
// not fuse or vectorize) and returns the floating-point operations done (2 per round and
// accumulator): the ceiling of scalar Go code.
func FMAPeakF64Generic(iters int) (flops int) { return fmaPeakGeneric[float64](iters) }

// FMAPeakF32Generic is FMAPeakF64Generic in float32 arithmetic.
func FMAPeakF32Generic(iters int) (flops int) { return fmaPeakGeneric[float32](iters) }

func fmaPeakGeneric[T float32 | float64](iters int) (flops int) {
	var a0, a1, a2, a3, a4, a5, a6, a7 T
	x, y := T(0.999999), T(1e-9)
	for i := 0; i < iters; i++ {
		a0 = a0*x + y
		a1 = a1*x + y
		a2 = a2*x + y
		a3 = a3*x + y
		a4 = a4*x + y
		a5 = a5*x + y
		a6 = a6*x + y
		a7 = a7*x + y
	}
	fmaSink = [8]float64{float64(a0), float64(a1), float64(a2), float64(a3), float64(a4), float64(a5), float64(a6), float64(a7)}
	return iters * 8 * 2
}
