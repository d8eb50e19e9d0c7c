package bench

import (
	"math"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/kernels"
)

// The activation cases: exp and sigmoid over slices at L1-, L2-, L3- and DRAM-sized
// lengths, against a plain Go loop over math.Exp ("go"); the sigmoid JVP at n = 1e6
// against the bandwidth ceiling; softmax forward and forward + VJP on 1024×1000 and
// 1×1e6, float64 and float32; log-softmax (forward, forward + VJP) and the fused
// cross-entropy on 1024×1000. Where kernels split the output across cores (from the
// thresholds internal/tune derives for this machine), also on blocked.Threads() cores
// (Impl level+"-mt").
var _ = func() bool {
	for _, n := range []int{1000, 100000, 1000000, 10000000} {
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

		// sigmoid forward, float64 and float32, against 1/(1 + math.Exp(−x)).
		s64 := Case{Op: "sigmoid-f64", Size: size, Bytes: float64(16 * n), Elems: float64(n), Peak: PeakCopy, Baseline: "go"}
		s64.Setup = func() func() {
			x := expArgs[float64](n)
			return func() { kernels.Sigmoid(x[1], x[0]) }
		}
		gs64 := s64
		gs64.Impl = "go"
		gs64.Setup = func() func() {
			x := expArgs[float64](n)
			src, dst := x[0], x[1]
			return func() {
				for i, v := range src {
					dst[i] = 1 / (1 + math.Exp(-v))
				}
			}
		}
		Register(append(MatkernLevelsMT(s64, 8*n >= tune.ParMinBytes), gs64)...)
		s32 := Case{Op: "sigmoid-f32", Size: size, Bytes: float64(8 * n), Elems: float64(n), Peak: PeakCopy}
		s32.Setup = func() func() {
			x := expArgs[float32](n)
			return func() { kernels.Sigmoid32(x[1], x[0]) }
		}
		Register(MatkernLevelsMT(s32, 4*n >= tune.ParMinBytes)...)
	}

	// sigmoid JVP from the saved output (two reads, one write: the add pattern) and fused
	// from x, at n = 1e6 (24 MB for float64: in the L3 cache).
	for _, n := range []int{1000000} {
		size := sizeLabel(n)
		j := Case{Op: "sigmoid-jvp-f64", Size: size, Bytes: float64(24 * n), Elems: float64(n), Peak: PeakAdd, Baseline: "go"}
		j.Setup = func() func() {
			x := Arrays[float64](3, n)
			for i := range x[0] {
				x[0][i], x[1][i] = 1/(1+math.Exp(-float64(i%40-20))), 1
			}
			return func() { kernels.SigmoidJVP(x[2], x[0], x[1]) }
		}
		gj := j
		gj.Impl = "go"
		gj.Setup = func() func() {
			x := Arrays[float64](3, n)
			s, v, d := x[0], x[1], x[2]
			return func() {
				for i := range d {
					d[i] = s[i] * (1 - s[i]) * v[i]
				}
			}
		}
		Register(append(MatkernLevelsMT(j, 8*n >= tune.ParMinBytes), gj)...)
		jx := Case{Op: "sigmoid-grad-f64", Size: size, Bytes: float64(24 * n), Elems: float64(n), Peak: PeakAdd}
		jx.Setup = func() func() {
			x := Arrays[float64](3, n)
			copy(x[0], expArgs[float64](n)[0])
			return func() { kernels.SigmoidGrad(x[2], x[0], x[1]) }
		}
		Register(MatkernLevelsMT(jx, 8*n >= tune.ParMinBytes)...)
	}

	// softmax forward, and forward + VJP, row-wise. Bytes count the minimum traffic:
	// forward reads x and writes s; forward + VJP also reads v and writes the gradient.
	for _, sh := range [][2]int{{1024, 1000}, {1, 1000000}} {
		rows, cols := sh[0], sh[1]
		size := map[int]string{1000: "1024x1000", 1000000: "1x1e6"}[cols]
		n := rows * cols
		for _, f32 := range []bool{false, true} {
			op, esz := "softmax-f64", 8
			if f32 {
				op, esz = "softmax-f32", 4
			}
			fwd := Case{Op: op, Size: size, Bytes: float64(2 * esz * n), Elems: float64(n), Peak: PeakCopy}
			both := Case{Op: op + "-vjp", Size: size, Bytes: float64(4 * esz * n), Elems: float64(n), Peak: PeakCopy}
			if f32 {
				fwd.Setup = func() func() {
					x, s := softmaxArgs32(rows, cols)
					return func() { kernels.Softmax32(s[0], x) }
				}
				both.Setup = func() func() {
					x, s := softmaxArgs32(rows, cols)
					return func() { kernels.Softmax32(s[0], x); kernels.SoftmaxVJP32(s[2], s[0], s[1]) }
				}
			} else {
				fwd.Setup = func() func() {
					x, s := softmaxArgs64(rows, cols)
					return func() { kernels.Softmax(s[0], x) }
				}
				both.Setup = func() func() {
					x, s := softmaxArgs64(rows, cols)
					return func() { kernels.Softmax(s[0], x); kernels.SoftmaxVJP(s[2], s[0], s[1]) }
				}
			}
			split := rows > 1 && esz*n >= tune.RowParMinBytes // rows of 1000 fit in tune.RowFitBytes
			Register(MatkernLevelsMT(fwd, split)...)
			Register(MatkernLevelsMT(both, split)...)
		}
	}

	// log-softmax forward, forward + VJP, and the fused cross-entropy head (one-hot
	// classes, mean reduction) on 1024×1000: the log-softmax passes and the loss/gradient.
	for _, f32 := range []bool{false, true} {
		const rows, cols = 1024, 1000
		n := rows * cols
		op, esz := "f64", 8
		if f32 {
			op, esz = "f32", 4
		}
		lf := Case{Op: "logsoftmax-" + op, Size: "1024x1000", Bytes: float64(2 * esz * n), Elems: float64(n), Peak: PeakCopy}
		lb := Case{Op: "logsoftmax-" + op + "-vjp", Size: "1024x1000", Bytes: float64(4 * esz * n), Elems: float64(n), Peak: PeakCopy}
		xe := Case{Op: "xent-" + op, Size: "1024x1000", Bytes: float64(2 * esz * n), Elems: float64(n), Peak: PeakCopy}
		classes := make([]int, rows)
		for i := range classes {
			classes[i] = (i * 37) % cols
		}
		if f32 {
			lf.Setup = func() func() {
				x, s := softmaxArgs32(rows, cols)
				return func() { kernels.LogSoftmax32(s[0], x) }
			}
			lb.Setup = func() func() {
				x, s := softmaxArgs32(rows, cols)
				return func() { kernels.LogSoftmax32(s[0], x); kernels.LogSoftmaxVJP32(s[2], s[0], s[1]) }
			}
			xe.Setup = func() func() {
				x, s := softmaxArgs32(rows, cols)
				return func() { kernels.SoftmaxCrossEntropy32(s[0], x, classes, kernels.Mean) }
			}
		} else {
			lf.Setup = func() func() {
				x, s := softmaxArgs64(rows, cols)
				return func() { kernels.LogSoftmax(s[0], x) }
			}
			lb.Setup = func() func() {
				x, s := softmaxArgs64(rows, cols)
				return func() { kernels.LogSoftmax(s[0], x); kernels.LogSoftmaxVJP(s[2], s[0], s[1]) }
			}
			xe.Setup = func() func() {
				x, s := softmaxArgs64(rows, cols)
				return func() { kernels.SoftmaxCrossEntropy(s[0], x, classes, kernels.Mean) }
			}
		}
		split := esz*n >= tune.ParMinBytes
		Register(MatkernLevelsMT(lf, split)...)
		Register(MatkernLevelsMT(lb, split)...)
		Register(MatkernLevels(xe)...)
	}
	return true
}()

// softmaxArgs64 returns rows×cols logits and three more matrices of that shape (the
// output, an upstream gradient, the input gradient).
func softmaxArgs64(rows, cols int) (blas64.General, [3]blas64.General) {
	a := Arrays[float64](4, rows*cols)
	copy(a[0], expArgs[float64](rows * cols)[0])
	for i := range a[2] {
		a[2][i] = float64(i%7) - 3
	}
	g := func(d []float64) blas64.General { return blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: d} }
	return g(a[0]), [3]blas64.General{g(a[1]), g(a[2]), g(a[3])}
}

func softmaxArgs32(rows, cols int) (blas32.General, [3]blas32.General) {
	a := Arrays[float32](4, rows*cols)
	copy(a[0], expArgs[float32](rows * cols)[0])
	for i := range a[2] {
		a[2][i] = float32(i%7) - 3
	}
	g := func(d []float32) blas32.General { return blas32.General{Rows: rows, Cols: cols, Stride: cols, Data: d} }
	return g(a[0]), [3]blas32.General{g(a[1]), g(a[2]), g(a[3])}
}

// expArgs returns an input array of n arguments spread over [−20, 20] (typical of
// activations: no overflow, no special values) and an output array.
func expArgs[T float32 | float64](n int) [][]T {
	x := Arrays[T](2, n)
	for i := range x[0] {
		x[0][i] = T(40*math.Mod(float64(i)*0.6180339887, 1) - 20)
	}
	return x
}
