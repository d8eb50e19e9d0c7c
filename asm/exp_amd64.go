//go:build !purego

package asm

import "math"

// Constant tables of the exponential for the assembly, filled by init from the
// constants in exp_generic.go and exp_coef.go. expTab64/expTab32 hold each constant once
// (AVX-512 broadcasts it); expTab64x4/expTab32x8 hold it once per 256-bit lane group
// (AVX2 has no embedded broadcast). Index: the expIdx… constants below; the assembly uses
// byte offsets idx·8 (expTab64), idx·4 (expTab32) and idx·32 (both AVX2 tables). The
// 2^(j/16) tables (expTabHi64, expTabLo64, expTabHi32, expTabLo32 in exp_coef.go) are
// read directly: AVX-512 keeps them in registers, AVX2 gathers from them.
var (
	expTab64   [expTabLen]uint64
	expTab32   [expTabLen]uint32
	expTab64x4 [4 * expTabLen]uint64
	expTab32x8 [8 * expTabLen]uint32
)

// Table indices. The coefficients follow expIdxC: highest degree first (float64 c₆ …
// c₂, float32 c₃, c₂).
const (
	expIdxBound  = 0  // clamp bound B
	expIdxNBound = 1  // −B
	expIdxLog2e  = 2  // log2 e
	expIdxShift  = 3  // 1.5·2^48 (float32 1.5·2^19): kd − shift = K/16
	expIdxNLn2Hi = 4  // −ln2hi
	expIdxNLn2Lo = 5  // −ln2lo
	expIdxOne    = 6  // 1 (the sigmoid code uses it too)
	expIdxHalf   = 7  // 0.5
	expIdxShiftS = 8  // 1.5·2^52 (1.5·2^23), the shifter of the AVX2 2^k scaling
	expIdxShift2 = 9  // 2·expIdxShiftS
	expIdxBias   = 10 // exponent bias as an integer (1023, 127)
	expIdxMask   = 11 // 15 as an integer: j = K mod 16 from the bits of kd
	expIdxC      = 12 // first coefficient
	expTabLen    = expIdxC + len(expC64)
)

func init() {
	f64 := func(v float64) uint64 { return math.Float64bits(v) }
	f32 := func(v float32) uint32 { return math.Float32bits(v) }
	expTab64 = [expTabLen]uint64{
		expIdxBound: f64(expBound64), expIdxNBound: f64(-expBound64), expIdxLog2e: f64(expLog2e64),
		expIdxShift: f64(expShift64), expIdxNLn2Hi: f64(-expLn2Hi64), expIdxNLn2Lo: f64(-expLn2Lo64),
		expIdxOne: f64(1), expIdxHalf: f64(0.5), expIdxShiftS: f64(expShiftS64), expIdxShift2: f64(2 * expShiftS64),
		expIdxBias: expBias64, expIdxMask: 15,
	}
	expTab32 = [expTabLen]uint32{
		expIdxBound: f32(expBound32), expIdxNBound: f32(-expBound32), expIdxLog2e: f32(expLog2e32),
		expIdxShift: f32(expShift32), expIdxNLn2Hi: f32(-expLn2Hi32), expIdxNLn2Lo: f32(-expLn2Lo32),
		expIdxOne: f32(1), expIdxHalf: f32(0.5), expIdxShiftS: f32(expShiftS32), expIdxShift2: f32(2 * expShiftS32),
		expIdxBias: expBias32, expIdxMask: 15,
	}
	for i := range expC64 {
		expTab64[expIdxC+i] = f64(expC64[len(expC64)-1-i])
	}
	for i := range expC32 {
		expTab32[expIdxC+i] = f32(expC32[len(expC32)-1-i])
	}
	for i := range expTabLen {
		for j := range 4 {
			expTab64x4[4*i+j] = expTab64[i]
		}
		for j := range 8 {
			expTab32x8[8*i+j] = expTab32[i]
		}
	}
}

// actStrip is the longest slice one assembly call of this family processes: a few
// tens of microseconds of work, so the goroutine stays preemptible; the Go wrappers
// loop over strips.
const actStrip = 1 << 14

// ExpF64AVX512 is ExpF64Generic with 512-bit vectors, four in flight, the 2^(j/16)
// table in registers (VPERMI2PD), VSCALEFPD for the 2^k scaling and a masked tail; bit
// for bit the same results.
// Requires: AVX512F, AVX512DQ.
func ExpF64AVX512(dst, x []float64) {
	needAVX512("ExpF64AVX512")

	x = x[:len(dst)]
	for len(dst) > 0 {
		n := min(len(dst), actStrip)
		expF64AVX512(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
}

// ExpF32AVX512 is ExpF32Generic with 512-bit vectors; bit for bit the same results.
// Requires: AVX512F, AVX512DQ.
func ExpF32AVX512(dst, x []float32) {
	needAVX512("ExpF32AVX512")

	x = x[:len(dst)]
	for len(dst) > 0 {
		n := min(len(dst), actStrip)
		expF32AVX512(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
}

// ExpF64AVX2 is ExpF64Generic with 256-bit vectors, two in flight, the 2^(j/16) table
// read by VGATHERQPD; the last len%4
// elements run through the generic code (the same algorithm, so the same bits).
// Requires: AVX2, FMA3.
func ExpF64AVX2(dst, x []float64) {
	needAVX2("ExpF64AVX2")

	x = x[:len(dst)]
	for len(dst) >= 4 {
		n := min(len(dst), actStrip) &^ 3
		expF64AVX2(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
	ExpF64Generic(dst, x)
}

// ExpF32AVX2 is ExpF32Generic with 256-bit vectors; the last len%8 elements run
// through the generic code. Requires: AVX2, FMA3.
func ExpF32AVX2(dst, x []float32) {
	needAVX2("ExpF32AVX2")

	x = x[:len(dst)]
	for len(dst) >= 8 {
		n := min(len(dst), actStrip) &^ 7
		expF32AVX2(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
	ExpF32Generic(dst, x)
}

// The assembly assumes len(x) >= len(dst) (and, for AVX2, len(dst) a multiple of the
// vector width); the wrappers ensure it. dst may be exactly x.

//go:noescape
func expF64AVX512(dst, x []float64)

//go:noescape
func expF32AVX512(dst, x []float32)

//go:noescape
func expF64AVX2(dst, x []float64)

//go:noescape
func expF32AVX2(dst, x []float32)

// strips1 runs f over dst and x in strips of at most actStrip elements, each a multiple
// of w long, and tail (the generic code) over what is left (fewer than w elements).
func strips1[T float32 | float64](dst, x []T, w int, f, tail func(dst, x []T)) {
	x = x[:len(dst)]
	for len(dst) >= w {
		n := min(len(dst), actStrip) / w * w
		f(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
	if len(dst) > 0 {
		tail(dst, x)
	}
}

// strips2 is strips1 for primitives with two inputs.
func strips2[T float32 | float64](dst, a, b []T, w int, f, tail func(dst, a, b []T)) {
	a, b = a[:len(dst)], b[:len(dst)]
	for len(dst) >= w {
		n := min(len(dst), actStrip) / w * w
		f(dst[:n], a[:n], b[:n])
		dst, a, b = dst[n:], a[n:], b[n:]
	}
	if len(dst) > 0 {
		tail(dst, a, b)
	}
}
