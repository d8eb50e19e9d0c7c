package dispatch

import "github.com/matkern/matkern/asm"

// Act holds the exp and activation primitives (exp, sigmoid, softmax and their Jacobian products).
// Its fields are function values filled per level by register calls in this file and
// in act_amd64.go. The float64 and float32 forms of each primitive sit side by side;
// the asm package documents each one (its …Generic function is the specification).
type Act struct {
	// ExpF64 and ExpF32 set dst[i] = e^x[i]; every level returns the same bits.
	ExpF64 func(dst, x []float64)
	ExpF32 func(dst, x []float32)

	// SigmoidF64/F32 set dst[i] = σ(x[i]).
	SigmoidF64 func(dst, x []float64)
	SigmoidF32 func(dst, x []float32)
	// SigmoidGradXF64/F32 set dst[i] = σ'(x[i])·v[i] (the derivative from the input).
	SigmoidGradXF64 func(dst, x, v []float64)
	SigmoidGradXF32 func(dst, x, v []float32)
	// SigmoidGradF64/F32 set dst[i] = s[i](1 − s[i])·v[i] (from the saved output s).
	SigmoidGradF64 func(dst, s, v []float64)
	SigmoidGradF32 func(dst, s, v []float32)
	// SigmoidGradNTF64/F32 are SigmoidGradF64/F32 with non-temporal stores (the same
	// bits), for outputs larger than the caches; the plain form where the level has none.
	SigmoidGradNTF64 func(dst, s, v []float64)
	SigmoidGradNTF32 func(dst, s, v []float32)

	// Softmax row primitives: Max returns max x; ExpSum sets dst = exp(x − m) and
	// returns its sum; Scale sets dst = a·x; Dot returns ⟨a, b⟩; JVP sets dst = s ⊙ (v − d).
	SoftmaxMaxF64    func(x []float64) float64
	SoftmaxMaxF32    func(x []float32) float32
	SoftmaxExpSumF64 func(dst, x []float64, m float64) float64
	SoftmaxExpSumF32 func(dst, x []float32, m float32) float32
	SoftmaxScaleF64  func(dst, x []float64, a float64)
	SoftmaxScaleF32  func(dst, x []float32, a float32)
	SoftmaxDotF64    func(a, b []float64) float64
	SoftmaxDotF32    func(a, b []float32) float32
	SoftmaxJVPF64    func(dst, s, v []float64, d float64)
	SoftmaxJVPF32    func(dst, s, v []float32, d float32)
	// SoftmaxRowF64/F32 set dst = softmax(x) for one row (the three passes above in one
	// call where the level fuses them), prefetching next, the row to come.
	SoftmaxRowF64 func(dst, x, next []float64)
	SoftmaxRowF32 func(dst, x, next []float32)
	// SoftmaxJVPRowF64/F32 set dst = s ⊙ (v − ⟨s, v⟩) for one row (Dot and JVP in one
	// call where the level fuses them), prefetching ns and nv, the rows to come.
	SoftmaxJVPRowF64 func(dst, s, v, ns, nv []float64)
	SoftmaxJVPRowF32 func(dst, s, v, ns, nv []float32)
	// Log-softmax: LSE returns m = max x and Σ exp(x − m) without storing the
	// exponentials (prefetching next); Shift sets dst = (x − m) − c; LogVJP sets
	// dst = v − exp(y)·sv.
	SoftmaxLSEF64    func(x, next []float64) (m, sum float64)
	SoftmaxLSEF32    func(x, next []float32) (m, sum float32)
	SoftmaxShiftF64  func(dst, x []float64, m, c float64)
	SoftmaxShiftF32  func(dst, x []float32, m, c float32)
	SoftmaxLogVJPF64 func(dst, y, v []float64, sv float64)
	SoftmaxLogVJPF32 func(dst, y, v []float32, sv float32)

	// Network activations (asm/nn_generic.go): Tanh, ReLU and GELU set dst = f(x);
	// TanhGrad sets dst = (1 − t²)·v from the output t, ReLUGrad dst = v where y > 0
	// (else 0), GELUGrad dst = GELU′(x)·v from the input x.
	TanhF64, ReLUF64, GELUF64             func(dst, x []float64)
	TanhF32, ReLUF32, GELUF32             func(dst, x []float32)
	TanhGradF64, ReLUGradF64, GELUGradF64 func(dst, a, v []float64)
	TanhGradF32, ReLUGradF32, GELUGradF32 func(dst, a, v []float32)
	// Bias row epilogues: z += b, then y = z (Bias) or y = ReLU(z) (BiasReLU).
	BiasF64, BiasReLUF64 func(y, z, b []float64)
	BiasF32, BiasReLUF32 func(y, z, b []float32)
}

var _ = register(Generic, func(t *Table) {
	t.Act = Act{
		ExpF64: asm.ExpF64Generic,
		ExpF32: asm.ExpF32Generic,

		SigmoidF64:      asm.SigmoidF64Generic,
		SigmoidF32:      asm.SigmoidF32Generic,
		SigmoidGradXF64: asm.SigmoidGradXF64Generic,
		SigmoidGradXF32: asm.SigmoidGradXF32Generic,
		SigmoidGradF64:  asm.SigmoidGradF64Generic,
		SigmoidGradF32:  asm.SigmoidGradF32Generic,

		SigmoidGradNTF64: asm.SigmoidGradF64Generic,
		SigmoidGradNTF32: asm.SigmoidGradF32Generic,

		SoftmaxMaxF64:    asm.SoftmaxMaxF64Generic,
		SoftmaxMaxF32:    asm.SoftmaxMaxF32Generic,
		SoftmaxExpSumF64: asm.SoftmaxExpSumF64Generic,
		SoftmaxExpSumF32: asm.SoftmaxExpSumF32Generic,
		SoftmaxScaleF64:  asm.SoftmaxScaleF64Generic,
		SoftmaxScaleF32:  asm.SoftmaxScaleF32Generic,
		SoftmaxDotF64:    asm.SoftmaxDotF64Generic,
		SoftmaxDotF32:    asm.SoftmaxDotF32Generic,
		SoftmaxJVPF64:    asm.SoftmaxJVPF64Generic,
		SoftmaxJVPF32:    asm.SoftmaxJVPF32Generic,
		SoftmaxRowF64:    asm.SoftmaxRowF64Generic,
		SoftmaxRowF32:    asm.SoftmaxRowF32Generic,
		SoftmaxJVPRowF64: asm.SoftmaxJVPRowF64Generic,
		SoftmaxJVPRowF32: asm.SoftmaxJVPRowF32Generic,
		SoftmaxLSEF64:    asm.SoftmaxLSEF64Generic,
		SoftmaxLSEF32:    asm.SoftmaxLSEF32Generic,
		SoftmaxShiftF64:  asm.SoftmaxShiftF64Generic,
		SoftmaxShiftF32:  asm.SoftmaxShiftF32Generic,
		SoftmaxLogVJPF64: asm.SoftmaxLogVJPF64Generic,
		SoftmaxLogVJPF32: asm.SoftmaxLogVJPF32Generic,

		TanhF64: asm.TanhF64Generic, ReLUF64: asm.ReLUF64Generic, GELUF64: asm.GELUF64Generic,
		TanhF32: asm.TanhF32Generic, ReLUF32: asm.ReLUF32Generic, GELUF32: asm.GELUF32Generic,
		TanhGradF64: asm.TanhGradF64Generic, ReLUGradF64: asm.ReLUGradF64Generic, GELUGradF64: asm.GELUGradF64Generic,
		TanhGradF32: asm.TanhGradF32Generic, ReLUGradF32: asm.ReLUGradF32Generic, GELUGradF32: asm.GELUGradF32Generic,
		BiasF64: asm.BiasF64Generic, BiasReLUF64: asm.BiasReLUF64Generic,
		BiasF32: asm.BiasF32Generic, BiasReLUF32: asm.BiasReLUF32Generic,
	}
})
