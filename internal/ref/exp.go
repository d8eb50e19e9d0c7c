package ref

import (
	"math"
	"math/big"
	"sync"
)

// expPrec is the working precision, in bits, of the math/big exponential: far more
// than the 53 bits of a float64, so rounding its result once gives the correctly
// rounded float64 except in cases needing more than ~140 bits, which are absent from
// the test inputs.
const expPrec = 200

var (
	ln2Once sync.Once
	ln2Big  *big.Float
)

// ln2 returns ln 2 to expPrec bits, from ln 2 = 2·atanh(1/3) = 2·Σ 3^-(2n+1)/(2n+1).
func ln2() *big.Float {
	ln2Once.Do(func() {
		sum := newF(0)
		third := new(big.Float).SetPrec(expPrec).Quo(newF(1), newF(3))
		ninth := new(big.Float).SetPrec(expPrec).Quo(newF(1), newF(9))
		pow := new(big.Float).SetPrec(expPrec).Set(third) // 3^-(2n+1)
		for n := 0; n < 200; n++ {
			term := new(big.Float).SetPrec(expPrec).Quo(pow, newF(float64(2*n+1)))
			sum.Add(sum, term)
			pow.Mul(pow, ninth)
		}
		ln2Big = sum.Mul(sum, newF(2))
	})
	return ln2Big
}

func newF(v float64) *big.Float { return new(big.Float).SetPrec(expPrec).SetFloat64(v) }

// ExpBig returns e^x to about expPrec bits for finite x, as a big.Float with exponent
// range wide enough that no intermediate overflows (e^x = 2^k · e^r, |r| ≤ ln2).
func ExpBig(x float64) *big.Float {
	l := ln2()
	k := math.Round(x / math.Ln2)
	r := newF(x)
	r.Sub(r, new(big.Float).SetPrec(expPrec).Mul(newF(k), l)) // |r| < 0.35
	// Taylor series: Σ rⁿ/n!, 60 terms give far more than expPrec bits for |r| < 0.35.
	sum, term := newF(1), newF(1)
	for n := 1; n < 60; n++ {
		term.Mul(term, r)
		term.Quo(term, newF(float64(n)))
		sum.Add(sum, term)
	}
	return sum.SetMantExp(sum, int(k))
}

// Exp64 returns the correctly rounded e^x for float64 x (within the limits of
// ExpBig's precision), with the IEEE special values: NaN → NaN, +Inf → +Inf,
// −Inf → +0, overflow → +Inf, underflow → subnormal or +0.
func Exp64(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x > 710:
		return math.Inf(1)
	case x < -746:
		return 0
	}
	f, _ := ExpBig(x).Float64() // big.Float rounds to nearest even, subnormals included
	return f
}

// Exp32 returns the correctly rounded e^x for float32 x. It takes math.Exp in float64
// (error < 1 float64 ULP) and rounds that to float32, which is correct unless the
// float64 value lies within a few float64 ULPs of a float32 rounding boundary; then
// it uses the math/big exponential.
func Exp32(x float32) float32 {
	switch {
	case x != x:
		return x
	case x > 89:
		return float32(math.Inf(1))
	case x < -104:
		return 0
	}
	y := math.Exp(float64(x))
	if nearMidpoint32(y) {
		f, _ := ExpBig(float64(x)).Float32()
		return f
	}
	return float32(y)
}

// nearMidpoint32 reports whether the float64 y lies within 8 float64 ULPs of a value
// halfway between two adjacent float32 values (or of a float32 value: harmless).
func nearMidpoint32(y float64) bool {
	const guard = 8
	lo, hi := math.Float64frombits(math.Float64bits(y)-guard), math.Float64frombits(math.Float64bits(y)+guard)
	return float32(lo) != float32(hi) || float32(y) != float32(lo)
}
