package asm

import "math"

// The exponential, one algorithm at every level so that every level returns the same
// bits (the assembly fuses exactly where this code calls math.FMA, and nowhere else):
//
//  1. Clamp x to [lo, hi] (float64: [−746, 710]; float32: [−104, 89]). exp of the
//     bounds already rounds to 0 and +Inf, so the clamp changes no result, and it keeps
//     k small enough for steps 2–5. NaN passes through the clamp unchanged.
//  2. k = round-to-nearest-even(x·log2e), computed as fma(x, log2e, 1.5·2^52) − 1.5·2^52
//     (the "shifter" leaves k in the low mantissa bits: one rounding).
//  3. r = x − k·ln2 with ln2 = ln2hi + ln2lo (Cody–Waite): ln2hi has 32 (float32: 15)
//     significant bits, so k·ln2hi and hi = x − k·ln2hi are exact; r = fma(−k, ln2lo, hi)
//     is rounded once. |r| ≤ ln2/2 + tiny.
//  4. e^r by its Taylor polynomial of degree 13 (float32: 7) in Horner form, one FMA per
//     coefficient, ending …·r + 1; truncation error < 6e-18 (float32: < 6e-9) relative.
//     The assembly hides the FMA latency by keeping several vectors in flight.
//  5. Scale by 2^k with a single rounding, so that subnormal results are right:
//     2^k = 2^k1 · 2^k2 with k1 = round(k/2) and k2 = k − k1 both in the normal exponent
//     range; e·2^k1 is exact and ·2^k2 rounds once (the AVX-512 code uses VSCALEFPD,
//     which rounds the same exact product once, so the bits agree).
//
// Error: the value before the last rounding is within 0.5 ULP of e^x (r's rounding,
// the rounding of r + r²p and the truncation), so the result is within 1 ULP of the
// correctly rounded value. Special values: NaN → NaN, +Inf → +Inf, −Inf → +0, overflow
// (x > 709.782712893384, float32 88.7228391) → +Inf, gradual underflow to subnormals,
// and +0 below −745.1332191019412 (float32 −103.972084).

// Constants of the float64 exponential.
const (
	expHi64      = 710.0
	expLo64      = -746.0
	expLog2e64   = 1.4426950408889634
	expShift64   = 0x1.8p52
	expLn2Hi64   = 6.93147180369123816490e-01 // 0x3fe62e42fee00000: 32 significant bits
	expLn2Lo64   = 1.90821492927058770002e-10 // ln2 − expLn2Hi64
	expBias64    = 1023
	expMantBit64 = 52
)

// expC64[i] = 1/(i+2)!, i = 0 … 11: the coefficients c₂ … c₁₃.
var expC64 = [12]float64{
	1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
	1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800,
}

// Constants of the float32 exponential.
const (
	expHi32      = 89.0
	expLo32      = -104.0
	expLog2e32   = 1.44269504
	expShift32   = 0x1.8p23
	expLn2Hi32   = 0.693145751953125        // 0x3f317200: 15 significant bits
	expLn2Lo32   = 1.428606765330187045e-06 // 0x35bfbe8e ≈ ln2 − expLn2Hi32
	expBias32    = 127
	expMantBit32 = 23
)

// expC32[i] = 1/(i+2)!, i = 0 … 5: the coefficients c₂ … c₇.
var expC32 = [6]float32{1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040}

// Exp64 returns e^x by the algorithm above; the scalar form of ExpF64Generic.
func Exp64(x float64) float64 {
	if x > expHi64 {
		x = expHi64
	}
	if x < expLo64 {
		x = expLo64
	}
	kd := math.FMA(x, expLog2e64, expShift64)
	k := kd - expShift64
	hi := math.FMA(-k, expLn2Hi64, x)
	r := math.FMA(-k, expLn2Lo64, hi)
	p := expC64[len(expC64)-1]
	for i := len(expC64) - 2; i >= 0; i-- {
		p = math.FMA(p, r, expC64[i])
	}
	p = math.FMA(p, r, 1)
	e := math.FMA(p, r, 1)
	return scale64(e, k)
}

// scale64 returns e·2^k rounded once, for integral k in [−1076, 1025] and e in [0.5, 2].
func scale64(e, k float64) float64 {
	t1 := math.FMA(k, 0.5, expShift64)
	t2 := (k - t1) + 2*expShift64 // k − k1 + shift, exactly
	s1 := math.Float64frombits((math.Float64bits(t1) + expBias64) << expMantBit64)
	s2 := math.Float64frombits((math.Float64bits(t2) + expBias64) << expMantBit64)
	return float64(e*s1) * s2
}

// Exp32 returns e^x by the algorithm above in float32 arithmetic; the scalar form of
// ExpF32Generic.
func Exp32(x float32) float32 {
	if x > expHi32 {
		x = expHi32
	}
	if x < expLo32 {
		x = expLo32
	}
	kd := fma32(x, expLog2e32, expShift32)
	k := kd - expShift32
	hi := fma32(-k, expLn2Hi32, x)
	r := fma32(-k, expLn2Lo32, hi)
	p := expC32[len(expC32)-1]
	for i := len(expC32) - 2; i >= 0; i-- {
		p = fma32(p, r, expC32[i])
	}
	p = fma32(p, r, 1)
	e := fma32(p, r, 1)
	return scale32(e, k)
}

// scale32 returns e·2^k rounded once, for integral k in [−151, 129] and e in [0.5, 2].
func scale32(e, k float32) float32 {
	t1 := fma32(k, 0.5, expShift32)
	t2 := (k - t1) + 2*expShift32 // k − k1 + shift, exactly
	s1 := math.Float32frombits((math.Float32bits(t1) + expBias32) << expMantBit32)
	s2 := math.Float32frombits((math.Float32bits(t2) + expBias32) << expMantBit32)
	return float32(e*s1) * s2
}

// fma32 returns x·y + z rounded once to float32, as VFMADD…PS does. The float64
// product of two float32 values is exact; the float64 sum is formed with round-to-odd
// (round to nearest, then, if inexact, truncate and set the last bit), which, with
// 53 ≥ 24 + 2 bits, makes the final rounding to float32 the correctly rounded one.
func fma32(x, y, z float32) float32 {
	p, w := float64(x)*float64(y), float64(z)
	s := p + w
	bb := s - p
	err := (p - (s - bb)) + (w - bb) // s + err = p + w exactly (TwoSum)
	if err != 0 && !math.IsInf(s, 0) {
		b := math.Float64bits(s)
		if (err > 0) != (s > 0) { // |s| > |exact|: truncate toward zero
			b--
		}
		s = math.Float64frombits(b | 1)
	}
	return float32(s)
}

// ExpF64Generic sets dst[i] = e^x[i] for i < len(dst), within 1 ULP of the correctly
// rounded value (see the algorithm above). It panics if x is shorter than dst; dst may be
// exactly x.
func ExpF64Generic(dst, x []float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = Exp64(v)
	}
}

// ExpF32Generic is ExpF64Generic for float32.
func ExpF32Generic(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = Exp32(v)
	}
}
