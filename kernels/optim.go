package kernels

import (
	"math"

	"github.com/matkern/matkern/asm"
	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/view"
)

// Optimizer updates: each one fused pass over the parameters, the gradients and the
// optimizer state, updating them in place. The formulas follow PyTorch's torch.optim
// (SGD with dampening 0, Adam, AdamW); every element is computed with the same IEEE
// operations in the same order at every level, so every level returns the same bits.
// The slices must have one length and must not overlap at all, else the function panics
// naming itself. The float32 forms compute the scalar coefficients in float64 and round
// them to float32 once; the element arithmetic is float32. Large calls split across
// cores like the elementwise kernels. Cost: one pass, O(n), memory-bound at the AVX2
// and AVX-512 levels (generated assembly, asm/nn_gen.go: VSQRT and VDIV, correctly
// rounded, so no approximation enters Adam's step).

// SGDParams are the hyper-parameters of SGD: the learning rate, the momentum μ (0: none),
// the weight decay (L2 penalty coefficient, added to the gradient) and Nesterov momentum.
type SGDParams struct {
	LR, Momentum, WeightDecay float64
	Nesterov                  bool
}

// AdamParams are the hyper-parameters of Adam and AdamW: the learning rate, the decay
// rates β₁ and β₂ of the moment estimates, ε, the weight decay, the step number t
// (1-based: the first update is Step 1; it sets the bias corrections) and Decoupled
// (AdamW: the decay scales w directly instead of being added to the gradient).
type AdamParams struct {
	LR, Beta1, Beta2, Eps, WeightDecay float64
	Step                               int
	Decoupled                          bool
}

// SGD performs one step of stochastic gradient descent on w with gradient g, PyTorch's
// convention (dampening 0): for each i, with d = g[i] + wd·w[i],
//
//	Momentum == 0:  w[i] = w[i] − lr·d                              (vel is neither read nor written; it may be nil)
//	Momentum μ ≠ 0: vel[i] = μ·vel[i] + d, then
//	                w[i] = w[i] − lr·vel[i]          (heavy ball), or
//	                w[i] = w[i] − lr·(d + μ·vel[i])  (Nesterov)
//
// vel must start at zero, which makes the first step's vel = d as PyTorch's. Every
// product and sum is rounded on its own; the weight-decay term is always computed
// (wd = 0 adds 0·w[i]). len(g) (and len(vel) when μ ≠ 0) must be len(w), and no two
// slices may overlap, else it panics; so does Nesterov with μ = 0 (as PyTorch refuses it).
func SGD(w, vel, g []float64, p SGDParams) { sgd("kernels.SGD", w, vel, g, p) }

// SGD32 is SGD for float32.
func SGD32(w, vel, g []float32, p SGDParams) { sgd("kernels.SGD32", w, vel, g, p) }

// Adam performs one Adam (or, with p.Decoupled, AdamW) step on w with gradient g and
// the moment estimates m and v (both zero before the first step), t = p.Step ≥ 1:
//
//	Adam:   d = g[i] + wd·w[i],  k = 1
//	AdamW:  d = g[i],            k = 1 − lr·wd  (w is scaled by k with the update: PyTorch's AdamW)
//	m[i] = β₁·m[i] + (1 − β₁)·d
//	v[i] = β₂·v[i] + (1 − β₂)·d²
//	w[i] = k·w[i] − (lr/(1 − β₁ᵗ)) · m[i] / (√v[i]/√(1 − β₂ᵗ) + ε)
//
// that is, w − lr·m̂/(√v̂ + ε) with the bias-corrected m̂ = m/(1 − β₁ᵗ) and
// v̂ = v/(1 − β₂ᵗ) and ε added after the correction of v, as PyTorch does. Exactly,
// with the scalars lr/(1 − β₁ᵗ) and 1/√(1 − β₂ᵗ) computed once in float64 and every
// other operation rounded on its own: w[i] = k·w[i] − step·(m[i] / (√v[i]·isb2 + ε)).
// (For AdamW the term 0·w[i] is still added to d.) It panics if p.Step < 1, if a slice
// length differs from len(w) or if two slices overlap.
func Adam(w, m, v, g []float64, p AdamParams) { adam("kernels.Adam", w, m, v, g, p) }

// Adam32 is Adam for float32.
func Adam32(w, m, v, g []float32, p AdamParams) { adam("kernels.Adam32", w, m, v, g, p) }

func sgd[T view.Float](fn string, w, vel, g []T, p SGDParams) {
	view.SameLen(fn, "w", w, "g", g)
	view.NoOverlap(fn, "w", w, "g", g)
	if p.Nesterov && p.Momentum == 0 {
		actPanicf(fn, "Nesterov momentum needs Momentum ≠ 0")
	}
	c := [asm.SGDCoefs]T{asm.SGDLR: T(p.LR), asm.SGDMu: T(p.Momentum), asm.SGDWD: T(p.WeightDecay)}
	o := &dispatch.Current().Opt
	n := len(w)
	if p.Momentum == 0 {
		var f func(w, g []T, c [asm.SGDCoefs]T)
		if view.Is32[T]() {
			f = any(o.SGDF32).(func(w, g []T, c [asm.SGDCoefs]T))
		} else {
			f = any(o.SGDF64).(func(w, g []T, c [asm.SGDCoefs]T))
		}
		if !parallel(n * view.SizeOf[T]()) {
			for lo := 0; lo < n; lo += elemChunk {
				hi := min(n, lo+elemChunk)
				f(w[lo:hi], g[lo:hi], c)
			}
			return
		}
		cc := c
		optPar(n, func(lo, hi int) { f(w[lo:hi], g[lo:hi], cc) })
		return
	}
	view.SameLen(fn, "w", w, "vel", vel)
	view.NoOverlap(fn, "vel", vel, "w", w)
	view.NoOverlap(fn, "vel", vel, "g", g)
	var f func(w, vel, g []T, c [asm.SGDCoefs]T)
	switch {
	case view.Is32[T]() && p.Nesterov:
		f = any(o.SGDNesterovF32).(func(w, vel, g []T, c [asm.SGDCoefs]T))
	case view.Is32[T]():
		f = any(o.SGDMomF32).(func(w, vel, g []T, c [asm.SGDCoefs]T))
	case p.Nesterov:
		f = any(o.SGDNesterovF64).(func(w, vel, g []T, c [asm.SGDCoefs]T))
	default:
		f = any(o.SGDMomF64).(func(w, vel, g []T, c [asm.SGDCoefs]T))
	}
	if !parallel(n * view.SizeOf[T]()) {
		for lo := 0; lo < n; lo += elemChunk {
			hi := min(n, lo+elemChunk)
			f(w[lo:hi], vel[lo:hi], g[lo:hi], c)
		}
		return
	}
	cc := c
	optPar(n, func(lo, hi int) { f(w[lo:hi], vel[lo:hi], g[lo:hi], cc) })
}

// AdamCoefs returns the per-step coefficients of Adam in the layout of asm.AdamF64Generic,
// computed in float64.
func adamCoefs(p AdamParams) [asm.AdamCoefs]float64 {
	bc1 := 1 - math.Pow(p.Beta1, float64(p.Step))
	bc2 := 1 - math.Pow(p.Beta2, float64(p.Step))
	c := [asm.AdamCoefs]float64{
		asm.AdamK: 1, asm.AdamWD: p.WeightDecay,
		asm.AdamB1: p.Beta1, asm.AdamC1: 1 - p.Beta1,
		asm.AdamB2: p.Beta2, asm.AdamC2: 1 - p.Beta2,
		asm.AdamISB2: 1 / math.Sqrt(bc2), asm.AdamEps: p.Eps,
		asm.AdamStep: p.LR / bc1,
	}
	if p.Decoupled {
		c[asm.AdamK], c[asm.AdamWD] = 1-p.LR*p.WeightDecay, 0
	}
	return c
}

func adam[T view.Float](fn string, w, m, v, g []T, p AdamParams) {
	if p.Step < 1 {
		actPanicf(fn, "Step = %d, want ≥ 1 (the step number is 1-based)", p.Step)
	}
	view.SameLen(fn, "w", w, "m", m)
	view.SameLen(fn, "w", w, "v", v)
	view.SameLen(fn, "w", w, "g", g)
	names := [...]string{"w", "m", "v", "g"}
	sl := [...][]T{w, m, v, g}
	for i := range sl {
		for j := i + 1; j < len(sl); j++ {
			view.NoOverlap(fn, names[i], sl[i], names[j], sl[j])
		}
	}
	c64 := adamCoefs(p)
	var c [asm.AdamCoefs]T
	for i, x := range c64 {
		c[i] = T(x)
	}
	o := &dispatch.Current().Opt
	var f func(w, m, v, g []T, c [asm.AdamCoefs]T)
	if view.Is32[T]() {
		f = any(o.AdamF32).(func(w, m, v, g []T, c [asm.AdamCoefs]T))
	} else {
		f = any(o.AdamF64).(func(w, m, v, g []T, c [asm.AdamCoefs]T))
	}
	n := len(w)
	if !parallel(n * view.SizeOf[T]()) {
		for lo := 0; lo < n; lo += elemChunk {
			hi := min(n, lo+elemChunk)
			f(w[lo:hi], m[lo:hi], v[lo:hi], g[lo:hi], c)
		}
		return
	}
	cc := c
	optPar(n, func(lo, hi int) { f(w[lo:hi], m[lo:hi], v[lo:hi], g[lo:hi], cc) })
}

// optPar runs f over [0, n) in parts across cores, each part in strips of elemChunk
// (so that a call stays short); the callers use it from tune.ParMinBytes of parameters.
func optPar(n int, f func(lo, hi int)) {
	par.For(blocked.Threads(), n, parAlign, func(lo, hi int) {
		for ; hi-lo > elemChunk; lo += elemChunk {
			f(lo, lo+elemChunk)
		}
		f(lo, hi)
	})
}
