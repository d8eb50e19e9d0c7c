package asm

import "math"

// Fused optimizer updates: one pass over the parameters w, the gradients g and the
// optimizer state, each element independent. The scalar coefficients come in a small
// array (precomputed once per step by package kernels, in float64 and then rounded to
// the element type); every product, sum, square root and quotient below is rounded on
// its own (the explicit conversions keep the compiler from fusing), so the assembly,
// which performs the same IEEE operations in the same order, returns the same bits.

// SGD coefficient layout: c[SGDLR] = learning rate, c[SGDMu] = momentum,
// c[SGDWD] = weight decay.
const (
	SGDLR = iota
	SGDMu
	SGDWD
	SGDCoefs
)

// Adam coefficient layout (see AdamF64Generic).
const (
	AdamK    = iota // factor on w: 1, or 1 − lr·wd for decoupled decay (AdamW)
	AdamWD          // coupled weight decay added to the gradient: wd, or 0 for AdamW
	AdamB1          // β₁
	AdamC1          // 1 − β₁
	AdamB2          // β₂
	AdamC2          // 1 − β₂
	AdamISB2        // 1/√(1 − β₂ᵗ)
	AdamEps         // ε
	AdamStep        // lr/(1 − β₁ᵗ)
	AdamCoefs
)

// SGDF64Generic is plain SGD with weight decay: for i < len(w),
//
//	d = g[i] + wd·w[i];  w[i] = w[i] − lr·d.
//
// It panics if g is shorter than w.
func SGDF64Generic(w, g []float64, c [SGDCoefs]float64) { sgdG(w, g, c) }

// SGDF32Generic is SGDF64Generic for float32.
func SGDF32Generic(w, g []float32, c [SGDCoefs]float32) { sgdG(w, g, c) }

func sgdG[T float32 | float64](w, g []T, c [SGDCoefs]T) {
	g = g[:len(w)]
	lr, wd := c[SGDLR], c[SGDWD]
	for i, wi := range w {
		d := g[i] + T(wd*wi)
		w[i] = wi - T(lr*d)
	}
}

// SGDMomF64Generic is SGD with (heavy-ball) momentum, PyTorch's convention: for
// i < len(w),
//
//	d = g[i] + wd·w[i];  vel[i] = μ·vel[i] + d;  w[i] = w[i] − lr·vel[i].
//
// It panics if vel or g is shorter than w.
func SGDMomF64Generic(w, vel, g []float64, c [SGDCoefs]float64) { sgdMomG(w, vel, g, c, false) }

// SGDMomF32Generic is SGDMomF64Generic for float32.
func SGDMomF32Generic(w, vel, g []float32, c [SGDCoefs]float32) { sgdMomG(w, vel, g, c, false) }

// SGDNesterovF64Generic is SGD with Nesterov momentum, PyTorch's convention: for
// i < len(w),
//
//	d = g[i] + wd·w[i];  vel[i] = μ·vel[i] + d;  w[i] = w[i] − lr·(d + μ·vel[i]).
//
// It panics if vel or g is shorter than w.
func SGDNesterovF64Generic(w, vel, g []float64, c [SGDCoefs]float64) {
	sgdMomG(w, vel, g, c, true)
}

// SGDNesterovF32Generic is SGDNesterovF64Generic for float32.
func SGDNesterovF32Generic(w, vel, g []float32, c [SGDCoefs]float32) {
	sgdMomG(w, vel, g, c, true)
}

func sgdMomG[T float32 | float64](w, vel, g []T, c [SGDCoefs]T, nesterov bool) {
	vel, g = vel[:len(w)], g[:len(w)]
	lr, mu, wd := c[SGDLR], c[SGDMu], c[SGDWD]
	for i, wi := range w {
		d := g[i] + T(wd*wi)
		u := T(mu*vel[i]) + d
		vel[i] = u
		if nesterov {
			u = d + T(mu*u)
		}
		w[i] = wi - T(lr*u)
	}
}

// AdamF64Generic is one Adam or AdamW step with the coefficients c (layout Adam…): for
// i < len(w),
//
//	d = g[i] + c[AdamWD]·w[i]
//	m[i] = β₁·m[i] + (1 − β₁)·d
//	v[i] = β₂·v[i] + (1 − β₂)·(d·d)
//	w[i] = c[AdamK]·w[i] − c[AdamStep]·(m[i] / (√v[i]·c[AdamISB2] + ε))
//
// It panics if m, v or g is shorter than w.
func AdamF64Generic(w, m, v, g []float64, c [AdamCoefs]float64) { adamG(w, m, v, g, c, sqrt64) }

// AdamF32Generic is AdamF64Generic for float32 (the square root correctly rounded in
// float32).
func AdamF32Generic(w, m, v, g []float32, c [AdamCoefs]float32) { adamG(w, m, v, g, c, sqrt32) }

func sqrt64(x float64) float64 { return math.Sqrt(x) }

// sqrt32 is the correctly rounded float32 square root: the float64 root of a float32
// rounded to float32 is correctly rounded (53 ≥ 2·24 + 2 bits, no double-rounding error).
func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

func adamG[T float32 | float64](w, m, v, g []T, c [AdamCoefs]T, sqrt func(T) T) {
	m, v, g = m[:len(w)], v[:len(w)], g[:len(w)]
	k, wd, b1, c1, b2, c2 := c[AdamK], c[AdamWD], c[AdamB1], c[AdamC1], c[AdamB2], c[AdamC2]
	isb2, eps, step := c[AdamISB2], c[AdamEps], c[AdamStep]
	for i, wi := range w {
		d := g[i] + T(wd*wi)
		mi := T(b1*m[i]) + T(c1*d)
		vi := T(b2*v[i]) + T(c2*T(d*d))
		m[i], v[i] = mi, vi
		den := T(sqrt(vi)*isb2) + eps
		w[i] = T(k*wi) - T(step*T(mi/den))
	}
}
