package kernels_test

import (
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
	"github.com/matkern/matkern/kernels"
)

// TestSmallCallsAllocateNothing checks, at every level, that calls below the sizes
// where work is split across cores allocate nothing: the elementwise, activation,
// softmax, Kronecker and transpose entry points, flat and on strided matrices.
func TestSmallCallsAllocateNothing(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		const n = 1000
		a, b, d := testutil.Slice[float64](r, n), testutil.Slice[float64](r, n), make([]float64, n)
		s := make([]float64, n)
		for i := range s {
			s[i] = 0.25 + 0.5*r.Float64()
		}
		strided := func(rows, cols int) blas64.General {
			return view.General64(testutil.GuardedMatrixCopy(testutil.Matrix[float64](r, rows, cols), cols+3, 1).M)
		}
		ma, mb, md := strided(40, 30), strided(40, 30), strided(40, 30)
		x, sm, v, g := strided(64, 64), strided(64, 64), strided(64, 64), strided(64, 64)
		kernels.Softmax(sm, x)
		ka, kb, kd := strided(8, 8), strided(8, 8), strided(64, 64)
		ta, td := strided(300, 200), strided(200, 300)
		calls := []struct {
			name string
			f    func()
		}{
			{"Hadamard", func() { kernels.Hadamard(d, a, b) }},
			{"HadamardMat", func() { kernels.HadamardMat(md, ma, mb) }},
			{"HadamardAdd", func() { kernels.HadamardAdd(d, a, b) }},
			{"Scale", func() { kernels.Scale(d, 2, a) }},
			{"ScaleMat", func() { kernels.ScaleMat(md, 2, ma) }},
			{"Axpy", func() { kernels.Axpy(d, 2, a) }},
			{"Exp", func() { kernels.Exp(d, a) }},
			{"Sigmoid", func() { kernels.Sigmoid(d, a) }},
			{"SigmoidJVP", func() { kernels.SigmoidJVP(d, s, a) }},
			{"SigmoidGrad", func() { kernels.SigmoidGrad(d, a, b) }},
			{"Softmax", func() { kernels.Softmax(g, x) }},
			{"LogSoftmax", func() { kernels.LogSoftmax(g, x) }},
			{"SoftmaxJVP", func() { kernels.SoftmaxJVP(g, sm, v) }},
			{"SoftmaxVJP", func() { kernels.SoftmaxVJP(g, sm, v) }},
			{"LogSoftmaxVJP", func() { kernels.LogSoftmaxVJP(g, sm, v) }},
			{"Kron", func() { kernels.Kron(kd, ka, kb) }},
			{"Transpose", func() { kernels.Transpose(td, ta) }},
			{"ReLU", func() { kernels.ReLU(d, a) }},
			{"ReLUVJP", func() { kernels.ReLUVJP(d, a, b) }},
			{"Tanh", func() { kernels.Tanh(d, a) }},
			{"TanhVJP", func() { kernels.TanhVJP(d, s, a) }},
			{"GELU", func() { kernels.GELU(d, a) }},
			{"GELUVJP", func() { kernels.GELUVJP(d, a, b) }},
			{"BiasAct relu", func() { kernels.BiasAct(md, ma, a[:30], kernels.ActReLU) }},
			{"BiasAct gelu", func() { kernels.BiasAct(md, ma, a[:30], kernels.ActGELU) }},
			{"ActVJP relu", func() { kernels.ActVJP(md, blas64.General{}, ma, mb, kernels.ActReLU) }},
			{"ActVJP gelu", func() { kernels.ActVJP(g, x, blas64.General{}, v, kernels.ActGELU) }},
			{"ActVJP identity", func() { kernels.ActVJP(md, blas64.General{}, blas64.General{}, mb, kernels.ActIdentity) }},
			{"ColSums", func() { kernels.ColSums(d[:30], ma, 1) }},
			{"SGD", func() { kernels.SGD(d, s, a, kernels.SGDParams{LR: 0.1, Momentum: 0.9}) }},
			{"Adam", func() { kernels.Adam(d, s, b, a, kernels.AdamParams{LR: 0.1, Beta1: 0.9, Beta2: 0.99, Step: 3}) }},
		}
		for _, c := range calls {
			if got := testing.AllocsPerRun(10, c.f); got != 0 {
				t.Errorf("%s: %v allocations per call, want 0", c.name, got)
			}
		}
	})
}
