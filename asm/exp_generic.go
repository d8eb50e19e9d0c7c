package asm

import "math"

//go:generate go run ../internal/gen/expfit -o exp_coef.go

// The exponential, one algorithm at every level so that every level returns the same
// bits (the assembly fuses exactly where this code calls math.FMA, and nowhere else):
//
//  1. Clamp x to [−B, B] (float64: B = 746; float32: B = 104), keeping NaN: exp of the
//     bounds already rounds to 0 and +Inf, so the clamp changes no result, and it keeps
//     k small enough for steps 2–6.
//  2. K = round-to-nearest-even(16·x·log2e), as kd = fma(x, log2e, 1.5·2^48) (float32:
//     1.5·2^19): the "shifter" leaves kq = kd − shift = K/16 exactly, and the low four
//     mantissa bits of kd are j = K mod 16 (the AVX-512 permutes read them directly).
//  3. r = x − kq·ln2 with ln2 = ln2hi + ln2lo (Cody–Waite): ln2hi has 32 (float32: 12)
//     significant bits, so kq·ln2hi and x − kq·ln2hi are exact; r = fma(−kq, ln2lo, ·)
//     is rounded once. |r| ≤ ln2/32 + tiny.
//  4. q ≈ e^r − 1 by a minimax polynomial (exp_coef.go, fitted by internal/gen/expfit
//     with the Remez algorithm): float64 q = r·(1 + r·(c₂ + … + c₆r⁴)), error 2^-56.2;
//     float32 q = r·(1 + r·(c₂ + c₃r)), error 2^-29.2. Horner form, one FMA per
//     coefficient; the assembly keeps several vectors in flight to hide the latency.
//  5. 2^(j/16)·e^r = T + T·q with T = Th + Tl from a 16-entry table (Th = 2^(j/16)
//     rounded, Tl the rounded remainder): e = Th + fma(Th, q, Tl), in (0.95, 1.92).
//  6. Scale by 2^k, k = floor(kq) = floor(K/16), with a single rounding, so that
//     subnormal results are right: 2^k = 2^k1 · 2^k2 with k1 = round(k/2) and k2 = k − k1
//     both in the normal exponent range; e·2^k1 is exact and ·2^k2 rounds once (the
//     AVX-512 code uses VSCALEFPD, which floors kq itself and rounds the same exact
//     product once, so the bits agree).
//
// Error: before the last rounding, e is off from e^x·2^-k by at most about 0.16 ULP
// (float64: polynomial 0.11, the roundings of r, q and fma(Th, q, Tl) 0.05; float32
// less), so the result is within 0.66 ULP of e^x, hence within 1 ULP of the correctly
// rounded value, normal or subnormal. The tests measure the worst case at every level.
// Special values: NaN → NaN, +Inf → +Inf, −Inf → +0, overflow (x > 709.782712893384,
// float32 88.7228391) → +Inf, gradual underflow to subnormals, and +0 below
// −745.1332191019412 (float32 −103.972084).
//
// Cost per vector (AVX-512): 17 arithmetic instructions, of which 2 are permutes
// (the old Taylor-13 code without a table needed 21).

// Constants of the float64 exponential.
const (
	expBound64   = 746.0
	expLog2e64   = 1.4426950408889634
	expShift64   = 0x1.8p48                   // kd − shift = K/16
	expShiftS64  = 0x1.8p52                   // the shifter of scale64
	expLn2Hi64   = 6.93147180369123816490e-01 // 0x3fe62e42fee00000: 32 significant bits
	expLn2Lo64   = 1.90821492927058770002e-10 // ln2 − expLn2Hi64
	expBias64    = 1023
	expMantBit64 = 52
)

// Constants of the float32 exponential.
const (
	expBound32   = 104.0
	expLog2e32   = 1.44269504
	expShift32   = 0x1.8p19       // kd − shift = K/16
	expShiftS32  = 0x1.8p23       // the shifter of scale32
	expLn2Hi32   = 0x1.62ep-1     // 0.693115234375: ln 2 to 12 significant bits
	expLn2Lo32   = 0x1.0bfbe8p-15 // ≈ ln2 − expLn2Hi32 (3.19461833e-05)
	expBias32    = 127
	expMantBit32 = 23
)

// Exp64 returns e^x by the algorithm above; the scalar form of ExpF64Generic.
func Exp64(x float64) float64 {
	if x > expBound64 {
		x = expBound64
	}
	if x < -expBound64 {
		x = -expBound64
	}
	kd := math.FMA(x, expLog2e64, expShift64)
	kq := kd - expShift64
	j := math.Float64bits(kd) & 15
	r := math.FMA(-kq, expLn2Hi64, x)
	r = math.FMA(-kq, expLn2Lo64, r)
	p := expC64[len(expC64)-1]
	for i := len(expC64) - 2; i >= 0; i-- {
		p = math.FMA(p, r, expC64[i])
	}
	p = math.FMA(p, r, 1)
	q := float64(p * r)
	th := expTabHi64[j]
	e := th + math.FMA(th, q, expTabLo64[j])
	return scale64(e, math.Floor(kq))
}

// scale64 returns e·2^k rounded once, for integral k in [−1077, 1076] and e in [0.5, 2].
func scale64(e, k float64) float64 {
	t1 := math.FMA(k, 0.5, expShiftS64)
	t2 := (k - t1) + 2*expShiftS64 // k − k1 + shift, exactly
	s1 := math.Float64frombits((math.Float64bits(t1) + expBias64) << expMantBit64)
	s2 := math.Float64frombits((math.Float64bits(t2) + expBias64) << expMantBit64)
	return float64(e*s1) * s2
}

// Exp32 returns e^x by the algorithm above in float32 arithmetic; the scalar form of
// ExpF32Generic.
func Exp32(x float32) float32 {
	if x > expBound32 {
		x = expBound32
	}
	if x < -expBound32 {
		x = -expBound32
	}
	kd := fma32(x, expLog2e32, expShift32)
	kq := kd - expShift32
	j := math.Float32bits(kd) & 15
	r := fma32(-kq, expLn2Hi32, x)
	r = fma32(-kq, expLn2Lo32, r)
	p := fma32(expC32[1], r, expC32[0])
	p = fma32(p, r, 1)
	q := float32(p * r)
	th := expTabHi32[j]
	e := th + fma32(th, q, expTabLo32[j])
	return scale32(e, float32(math.Floor(float64(kq))))
}

// scale32 returns e·2^k rounded once, for integral k in [−151, 150] and e in [0.5, 2].
func scale32(e, k float32) float32 {
	t1 := fma32(k, 0.5, expShiftS32)
	t2 := (k - t1) + 2*expShiftS32 // k − k1 + shift, exactly
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
