package nn

import "github.com/matkern/matkern/kernels"

// Optimizer updates parameters from their gradients. Step receives a network's Params
// and Grads (the same layout) and nWeights, the number of leading entries that are
// weights: weight decay applies to those only, never to the biases after them. An
// optimizer keeps its state (velocities, moments) for one parameter vector, allocated
// at its first Step; use one optimizer per network.
type Optimizer[T Float] interface {
	Step(params, grads []T, nWeights int)
}

// SGD is stochastic gradient descent with optional momentum (heavy-ball or Nesterov)
// and L2 weight decay, one kernels.SGD (SGD32) call for the weights and one for the
// biases (with WeightDecay 0); the update rule is kernels.SGD's.
type SGD[T Float] struct {
	LR, Momentum, WeightDecay float64
	Nesterov                  bool

	vel []T
}

// NewSGD returns an SGD optimizer with learning rate lr and momentum (0 for plain SGD).
func NewSGD[T Float](lr, momentum float64, nesterov bool) *SGD[T] {
	return &SGD[T]{LR: lr, Momentum: momentum, Nesterov: nesterov}
}

// Step applies one update (see Optimizer).
func (o *SGD[T]) Step(params, grads []T, nWeights int) {
	o.vel = stateFor(o.vel, len(params), "nn.SGD.Step")
	be := backendOf[T]()
	p := kernels.SGDParams{LR: o.LR, Momentum: o.Momentum, WeightDecay: o.WeightDecay, Nesterov: o.Nesterov}
	be.sgd(params[:nWeights], o.vel[:nWeights], grads[:nWeights], p)
	p.WeightDecay = 0
	be.sgd(params[nWeights:], o.vel[nWeights:], grads[nWeights:], p)
}

// Adam is the Adam optimizer (Kingma and Ba), with L2 weight decay added to the
// gradient or, if Decoupled, applied to the weights directly (AdamW, Loshchilov and
// Hutter); one kernels.Adam (Adam32) call for the weights and one for the biases (with
// WeightDecay 0); bias-corrected moments, the update rule kernels.Adam's.
type Adam[T Float] struct {
	LR, Beta1, Beta2, Eps, WeightDecay float64
	Decoupled                          bool

	step int
	m, v []T
}

// NewAdam returns Adam with learning rate lr and the usual β₁ = 0.9, β₂ = 0.999,
// ε = 1e-8, no weight decay.
func NewAdam[T Float](lr float64) *Adam[T] {
	return &Adam[T]{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// NewAdamW returns NewAdam(lr) with decoupled weight decay wd (AdamW).
func NewAdamW[T Float](lr, wd float64) *Adam[T] {
	o := NewAdam[T](lr)
	o.WeightDecay, o.Decoupled = wd, true
	return o
}

// Steps returns how many steps the optimizer has taken.
func (o *Adam[T]) Steps() int { return o.step }

// Step applies one update (see Optimizer).
func (o *Adam[T]) Step(params, grads []T, nWeights int) {
	o.m = stateFor(o.m, len(params), "nn.Adam.Step")
	o.v = stateFor(o.v, len(params), "nn.Adam.Step")
	o.step++
	be := backendOf[T]()
	p := kernels.AdamParams{LR: o.LR, Beta1: o.Beta1, Beta2: o.Beta2, Eps: o.Eps,
		WeightDecay: o.WeightDecay, Step: o.step, Decoupled: o.Decoupled}
	w := nWeights
	be.adam(params[:w], o.m[:w], o.v[:w], grads[:w], p)
	p.WeightDecay = 0
	be.adam(params[w:], o.m[w:], o.v[w:], grads[w:], p)
}

// stateFor returns s, allocated (zero) on first use, and panics if a later call brings
// a parameter vector of another length.
func stateFor[T Float](s []T, n int, fn string) []T {
	if s == nil {
		return make([]T, n)
	}
	if len(s) != n {
		panic(fn + ": a parameter vector of another length than at the first step (one optimizer per network)")
	}
	return s
}
