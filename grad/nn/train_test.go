package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/kernels"
)

// spirals returns n points of each of two interleaved 2-D spirals (one and a half
// turns, radius 0.1 … 1, a little noise) and their classes, in a seeded order.
func spirals[T Float](n int, seed uint64) (Matrix[T], []int) {
	rng := rand.New(rand.NewPCG(seed, 3))
	x := Matrix[T]{Rows: 2 * n, Cols: 2, Stride: 2, Data: make([]T, 4*n)}
	c := make([]int, 2*n)
	for i := range 2 * n {
		k, j := i%2, i/2
		r := 0.1 + 0.9*float64(j)/float64(n)
		a := 3*math.Pi*float64(j)/float64(n) + math.Pi*float64(k)
		x.Data[2*i] = T(r*math.Cos(a) + 0.02*rng.NormFloat64())
		x.Data[2*i+1] = T(r*math.Sin(a) + 0.02*rng.NormFloat64())
		c[i] = k
	}
	return x, c
}

// TestTrainSpirals trains 2–32–32–2 (tanh, softmax cross-entropy, Adam 0.02) on 2×100
// spiral points, full batch, 300 steps: the loss must fall from ln 2 ≈ 0.69 to below
// 0.05 and every point be classified right.
func TestTrainSpirals(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		testTrainSpirals[float64](t)
		testTrainSpirals[float32](t)
	})
}

func testTrainSpirals[T Float](t *testing.T) {
	x, c := spirals[T](100, 1)
	m := New[T](SoftmaxCrossEntropy, []int{2, 32, 32, 2}, kernels.ActTanh, kernels.ActTanh, kernels.ActIdentity)
	m.Init(InitXavier, 2)
	m.Optimizer = NewAdam[T](0.02)
	var loss float64
	for range 300 {
		loss = m.TrainStep(x, c)
	}
	y := m.Forward(x)
	wrong := 0
	for i := range y.Rows {
		if (y.At(i, 1) > y.At(i, 0)) != (c[i] == 1) {
			wrong++
		}
	}
	t.Logf("%T: loss after 300 steps %.4g, %d of %d misclassified", T(0), loss, wrong, y.Rows)
	if !(loss < 0.05) || wrong > 0 {
		t.Errorf("%T: loss %.4g (want < 0.05), %d misclassified (want 0)", T(0), loss, wrong)
	}
}

// TestTrainRegression fits y = sin(3x) on [−1, 1] with 1–16–16–1 (GELU, mean squared
// error, SGD with Nesterov momentum 0.9, rate 0.05), 400 full-batch steps of 64
// points: the loss must fall below 0.01 (the target's variance is about 0.5).
func TestTrainRegression(t *testing.T) {
	const n = 64
	x := Matrix[float64]{Rows: n, Cols: 1, Stride: 1, Data: make([]float64, n)}
	y := Matrix[float64]{Rows: n, Cols: 1, Stride: 1, Data: make([]float64, n)}
	for i := range n {
		x.Data[i] = -1 + 2*float64(i)/(n-1)
		y.Data[i] = math.Sin(3 * x.Data[i])
	}
	m := New[float64](MeanSquaredError, []int{1, 16, 16, 1}, kernels.ActGELU, kernels.ActGELU, kernels.ActIdentity)
	m.Init(InitAuto, 5)
	m.Optimizer = NewSGD[float64](0.05, 0.9, true)
	var loss float64
	for range 400 {
		loss = m.TrainStepTarget(x, y)
	}
	t.Logf("loss after 400 steps %.4g", loss)
	if !(loss < 0.01) {
		t.Errorf("loss %.4g, want < 0.01", loss)
	}
}

// trainThreads trains a 400–512–256–10 ReLU network for 3 steps of 256 rows (and one of
// 100) at the given thread count and returns its parameters. The first layer's
// ∂W = Xᵀ·δ (400×512, k = 256) is large enough for blocked.Gemm to split. At the
// generic level (plain-Go GEMM, several times slower) it trains 400–512–10 for one
// step of each size.
func trainThreads[T Float](threads int, opt func() Optimizer[T]) []T {
	defer blocked.SetThreads(blocked.SetThreads(threads))
	sizes, acts, steps := []int{400, 512, 256, 10}, []kernels.Activation{kernels.ActReLU, kernels.ActReLU, kernels.ActIdentity}, 3
	if dispatch.Current().Level == dispatch.Generic {
		sizes, acts, steps = []int{400, 512, 10}, acts[1:], 1
	}
	m := New[T](SoftmaxCrossEntropy, sizes, acts...)
	m.Optimizer = opt()
	x := randMatrix[T](256, 400, 0, 1)
	c := randClasses(256, 10, 2)
	for range steps {
		m.TrainStep(x, c)
	}
	m.TrainStep(Matrix[T]{Rows: 100, Cols: 400, Stride: 400, Data: x.Data[:100*400]}, c[:100])
	return m.Params
}

func TestThreadsBitIdentical(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		testThreads(t, func() Optimizer[float64] { return NewAdam[float64](1e-3) })
		testThreads(t, func() Optimizer[float32] { return NewAdamW[float32](1e-3, 0.01) })
		testThreads(t, func() Optimizer[float64] { return NewSGD[float64](0.01, 0.9, false) })
	})
}

func testThreads[T Float](t *testing.T, opt func() Optimizer[T]) {
	p1 := trainThreads(1, opt)
	p2 := trainThreads(2, opt)
	for i := range p1 {
		if math.Float64bits(float64(p1[i])) != math.Float64bits(float64(p2[i])) {
			t.Fatalf("%T: parameter %d is %v with 1 thread, %v with 2", T(0), i, p1[i], p2[i])
		}
	}
}

// TestTrainStepAllocs checks that training steps allocate nothing once the workspaces
// and the optimizer state exist, for full batches and for a smaller last batch (views
// of the same workspaces), for every activation and both losses. A failure names the
// library calls that allocate on their own (kernelAllocs measures each), if any.
func TestTrainStepAllocs(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, _ dispatch.Level) {
		testAllocs[float64](t)
		testAllocs[float32](t)
	})
}

func testAllocs[T Float](t *testing.T) {
	x := randMatrix[T](128, 50, 0, 1)
	small := Matrix[T]{Rows: 37, Cols: 50, Stride: 50, Data: x.Data[:37*50]}
	c := randClasses(128, 10, 2)
	tg := randMatrix[T](128, 10, 0, 3)
	tgSmall := Matrix[T]{Rows: 37, Cols: 10, Stride: 10, Data: tg.Data[:370]}
	for _, opt := range []string{"adam", "sgd"} {
		newOpt := func() Optimizer[T] {
			if opt == "adam" {
				return NewAdam[T](1e-3)
			}
			return NewSGD[T](0.1, 0.9, true)
		}
		m := New[T](SoftmaxCrossEntropy, []int{50, 64, 48, 32, 10}, kernels.ActReLU, kernels.ActGELU, kernels.ActTanh, kernels.ActIdentity)
		m.Optimizer = newOpt()
		m.TrainStep(x, c)
		if a := testing.AllocsPerRun(20, func() {
			m.TrainStep(x, c)
			m.TrainStep(small, c[:37])
		}); a != 0 {
			t.Errorf("%T %s: %v allocations per pair of cross-entropy steps, want 0 (calls that allocate: %s)", T(0), opt, a, kernelAllocs())
		}
		r := New[T](MeanSquaredError, []int{50, 64, 10}, kernels.ActSigmoid, kernels.ActIdentity)
		r.Optimizer = newOpt()
		r.TrainStepTarget(x, tg)
		if a := testing.AllocsPerRun(20, func() {
			r.TrainStepTarget(x, tg)
			r.TrainStepTarget(small, tgSmall)
		}); a != 0 {
			t.Errorf("%T %s: %v allocations per pair of squared-error steps, want 0 (calls that allocate: %s)", T(0), opt, a, kernelAllocs())
		}
	}
}

// kernelAllocs lists the library calls of a training step that allocate on their own,
// with how many times per call, or "none".
func kernelAllocs() string {
	be := backendOf[float64]()
	z := Matrix[float64]{Rows: 8, Cols: 4, Stride: 4, Data: make([]float64, 32)}
	g := Matrix[float64]{Rows: 8, Cols: 4, Stride: 4, Data: make([]float64, 32)}
	w := Matrix[float64]{Rows: 4, Cols: 4, Stride: 4, Data: make([]float64, 16)}
	b, s, m2, v2, g2 := make([]float64, 4), make([]float64, 4), make([]float64, 4), make([]float64, 4), make([]float64, 4)
	classes := make([]int, 8)
	calls := map[string]func(){
		"gemm":    func() { be.gemm(blas.Trans, blas.NoTrans, 1, z, g, 0, w) },
		"biasAct": func() { be.biasAct(z, z, b, kernels.ActReLU) },
		"actVJP":  func() { be.actVJP(g, Matrix[float64]{}, z, g, kernels.ActReLU) },
		"colSums": func() { be.colSums(b, g, 0) },
		"ce":      func() { be.ce(g, z, classes) },
		"subMat":  func() { be.subMat(g, z, z) },
		"scale":   func() { be.scale(g.Data, 2, g.Data) },
		"adam":    func() { be.adam(b, m2, v2, g2, kernels.AdamParams{LR: 1, Step: 1}) },
		"sgd":     func() { be.sgd(b, s, g2, kernels.SGDParams{LR: 1, Momentum: 0.9}) },
	}
	var out []string
	for name, f := range calls {
		if n := testing.AllocsPerRun(10, f); n > 0 {
			out = append(out, fmt.Sprintf("%s %v", name, n))
		}
	}
	if out == nil {
		return "none"
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}
