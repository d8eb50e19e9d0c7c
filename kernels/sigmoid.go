package kernels

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// The sigmoid family. σ(x) = 1/(1 + e^−x) is computed from e = e^−|x| (which never
// overflows) as 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0; its Jacobian is
// diag(σ'(x)) with σ'(x) = σ(x)(1 − σ(x)) = e/(1 + e)², so the Jacobian-vector and
// vector-Jacobian products are the same map v ↦ σ'(x) ⊙ v (docs/conventions.md).
// Common rules: all slices have one length, else the function panics naming itself;
// dst may be exactly an input, any other overlap panics; NaN → NaN, σ(+Inf) = 1,
// σ(−Inf) = 0, σ'(±Inf) = 0; finite input never gives NaN. Cost: one pass, O(n).
// Accuracy: σ within 3 ULP and σ' (fused from x) within 6 ULP of the correctly rounded
// values at every level (the generic and AVX2 levels divide and agree bit for bit; the
// AVX-512 level uses a refined reciprocal and stays within 2 ULP of them).

// Sigmoid sets dst[i] = σ(x[i]) = 1/(1 + e^−x[i]), computed from e^−|x| so that it
// never overflows. len(dst) == len(x), else it panics naming itself; dst may be exactly
// x, any other overlap panics. NaN → NaN, σ(+Inf) = 1, σ(−Inf) = 0; finite input never
// gives NaN. Within 3 ULP of the correctly rounded value at every level. Cost: one pass;
// large outputs split across blocked.Threads() cores.
func Sigmoid(dst, x []float64) {
	actUnary("kernels.Sigmoid", dst, x, dispatch.Current().Act.SigmoidF64)
}

// Sigmoid32 is Sigmoid for float32.
func Sigmoid32(dst, x []float32) {
	actUnary("kernels.Sigmoid32", dst, x, dispatch.Current().Act.SigmoidF32)
}

// SigmoidJVP sets dst = s ⊙ (1 − s) ⊙ v, the sigmoid's Jacobian times v, from its saved
// output s = σ(x): dst[i] = (s[i]·(1 − s[i]))·v[i], the same bits at every level.
// Where s has rounded to 1 (x ≳ 37) this gives 0; SigmoidGrad, from x, does not.
// dst, s and v have one length, else it panics naming itself; dst may be exactly s or
// v, any other overlap panics. NaN in s or v gives NaN; Inf in v gives ±Inf, or NaN
// where s(1 − s) = 0. Cost: one pass; large outputs split across cores.
func SigmoidJVP(dst, s, v []float64) {
	actBinary("kernels.SigmoidJVP", "s", "v", dst, s, v, sigmoidGradF64(len(dst)))
}

// SigmoidJVP32 is SigmoidJVP for float32.
func SigmoidJVP32(dst, s, v []float32) {
	actBinary("kernels.SigmoidJVP32", "s", "v", dst, s, v, sigmoidGradF32(len(dst)))
}

// SigmoidVJP sets dst = vᵀJ = s ⊙ (1 − s) ⊙ v: the Jacobian is diagonal, so this is
// SigmoidJVP under the name backpropagation uses, with the same lengths, aliasing,
// NaN/Inf behaviour and cost.
func SigmoidVJP(dst, s, v []float64) {
	actBinary("kernels.SigmoidVJP", "s", "v", dst, s, v, sigmoidGradF64(len(dst)))
}

// SigmoidVJP32 is SigmoidVJP for float32.
func SigmoidVJP32(dst, s, v []float32) {
	actBinary("kernels.SigmoidVJP32", "s", "v", dst, s, v, sigmoidGradF32(len(dst)))
}

// SigmoidGrad sets dst = σ'(x) ⊙ v fused from the input x (one pass, no saved output):
// dst[i] = (e·y)·y·v[i] with e = e^−|x[i]|, y = 1/(1 + e). No cancellation, so it keeps
// full relative accuracy in the tails (σ'(40)·1 ≈ 4.2e-18, not 0); within 6 ULP of the
// correctly rounded value. dst, x and v have one length, else it panics naming itself;
// dst may be exactly x or v, any other overlap panics. σ'(±Inf) = 0, NaN → NaN. Cost:
// one pass; large outputs split across cores.
func SigmoidGrad(dst, x, v []float64) {
	actBinary("kernels.SigmoidGrad", "x", "v", dst, x, v, dispatch.Current().Act.SigmoidGradXF64)
}

// SigmoidGrad32 is SigmoidGrad for float32.
func SigmoidGrad32(dst, x, v []float32) {
	actBinary("kernels.SigmoidGrad32", "x", "v", dst, x, v, dispatch.Current().Act.SigmoidGradXF32)
}

// SigmoidJacobian sets the K×K matrix dst to diag(s ⊙ (1 − s)), the materialized
// Jacobian of the sigmoid at the output s (K = len(s)), for tests and teaching; it
// panics unless dst is K×K and shares no memory with s. Cost O(K²) to write the zeros.
func SigmoidJacobian(dst blas64.General, s []float64) {
	sigmoidJacobian("kernels.SigmoidJacobian", view.F64(dst), s)
}

// SigmoidJacobian32 is SigmoidJacobian for float32.
func SigmoidJacobian32(dst blas32.General, s []float32) {
	sigmoidJacobian("kernels.SigmoidJacobian32", view.F32(dst), s)
}

func sigmoidJacobian[T view.Float](fn string, d view.Matrix[T], s []T) {
	view.Dims(fn, "dst", d, len(s), len(s))
	view.NoOverlap(fn, "dst", d.Span(), "s", s)
	for i := range s {
		row := d.Row(i)
		clear(row)
		row[i] = s[i] * (1 - s[i])
	}
}

// actPanicf panics with a message naming the function.
func actPanicf(fn, format string, args ...any) {
	panic(fn + ": " + fmt.Sprintf(format, args...))
}

// sigmoidGradF64 returns the level's s(1 − s)·v primitive for n elements: the
// non-temporal form once the output reaches tune.NTMinBytes (it would not stay in the caches;
// measured at n = 1e6 float64, AVX-512: see bench/act.go), else the plain one.
func sigmoidGradF64(n int) func(dst, s, v []float64) {
	a := &dispatch.Current().Act
	if 8*n >= tune.NTMinBytes {
		return a.SigmoidGradNTF64
	}
	return a.SigmoidGradF64
}

// sigmoidGradF32 is sigmoidGradF64 for float32.
func sigmoidGradF32(n int) func(dst, s, v []float32) {
	a := &dispatch.Current().Act
	if 4*n >= tune.NTMinBytes {
		return a.SigmoidGradNTF32
	}
	return a.SigmoidGradF32
}
