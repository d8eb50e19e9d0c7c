package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/internal/view"
	"github.com/matkern/matkern/kernels"
)

// Float is the element type of a network: float32 or float64.
type Float interface{ float32 | float64 }

// Matrix is a Rows×Cols row-major view with a stride, element (i, j) at
// Data[i*Stride+j]: the layout of gonum's blas64.General and blas32.General, with the
// same field names; From64 and From32 view gonum matrices without copying.
type Matrix[T Float] = view.Matrix[T]

// From64 views a gonum float64 matrix as a Matrix, without copying.
func From64(g blas64.General) Matrix[float64] { return view.F64(g) }

// From32 views a gonum float32 matrix as a Matrix, without copying.
func From32(g blas32.General) Matrix[float32] { return view.F32(g) }

// Loss names the loss a network is trained on.
type Loss int

const (
	// SoftmaxCrossEntropy is the mean over the batch of −log softmax(yᵢ)[cᵢ], where yᵢ is
	// row i of the network's output (the logits: use kernels.ActIdentity on the last
	// layer) and cᵢ its class; computed fused with its gradient by
	// kernels.SoftmaxCrossEntropy (∂L/∂y = (softmax(y) − onehot(c))/N).
	SoftmaxCrossEntropy Loss = iota
	// MeanSquaredError is L = (1/(N·K))·Σᵢⱼ (yᵢⱼ − tᵢⱼ)² for an N×K output y and target
	// t, with ∂L/∂y = (2/(N·K))·(y − t).
	MeanSquaredError
)

// String returns the loss's name, such as "softmax-cross-entropy".
func (l Loss) String() string {
	switch l {
	case SoftmaxCrossEntropy:
		return "softmax-cross-entropy"
	case MeanSquaredError:
		return "mean-squared-error"
	}
	return fmt.Sprintf("Loss(%d)", int(l))
}

// Dense is one fully connected layer, Y = act(X·W + 1·bᵀ) on a batch X of rows
// (N×In): W is In×Out, stored row-major (W[i, j] connects input i to output j, at
// W.Data[i*Out+j]), so that the forward pass is one GEMM X·W with neither operand
// transposed. This is docs/conventions.md's zᵈ = Wᵈaᵈ⁻¹ + bᵈ with the batch as rows: W here is
// (Wᵈ)ᵀ. W, B, GradW and GradB are views into the network's Params and Grads.
type Dense[T Float] struct {
	In, Out int
	Act     kernels.Activation
	W       Matrix[T] // In×Out, Stride = Out
	B       []T       // Out
	GradW   Matrix[T] // ∂L/∂W after Backward, In×Out
	GradB   []T       // ∂L/∂b after Backward, Out
}

// MLP is a multilayer perceptron: a sequence of Dense layers and a loss.
//
// Use: Forward(x), then LossLabels(classes) or LossTarget(t), then Backward(); or
// TrainStep, which also applies the Optimizer. The parameters of every layer are one
// flat slice, Params = [W₁ W₂ … W_L b₁ b₂ … b_L] (each W row-major In×Out), and the
// gradients Grads have the same layout, so an optimizer updates the whole network with
// one kernel call for the weights and one for the biases.
//
// Workspaces (every layer's activations and deltas) are sized for the largest batch
// seen (or Reserve); a smaller batch uses leading views of them, so steady-state
// training allocates nothing. The arithmetic runs in blocked.Gemm (Gemm32), which uses
// blocked.Threads() cores for large products, and in package kernels; results are the
// same bits for any thread count. An MLP is not safe for concurrent use. The values of
// Params may be set freely (Init, Load, or by hand); the layers' shapes and activations
// are fixed by New.
type MLP[T Float] struct {
	Layers []Dense[T]
	Loss   Loss
	Params []T // [all weights, layer by layer | all biases, layer by layer]
	Grads  []T // ∂L/∂Params after Backward, same layout

	// Optimizer is what TrainStep applies (nil: TrainStep panics).
	Optimizer Optimizer[T]
	// KeepInputGrad makes Backward also compute ∂L/∂X, returned by InputGrad.
	KeepInputGrad bool

	be      *backend[T]
	nw      int // number of weights: Params[:nw] are weights, Params[nw:] biases
	capRows int // rows the workspaces hold
	ws      []layerWork[T]
	dx      []T
	scalar  []T // 1×1 result of the squared-norm GEMM

	x     Matrix[T] // input of the last Forward
	rows  int       // its rows
	stage int       // 0 nothing, 1 forward done, 2 loss gradient ready, 3 backward done
}

// layerWork holds one layer's per-batch buffers, capRows×Out each: pre is the
// pre-activation z (only kept separately for GELU, whose derivative needs z; for the
// other activations z is overwritten by y), act is y = act(z), delta is ∂L/∂z.
type layerWork[T Float] struct {
	pre, act, delta []T
}

// New returns a network with layer widths sizes (sizes[0] inputs, sizes[len−1]
// outputs, at least one layer) and an activation per layer (len(sizes)−1 of them; for
// SoftmaxCrossEntropy the last is normally kernels.ActIdentity), initialized by
// Init(InitAuto, 1). It panics on a size < 1, a wrong number of activations, an unknown
// activation or loss.
func New[T Float](loss Loss, sizes []int, acts ...kernels.Activation) *MLP[T] {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("nn.New: %d sizes, want at least 2 (inputs and outputs)", len(sizes)))
	}
	if len(acts) != len(sizes)-1 {
		panic(fmt.Sprintf("nn.New: %d activations for %d layers", len(acts), len(sizes)-1))
	}
	if loss != SoftmaxCrossEntropy && loss != MeanSquaredError {
		panic(fmt.Sprintf("nn.New: unknown loss %d", int(loss)))
	}
	nw, nb := 0, 0
	for i, s := range sizes {
		if s < 1 {
			panic(fmt.Sprintf("nn.New: sizes[%d] = %d, want ≥ 1", i, s))
		}
		if i > 0 {
			if _, ok := actCode(acts[i-1]); !ok {
				panic(fmt.Sprintf("nn.New: layer %d: unknown activation %d", i, int(acts[i-1])))
			}
			nw += sizes[i-1] * s
			nb += s
		}
	}
	m := &MLP[T]{Loss: loss, be: backendOf[T](), nw: nw,
		Params: make([]T, nw+nb), Grads: make([]T, nw+nb), scalar: make([]T, 1)}
	m.Layers = make([]Dense[T], len(sizes)-1)
	w, b := 0, nw
	for l := range m.Layers {
		in, out := sizes[l], sizes[l+1]
		m.Layers[l] = Dense[T]{In: in, Out: out, Act: acts[l],
			W:     Matrix[T]{Rows: in, Cols: out, Stride: out, Data: m.Params[w : w+in*out : w+in*out]},
			GradW: Matrix[T]{Rows: in, Cols: out, Stride: out, Data: m.Grads[w : w+in*out : w+in*out]},
			B:     m.Params[b : b+out : b+out], GradB: m.Grads[b : b+out : b+out]}
		w, b = w+in*out, b+out
	}
	m.Init(InitAuto, 1)
	return m
}

// Sizes returns the layer widths, inputs first.
func (m *MLP[T]) Sizes() []int {
	s := []int{m.Layers[0].In}
	for _, l := range m.Layers {
		s = append(s, l.Out)
	}
	return s
}

// NumWeights returns how many of Params are weights (the rest, Params[NumWeights():],
// are the biases).
func (m *MLP[T]) NumWeights() int { return m.nw }

// Init names a weight initialization.
type Init int

const (
	// InitAuto is InitHe for layers with ReLU or GELU and InitXavier otherwise.
	InitAuto Init = iota
	// InitXavier (Glorot uniform): W uniform in [−a, a), a = √(6/(In+Out)).
	InitXavier
	// InitHe (He normal): W normal with mean 0 and standard deviation √(2/In).
	InitHe
)

// Init sets every weight from a math/rand/v2 PCG source seeded with seed (the same
// seed gives the same network) by the scheme s, layer by layer, and every bias to 0.
func (m *MLP[T]) Init(s Init, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	for _, l := range m.Layers {
		scheme := s
		if scheme == InitAuto {
			scheme = InitXavier
			if l.Act == kernels.ActReLU || l.Act == kernels.ActGELU {
				scheme = InitHe
			}
		}
		switch scheme {
		case InitXavier:
			a := math.Sqrt(6 / float64(l.In+l.Out))
			for i := range l.W.Data {
				l.W.Data[i] = T(a * (2*rng.Float64() - 1))
			}
		case InitHe:
			sd := math.Sqrt(2 / float64(l.In))
			for i := range l.W.Data {
				l.W.Data[i] = T(sd * rng.NormFloat64())
			}
		default:
			panic(fmt.Sprintf("nn.MLP.Init: unknown scheme %d", int(s)))
		}
	}
	clear(m.Params[m.nw:])
}

// Reserve sizes the workspaces for batches of up to rows rows (Forward grows them when
// it meets a larger batch; Reserve does it ahead, so that no step allocates).
func (m *MLP[T]) Reserve(rows int) {
	if rows <= m.capRows && m.ws != nil {
		return
	}
	m.ws = make([]layerWork[T], len(m.Layers))
	for l, d := range m.Layers {
		w := &m.ws[l]
		w.act = make([]T, rows*d.Out)
		w.delta = make([]T, rows*d.Out)
		w.pre = w.act
		if d.Act == kernels.ActGELU {
			w.pre = make([]T, rows*d.Out)
		}
	}
	if m.KeepInputGrad {
		m.dx = make([]T, rows*m.Layers[0].In)
	}
	m.capRows = rows
	m.stage = 0
}

// rowsOf views the first n rows of a buffer of cols columns.
func rowsOf[T Float](buf []T, n, cols int) Matrix[T] {
	return Matrix[T]{Rows: n, Cols: cols, Stride: cols, Data: buf[: n*cols : n*cols]}
}

// input returns what layer l reads: the batch for l = 0, else layer l−1's output.
func (m *MLP[T]) input(l int) Matrix[T] {
	if l == 0 {
		return m.x
	}
	return rowsOf(m.ws[l-1].act, m.rows, m.Layers[l-1].Out)
}

// Forward runs the network on the batch x (N×In, any stride ≥ In) and returns its
// output (N×Out of the last layer; the logits for SoftmaxCrossEntropy), a view of a
// workspace valid until the next Forward. Per layer: Z = X·W (one GEMM), then
// Y = act(Z + 1·bᵀ) (kernels.BiasAct, in place unless the activation is GELU).
// x must not change before Backward, which reads it. It panics if x.Cols ≠ In.
func (m *MLP[T]) Forward(x Matrix[T]) Matrix[T] {
	in := m.Layers[0].In
	if x.Cols != in || x.Rows < 0 || x.Stride < max(1, x.Cols) || (x.Rows > 0 && len(x.Data) < (x.Rows-1)*x.Stride+x.Cols) {
		panic(fmt.Sprintf("nn.MLP.Forward: x is %d×%d (stride %d, %d elements), want N×%d", x.Rows, x.Cols, x.Stride, len(x.Data), in))
	}
	m.Reserve(x.Rows)
	m.x, m.rows = x, x.Rows
	for l, d := range m.Layers {
		w := &m.ws[l]
		z := rowsOf(w.pre, m.rows, d.Out)
		y := rowsOf(w.act, m.rows, d.Out)
		m.be.gemm(blas.NoTrans, blas.NoTrans, 1, m.input(l), d.W, 0, z)
		m.be.biasAct(y, z, d.B, d.Act)
	}
	m.stage = 1
	return m.Output()
}

// Output returns the output of the last Forward (see Forward).
func (m *MLP[T]) Output() Matrix[T] {
	last := len(m.Layers) - 1
	return rowsOf(m.ws[last].act, m.rows, m.Layers[last].Out)
}

// LossLabels returns the SoftmaxCrossEntropy loss of the last Forward's output against
// the classes (one per row, in [0, Out)) and sets the output gradient Backward starts
// from. It panics if the network's loss is not SoftmaxCrossEntropy, if no Forward came
// first, or on a wrong number of classes or a class out of range.
func (m *MLP[T]) LossLabels(classes []int) float64 {
	m.needStage("nn.MLP.LossLabels", 1)
	if m.Loss != SoftmaxCrossEntropy {
		panic(fmt.Sprintf("nn.MLP.LossLabels: the network's loss is %v (use LossTarget)", m.Loss))
	}
	if len(classes) != m.rows {
		panic(fmt.Sprintf("nn.MLP.LossLabels: %d classes for a batch of %d rows", len(classes), m.rows))
	}
	last := len(m.Layers) - 1
	g := rowsOf(m.ws[last].delta, m.rows, m.Layers[last].Out)
	loss := m.be.ce(g, m.Output(), classes)
	m.outputVJP()
	return loss
}

// LossTarget returns the MeanSquaredError loss of the last Forward's output y against
// the target t (N×Out) and sets the output gradient Backward starts from: D = Y − T
// (kernels.SubMat), L = ⟨D, D⟩/(N·Out) (a 1×1 GEMM of D's flat rows), ∂L/∂Y = 2D/(N·Out)
// (kernels.Scale). It panics if the loss is not MeanSquaredError, if no Forward came
// first, or if t's shape differs from the output's.
func (m *MLP[T]) LossTarget(t Matrix[T]) float64 {
	m.needStage("nn.MLP.LossTarget", 1)
	if m.Loss != MeanSquaredError {
		panic(fmt.Sprintf("nn.MLP.LossTarget: the network's loss is %v (use LossLabels)", m.Loss))
	}
	y := m.Output()
	if t.Rows != y.Rows || t.Cols != y.Cols {
		panic(fmt.Sprintf("nn.MLP.LossTarget: target is %s, output is %s", t.Shape(), y.Shape()))
	}
	last := len(m.Layers) - 1
	n := m.rows * m.Layers[last].Out
	d := rowsOf(m.ws[last].delta, m.rows, m.Layers[last].Out)
	m.be.subMat(d, y, t)
	loss := 0.0
	if n > 0 {
		flat := rowsOf(d.Data, 1, n)
		m.be.gemm(blas.NoTrans, blas.Trans, 1, flat, flat, 0, rowsOf(m.scalar, 1, 1))
		loss = float64(m.scalar[0]) / float64(n)
		m.be.scale(d.Data, T(2/float64(n)), d.Data)
	}
	m.outputVJP()
	return loss
}

// outputVJP turns ∂L/∂Y of the last layer (in its delta buffer) into ∂L/∂Z.
func (m *MLP[T]) outputVJP() {
	last := len(m.Layers) - 1
	m.actVJP(last)
	m.stage = 2
}

// actVJP sets delta_l = delta_l ⊙ act′ (kernels.ActVJP, from the saved output, or from
// z for GELU); nothing to do for the identity.
func (m *MLP[T]) actVJP(l int) {
	d := m.Layers[l]
	if d.Act == kernels.ActIdentity {
		return
	}
	w := m.ws[l]
	g := rowsOf(w.delta, m.rows, d.Out)
	var z, y Matrix[T] // ActVJP reads y, or z for GELU, and ignores the other
	if d.Act == kernels.ActGELU {
		z = rowsOf(w.pre, m.rows, d.Out)
	} else {
		y = rowsOf(w.act, m.rows, d.Out)
	}
	m.be.actVJP(g, z, y, g, d.Act)
}

// Backward propagates the loss gradient set by LossLabels or LossTarget through the
// layers and overwrites Grads with ∂L/∂Params (and, with KeepInputGrad, sets ∂L/∂X).
// Per layer, from the last, with δ = ∂L/∂Z (N×Out) and X the layer's input:
// ∂L/∂W = Xᵀ·δ (GEMM, A transposed), ∂L/∂b = 1ᵀδ (kernels.ColSums), and for the layer
// below ∂L/∂X = δ·Wᵀ (GEMM, B transposed) followed by its activation's VJP
// (kernels.ActVJP, in place). It panics unless a loss was computed since the last
// Forward.
func (m *MLP[T]) Backward() {
	m.needStage("nn.MLP.Backward", 2)
	for l := len(m.Layers) - 1; l >= 0; l-- {
		d := m.Layers[l]
		delta := rowsOf(m.ws[l].delta, m.rows, d.Out)
		m.be.gemm(blas.Trans, blas.NoTrans, 1, m.input(l), delta, 0, d.GradW)
		m.be.colSums(d.GradB, delta, 0)
		switch {
		case l > 0:
			m.be.gemm(blas.NoTrans, blas.Trans, 1, delta, d.W, 0, rowsOf(m.ws[l-1].delta, m.rows, d.In))
			m.actVJP(l - 1)
		case m.KeepInputGrad:
			if len(m.dx) < m.capRows*d.In {
				m.dx = make([]T, m.capRows*d.In)
			}
			m.be.gemm(blas.NoTrans, blas.Trans, 1, delta, d.W, 0, rowsOf(m.dx, m.rows, d.In))
		}
	}
	m.stage = 3
}

// InputGrad returns ∂L/∂X (N×In) computed by the last Backward with KeepInputGrad set,
// a view of a workspace. It panics if there is none.
func (m *MLP[T]) InputGrad() Matrix[T] {
	if m.stage != 3 || !m.KeepInputGrad {
		panic("nn.MLP.InputGrad: no input gradient (set KeepInputGrad, then Forward, a loss and Backward)")
	}
	return rowsOf(m.dx, m.rows, m.Layers[0].In)
}

func (m *MLP[T]) needStage(fn string, s int) {
	if m.stage < s {
		what := [...]string{"", "Forward", "LossLabels or LossTarget"}[s]
		panic(fmt.Sprintf("%s: call %s first", fn, what))
	}
	if s == 2 && m.stage != 2 {
		panic(fmt.Sprintf("%s: call a loss after each Forward first", fn))
	}
}

// TrainStep does one optimization step on the batch x with classes (the
// SoftmaxCrossEntropy loss): Forward, LossLabels, Backward, then Optimizer.Step. It
// returns the loss before the update. It panics if Optimizer is nil.
func (m *MLP[T]) TrainStep(x Matrix[T], classes []int) float64 {
	m.needOptimizer("nn.MLP.TrainStep")
	m.Forward(x)
	loss := m.LossLabels(classes)
	m.Backward()
	m.Optimizer.Step(m.Params, m.Grads, m.nw)
	return loss
}

// TrainStepTarget is TrainStep for the MeanSquaredError loss against targets t.
func (m *MLP[T]) TrainStepTarget(x, t Matrix[T]) float64 {
	m.needOptimizer("nn.MLP.TrainStepTarget")
	m.Forward(x)
	loss := m.LossTarget(t)
	m.Backward()
	m.Optimizer.Step(m.Params, m.Grads, m.nw)
	return loss
}

func (m *MLP[T]) needOptimizer(fn string) {
	if m.Optimizer == nil {
		panic(fn + ": no Optimizer set")
	}
}
