package bench

import (
	"math"

	"github.com/matkern/matkern/dispatch"
)

// The activation cases: exp over slices at L1-, L2/L3- and DRAM-sized lengths, against
// a plain Go loop over math.Exp ("go").
var _ = func() bool {
	for _, n := range []int{1000, 100000, 10000000} {
		size := sizeLabel(n)
		// exp, float64 and float32: one read and one write per element.
		e64 := Case{Op: "exp-f64", Size: size, Bytes: float64(16 * n), Elems: float64(n), Peak: PeakCopy, Baseline: "go"}
		e64.Setup = func() func() {
			x := expArgs[float64](n)
			return func() { dispatch.Current().Act.ExpF64(x[1], x[0]) }
		}
		g64 := e64
		g64.Impl = "go"
		g64.Setup = func() func() {
			x := expArgs[float64](n)
			src, dst := x[0], x[1]
			return func() {
				for i, v := range src {
					dst[i] = math.Exp(v)
				}
			}
		}
		Register(append(MatkernLevels(e64), g64)...)

		e32 := Case{Op: "exp-f32", Size: size, Bytes: float64(8 * n), Elems: float64(n), Peak: PeakCopy, Baseline: "go"}
		e32.Setup = func() func() {
			x := expArgs[float32](n)
			return func() { dispatch.Current().Act.ExpF32(x[1], x[0]) }
		}
		g32 := e32
		g32.Impl = "go"
		g32.Setup = func() func() {
			x := expArgs[float32](n)
			src, dst := x[0], x[1]
			return func() {
				for i, v := range src {
					dst[i] = float32(math.Exp(float64(v)))
				}
			}
		}
		Register(append(MatkernLevels(e32), g32)...)
	}
	return true
}()

// expArgs returns an input array of n arguments spread over [−20, 20] (typical of
// activations: no overflow, no special values) and an output array.
func expArgs[T float32 | float64](n int) [][]T {
	x := Arrays[T](2, n)
	for i := range x[0] {
		x[0][i] = T(40*math.Mod(float64(i)*0.6180339887, 1) - 20)
	}
	return x
}
