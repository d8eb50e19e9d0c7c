package asm

import "math"

// Activations for neural networks (tanh, ReLU, GELU), their derivatives, the fused bias
// epilogues of a dense layer, and the roundings they use. Every product and sum below is
// rounded on its own (the explicit conversions keep the compiler from fusing a multiply
// and an add), so an assembly level that performs the same operations in the same order
// returns the same bits.
//
// ReLU(x) = 0 if x < 0, else x: ReLU(−0) = −0 and NaN → the same NaN (this is what
// VMAXPD 0, x returns, the NaN or −0 being its second source). Its derivative mask is
// y > 0, the same from the output y or the input x: v where y > 0, else +0 (so a NaN y
// gives 0, and a NaN v where y ≤ 0 gives 0).
//
// tanh: see Tanh64 (float32: the float64 algorithm, rounded once). Its derivative from
// the saved output t is (1 − t·t)·v, each step rounded.
//
// GELU, tanh form: GELU(x) = ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³). Since
// 1 + tanh(u) = 2σ(2u), it is computed without cancellation as x·σ(w), w = 2u, with σ
// from the sigmoid code (sigmoid_generic.go): GELU(−Inf) = −0 (σ(w) = 0), GELU(+Inf) =
// +Inf, NaN → NaN. Its derivative GELU′(x) = σ(w) + x·w′·σ′(w), w′ = 2√(2/π)(1 +
// 3·0.044715x²), σ′(w) = e/(1 + e)² with e = e^−|w|; where σ′(w) is 0 (|x| ≳ 23 in
// float64) it is σ(w), so GELU′(±Inf) = 1, 0.

// GELU constants: geluK = 2√(2/π), geluC = 0.044715, geluK3 = 3·geluC.
const (
	geluK  = 1.5957691216057307117597842397375 // 2·√(2/π)
	geluC  = 0.044715
	geluC3 = 3 * geluC
)

func relu[T float32 | float64](x T) T {
	if x < 0 {
		return 0
	}
	return x
}

// ReLUF64Generic sets dst[i] = ReLU(x[i]) = (x[i] < 0 ? 0 : x[i]) for i < len(dst). It
// panics if x is shorter than dst; dst may be exactly x.
func ReLUF64Generic(dst, x []float64) { reluG(dst, x) }

// ReLUF32Generic is ReLUF64Generic for float32.
func ReLUF32Generic(dst, x []float32) { reluG(dst, x) }

func reluG[T float32 | float64](dst, x []T) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = relu(v)
	}
}

// ReLUGradF64Generic sets dst[i] = v[i] where y[i] > 0, else +0: the ReLU's
// vector-Jacobian (= Jacobian-vector) product from its output (or its input: the mask is
// the same). It panics if y or v is shorter than dst; dst may be exactly y or v.
func ReLUGradF64Generic(dst, y, v []float64) { reluGradG(dst, y, v) }

// ReLUGradF32Generic is ReLUGradF64Generic for float32.
func ReLUGradF32Generic(dst, y, v []float32) { reluGradG(dst, y, v) }

func reluGradG[T float32 | float64](dst, y, v []T) {
	y, v = y[:len(dst)], v[:len(dst)]
	for i, yi := range y {
		if yi > 0 {
			dst[i] = v[i]
		} else {
			dst[i] = 0
		}
	}
}

// tanh(x): for |x| < tanhSmall, x·P(x²)/Q(x²) with P and Q the [5/5] polynomials of
// the tenth convergent of Lambert's continued fraction tanh x = x/(1 + x²/(3 + x²/(5 +
// …))) (integer coefficients, exact in float64; truncation error below 2^-60 relative on
// this range, positive terms, so no cancellation); otherwise sign(x)·(1 − E)/(1 + E)
// with E = e^{−2|x|} from the exp code (Exp64, the same bits at every level), where
// E ≤ e^-1.25 keeps the cancellation in 1 − E below a factor 0.4. NaN → NaN,
// tanh(±Inf) = ±1, tanh(±0) = ±0.
const tanhSmall = 0.625

// tanhPoly64 returns x·P(z)/Q(z), z = x², each step rounded.
func tanhPoly64(x float64) float64 {
	z := x * x
	p := float64(float64(float64(float64(float64(float64(z+2145)*z)+675675)*z)+64324260)*z) + 1964187225
	p = float64(p*z) + 13749310575
	q := float64(float64(float64(float64(float64(66*z)+45045)*z)+7567560)*z) + 413513100
	q = float64(float64(float64(q*z)+6547290750)*z) + 13749310575
	return x * float64(p/q)
}

// tanhOut64 returns tanh(x) for |x| ≥ tanhSmall (or NaN) from e = e^{−2|x|}.
func tanhOut64(x, e float64) float64 {
	return math.Copysign(float64(1-e)/float64(1+e), x)
}

// Tanh64 returns tanh(x) by the algorithm above; the scalar form of TanhF64Generic.
func Tanh64(x float64) float64 {
	if math.Abs(x) < tanhSmall {
		return tanhPoly64(x)
	}
	return tanhOut64(x, Exp64(-2*math.Abs(x)))
}

// TanhF64Generic sets dst[i] = Tanh64(x[i]). It panics if x is shorter than dst; dst
// may be exactly x.
func TanhF64Generic(dst, x []float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = Tanh64(v)
	}
}

// TanhF32Generic is TanhF64Generic for float32: Tanh64 of the float64 value, rounded once.
func TanhF32Generic(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(Tanh64(float64(v)))
	}
}

// TanhGradF64Generic sets dst[i] = (1 − t[i]·t[i])·v[i], each operation rounded: the
// tanh's Jacobian-vector (= vector-Jacobian) product from its saved output t. It panics
// if t or v is shorter than dst; dst may be exactly t or v.
func TanhGradF64Generic(dst, t, v []float64) { tanhGradG(dst, t, v) }

// TanhGradF32Generic is TanhGradF64Generic for float32.
func TanhGradF32Generic(dst, t, v []float32) { tanhGradG(dst, t, v) }

func tanhGradG[T float32 | float64](dst, t, v []T) {
	t, v = t[:len(dst)], v[:len(dst)]
	for i, ti := range t {
		dst[i] = T(1-T(ti*ti)) * v[i]
	}
}

// GELU64 returns GELU(x) = x·σ(w), w = 2√(2/π)(x + 0.044715x³), each step rounded:
// x2 = x·x, x3 = x2·x, w = K·(x + C·x3); the scalar form of GELUF64Generic.
func GELU64(x float64) float64 { return geluOut64(x, Sigmoid64(geluArg64(x))) }

// GELU32 is GELU64 in float32 arithmetic (Sigmoid32).
func GELU32(x float32) float32 { return geluOut32(x, Sigmoid32(geluArg32(x))) }

// geluArg64 returns w = K·(x + C·(x·x)·x), each step rounded.
func geluArg64(x float64) float64 {
	x2 := x * x
	x3 := x2 * x
	return geluK * float64(x+float64(geluC*x3))
}

// geluArg32 is geluArg64 in float32 arithmetic.
func geluArg32(x float32) float32 {
	x2 := x * x
	x3 := x2 * x
	return float32(geluK) * float32(x+float32(float32(geluC)*x3))
}

// geluOut64 returns GELU(x) = x·s from s = σ(w): a signed zero where s is 0 (so that
// GELU(−Inf) = −0, not NaN).
func geluOut64(x, s float64) float64 {
	if s == 0 {
		return math.Copysign(0, x)
	}
	return x * s
}

func geluOut32(x, s float32) float32 {
	if s == 0 {
		return float32(math.Copysign(0, float64(x)))
	}
	return x * s
}

// geluDeriv64 returns GELU′(x) = s + (x·w′)·sp from s = σ(w) and sp = σ′(w), with
// w′ = K·(1 + 3C·x2): s alone where sp = 0 (so that GELU′(±Inf) = 1, 0, not NaN).
func geluDeriv64(x, s, sp float64) float64 {
	if sp == 0 {
		return s
	}
	dw := geluK * float64(1+float64(geluC3*float64(x*x)))
	return s + float64(float64(x*dw)*sp)
}

func geluDeriv32(x, s, sp float32) float32 {
	if sp == 0 {
		return s
	}
	dw := float32(geluK) * float32(1+float32(float32(geluC3)*float32(x*x)))
	return s + float32(float32(x*dw)*sp)
}

// GELUGrad64 returns GELU′(x) = s + (x·w′)·σ′(w): with w as in GELU64, e = e^−|w|,
// y = 1/(1 + e), s = σ(w) (y, or e·y for w < 0), σ′(w) = (e·y)·y and
// w′ = K·(1 + 3C·x2); s alone where σ′(w) = 0.
func GELUGrad64(x float64) float64 {
	w := geluArg64(x)
	e := Exp64(-math.Abs(w))
	y := 1 / (1 + e)
	ey := e * y
	s := y
	if math.Signbit(w) {
		s = ey
	}
	return geluDeriv64(x, s, ey*y)
}

// GELUGrad32 is GELUGrad64 in float32 arithmetic.
func GELUGrad32(x float32) float32 {
	w := geluArg32(x)
	e := Exp32(float32(-math.Abs(float64(w))))
	y := 1 / (1 + e)
	ey := e * y
	s := y
	if math.Signbit(float64(w)) {
		s = ey
	}
	return geluDeriv32(x, s, ey*y)
}

// GELUF64Generic sets dst[i] = GELU64(x[i]). It panics if x is shorter than dst; dst may
// be exactly x.
func GELUF64Generic(dst, x []float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = GELU64(v)
	}
}

// GELUF32Generic is GELUF64Generic for float32.
func GELUF32Generic(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = GELU32(v)
	}
}

// GELUGradF64Generic sets dst[i] = GELUGrad64(x[i])·v[i]: the GELU's Jacobian-vector
// (= vector-Jacobian) product from its input x. It panics if x or v is shorter than
// dst; dst may be exactly x or v.
func GELUGradF64Generic(dst, x, v []float64) {
	x, v = x[:len(dst)], v[:len(dst)]
	for i, xi := range x {
		dst[i] = GELUGrad64(xi) * v[i]
	}
}

// GELUGradF32Generic is GELUGradF64Generic for float32.
func GELUGradF32Generic(dst, x, v []float32) {
	x, v = x[:len(dst)], v[:len(dst)]
	for i, xi := range x {
		dst[i] = GELUGrad32(xi) * v[i]
	}
}

// BiasF64Generic adds the bias b to a row and copies it out: z[i] += b[i], then
// y[i] = z[i], for i < len(y). It panics if z or b is shorter than y; y may be exactly z.
func BiasF64Generic(y, z, b []float64) { biasG(y, z, b) }

// BiasF32Generic is BiasF64Generic for float32.
func BiasF32Generic(y, z, b []float32) { biasG(y, z, b) }

func biasG[T float32 | float64](y, z, b []T) {
	z, b = z[:len(y)], b[:len(y)]
	for i := range y {
		t := z[i] + b[i]
		z[i] = t
		y[i] = t
	}
}

// BiasReLUF64Generic is the fused bias-and-ReLU row epilogue: z[i] += b[i], then
// y[i] = ReLU(z[i]), for i < len(y). It panics if z or b is shorter than y; y may be
// exactly z (then z holds the activation).
func BiasReLUF64Generic(y, z, b []float64) { biasReLUG(y, z, b) }

// BiasReLUF32Generic is BiasReLUF64Generic for float32.
func BiasReLUF32Generic(y, z, b []float32) { biasReLUG(y, z, b) }

func biasReLUG[T float32 | float64](y, z, b []T) {
	z, b = z[:len(y)], b[:len(y)]
	for i := range y {
		t := z[i] + b[i]
		z[i] = t
		y[i] = relu(t)
	}
}
