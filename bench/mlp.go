package bench

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/grad/nn"
	"github.com/matkern/matkern/internal/view"
	"github.com/matkern/matkern/kernels"
)

// The MLP cases. "mlp-step-f64" and "mlp-step-f32" time one training step (forward,
// softmax cross-entropy, backward, Adam) of a ReLU network on a batch, size
// "b<batch>:<widths>", 6·batch·Σ(In·Out) flops:
//
//   - level (and level-mt on every core): grad/nn's MLP.TrainStep, fused epilogues;
//   - "unfused" ("unfused-mt"): the same step from unfused matkern calls: GEMM, then a
//     bias add per row (kernels.Add), then kernels.ReLU into another buffer; the bias
//     gradient as a GEMM with a row of ones; kernels.ReLUVJP; kernels.Adam per tensor;
//   - "gonum": gonum's mat.Dense products (float32: its native Sgemm) and plain Go loops
//     for the rest (loopMLP), on one core: the runner pins GOMAXPROCS to 1 around it, as
//     gonum's GEMM would otherwise spread over both cores;
//   - "openblas" ("openblas-mt", build tag openblas): the same plain Go loops with the
//     GEMMs by cblas_sgemm/cblas_dgemm on one thread (on blocked.Threads() threads);
//   - "gemm" ("gemm-mt"): only the step's eight GEMMs, the same shapes: the rate the
//     others are compared with (RateBaseline; the -mt cases with gemm-mt).
//
// "dense-fwd-f32" (b256, 784→512, ReLU) times one layer's forward: the GEMM and the
// fused kernels.BiasAct32, against the bare GEMM ("gemm") and GEMM + per-row add +
// ReLU ("unfused").
var _ = func() bool {
	for _, s := range mlpShapes {
		registerMLPStep[float64](s.batch, s.sizes)
		registerMLPStep[float32](s.batch, s.sizes)
	}
	registerDenseFwd(256, 784, 512)
	return true
}()

// mlpShapes are the mlp-step problems: batch and layer widths.
var mlpShapes = []struct {
	batch int
	sizes []int
}{{256, []int{784, 512, 256, 10}}}

// mlpLabel formats "b256:784-512-256-10".
func mlpLabel(batch int, sizes []int) string {
	w := make([]string, len(sizes))
	for i, s := range sizes {
		w[i] = fmt.Sprint(s)
	}
	return fmt.Sprintf("b%d:%s", batch, strings.Join(w, "-"))
}

// mlpFlops is 6·batch·Σ(In·Out): forward X·W, backward Xᵀ·δ and δ·Wᵀ.
func mlpFlops(batch int, sizes []int) float64 {
	f := 0.0
	for l := 1; l < len(sizes); l++ {
		f += 6 * float64(batch) * float64(sizes[l-1]) * float64(sizes[l])
	}
	return f
}

func registerMLPStep[T view.Float](batch int, sizes []int) {
	op, peak := "mlp-step-f64", PeakFMA64
	if view.Is32[T]() {
		op, peak = "mlp-step-f32", PeakFMA32
	}
	flops := mlpFlops(batch, sizes)
	base := Case{Op: op, Size: mlpLabel(batch, sizes), Flops: flops, Peak: peak, Baseline: "gemm", RateBaseline: true}
	for _, c := range MatkernLevelsMT(base, true) {
		if c.Threads > 1 {
			c.Baseline = "gemm-mt"
		}
		c.Extra = c.Level == dispatch.Generic // the plain-Go GEMM takes a second per step
		c.Setup = func() func() { return newMLPImpl[T]("matkern", batch, sizes).step }
		Register(c)
	}
	for _, impl := range []string{"unfused", "gemm"} {
		for _, th := range mlpThreads() {
			c := base
			c.Impl, c.Threads = impl, th
			if th > 1 {
				c.Impl, c.Baseline = impl+"-mt", "gemm-mt"
			}
			if impl == "gemm" {
				c.Baseline, c.RateBaseline = "", false
			}
			c.Setup = func() func() { return newMLPImpl[T](impl, batch, sizes).step }
			Register(c)
		}
	}
	g := base
	g.Impl, g.Threads = "gonum", 1
	g.Setup = func() func() { return newMLPImpl[T]("gonum", batch, sizes).step }
	Register(g)
}

// mlpImpl is one implementation of the training step on one problem: a ReLU network
// (identity output) with the given widths, a batch of inputs and classes, Adam.
type mlpImpl[T view.Float] struct {
	step   func()
	params func() []T // every W then every b, after the steps taken (for the tests)
}

// mlpProblem returns the deterministic inputs, classes and initial weights (uniform,
// scaled by √(3/In): He-like) and biases (small) of a problem.
func mlpProblem[T view.Float](batch int, sizes []int) (x view.Matrix[T], classes []int, w [][]T, b [][]T) {
	x = view.Matrix[T]{Rows: batch, Cols: sizes[0], Stride: sizes[0], Data: make([]T, batch*sizes[0])}
	gemmFill(x.Data, 1)
	k := sizes[len(sizes)-1]
	classes = make([]int, batch)
	for i := range classes {
		classes[i] = (i*7 + i/3) % k
	}
	for l := 1; l < len(sizes); l++ {
		wl := make([]T, sizes[l-1]*sizes[l])
		gemmFill(wl, 10+l)
		s := T(math.Sqrt(3 / float64(sizes[l-1])))
		for i := range wl {
			wl[i] *= s
		}
		bl := make([]T, sizes[l])
		gemmFill(bl, 20+l)
		for i := range bl {
			bl[i] *= 0.1
		}
		w, b = append(w, wl), append(b, bl)
	}
	return x, classes, w, b
}

var mlpAdam = kernels.AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}

func newMLPImpl[T view.Float](impl string, batch int, sizes []int) mlpImpl[T] {
	switch impl {
	case "matkern":
		return matkernMLP[T](batch, sizes)
	case "gonum":
		return gonumMLP[T](batch, sizes)
	}
	return unfusedMLP[T](batch, sizes, impl == "gemm")
}

func matkernMLP[T view.Float](batch int, sizes []int) mlpImpl[T] {
	x, classes, w, b := mlpProblem[T](batch, sizes)
	switch any(x).(type) {
	case view.Matrix[float64]:
		m := newNet[float64](sizes, any(w).([][]float64), any(b).([][]float64))
		x := any(x).(view.Matrix[float64])
		return mlpImpl[T]{step: func() { m.TrainStep(x, classes) }, params: func() []T { return any(m.Params).([]T) }}
	default:
		m := newNet[float32](sizes, any(w).([][]float32), any(b).([][]float32))
		x := any(x).(view.Matrix[float32])
		return mlpImpl[T]{step: func() { m.TrainStep(x, classes) }, params: func() []T { return any(m.Params).([]T) }}
	}
}

func newNet[T float32 | float64](sizes []int, w, b [][]T) *nn.MLP[T] {
	acts := make([]kernels.Activation, len(sizes)-1)
	for i := range acts {
		acts[i] = kernels.ActReLU
	}
	acts[len(acts)-1] = kernels.ActIdentity
	m := nn.New[T](nn.SoftmaxCrossEntropy, sizes, acts...)
	for l := range m.Layers {
		copy(m.Layers[l].W.Data, w[l])
		copy(m.Layers[l].B, b[l])
	}
	opt := nn.NewAdam[T](mlpAdam.LR)
	opt.Beta1, opt.Beta2, opt.Eps = mlpAdam.Beta1, mlpAdam.Beta2, mlpAdam.Eps
	m.Optimizer = opt
	return m
}

// mlpBufs are the per-layer buffers of the hand-composed steps.
type mlpBufs[T view.Float] struct {
	x              view.Matrix[T]
	classes        []int
	w, b, dw, db   [][]T
	mw, vw, mb, vb [][]T
	z, a, d        []view.Matrix[T]
	ones           view.Matrix[T]
	sizes          []int
	step           int
}

func newMLPBufs[T view.Float](batch int, sizes []int) *mlpBufs[T] {
	x, classes, w, b := mlpProblem[T](batch, sizes)
	u := &mlpBufs[T]{x: x, classes: classes, w: w, b: b, sizes: sizes}
	u.ones = view.Matrix[T]{Rows: 1, Cols: batch, Stride: batch, Data: make([]T, batch)}
	for i := range u.ones.Data {
		u.ones.Data[i] = 1
	}
	mk := func(r, c int) view.Matrix[T] {
		return view.Matrix[T]{Rows: r, Cols: c, Stride: c, Data: make([]T, r*c)}
	}
	for l := 1; l < len(sizes); l++ {
		in, out := sizes[l-1], sizes[l]
		u.dw = append(u.dw, make([]T, in*out))
		u.mw = append(u.mw, make([]T, in*out))
		u.vw = append(u.vw, make([]T, in*out))
		u.db = append(u.db, make([]T, out))
		u.mb = append(u.mb, make([]T, out))
		u.vb = append(u.vb, make([]T, out))
		u.z, u.a, u.d = append(u.z, mk(batch, out)), append(u.a, mk(batch, out)), append(u.d, mk(batch, out))
	}
	return u
}

func (u *mlpBufs[T]) wm(l int) view.Matrix[T] {
	return view.Matrix[T]{Rows: u.sizes[l], Cols: u.sizes[l+1], Stride: u.sizes[l+1], Data: u.w[l]}
}

func (u *mlpBufs[T]) dwm(l int) view.Matrix[T] {
	return view.Matrix[T]{Rows: u.sizes[l], Cols: u.sizes[l+1], Stride: u.sizes[l+1], Data: u.dw[l]}
}

func (u *mlpBufs[T]) in(l int) view.Matrix[T] {
	if l == 0 {
		return u.x
	}
	return u.a[l-1]
}

func (u *mlpBufs[T]) params() []T {
	var p []T
	for _, w := range u.w {
		p = append(p, w...)
	}
	for _, b := range u.b {
		p = append(p, b...)
	}
	return p
}

// unfusedMLP composes the step from unfused matkern calls (or, with gemmOnly, does only
// its GEMMs).
func unfusedMLP[T view.Float](batch int, sizes []int, gemmOnly bool) mlpImpl[T] {
	u := newMLPBufs[T](batch, sizes)
	L := len(sizes) - 1
	mm := func(tA, tB blas.Transpose, a, b, c view.Matrix[T]) {
		switch a := any(a).(type) {
		case view.Matrix[float64]:
			blocked.Gemm(tA, tB, 1, view.General64(a), view.General64(any(b).(view.Matrix[float64])), 0, view.General64(any(c).(view.Matrix[float64])))
		case view.Matrix[float32]:
			blocked.Gemm32(tA, tB, 1, view.General32(a), view.General32(any(b).(view.Matrix[float32])), 0, view.General32(any(c).(view.Matrix[float32])))
		}
	}
	step := func() {
		for l := range L {
			mm(blas.NoTrans, blas.NoTrans, u.in(l), u.wm(l), u.z[l])
			if gemmOnly {
				continue
			}
			for i := range batch {
				kadd(u.z[l].Row(i), u.b[l])
			}
			if l < L-1 {
				krelu(u.a[l].Data, u.z[l].Data)
			}
		}
		if !gemmOnly {
			kce(u.d[L-1], u.z[L-1], u.classes) // the logits: the output layer is linear
		}
		u.step++
		for l := L - 1; l >= 0; l-- {
			mm(blas.Trans, blas.NoTrans, u.in(l), u.d[l], u.dwm(l))
			if !gemmOnly {
				mm(blas.NoTrans, blas.NoTrans, u.ones, u.d[l], view.Matrix[T]{Rows: 1, Cols: sizes[l+1], Stride: sizes[l+1], Data: u.db[l]})
			}
			if l > 0 {
				mm(blas.NoTrans, blas.Trans, u.d[l], u.wm(l), u.d[l-1])
				if !gemmOnly {
					kreluVJP(u.d[l-1].Data, u.a[l-1].Data, u.d[l-1].Data)
				}
			}
			if !gemmOnly {
				p := mlpAdam
				p.Step = u.step
				kadam(u.w[l], u.mw[l], u.vw[l], u.dw[l], p)
				kadam(u.b[l], u.mb[l], u.vb[l], u.db[l], p)
			}
		}
	}
	return mlpImpl[T]{step: step, params: u.params}
}

// The unfused matkern calls, by precision.
func kadd[T view.Float](dst, b []T) {
	switch d := any(dst).(type) {
	case []float64:
		kernels.Add(d, d, any(b).([]float64))
	case []float32:
		kernels.Add32(d, d, any(b).([]float32))
	}
}

func krelu[T view.Float](dst, x []T) {
	switch d := any(dst).(type) {
	case []float64:
		kernels.ReLU(d, any(x).([]float64))
	case []float32:
		kernels.ReLU32(d, any(x).([]float32))
	}
}

func kreluVJP[T view.Float](dst, y, v []T) {
	switch d := any(dst).(type) {
	case []float64:
		kernels.ReLUVJP(d, any(y).([]float64), any(v).([]float64))
	case []float32:
		kernels.ReLUVJP32(d, any(y).([]float32), any(v).([]float32))
	}
}

func kce[T view.Float](g, x view.Matrix[T], classes []int) {
	switch g := any(g).(type) {
	case view.Matrix[float64]:
		kernels.SoftmaxCrossEntropy(view.General64(g), view.General64(any(x).(view.Matrix[float64])), classes, kernels.Mean)
	case view.Matrix[float32]:
		kernels.SoftmaxCrossEntropy32(view.General32(g), view.General32(any(x).(view.Matrix[float32])), classes, kernels.Mean)
	}
}

func kadam[T view.Float](w, m, v, g []T, p kernels.AdamParams) {
	switch w := any(w).(type) {
	case []float64:
		kernels.Adam(w, any(m).([]float64), any(v).([]float64), any(g).([]float64), p)
	case []float32:
		kernels.Adam32(w, any(m).([]float32), any(v).([]float32), any(g).([]float32), p)
	}
}

// gonumMLP is the step on gonum: mat.Dense products for float64 (gonum's native BLAS;
// blas64.Use is left alone, so this is whatever implementation is installed, gonum's
// by default), its native Sgemm for float32, and plain loops for the rest (loopMLP).
func gonumMLP[T view.Float](batch int, sizes []int) mlpImpl[T] {
	var impl gonum.Implementation
	mm := func(tA, tB blas.Transpose, a, b, c view.Matrix[T]) {
		switch a := any(a).(type) {
		case view.Matrix[float64]:
			b, c := any(b).(view.Matrix[float64]), any(c).(view.Matrix[float64])
			var A, B mat.Matrix = mat.NewDense(a.Rows, a.Cols, a.Data), mat.NewDense(b.Rows, b.Cols, b.Data)
			if tA == blas.Trans {
				A = A.T()
			}
			if tB == blas.Trans {
				B = B.T()
			}
			mat.NewDense(c.Rows, c.Cols, c.Data).Mul(A, B)
		case view.Matrix[float32]:
			b, c := any(b).(view.Matrix[float32]), any(c).(view.Matrix[float32])
			m, k := a.Rows, a.Cols
			if tA == blas.Trans {
				m, k = k, m
			}
			impl.Sgemm(tA, tB, m, c.Cols, k, 1, a.Data, a.Stride, b.Data, b.Stride, 0, c.Data, c.Stride)
		}
	}
	return loopMLP(batch, sizes, mm)
}

// mlpGemm is C = op(A)·op(B) (α = 1, β = 0) for the step's products.
type mlpGemm[T view.Float] func(tA, tB blas.Transpose, a, b, c view.Matrix[T])

// loopMLP is the step as numpy would write it: its eight products by mm, and everything
// else (bias add and ReLU, softmax cross-entropy, the bias gradients as column sums, the
// ReLU derivative, Adam) as plain Go loops over the buffers, allocating nothing.
func loopMLP[T view.Float](batch int, sizes []int, mm mlpGemm[T]) mlpImpl[T] {
	u := newMLPBufs[T](batch, sizes)
	L := len(sizes) - 1
	step := func() {
		for l := range L {
			mm(blas.NoTrans, blas.NoTrans, u.in(l), u.wm(l), u.z[l])
			z, a, b := u.z[l], u.a[l], u.b[l]
			for i := range batch {
				zr, ar := z.Row(i), a.Row(i)
				for j := range zr {
					v := zr[j] + b[j]
					if l < L-1 && v < 0 {
						v = 0
					}
					ar[j] = v
				}
			}
		}
		// Softmax cross-entropy (mean): d = (softmax(a) − onehot)/N.
		out, d := u.a[L-1], u.d[L-1]
		for i := range batch {
			r, g := out.Row(i), d.Row(i)
			mx := r[0]
			for _, v := range r {
				mx = max(mx, v)
			}
			s := 0.0
			for j, v := range r {
				e := math.Exp(float64(v - mx))
				g[j] = T(e)
				s += e
			}
			for j := range g {
				g[j] = T(float64(g[j]) / s / float64(batch))
			}
			g[u.classes[i]] -= T(1 / float64(batch))
		}
		u.step++
		p := mlpAdam
		c1 := 1 - math.Pow(p.Beta1, float64(u.step))
		c2 := 1 - math.Pow(p.Beta2, float64(u.step))
		adam := func(w, m, v, g []T) {
			for i := range w {
				m[i] = T(p.Beta1)*m[i] + T(1-p.Beta1)*g[i]
				v[i] = T(p.Beta2)*v[i] + T(1-p.Beta2)*g[i]*g[i]
				w[i] -= T(p.LR * float64(m[i]) / c1 / (math.Sqrt(float64(v[i])/c2) + p.Eps))
			}
		}
		for l := L - 1; l >= 0; l-- {
			mm(blas.Trans, blas.NoTrans, u.in(l), u.d[l], u.dwm(l))
			db := u.db[l]
			clear(db)
			for i := range batch {
				for j, v := range u.d[l].Row(i) {
					db[j] += v
				}
			}
			if l > 0 {
				mm(blas.NoTrans, blas.Trans, u.d[l], u.wm(l), u.d[l-1])
				for i, y := range u.a[l-1].Data {
					if !(y > 0) {
						u.d[l-1].Data[i] = 0
					}
				}
			}
			adam(u.w[l], u.mw[l], u.vw[l], u.dw[l])
			adam(u.b[l], u.mb[l], u.vb[l], u.db[l])
		}
	}
	return mlpImpl[T]{step: step, params: u.params}
}

// mlpThreads is 1 and, if it is more, blocked.Threads().
func mlpThreads() []int {
	if th := blocked.Threads(); th > 1 {
		return []int{1, th}
	}
	return []int{1}
}

// registerDenseFwd registers dense-fwd-f32: Y = ReLU(X·W + b) for X batch×in.
func registerDenseFwd(batch, in, out int) {
	base := Case{Op: "dense-fwd-f32", Size: fmt.Sprintf("b%d:%d-%d:relu", batch, in, out),
		Flops: 2 * float64(batch) * float64(in) * float64(out), Peak: PeakFMA32, Baseline: "gemm", RateBaseline: true}
	operands := func() (x, w, z blas32.General, b []float32) {
		x = blas32.General{Rows: batch, Cols: in, Stride: in, Data: make([]float32, batch*in)}
		w = blas32.General{Rows: in, Cols: out, Stride: out, Data: make([]float32, in*out)}
		z = blas32.General{Rows: batch, Cols: out, Stride: out, Data: make([]float32, batch*out)}
		b = make([]float32, out)
		gemmFill(x.Data, 1)
		gemmFill(w.Data, 2)
		gemmFill(b, 3)
		return
	}
	for _, c := range MatkernLevelsMT(base, true) {
		if c.Threads > 1 {
			c.Baseline = "gemm-mt"
			c.Extra = c.Level == dispatch.Generic
		}
		c.Setup = func() func() {
			x, w, z, b := operands()
			return func() {
				blocked.Gemm32(blas.NoTrans, blas.NoTrans, 1, x, w, 0, z)
				kernels.BiasAct32(z, z, b, kernels.ActReLU)
			}
		}
		Register(c)
	}
	for _, th := range mlpThreads() {
		for _, impl := range []string{"gemm", "unfused"} {
			c := base
			c.Impl, c.Threads = impl, th
			if th > 1 {
				c.Impl += "-mt"
				c.Baseline = "gemm-mt"
			}
			if impl == "gemm" {
				c.Baseline, c.RateBaseline = "", false
			}
			c.Setup = func() func() {
				x, w, z, b := operands()
				return func() {
					blocked.Gemm32(blas.NoTrans, blas.NoTrans, 1, x, w, 0, z)
					if impl == "unfused" {
						for i := range batch {
							r := z.Data[i*out : (i+1)*out]
							kernels.Add32(r, r, b)
						}
						kernels.ReLU32(z.Data, z.Data)
					}
				}
			}
			Register(c)
		}
	}
}
