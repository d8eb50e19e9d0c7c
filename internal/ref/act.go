package ref

import (
	"math"
	"math/big"

	"github.com/matkern/matkern/internal/view"
)

// sigmoidBig returns σ(x) = 1/(1 + e^−x) and σ'(x) = e^−x/(1 + e^−x)² to about
// expPrec bits, for finite x.
func sigmoidBig(x float64) (s, ds *big.Float) {
	e := ExpBig(-x)
	d := new(big.Float).SetPrec(expPrec).Add(newF(1), e)
	s = new(big.Float).SetPrec(expPrec).Quo(newF(1), d)
	ds = new(big.Float).SetPrec(expPrec).Quo(e, new(big.Float).SetPrec(expPrec).Mul(d, d))
	return s, ds
}

// Sigmoid64 returns the correctly rounded σ(x) (NaN → NaN, ±Inf → 1, 0).
func Sigmoid64(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 40:
		return 1 // σ(x) > 1 − 2^-57: rounds to 1
	case x < -746:
		return 0
	}
	s, _ := sigmoidBig(x)
	f, _ := s.Float64()
	return f
}

// SigmoidDeriv64 returns the correctly rounded σ'(x) = σ(x)(1 − σ(x)).
func SigmoidDeriv64(x float64) float64 {
	switch {
	case x != x:
		return x
	case math.Abs(x) > 746:
		return 0
	}
	_, ds := sigmoidBig(-math.Abs(x)) // σ' is even
	f, _ := ds.Float64()
	return f
}

// Sigmoid32 returns σ(x) for float32 x, from the float64 reference (one extra rounding:
// within 1 float32 ULP of correctly rounded, and correctly rounded almost always).
func Sigmoid32(x float32) float32 { return float32(Sigmoid64(float64(x))) }

// SigmoidDeriv32 returns σ'(x) for float32 x from the float64 reference.
func SigmoidDeriv32(x float32) float32 { return float32(SigmoidDeriv64(float64(x))) }

// SoftmaxRow returns softmax(x) = exp(x − max x)/Σ exp(x − max x) for one row, in
// float64 with math.Exp (each term within 1 ULP) and a plain sum.
func SoftmaxRow[T view.Float](x []T) []float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, float64(v))
	}
	out := make([]float64, len(x))
	sum := 0.0
	for i, v := range x {
		out[i] = math.Exp(float64(v) - m)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// LogSoftmaxRow returns log softmax(x) = x − max x − log Σ exp(x − max x), in float64.
func LogSoftmaxRow[T view.Float](x []T) []float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, float64(v))
	}
	sum := 0.0
	for _, v := range x {
		sum += math.Exp(float64(v) - m)
	}
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v) - m - math.Log(sum)
	}
	return out
}

// SoftmaxJacobian returns J = diag(s) − s sᵀ (K×K, row-major) for s = softmax(x).
func SoftmaxJacobian(s []float64) []float64 {
	k := len(s)
	j := make([]float64, k*k)
	for a := range k {
		for b := range k {
			j[a*k+b] = -s[a] * s[b]
		}
		j[a*k+a] += s[a]
	}
	return j
}

// MatVec returns A·v for a K×K row-major A; MatTVec returns Aᵀ·v (both Gemm).
func MatVec(a, v []float64) []float64 { return matVec(false, a, v) }

// MatTVec returns Aᵀ·v for a K×K row-major A.
func MatTVec(a, v []float64) []float64 { return matVec(true, a, v) }

func matVec(trans bool, a, v []float64) []float64 {
	k := len(v)
	A := view.Matrix[float64]{Rows: k, Cols: k, Stride: max(k, 1), Data: a}
	V := view.Matrix[float64]{Rows: k, Cols: 1, Stride: 1, Data: v}
	return Gemm(trans, false, 1, A, V, 0, NewMatrix[float64](k, 1)).Data[:k]
}
