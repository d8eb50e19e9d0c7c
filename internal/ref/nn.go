package ref

import (
	"math"
	"math/big"
)

// References for the network activations and optimizers: tanh, GELU and GELU′ in
// math/big (nnPrec bits, rounded once to float64), the dense-layer epilogues and the
// optimizer steps in plain float64 textbook form.

// nnPrec is the working precision of the activation references: the exponential below
// loses about 25 bits to its squarings and tanh near 0 up to 60 to cancellation.
const nnPrec = 320

func nnF(v float64) *big.Float { return new(big.Float).SetPrec(nnPrec).SetFloat64(v) }
func nnNew() *big.Float        { return new(big.Float).SetPrec(nnPrec) }

// piBig is π to about 360 bits.
var piBig, _, _ = big.ParseFloat("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651", 10, nnPrec, big.ToNearestEven)

// expBigF returns e^r for |r| ≤ 1000 (a big argument): r is halved k times to below
// 2^-10, the Taylor series sums 40 terms, and the result is squared k times.
func expBigF(r *big.Float) *big.Float {
	x := nnNew().Set(r)
	k := 0
	for x.MantExp(nil) > -10 && x.Sign() != 0 {
		x.Quo(x, nnF(2))
		k++
	}
	sum, term := nnF(1), nnF(1)
	for n := 1; n <= 40; n++ {
		term.Mul(term, x)
		term.Quo(term, nnF(float64(n)))
		sum.Add(sum, term)
	}
	for ; k > 0; k-- {
		sum.Mul(sum, sum)
	}
	return sum
}

// Tanh64 returns the correctly rounded tanh(x) (NaN → NaN, ±Inf → ±1).
func Tanh64(x float64) float64 {
	switch a := math.Abs(x); {
	case x != x:
		return x
	case a > 25:
		return math.Copysign(1, x) // 1 − tanh(25) < 2^-70
	case a < 0x1p-60:
		// tanh(x) = x − x³/3 + O(x⁵): relative error below 2^-240.
		bx := nnF(x)
		t := nnNew().Mul(bx, bx)
		t.Mul(t, bx).Quo(t, nnF(3))
		f, _ := nnNew().Sub(bx, t).Float64()
		return f
	}
	e := expBigF(nnF(2 * x)) // e^{2x}, 2x exact
	num := nnNew().Sub(e, nnF(1))
	den := nnNew().Add(e, nnF(1))
	f, _ := num.Quo(num, den).Float64()
	return f
}

// Tanh32 returns tanh(x) for float32 x from the float64 reference (within 1 ULP of
// correctly rounded).
func Tanh32(x float32) float32 { return float32(Tanh64(float64(x))) }

// geluW returns w = 2√(2/π)(x + 0.044715x³) in big precision, with 0.044715 the decimal
// constant (not its float64 rounding) and the derivative factor w′ = 2√(2/π)(1 + 3·0.044715x²).
func geluW(x float64) (w, dw *big.Float) {
	c, _, _ := big.ParseFloat("0.044715", 10, nnPrec, big.ToNearestEven)
	k := nnNew().Quo(nnF(2), piBig)
	k.Sqrt(k).Mul(k, nnF(2))
	bx := nnF(x)
	x2 := nnNew().Mul(bx, bx)
	w = nnNew().Mul(x2, bx)
	w.Mul(w, c).Add(w, bx).Mul(w, k)
	dw = nnNew().Mul(x2, c)
	dw.Mul(dw, nnF(3)).Add(dw, nnF(1)).Mul(dw, k)
	return w, dw
}

// GELU64 returns the correctly rounded GELU(x) = ½x(1 + tanh(u)) = x·σ(2u),
// u = √(2/π)(x + 0.044715x³), for finite x (±Inf: +Inf and −0; NaN → NaN). Where
// |2u| > 800 the result is x (x > 0) or below every float64 in magnitude (−0).
func GELU64(x float64) float64 {
	switch {
	case x != x:
		return x
	case math.IsInf(x, 1):
		return x
	case math.IsInf(x, -1):
		return math.Copysign(0, -1)
	}
	w, _ := geluW(x)
	wf, _ := w.Float64()
	switch {
	case wf > 800:
		return x
	case wf < -800:
		return math.Copysign(0, x)
	}
	e := expBigF(nnNew().Neg(w))
	d := nnNew().Add(nnF(1), e)
	f, _ := nnNew().Quo(nnF(x), d).Float64()
	return f
}

// GELU32 returns GELU(x) for float32 x from the float64 reference.
func GELU32(x float32) float32 { return float32(GELU64(float64(x))) }

// GELUDeriv64 returns GELU′(x) = σ(w) + x·w′·σ′(w) rounded to float64, and scale =
// |σ(w)| + |x·w′·σ′(w)|, the magnitude of its two terms (the error bound of a computation
// that forms them and adds them is relative to it). NaN → NaN; ±Inf → 1, 0.
func GELUDeriv64(x float64) (d, scale float64) {
	switch {
	case x != x:
		return x, 0
	case math.IsInf(x, 1):
		return 1, 1
	case math.IsInf(x, -1):
		return 0, 0
	}
	w, dw := geluW(x)
	wf, _ := w.Float64()
	switch {
	case wf > 800:
		return 1, 1
	case wf < -800:
		return 0, 0
	}
	e := expBigF(nnNew().Neg(w))
	den := nnNew().Add(nnF(1), e)
	s := nnNew().Quo(nnF(1), den)
	sp := nnNew().Mul(den, den)
	sp.Quo(e, sp) // σ′(w) = e/(1 + e)²
	t := nnNew().Mul(nnF(x), dw)
	t.Mul(t, sp)
	sum := nnNew().Add(s, t)
	d, _ = sum.Float64()
	sf, _ := s.Float64()
	tf, _ := t.Float64()
	return d, math.Abs(sf) + math.Abs(tf)
}

// SGDStep applies one SGD step (PyTorch's convention, dampening 0) to w in float64
// textbook form: d = g + wd·w; with momentum, vel = μ·vel + d and the step is vel
// (heavy ball) or d + μ·vel (Nesterov); w −= lr·step.
func SGDStep(w, vel, g []float64, lr, mu, wd float64, nesterov bool) {
	for i := range w {
		d := g[i] + wd*w[i]
		if mu != 0 {
			vel[i] = mu*vel[i] + d
			if nesterov {
				d += mu * vel[i]
			} else {
				d = vel[i]
			}
		}
		w[i] -= lr * d
	}
}

// AdamStep applies Adam step t (1-based) to w in float64 textbook form: d = g (+ wd·w
// unless decoupled), m = β₁m + (1 − β₁)d, v = β₂v + (1 − β₂)d², m̂ = m/(1 − β₁ᵗ),
// v̂ = v/(1 − β₂ᵗ); decoupled (AdamW): w −= lr·wd·w first; then w −= lr·m̂/(√v̂ + ε).
func AdamStep(w, m, v, g []float64, lr, b1, b2, eps, wd float64, t int, decoupled bool) {
	for i := range w {
		d := g[i]
		if decoupled {
			w[i] -= lr * wd * w[i]
		} else {
			d += wd * w[i]
		}
		m[i] = b1*m[i] + (1-b1)*d
		v[i] = b2*v[i] + (1-b2)*d*d
		mh := m[i] / (1 - math.Pow(b1, float64(t)))
		vh := v[i] / (1 - math.Pow(b2, float64(t)))
		w[i] -= lr * mh / (math.Sqrt(vh) + eps)
	}
}
