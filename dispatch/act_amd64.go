//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	a := &t.Act
	a.ExpF64, a.ExpF32 = asm.ExpF64AVX2, asm.ExpF32AVX2
	a.SigmoidF64, a.SigmoidF32 = asm.SigmoidF64AVX2, asm.SigmoidF32AVX2
	a.SigmoidGradXF64, a.SigmoidGradXF32 = asm.SigmoidGradXF64AVX2, asm.SigmoidGradXF32AVX2
	a.SigmoidGradF64, a.SigmoidGradF32 = asm.SigmoidGradF64AVX2, asm.SigmoidGradF32AVX2
	a.SigmoidGradNTF64, a.SigmoidGradNTF32 = asm.SigmoidGradF64AVX2, asm.SigmoidGradF32AVX2
	a.SoftmaxMaxF64, a.SoftmaxMaxF32 = asm.SoftmaxMaxF64AVX2, asm.SoftmaxMaxF32AVX2
	a.SoftmaxExpSumF64, a.SoftmaxExpSumF32 = asm.SoftmaxExpSumF64AVX2, asm.SoftmaxExpSumF32AVX2
	a.SoftmaxScaleF64, a.SoftmaxScaleF32 = asm.SoftmaxScaleF64AVX2, asm.SoftmaxScaleF32AVX2
	a.SoftmaxDotF64, a.SoftmaxDotF32 = asm.SoftmaxDotF64AVX2, asm.SoftmaxDotF32AVX2
	a.SoftmaxJVPF64, a.SoftmaxJVPF32 = asm.SoftmaxJVPF64AVX2, asm.SoftmaxJVPF32AVX2
	a.SoftmaxRowF64, a.SoftmaxRowF32 = asm.SoftmaxRowF64AVX2, asm.SoftmaxRowF32AVX2
	a.SoftmaxJVPRowF64, a.SoftmaxJVPRowF32 = asm.SoftmaxJVPRowF64AVX2, asm.SoftmaxJVPRowF32AVX2
	a.SoftmaxLSEF64, a.SoftmaxLSEF32 = asm.SoftmaxLSEF64AVX2, asm.SoftmaxLSEF32AVX2
	a.SoftmaxLogVJPF64, a.SoftmaxLogVJPF32 = asm.SoftmaxLogVJPF64AVX2, asm.SoftmaxLogVJPF32AVX2
})

var _ = register(AVX512, func(t *Table) {
	a := &t.Act
	a.ExpF64, a.ExpF32 = asm.ExpF64AVX512, asm.ExpF32AVX512
	a.SigmoidF64, a.SigmoidF32 = asm.SigmoidF64AVX512, asm.SigmoidF32AVX512
	a.SigmoidGradXF64, a.SigmoidGradXF32 = asm.SigmoidGradXF64AVX512, asm.SigmoidGradXF32AVX512
	a.SigmoidGradF64, a.SigmoidGradF32 = asm.SigmoidGradF64AVX512, asm.SigmoidGradF32AVX512
	a.SigmoidGradNTF64, a.SigmoidGradNTF32 = asm.SigmoidGradNTF64AVX512, asm.SigmoidGradNTF32AVX512
	a.SoftmaxMaxF64, a.SoftmaxMaxF32 = asm.SoftmaxMaxF64AVX512, asm.SoftmaxMaxF32AVX512
	a.SoftmaxExpSumF64, a.SoftmaxExpSumF32 = asm.SoftmaxExpSumF64AVX512, asm.SoftmaxExpSumF32AVX512
	a.SoftmaxScaleF64, a.SoftmaxScaleF32 = asm.SoftmaxScaleF64AVX512, asm.SoftmaxScaleF32AVX512
	a.SoftmaxDotF64, a.SoftmaxDotF32 = asm.SoftmaxDotF64AVX512, asm.SoftmaxDotF32AVX512
	a.SoftmaxJVPF64, a.SoftmaxJVPF32 = asm.SoftmaxJVPF64AVX512, asm.SoftmaxJVPF32AVX512
	a.SoftmaxRowF64, a.SoftmaxRowF32 = asm.SoftmaxRowF64AVX512, asm.SoftmaxRowF32AVX512
	a.SoftmaxJVPRowF64, a.SoftmaxJVPRowF32 = asm.SoftmaxJVPRowF64AVX512, asm.SoftmaxJVPRowF32AVX512
	a.SoftmaxLSEF64, a.SoftmaxLSEF32 = asm.SoftmaxLSEF64AVX512, asm.SoftmaxLSEF32AVX512
	a.SoftmaxShiftF64, a.SoftmaxShiftF32 = asm.SoftmaxShiftF64AVX512, asm.SoftmaxShiftF32AVX512
	a.SoftmaxLogVJPF64, a.SoftmaxLogVJPF32 = asm.SoftmaxLogVJPF64AVX512, asm.SoftmaxLogVJPF32AVX512
})

// The network kernels with assembly (asm/nn_gen.go): ReLU and its mask, the tanh
// derivative and the bias epilogues; GELU and GELU′ around the level's sigmoid and
// tanh around its exp (asm/nnvec_amd64.go).
var _ = register(AVX2, func(t *Table) {
	a := &t.Act
	a.ReLUF64, a.ReLUF32 = asm.ReLUF64AVX2, asm.ReLUF32AVX2
	a.ReLUGradF64, a.ReLUGradF32 = asm.ReLUGradF64AVX2, asm.ReLUGradF32AVX2
	a.TanhGradF64, a.TanhGradF32 = asm.TanhGradF64AVX2, asm.TanhGradF32AVX2
	a.BiasF64, a.BiasF32 = asm.BiasF64AVX2, asm.BiasF32AVX2
	a.BiasReLUF64, a.BiasReLUF32 = asm.BiasReLUF64AVX2, asm.BiasReLUF32AVX2
	a.GELUF64, a.GELUF32 = asm.GELUF64AVX2, asm.GELUF32AVX2
	a.TanhF64, a.TanhF32 = asm.TanhF64AVX2, asm.TanhF32AVX2
	a.GELUGradF64, a.GELUGradF32 = asm.GELUGradF64AVX2, asm.GELUGradF32AVX2
})

var _ = register(AVX512, func(t *Table) {
	a := &t.Act
	a.ReLUF64, a.ReLUF32 = asm.ReLUF64AVX512, asm.ReLUF32AVX512
	a.ReLUGradF64, a.ReLUGradF32 = asm.ReLUGradF64AVX512, asm.ReLUGradF32AVX512
	a.TanhGradF64, a.TanhGradF32 = asm.TanhGradF64AVX512, asm.TanhGradF32AVX512
	a.BiasF64, a.BiasF32 = asm.BiasF64AVX512, asm.BiasF32AVX512
	a.BiasReLUF64, a.BiasReLUF32 = asm.BiasReLUF64AVX512, asm.BiasReLUF32AVX512
	a.GELUF64, a.GELUF32 = asm.GELUF64AVX512, asm.GELUF32AVX512
	a.TanhF64, a.TanhF32 = asm.TanhF64AVX512, asm.TanhF32AVX512
	a.GELUGradF64, a.GELUGradF32 = asm.GELUGradF64AVX512, asm.GELUGradF32AVX512
})
