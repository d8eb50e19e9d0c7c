package ref

import (
	"math"

	"github.com/matkern/matkern/internal/view"
)

// Gemm returns α·op(A)·op(B) + β·C in a new contiguous m×n matrix (m, n = C's shape),
// where op(X) is X, or Xᵀ when the matching trans flag is true. Each dot product is
// accumulated in float64 in index order. BLAS semantics: β = 0 means C is not read (a NaN
// in C does not leak), α = 0 (or k = 0) means A and B are not read.
func Gemm[T view.Float](transA, transB bool, alpha float64, a, b view.Matrix[T], beta float64, c view.Matrix[T]) view.Matrix[T] {
	m, n := c.Rows, c.Cols
	k := a.Cols
	if transA {
		k = a.Rows
	}
	opA := func(i, p int) float64 {
		if transA {
			return float64(a.At(p, i))
		}
		return float64(a.At(i, p))
	}
	opB := func(p, j int) float64 {
		if transB {
			return float64(b.At(j, p))
		}
		return float64(b.At(p, j))
	}
	out := view.Matrix[T]{Rows: m, Cols: n, Stride: max(n, 1), Data: make([]T, m*max(n, 1))}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var v float64
			if alpha != 0 {
				var s float64
				for p := 0; p < k; p++ {
					s += opA(i, p) * opB(p, j)
				}
				v = alpha * s
			}
			if beta != 0 {
				v += beta * float64(c.At(i, j))
			}
			out.Set(i, j, T(v))
		}
	}
	return out
}

// GemmBound returns, for each element of Gemm's result, the magnitude
// |α|·Σₚ|op(A)ᵢₚ|·|op(B)ₚⱼ| + |β|·|Cᵢⱼ| that bounds its rounding error: any evaluation
// order of the k products and the final scaling, with or without fused multiply-adds,
// is within (k+2)·ε·bound of the exact value (the standard γ_{k+2} bound of
// Higham, Accuracy and Stability of Numerical Algorithms, §3.5).
func GemmBound[T view.Float](transA, transB bool, alpha float64, a, b view.Matrix[T], beta float64, c view.Matrix[T]) view.Matrix[float64] {
	abs := func(x view.Matrix[T]) view.Matrix[T] {
		y := view.Matrix[T]{Rows: x.Rows, Cols: x.Cols, Stride: x.Stride, Data: make([]T, len(x.Data))}
		for i := range x.Data {
			y.Data[i] = T(math.Abs(float64(x.Data[i])))
		}
		return y
	}
	g := Gemm(transA, transB, math.Abs(alpha), abs(a), abs(b), math.Abs(beta), abs(c))
	out := view.Matrix[float64]{Rows: g.Rows, Cols: g.Cols, Stride: g.Stride, Data: make([]float64, len(g.Data))}
	for i, v := range g.Data {
		out.Data[i] = float64(v)
	}
	return out
}

// MicroKernel is the reference for a GEMM micro-kernel with an mr×nr register tile
// working down a strip of ⌈m/mr⌉ tiles: given packed panels a (a[t*mr*k + p*mr + i] =
// op(A)(t*mr+i, p), one mr-row panel per tile) and b (k steps of nr values: b[p*nr+j] =
// op(B)ₚⱼ), it sets, for i < m and j < n ≤ nr,
//
//	C[i*ldc+j] = fma(β, C[i*ldc+j], α·acc)   (C not read when β = 0: C = α·acc)
//
// where acc = fma(op(A)(i, p), b[p*nr+j], acc) for p = 0, 1, …, k−1 from acc = 0, in the
// precision T with one rounding per fused multiply-add. For float64 this is bit for bit
// what the assembly micro-kernels compute; for float32 the fused operations are emulated
// in float64, which may differ in the last bit in rare double-rounding cases.
func MicroKernel[T view.Float](mr, nr, k int, a, b, c []T, ldc int, alpha, beta T, m, n int) {
	for i := 0; i < m; i++ {
		base := i/mr*mr*k + i%mr // element (i, 0) of the strip's panels
		for j := 0; j < n; j++ {
			var acc T
			for p := 0; p < k; p++ {
				acc = T(math.FMA(float64(a[base+p*mr]), float64(b[p*nr+j]), float64(acc)))
			}
			v := alpha * acc
			if beta != 0 {
				v = T(math.FMA(float64(beta), float64(c[i*ldc+j]), float64(v)))
			}
			c[i*ldc+j] = v
		}
	}
}
