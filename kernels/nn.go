package kernels

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/view"
)

// The network activations tanh, ReLU and GELU, their derivatives, and the dense-layer
// epilogues: BiasAct (bias add and activation, fused), ActVJP (the activation's
// backward step) and ColSums (the bias gradient). The Jacobian of an elementwise f is
// diag(f′(x)), so its Jacobian-vector and vector-Jacobian products are the same map
// v ↦ f′(x) ⊙ v (docs/conventions.md); the …VJP functions compute it.
// Common rules for the flat functions: all slices have one length, else the function
// panics naming itself; dst may be exactly an input, any other overlap panics. Cost:
// one pass, O(n); large calls split across cores like Sigmoid.
// Code paths (package asm): ReLU, its mask, the tanh derivative and the identity and
// ReLU bias epilogues are flat generated assembly at AVX2 and AVX-512 (nn_gen.go), the
// same bits as the generic Go; Tanh runs the exp assembly and then generated assembly
// for its last steps, also the same bits; GELU and its derivative run the sigmoid
// assembly between generated steps (AVX-512) or Go steps (AVX2) (GELU: the same bits
// at AVX2, within 3 ULP, float32 4, of the generic code at AVX-512); ColSums runs the
// Hadamard family's add.

// Activation names an elementwise activation for the fused bias kernels.
type Activation int

const (
	ActIdentity Activation = iota // f(x) = x
	ActSigmoid                    // f(x) = σ(x) = 1/(1 + e^−x) (Sigmoid)
	ActTanh                       // f(x) = tanh(x) (Tanh)
	ActReLU                       // f(x) = max(x, 0) (ReLU)
	ActGELU                       // tanh form: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (GELU)
	numAct
)

// String returns the activation's name: "identity", "sigmoid", "tanh", "relu", "gelu",
// or "Activation(n)" for a value outside the list.
func (a Activation) String() string {
	switch a {
	case ActIdentity:
		return "identity"
	case ActSigmoid:
		return "sigmoid"
	case ActTanh:
		return "tanh"
	case ActReLU:
		return "relu"
	case ActGELU:
		return "gelu"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// Tanh sets dst[i] = tanh(x[i]): within 2 ULP of the correctly rounded value (float32:
// 1 ULP), the same bits at every level; tanh(±0) = ±0, tanh(±Inf) = ±1, NaN → NaN.
// Lengths and aliasing: dst and x have one length, else it panics naming itself; dst
// may be exactly x, any other overlap panics. One pass; large calls split across cores.
func Tanh(dst, x []float64) { actUnary("kernels.Tanh", dst, x, dispatch.Current().Act.TanhF64) }

// Tanh32 is Tanh for float32.
func Tanh32(dst, x []float32) { actUnary("kernels.Tanh32", dst, x, dispatch.Current().Act.TanhF32) }

// TanhVJP sets dst = v ⊙ (1 − t²) from the saved output t = tanh(x): dst[i] =
// (1 − t[i]·t[i])·v[i], each operation rounded, the same bits at every level. This is
// also the JVP (the Jacobian is diagonal).
// Lengths and aliasing: all three slices have one length, else it panics naming itself;
// dst may be exactly an input, any other overlap panics. One pass; large calls split
// across cores.
func TanhVJP(dst, t, v []float64) {
	actBinary("kernels.TanhVJP", "t", "v", dst, t, v, dispatch.Current().Act.TanhGradF64)
}

// TanhVJP32 is TanhVJP for float32.
func TanhVJP32(dst, t, v []float32) {
	actBinary("kernels.TanhVJP32", "t", "v", dst, t, v, dispatch.Current().Act.TanhGradF32)
}

// ReLU sets dst[i] = max(x[i], 0), precisely x[i] < 0 ? 0 : x[i]: NaN → NaN (the same
// NaN), ReLU(−0) = −0, ReLU(+Inf) = +Inf, ReLU(−Inf) = 0. Exact at every level.
// Lengths and aliasing: dst and x have one length, else it panics naming itself; dst
// may be exactly x, any other overlap panics. One pass; large calls split across cores.
func ReLU(dst, x []float64) { actUnary("kernels.ReLU", dst, x, reluF64(len(dst))) }

// ReLU32 is ReLU for float32.
func ReLU32(dst, x []float32) { actUnary("kernels.ReLU32", dst, x, reluF32(len(dst))) }

// ReLUVJP sets dst[i] = v[i] where y[i] > 0, else +0: the ReLU's vector-Jacobian (and
// Jacobian-vector) product, from its saved output y or its input x (the mask y > 0 is
// the same; at 0 the derivative is taken as 0). A NaN y gives 0; a NaN or infinite v
// passes where y > 0 and gives 0 elsewhere (a mask, not a product). Exact at every level.
// Lengths and aliasing: all three slices have one length, else it panics naming itself;
// dst may be exactly an input, any other overlap panics. One pass; large calls split
// across cores.
func ReLUVJP(dst, y, v []float64) {
	actBinary("kernels.ReLUVJP", "y", "v", dst, y, v, reluGradF64(len(dst)))
}

// ReLUVJP32 is ReLUVJP for float32.
func ReLUVJP32(dst, y, v []float32) {
	actBinary("kernels.ReLUVJP32", "y", "v", dst, y, v, reluGradF32(len(dst)))
}

// GELU sets dst[i] = GELU(x[i]), the tanh form 0.5·x·(1 + tanh(u)), u = √(2/π)(x +
// 0.044715x³), computed without cancellation as x·σ(2u) (the same function): within
// 4 + 4|w| ULP, w = 2u, of the correctly rounded value of that formula where |GELU(x)|
// is above 2^-1000 (float32: 2^-120, below which it is tiny, not accurate). The |w| term
// is the negative tail's: w carries a few roundings (x³ and the constants) and σ(w)
// magnifies a relative error δ of w to |w|δ there (measured: 2 ULP near 0, 34 at
// x = −5; the largest (ULP − 4)/|w| over 200,000 points in [−27, 0] was 3.10 in float64,
// at x ≈ −11.83, and 2.64 in float32, the same at every level). GELU(+Inf) = +Inf, GELU(−Inf) = −0, NaN → NaN.
// Lengths and aliasing: dst and x have one length, else it panics naming itself; dst
// may be exactly x, any other overlap panics. One pass; large calls split across cores.
func GELU(dst, x []float64) { actUnary("kernels.GELU", dst, x, dispatch.Current().Act.GELUF64) }

// GELU32 is GELU for float32.
func GELU32(dst, x []float32) { actUnary("kernels.GELU32", dst, x, dispatch.Current().Act.GELUF32) }

// GELUVJP sets dst = GELU′(x) ⊙ v from the INPUT x (the pre-activation), with
// GELU′(x) = σ(w) + x·w′·σ(w)(1 − σ(w)), w = 2u, w′ = 2√(2/π)(1 + 3·0.044715x²):
// within (4 + 4|w|)·ε·(|σ(w)| + |x·w′·σ′(w)|) of the exact value (GELU′ crosses zero
// near x ≈ −0.75, where only this absolute bound holds; the |w| term as for GELU), then
// times v with one rounding.
// GELU′(+Inf) = 1, GELU′(−Inf) = 0, NaN → NaN.
// Lengths and aliasing: all three slices have one length, else it panics naming itself;
// dst may be exactly an input, any other overlap panics. One pass; large calls split
// across cores.
func GELUVJP(dst, x, v []float64) {
	actBinary("kernels.GELUVJP", "x", "v", dst, x, v, dispatch.Current().Act.GELUGradF64)
}

// GELUVJP32 is GELUVJP for float32.
func GELUVJP32(dst, x, v []float32) {
	actBinary("kernels.GELUVJP32", "x", "v", dst, x, v, dispatch.Current().Act.GELUGradF32)
}

// BiasAct is the epilogue of a dense layer Z = X·W + b: for each row i,
// z[i,:] += b (b has z.Cols entries), then y = act(z) elementwise, so z keeps the
// pre-activation and y the activation. y may be exactly z (in place; then z's
// pre-activation is lost, which is fine for every act but GELU's backward, which needs
// it). y and z must have one shape and b length z.Cols, else it panics naming the
// function and the shapes; b must not overlap y or z, and y and z may not overlap
// partially. The sums z + b are exact IEEE additions and the activations are those of
// Sigmoid, Tanh, ReLU and GELU (the same accuracy). Cost: one pass over z and y.
func BiasAct(y, z blas64.General, b []float64, act Activation) {
	biasAct("kernels.BiasAct", view.F64(y), view.F64(z), b, act)
}

// BiasAct32 is BiasAct for float32.
func BiasAct32(y, z blas32.General, b []float32, act Activation) {
	biasAct("kernels.BiasAct32", view.F32(y), view.F32(z), b, act)
}

// ActVJP is the backward step through an activation: dst = g ⊙ act′, from the saved
// output y (identity: dst = g; sigmoid: y(1 − y)·g as SigmoidVJP; tanh: (1 − y²)·g as
// TanhVJP; ReLU: g where y > 0 as ReLUVJP) or, for GELU, from the pre-activation z
// (GELUVJP); the others ignore z, which may be the zero General, and GELU ignores y
// (likewise). dst may be exactly g or the matrix read; other overlap panics, and shapes
// must agree, else it panics naming the function and the shapes.
func ActVJP(dst, z, y, g blas64.General, act Activation) {
	actVJP("kernels.ActVJP", view.F64(dst), view.F64(z), view.F64(y), view.F64(g), act)
}

// ActVJP32 is ActVJP for float32.
func ActVJP32(dst, z, y, g blas32.General, act Activation) {
	actVJP("kernels.ActVJP32", view.F32(dst), view.F32(z), view.F32(y), view.F32(g), act)
}

// ColSums sets dst[j] = beta·dst[j] + Σᵢ a[i,j], the bias gradient of a dense layer
// (the sum of δ over the batch). The order is fixed, so every level returns the same
// bits: dst[j] = (…((β·dst[j] + a[0,j]) + a[1,j]) + …) + a[m−1,j], where β = 0 never
// reads dst (the sum starts from a[0,j]; an empty a gives 0) and β = 1 multiplies
// nothing. len(dst) must be a.Cols and dst must not overlap a, else it panics. Cost:
// one pass over a.
func ColSums(dst []float64, a blas64.General, beta float64) {
	colSums("kernels.ColSums", dst, view.F64(a), beta)
}

// ColSums32 is ColSums for float32.
func ColSums32(dst []float32, a blas32.General, beta float32) {
	colSums("kernels.ColSums32", dst, view.F32(a), beta)
}

// reluF64 returns the level's ReLU primitive for n elements: the generic loop below
// elemAsmMin, where the call costs more than it saves (the crossover measured for the
// Hadamard product, whose loop has the same shape and cost per element; the other
// activations run the level's code at every length, like Sigmoid, their generic code
// costing several nanoseconds per element).
func reluF64(n int) func(dst, x []float64) { return actTab(n).Act.ReLUF64 }
func reluF32(n int) func(dst, x []float32) { return actTab(n).Act.ReLUF32 }
func reluGradF64(n int) func(dst, y, v []float64) {
	return actTab(n).Act.ReLUGradF64
}
func reluGradF32(n int) func(dst, y, v []float32) {
	return actTab(n).Act.ReLUGradF32
}

// actTab returns the table for cheap per-element work on n elements.
func actTab(n int) *dispatch.Table {
	if n < elemAsmMin {
		return dispatch.TableFor(dispatch.Generic)
	}
	return dispatch.Current()
}

// actFns returns, from table t, act's forward primitive and its derivative product
// (from the output, or from the input for GELU).
func actFns[T view.Float](t *dispatch.Table, act Activation) (fwd func(dst, x []T), grad func(dst, a, v []T)) {
	a := &t.Act
	if view.Is32[T]() {
		fs := [...]func(dst, x []float32){ActSigmoid: a.SigmoidF32, ActTanh: a.TanhF32, ActReLU: a.ReLUF32, ActGELU: a.GELUF32}
		gs := [...]func(dst, a, v []float32){ActSigmoid: a.SigmoidGradF32, ActTanh: a.TanhGradF32, ActReLU: a.ReLUGradF32, ActGELU: a.GELUGradF32}
		return any(fs[act]).(func(dst, x []T)), any(gs[act]).(func(dst, a, v []T))
	}
	fs := [...]func(dst, x []float64){ActSigmoid: a.SigmoidF64, ActTanh: a.TanhF64, ActReLU: a.ReLUF64, ActGELU: a.GELUF64}
	gs := [...]func(dst, a, v []float64){ActSigmoid: a.SigmoidGradF64, ActTanh: a.TanhGradF64, ActReLU: a.ReLUGradF64, ActGELU: a.GELUGradF64}
	return any(fs[act]).(func(dst, x []T)), any(gs[act]).(func(dst, a, v []T))
}

// biasFn returns the fused bias epilogue for identity or ReLU from table t.
func biasFn[T view.Float](t *dispatch.Table, act Activation) func(y, z, b []T) {
	a := &t.Act
	if view.Is32[T]() {
		f := a.BiasF32
		if act == ActReLU {
			f = a.BiasReLUF32
		}
		return any(f).(func(y, z, b []T))
	}
	f := a.BiasF64
	if act == ActReLU {
		f = a.BiasReLUF64
	}
	return any(f).(func(y, z, b []T))
}

func checkAct(fn string, act Activation) {
	if act < 0 || act >= numAct {
		actPanicf(fn, "unknown activation %v", act)
	}
}

func biasAct[T view.Float](fn string, y, z view.Matrix[T], b []T, act Activation) {
	checkAct(fn, act)
	view.SameShape(fn, "y", y, "z", z)
	if len(b) != z.Cols { // the message is built only on failure (it allocates)
		view.WantLen(fn, "b", b, z.Cols, fmt.Sprintf("the columns of z (%s)", z.Shape()))
	}
	noPartialOverlapMat(fn, "y", y, "z", z)
	view.NoOverlap(fn, "y", y.Span(), "b", b)
	view.NoOverlap(fn, "z", z.Span(), "b", b)
	if z.Rows == 0 || z.Cols == 0 {
		return
	}
	if !parallel(z.Rows * z.Cols * view.SizeOf[T]()) {
		biasActRows(y, z, b, act, 0, z.Rows)
		return
	}
	par.For(blocked.Threads(), z.Rows, 1, func(lo, hi int) { biasActRows(y, z, b, act, lo, hi) })
}

// biasActRows runs BiasAct on rows [lo, hi): the fused epilogue for identity and ReLU,
// else the bias add and the activation's primitive, row by row (the row stays in L1).
func biasActRows[T view.Float](y, z view.Matrix[T], b []T, act Activation, lo, hi int) {
	t := actTab(z.Cols)
	if act == ActIdentity || act == ActReLU {
		f := biasFn[T](t, act)
		for i := lo; i < hi; i++ {
			f(y.Row(i), z.Row(i), b)
		}
		return
	}
	add := binFn[T](t, opAdd)
	fwd, _ := actFns[T](dispatch.Current(), act)
	for i := lo; i < hi; i++ {
		zr := z.Row(i)
		add(zr, zr, b)
		fwd(y.Row(i), zr)
	}
}

func actVJP[T view.Float](fn string, d, z, y, g view.Matrix[T], act Activation) {
	checkAct(fn, act)
	view.SameShape(fn, "dst", d, "g", g)
	noPartialOverlapMat(fn, "dst", d, "g", g)
	in, inName := y, "y"
	if act == ActGELU {
		in, inName = z, "z"
	}
	if act != ActIdentity {
		view.SameShape(fn, "dst", d, inName, in)
		noPartialOverlapMat(fn, "dst", d, inName, in)
	}
	if d.Rows == 0 || d.Cols == 0 {
		return
	}
	if act == ActIdentity {
		if exact, _ := view.Overlap(d.Span(), g.Span()); exact {
			return
		}
	} else if d.Contiguous() && in.Contiguous() && g.Contiguous() {
		_, f := actFns[T](dispatch.Current(), act)
		actBinary(fn, inName, "g", d.Span(), in.Span(), g.Span(), f)
		return
	}
	if !parallel(d.Rows * d.Cols * view.SizeOf[T]()) {
		actVJPRows(d, in, g, act, 0, d.Rows)
		return
	}
	par.For(blocked.Threads(), d.Rows, 1, func(lo, hi int) { actVJPRows(d, in, g, act, lo, hi) })
}

func actVJPRows[T view.Float](d, in, g view.Matrix[T], act Activation, lo, hi int) {
	if act == ActIdentity {
		for i := lo; i < hi; i++ {
			copy(d.Row(i), g.Row(i))
		}
		return
	}
	_, f := actFns[T](dispatch.Current(), act) // the flat VJPs' choice: the same results
	for i := lo; i < hi; i++ {
		f(d.Row(i), in.Row(i), g.Row(i))
	}
}

func colSums[T view.Float](fn string, dst []T, a view.Matrix[T], beta T) {
	view.Check(fn, "a", a)
	if len(dst) != a.Cols {
		view.WantLen(fn, "dst", dst, a.Cols, fmt.Sprintf("the columns of a (%s)", a.Shape()))
	}
	view.NoOverlap(fn, "dst", dst, "a", a.Span())
	if a.Cols == 0 {
		return
	}
	if a.Rows == 0 {
		if beta == 0 {
			clear(dst)
		} else if beta != 1 {
			pickSca[T](opScale, len(dst))(dst, beta, dst)
		}
		return
	}
	if !parallel(a.Rows * a.Cols * view.SizeOf[T]()) {
		colSumsPart(dst, a, beta, 0, a.Cols)
		return
	}
	par.For(blocked.Threads(), a.Cols, parAlign, func(lo, hi int) { colSumsPart(dst, a, beta, lo, hi) })
}

// colSumsPart runs ColSums on the columns [lo, hi): β·dst (or the first row), then every
// row added in order.
func colSumsPart[T view.Float](dst []T, a view.Matrix[T], beta T, lo, hi int) {
	add := pickBin[T](opAdd, hi-lo, 0)
	d := dst[lo:hi]
	r0 := 0
	switch beta {
	case 0:
		copy(d, a.Row(0)[lo:hi])
		r0 = 1
	case 1:
	default:
		pickSca[T](opScale, hi-lo)(d, beta, d)
	}
	for i := r0; i < a.Rows; i++ {
		add(d, d, a.Row(i)[lo:hi])
	}
}
