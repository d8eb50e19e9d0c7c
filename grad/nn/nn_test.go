package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/kernels"
)

var allActs = []kernels.Activation{kernels.ActIdentity, kernels.ActSigmoid, kernels.ActTanh, kernels.ActReLU, kernels.ActGELU}

// randMatrix returns an r×c matrix (stride c+pad) of normal entries from seed.
func randMatrix[T Float](r, c, pad int, seed uint64) Matrix[T] {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := Matrix[T]{Rows: r, Cols: c, Stride: c + pad, Data: make([]T, r*(c+pad))}
	for i := range m.Data {
		m.Data[i] = T(rng.NormFloat64())
	}
	return m
}

func randClasses(n, k int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 9))
	c := make([]int, n)
	for i := range c {
		c[i] = rng.IntN(k)
	}
	return c
}

// clone returns a network of m's architecture with m's parameters.
func clone[T Float](m *MLP[T]) *MLP[T] {
	acts := make([]kernels.Activation, len(m.Layers))
	for i, l := range m.Layers {
		acts[i] = l.Act
	}
	c := New[T](m.Loss, m.Sizes(), acts...)
	copy(c.Params, m.Params)
	return c
}

// lossOf runs Forward and the network's loss on x.
func lossOf[T Float](m *MLP[T], x Matrix[T], classes []int, t Matrix[T]) float64 {
	m.Forward(x)
	if m.Loss == SoftmaxCrossEntropy {
		return m.LossLabels(classes)
	}
	return m.LossTarget(t)
}

// Tolerances of the gradient checks. float64: 1e-6 relative, grad.Check's default
// (these differences are good to about 1e-9 relative; a direction along which the loss
// barely moves, |df| ≈ 1e-9, reaches a few 1e-7 from rounding alone). float32: 5e-2
// (grad.Check's default is 3e-2: at the float32 step ε^(1/3)·max(1, |x|) ≈ 5e-3 a
// difference keeps two to three digits, and ReLU pre-activations within the step of
// their kink at 0 cost a few percent more).
func tolOf[T Float]() float64 {
	if is32[T]() {
		return 5e-2
	}
	return 1e-6
}

// checkNet checks the parameter gradients and the input gradient of a network
// 5–7–6–out (activation act on every layer but, for cross-entropy, the last) on a batch
// of 9 rows whose stride has padding, against grad.Check.
func checkNet[T Float](t *testing.T, loss Loss, act, outAct kernels.Activation, seed uint64) {
	t.Helper()
	out := 4
	m := New[T](loss, []int{5, 7, 6, out}, act, act, outAct)
	m.Init(InitXavier, seed)
	for i := m.NumWeights(); i < len(m.Params); i++ {
		m.Params[i] = T(0.1 * math.Sin(float64(i))) // non-zero biases, so that they matter
	}
	m.KeepInputGrad = true
	x := randMatrix[T](9, 5, 3, seed+1)
	classes := randClasses(9, out, seed+2)
	target := randMatrix[T](9, out, 0, seed+3)
	lossOf(m, x, classes, target)
	m.Backward()
	name := fmt.Sprintf("%T %v %v/%v", T(0), loss, act, outAct)
	opt := grad.CheckOptions{Tol: tolOf[T](), Directions: 8, Seed: seed}
	ev := clone(m)
	fp := func(p []T) float64 {
		copy(ev.Params, p)
		return lossOf(ev, x, classes, target)
	}
	if _, err := grad.Check(fp, m.Params, m.Grads, opt); err != nil {
		t.Errorf("%s: parameters: %v", name, err)
	}
	// ∂L/∂X: x has padding, so check on the packed values.
	dx := m.InputGrad()
	xs, gs := make([]T, 9*5), make([]T, 9*5)
	for i := range 9 {
		copy(xs[5*i:], x.Row(i))
		copy(gs[5*i:], dx.Row(i))
	}
	ev = clone(m)
	fx := func(v []T) float64 {
		return lossOf(ev, Matrix[T]{Rows: 9, Cols: 5, Stride: 5, Data: v}, classes, target)
	}
	if _, err := grad.Check(fx, xs, gs, opt); err != nil {
		t.Errorf("%s: input: %v", name, err)
	}
}

func TestGradients(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) { testGradients(t) })
}

func testGradients(t *testing.T) {
	for i, act := range allActs {
		seed := uint64(10 + i)
		checkNet[float64](t, SoftmaxCrossEntropy, act, kernels.ActIdentity, seed)
		checkNet[float32](t, SoftmaxCrossEntropy, act, kernels.ActIdentity, seed)
		checkNet[float64](t, MeanSquaredError, act, act, seed)
		checkNet[float32](t, MeanSquaredError, act, act, seed)
	}
	// Cross-entropy on activated outputs: the loss gradient goes through the last VJP.
	checkNet[float64](t, SoftmaxCrossEntropy, kernels.ActTanh, kernels.ActSigmoid, 30)
	checkNet[float64](t, SoftmaxCrossEntropy, kernels.ActReLU, kernels.ActGELU, 31)
}

// TestSingleLayer checks one dense layer on its own for each activation (so that a
// wrong layer gradient cannot hide behind another), including a batch of one row.
func TestSingleLayer(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) { testSingleLayer(t) })
}

func testSingleLayer(t *testing.T) {
	for _, act := range allActs {
		for _, rows := range []int{1, 4} {
			m := New[float64](MeanSquaredError, []int{3, 5}, act)
			m.Init(InitXavier, 3)
			copy(m.Params[m.NumWeights():], []float64{0.3, -0.2, 0.1, 0.5, -0.4})
			x := randMatrix[float64](rows, 3, 0, 4)
			tg := randMatrix[float64](rows, 5, 0, 5)
			lossOf(m, x, nil, tg)
			m.Backward()
			ev := clone(m)
			f := func(p []float64) float64 {
				copy(ev.Params, p)
				return lossOf(ev, x, nil, tg)
			}
			if _, err := grad.Check(f, m.Params, m.Grads, grad.CheckOptions{Tol: 1e-7}); err != nil {
				t.Errorf("%v, %d rows: %v", act, rows, err)
			}
		}
	}
}

func TestMSEValue(t *testing.T) {
	m := New[float64](MeanSquaredError, []int{2, 2}, kernels.ActIdentity)
	copy(m.Params, []float64{1, 0, 0, 1, 0.5, -0.5}) // W = I, b = (0.5, −0.5)
	x := Matrix[float64]{Rows: 2, Cols: 2, Stride: 2, Data: []float64{1, 2, 3, 4}}
	tg := Matrix[float64]{Rows: 2, Cols: 2, Stride: 2, Data: []float64{1, 1, 1, 1}}
	m.Forward(x)
	// y = (1.5, 1.5; 3.5, 3.5); y − t = (0.5, 0.5; 2.5, 2.5); L = (0.25·2 + 6.25·2)/4.
	if got, want := m.LossTarget(tg), 13.0/4; math.Abs(got-want) > 1e-15 {
		t.Errorf("loss %v, want %v", got, want)
	}
}

// TestEmptyBatch: a batch of zero rows gives loss 0 and zero gradients.
func TestEmptyBatch(t *testing.T) {
	for _, loss := range []Loss{SoftmaxCrossEntropy, MeanSquaredError} {
		m := New[float64](loss, []int{3, 4, 2}, kernels.ActReLU, kernels.ActIdentity)
		for i := range m.Grads {
			m.Grads[i] = 1
		}
		x := Matrix[float64]{Rows: 0, Cols: 3, Stride: 3}
		if y := m.Forward(x); y.Rows != 0 || y.Cols != 2 {
			t.Fatalf("%v: output %s", loss, y.Shape())
		}
		l := 0.0
		if loss == SoftmaxCrossEntropy {
			l = m.LossLabels(nil)
		} else {
			l = m.LossTarget(Matrix[float64]{Rows: 0, Cols: 2, Stride: 2})
		}
		m.Backward()
		if l != 0 || slices.ContainsFunc(m.Grads, func(g float64) bool { return g != 0 }) {
			t.Errorf("%v: loss %v, gradients %v", loss, l, m.Grads)
		}
	}
}

func TestFromGonum(t *testing.T) {
	g := blas64.General{Rows: 2, Cols: 3, Stride: 4, Data: make([]float64, 8)}
	if m := From64(g); m.Rows != 2 || m.Cols != 3 || m.Stride != 4 || &m.Data[0] != &g.Data[0] {
		t.Errorf("From64: %+v", m)
	}
	h := blas32.General{Rows: 1, Cols: 2, Stride: 2, Data: make([]float32, 2)}
	if m := From32(h); m.Rows != 1 || m.Cols != 2 || &m.Data[0] != &h.Data[0] {
		t.Errorf("From32: %+v", m)
	}
}
