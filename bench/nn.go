package bench

import (
	"math"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/kernels"
)

// The training cases, at the sizes of one batch-256 step of a 784-512-256-10 MLP: the
// bias-and-ReLU epilogue and the ReLU backward step on the 256×512 activations, the bias
// gradient (column sums) of a 256×512 δ, one Adam step on the first layer's 784·512 + 512
// parameters (float64 and float32) and one momentum-SGD step, and tanh and GELU at
// n = 1e5; against plain Go loops ("go") where one is the obvious alternative.
var _ = func() bool {
	const rows, cols = 256, 512
	const n = rows * cols
	gen := func(m int) [][]float64 {
		x := Arrays[float64](4, m)
		for k := range x {
			for i := range x[k] {
				x[k][i] = math.Sin(float64(i * (k + 3))) // in [−1, 1], both signs
			}
		}
		return x
	}
	mat := func(d []float64) blas64.General { return blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: d} }

	ba := Case{Op: "nn-biasact-relu-f64", Size: "256x512", Bytes: float64(3 * 8 * n), Elems: n, Peak: PeakCopy, Baseline: "go"}
	ba.Setup = func() func() {
		x := gen(n)
		z, y, b := mat(x[0]), mat(x[1]), x[2][:cols]
		return func() {
			kernels.BiasAct(y, z, b, kernels.ActReLU)
			for i := range b {
				b[i] = -b[i] // keep z bounded
			}
		}
	}
	gba := ba
	gba.Impl = "go"
	gba.Setup = func() func() {
		x := gen(n)
		z, y, b := x[0], x[1], x[2][:cols]
		return func() {
			for i := 0; i < rows; i++ {
				zr, yr := z[i*cols:(i+1)*cols], y[i*cols:(i+1)*cols]
				for j := range zr {
					zr[j] += b[j]
					yr[j] = math.Max(zr[j], 0)
				}
			}
			for i := range b {
				b[i] = -b[i]
			}
		}
	}
	Register(append(MatkernLevels(ba), gba)...)

	av := Case{Op: "nn-actvjp-relu-f64", Size: "256x512", Bytes: float64(3 * 8 * n), Elems: n, Peak: PeakAdd, Baseline: "go"}
	av.Setup = func() func() {
		x := gen(n)
		return func() { kernels.ActVJP(mat(x[2]), blas64.General{}, mat(x[0]), mat(x[1]), kernels.ActReLU) }
	}
	gav := av
	gav.Impl = "go"
	gav.Setup = func() func() {
		x := gen(n)
		y, g, d := x[0], x[1], x[2]
		return func() {
			for i := range d {
				if y[i] > 0 {
					d[i] = g[i]
				} else {
					d[i] = 0
				}
			}
		}
	}
	Register(append(MatkernLevels(av), gav)...)

	cs := Case{Op: "nn-colsums-f64", Size: "256x512", Bytes: float64(8 * n), Elems: n, Peak: PeakCopy, Baseline: "go"}
	cs.Setup = func() func() {
		x := gen(n)
		return func() { kernels.ColSums(x[1][:cols], mat(x[0]), 0) }
	}
	gcs := cs
	gcs.Impl = "go"
	gcs.Setup = func() func() {
		x := gen(n)
		a, d := x[0], x[1][:cols]
		return func() {
			clear(d)
			for i := 0; i < rows; i++ {
				for j, v := range a[i*cols : (i+1)*cols] {
					d[j] += v
				}
			}
		}
	}
	Register(append(MatkernLevels(cs), gcs)...)

	const np = 784*512 + 512
	ad := Case{Op: "nn-adam-f64", Size: "n=401920", Bytes: 7 * 8 * np, Elems: np, Peak: PeakCopy, Baseline: "go"}
	ad.Setup = func() func() {
		x := gen(np)
		clear(x[1])
		clear(x[2])
		t := 0
		return func() {
			t++
			kernels.Adam(x[0], x[1], x[2], x[3], kernels.AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: t})
		}
	}
	gad := ad
	gad.Impl = "go"
	gad.Setup = func() func() {
		x := gen(np)
		w, m, v, g := x[0], x[1], x[2], x[3]
		clear(m)
		clear(v)
		t := 0
		return func() {
			t++
			bc1, bc2 := 1-math.Pow(0.9, float64(t)), 1-math.Pow(0.999, float64(t))
			for i := range w {
				m[i] = 0.9*m[i] + 0.1*g[i]
				v[i] = 0.999*v[i] + 0.001*g[i]*g[i]
				w[i] -= 1e-3 * (m[i] / bc1) / (math.Sqrt(v[i]/bc2) + 1e-8)
			}
		}
	}
	Register(append(MatkernLevels(ad), gad)...)

	ad32 := Case{Op: "nn-adam-f32", Size: "n=401920", Bytes: 7 * 4 * np, Elems: np, Peak: PeakCopy}
	ad32.Setup = func() func() {
		x := Arrays[float32](4, np)
		for i := range x[0] {
			x[0][i], x[3][i] = float32(math.Sin(float64(i))), float32(math.Cos(float64(i)))
		}
		t := 0
		return func() {
			t++
			kernels.Adam32(x[0], x[1], x[2], x[3], kernels.AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: t})
		}
	}
	Register(MatkernLevels(ad32)...)

	sg := Case{Op: "nn-sgd-momentum-f64", Size: "n=401920", Bytes: 5 * 8 * np, Elems: np, Peak: PeakCopy}
	sg.Setup = func() func() {
		x := gen(np)
		clear(x[1])
		return func() { kernels.SGD(x[0], x[1], x[3], kernels.SGDParams{LR: 1e-3, Momentum: 0.9}) }
	}
	Register(MatkernLevels(sg)...)

	const na = 100000
	for _, c := range []struct {
		op string
		f  func(dst, x []float64)
		g  func(x float64) float64
	}{
		{"nn-tanh-f64", kernels.Tanh, math.Tanh},
		{"nn-gelu-f64", kernels.GELU, func(x float64) float64 {
			return 0.5 * x * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x)))
		}},
	} {
		k := Case{Op: c.op, Size: "n=1e5", Bytes: 16 * na, Elems: na, Peak: PeakCopy, Baseline: "go"}
		k.Setup = func() func() {
			x := gen(na)
			return func() { c.f(x[1], x[0]) }
		}
		gk := k
		gk.Impl = "go"
		gk.Setup = func() func() {
			x := gen(na)
			src, dst := x[0], x[1]
			return func() {
				for i, v := range src {
					dst[i] = c.g(v)
				}
			}
		}
		Register(append(MatkernLevels(k), gk)...)
	}
	return true
}()
