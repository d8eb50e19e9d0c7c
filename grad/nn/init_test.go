package nn

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/matkern/matkern/kernels"
)

func TestInit(t *testing.T) {
	mk := func() *MLP[float64] {
		return New[float64](SoftmaxCrossEntropy, []int{300, 200, 10}, kernels.ActReLU, kernels.ActIdentity)
	}
	a, b := mk(), mk()
	if !slices.Equal(a.Params, b.Params) {
		t.Error("New is not reproducible")
	}
	b.Init(InitAuto, 2)
	if slices.Equal(a.Params, b.Params) {
		t.Error("another seed gave the same weights")
	}
	a.Init(InitAuto, 2)
	if !slices.Equal(a.Params, b.Params) {
		t.Error("Init is not reproducible")
	}
	// InitAuto: He normal on the ReLU layer (sd √(2/300)), Xavier uniform on the output
	// layer (bound √(6/210)); biases zero.
	w1, w2 := a.Layers[0].W.Data, a.Layers[1].W.Data
	if sd, want := rms(w1), math.Sqrt(2.0/300); math.Abs(sd/want-1) > 0.02 {
		t.Errorf("He: rms %.4g, want %.4g", sd, want)
	}
	bound := math.Sqrt(6.0 / 210)
	for _, v := range w2 {
		if math.Abs(v) > bound {
			t.Fatalf("Xavier: %v outside ±%v", v, bound)
		}
	}
	if r, want := rms(w2), bound/math.Sqrt(3); math.Abs(r/want-1) > 0.05 {
		t.Errorf("Xavier: rms %.4g, want %.4g", r, want)
	}
	for _, v := range a.Params[a.NumWeights():] {
		if v != 0 {
			t.Fatal("a bias is not zero")
		}
	}
	a.Init(InitXavier, 3)
	if r, want := rms(a.Layers[0].W.Data), math.Sqrt(6.0/500/3); math.Abs(r/want-1) > 0.02 {
		t.Errorf("InitXavier on the ReLU layer: rms %.4g, want %.4g", r, want)
	}
}

func rms(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

// TestOptimizers checks the wiring of the optimizers to the kernels: one plain SGD step
// is w − lr·g; weight decay reaches the weights and not the biases; Adam's first step
// moves each parameter by lr·g/(|g| + ε) (the bias-corrected m̂/√v̂ is g/|g|).
func TestOptimizers(t *testing.T) {
	w := []float64{1, 2, 3, 4, 5}
	g := []float64{0.5, -1, 2, 0.25, -4}
	const nw = 3 // three weights, two biases
	sgd := NewSGD[float64](0.1, 0, false)
	sgd.WeightDecay = 0.5
	p := slices.Clone(w)
	sgd.Step(p, g, nw)
	for i := range p {
		d := g[i]
		if i < nw {
			d += 0.5 * w[i]
		}
		if want := w[i] - 0.1*d; math.Abs(p[i]-want) > 1e-15 {
			t.Errorf("SGD: param %d = %v, want %v", i, p[i], want)
		}
	}
	// Momentum: the second step of heavy ball moves by lr·(μ·g + g) for a constant g.
	mom := NewSGD[float64](0.1, 0.9, false)
	p = slices.Clone(w)
	mom.Step(p, g, nw)
	mom.Step(p, g, nw)
	for i := range p {
		if want := w[i] - 0.1*g[i] - 0.1*(1.9*g[i]); math.Abs(p[i]-want) > 1e-14 {
			t.Errorf("SGD momentum: param %d = %v, want %v", i, p[i], want)
		}
	}
	nest := NewSGD[float64](0.1, 0.9, true)
	p = slices.Clone(w)
	nest.Step(p, g, nw)
	for i := range p {
		if want := w[i] - 0.1*(g[i]+0.9*g[i]); math.Abs(p[i]-want) > 1e-14 {
			t.Errorf("Nesterov: param %d = %v, want %v", i, p[i], want)
		}
	}
	for _, decoupled := range []bool{false, true} {
		a := NewAdam[float64](0.01)
		if decoupled {
			a = NewAdamW[float64](0.01, 0.1)
		}
		p = slices.Clone(w)
		a.Step(p, g, nw)
		for i := range p {
			want := w[i] - 0.01*g[i]/(math.Abs(g[i])+1e-8)
			if decoupled && i < nw {
				want = w[i]*(1-0.01*0.1) - 0.01*g[i]/(math.Abs(g[i])+1e-8)
			}
			if math.Abs(p[i]-want) > 1e-12 {
				t.Errorf("Adam (decoupled %v): param %d = %v, want %v", decoupled, i, p[i], want)
			}
		}
		if a.Steps() != 1 {
			t.Errorf("Steps = %d", a.Steps())
		}
	}
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if s, _ := r.(string); r == nil || !strings.Contains(s, want) {
			t.Errorf("panic %v, want one containing %q", r, want)
		}
	}()
	f()
}

func TestPanics(t *testing.T) {
	relu, id := kernels.ActReLU, kernels.ActIdentity
	mustPanic(t, "at least 2", func() { New[float64](SoftmaxCrossEntropy, []int{3}) })
	mustPanic(t, "1 activations for 2 layers", func() { New[float64](SoftmaxCrossEntropy, []int{3, 4, 2}, relu) })
	mustPanic(t, "sizes[1] = 0", func() { New[float64](SoftmaxCrossEntropy, []int{3, 0, 2}, relu, id) })
	mustPanic(t, "unknown activation", func() { New[float64](SoftmaxCrossEntropy, []int{3, 2}, kernels.Activation(42)) })
	mustPanic(t, "unknown loss", func() { New[float64](Loss(5), []int{3, 2}, id) })
	m := New[float64](SoftmaxCrossEntropy, []int{3, 4, 2}, relu, id)
	mustPanic(t, "call Forward first", func() { m.LossLabels(nil) })
	mustPanic(t, "want N×3", func() { m.Forward(Matrix[float64]{Rows: 2, Cols: 4, Stride: 4, Data: make([]float64, 8)}) })
	mustPanic(t, "want N×3", func() { m.Forward(Matrix[float64]{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 5)}) })
	x := Matrix[float64]{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}
	m.Forward(x)
	mustPanic(t, "call LossLabels or LossTarget first", func() { m.Backward() })
	mustPanic(t, "use LossLabels", func() { m.LossTarget(x) })
	mustPanic(t, "1 classes for a batch of 2", func() { m.LossLabels([]int{0}) })
	m.LossLabels([]int{0, 1})
	m.Backward()
	mustPanic(t, "call a loss after each Forward", func() { m.Backward() })
	mustPanic(t, "no Optimizer", func() { m.TrainStep(x, []int{0, 1}) })
	mustPanic(t, "no input gradient", func() { m.InputGrad() })
	m.KeepInputGrad = true // set after the workspaces exist: Backward allocates ∂L/∂X then
	m.Forward(x)
	m.LossLabels([]int{1, 0})
	m.Backward()
	if g := m.InputGrad(); g.Rows != 2 || g.Cols != 3 {
		t.Errorf("InputGrad is %s", g.Shape())
	}
	mustPanic(t, "another length", func() {
		o := NewAdam[float64](1)
		o.Step(make([]float64, 3), make([]float64, 3), 2)
		o.Step(make([]float64, 4), make([]float64, 4), 2)
	})
}
