package kernels

import (
	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/view"
)

// Exp sets dst[i] = e^x[i].
//
// Accuracy: within 1 ULP of the correctly rounded value for every input (tested on dense
// sweeps of the whole domain and the subnormal range), the same bits at every dispatch
// level. Special values: NaN → NaN, +Inf → +Inf, −Inf → +0, overflow (x > 709.782712893384)
// → +Inf, gradual underflow to subnormals, +0 below −745.1332191019412.
// Shapes and aliasing: len(dst) == len(x), else it panics; dst may be exactly x, any
// other overlap panics. Cost: O(n), 17 vector instructions per 8 elements at the
// AVX-512 level. There is no small-size cut-off: the generic code costs ~9 ns per
// element, more than a whole short vector call.
func Exp(dst, x []float64) { actUnary("kernels.Exp", dst, x, dispatch.Current().Act.ExpF64) }

// Exp32 is Exp for float32: within 1 ULP of the correctly rounded float32 value;
// overflow above 88.72283, +0 below −103.97208.
func Exp32(dst, x []float32) { actUnary("kernels.Exp32", dst, x, dispatch.Current().Act.ExpF32) }

// actUnary checks an elementwise call and runs f, in parts across cores from
// tune.ParMinBytes of output.
func actUnary[T view.Float](fn string, dst, x []T, f func(dst, x []T)) {
	view.SameLen(fn, "dst", dst, "x", x)
	view.NoPartialOverlap(fn, "dst", dst, "x", x)
	if !parallel(len(dst) * view.SizeOf[T]()) {
		f(dst, x)
		return
	}
	par.For(blocked.Threads(), len(dst), parAlign, func(lo, hi int) { f(dst[lo:hi], x[lo:hi]) })
}

// actBinary checks an elementwise call with two inputs and runs f, in parts across
// cores from tune.ParMinBytes of output.
func actBinary[T view.Float](fn, an, bn string, dst, a, b []T, f func(dst, a, b []T)) {
	view.SameLen(fn, "dst", dst, an, a)
	view.SameLen(fn, "dst", dst, bn, b)
	view.NoPartialOverlap(fn, "dst", dst, an, a)
	view.NoPartialOverlap(fn, "dst", dst, bn, b)
	if !parallel(len(dst) * view.SizeOf[T]()) {
		f(dst, a, b)
		return
	}
	par.For(blocked.Threads(), len(dst), parAlign, func(lo, hi int) { f(dst[lo:hi], a[lo:hi], b[lo:hi]) })
}
