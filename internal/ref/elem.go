package ref

import (
	"math"
	"math/big"

	"github.com/matkern/matkern/internal/view"
)

// References for the elementwise (Hadamard-family), Kronecker and transpose kernels.
// Each returns a new value; none is fast.

// FMA64 returns x*y + z rounded once, computed exactly with math/big (NaN and Inf by
// IEEE rules through float64 arithmetic, which is exact for them).
func FMA64(x, y, z float64) float64 {
	if !finite(x) || !finite(y) || !finite(z) {
		return x*y + z
	}
	r, _ := exactFMA(x, y, z).Float64()
	return r
}

// FMA32 returns x*y + z computed exactly and rounded once to float32.
func FMA32(x, y, z float32) float32 {
	if !finite(float64(x)) || !finite(float64(y)) || !finite(float64(z)) {
		return float32(float64(x)*float64(y) + float64(z))
	}
	r, _ := exactFMA(float64(x), float64(y), float64(z)).Float32()
	return r
}

// FMA is FMA64 or FMA32 according to T.
func FMA[T view.Float](x, y, z T) T {
	switch v := any(x).(type) {
	case float32:
		return T(FMA32(v, float32(y), float32(z)))
	}
	return T(FMA64(float64(x), float64(y), float64(z)))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// exactFMA holds x*y + z exactly: 2200 bits cover any float64 product and sum.
func exactFMA(x, y, z float64) *big.Float {
	const prec = 2200
	p := new(big.Float).SetPrec(prec).SetFloat64(x)
	p.Mul(p, new(big.Float).SetPrec(prec).SetFloat64(y))
	return p.Add(p, new(big.Float).SetPrec(prec).SetFloat64(z))
}

// Mul returns a ⊙ b (elementwise product).
func Mul[T view.Float](a, b []T) []T {
	out := make([]T, len(a))
	for i := range a {
		out[i] = a[i] * b[i]
	}
	return out
}

// MulAdd returns d + a ⊙ b, each element rounded once.
func MulAdd[T view.Float](d, a, b []T) []T {
	out := make([]T, len(a))
	for i := range a {
		out[i] = FMA(a[i], b[i], d[i])
	}
	return out
}

// Sub returns a − b.
func Sub[T view.Float](a, b []T) []T {
	out := make([]T, len(a))
	for i := range a {
		out[i] = a[i] - b[i]
	}
	return out
}

// Scale returns αx.
func Scale[T view.Float](alpha T, x []T) []T {
	out := make([]T, len(x))
	for i := range x {
		out[i] = alpha * x[i]
	}
	return out
}

// Axpy returns d + αx, each element rounded once.
func Axpy[T view.Float](d []T, alpha T, x []T) []T {
	out := make([]T, len(x))
	for i := range x {
		out[i] = FMA(alpha, x[i], d[i])
	}
	return out
}

// NewMatrix returns a contiguous r×c matrix of zeros.
func NewMatrix[T view.Float](r, c int) view.Matrix[T] {
	return view.Matrix[T]{Rows: r, Cols: c, Stride: max(c, 1), Data: make([]T, r*max(c, 1))}
}

// Kron returns A ⊗ B = [aij B], (mp)×(nq), straight from the definition: element
// (i·p+k, j·q+l) is a(i, j)·b(k, l).
func Kron[T view.Float](a, b view.Matrix[T]) view.Matrix[T] {
	out := NewMatrix[T](a.Rows*b.Rows, a.Cols*b.Cols)
	for i := 0; i < a.Rows; i++ {
		for j := 0; j < a.Cols; j++ {
			for k := 0; k < b.Rows; k++ {
				for l := 0; l < b.Cols; l++ {
					out.Set(i*b.Rows+k, j*b.Cols+l, a.At(i, j)*b.At(k, l))
				}
			}
		}
	}
	return out
}

// KronAdd returns d + α(A ⊗ B) with element (i·p+k, j·q+l) = fma(α·a(i,j), b(k,l), d(…)):
// the product α·a(i,j) rounded first, then one fused multiply-add, as the kernels do.
func KronAdd[T view.Float](d view.Matrix[T], alpha T, a, b view.Matrix[T]) view.Matrix[T] {
	out := NewMatrix[T](d.Rows, d.Cols)
	for i := 0; i < a.Rows; i++ {
		for j := 0; j < a.Cols; j++ {
			s := alpha * a.At(i, j)
			for k := 0; k < b.Rows; k++ {
				for l := 0; l < b.Cols; l++ {
					r, c := i*b.Rows+k, j*b.Cols+l
					out.Set(r, c, FMA(s, b.At(k, l), d.At(r, c)))
				}
			}
		}
	}
	return out
}

// Transpose returns Aᵀ.
func Transpose[T view.Float](a view.Matrix[T]) view.Matrix[T] {
	out := NewMatrix[T](a.Cols, a.Rows)
	for i := 0; i < a.Rows; i++ {
		for j := 0; j < a.Cols; j++ {
			out.Set(j, i, a.At(i, j))
		}
	}
	return out
}

// Vec returns vec(A), the columns of A stacked (column-major order).
func Vec[T view.Float](a view.Matrix[T]) []T {
	out := make([]T, 0, a.Rows*a.Cols)
	for j := 0; j < a.Cols; j++ {
		for i := 0; i < a.Rows; i++ {
			out = append(out, a.At(i, j))
		}
	}
	return out
}

// MatProduct returns AB (Gemm with α = 1, β = 0).
func MatProduct[T view.Float](a, b view.Matrix[T]) view.Matrix[T] {
	return Gemm(false, false, 1, a, b, 0, NewMatrix[T](a.Rows, b.Cols))
}

// Dense returns the elements of m row by row, without stride gaps.
func Dense[T view.Float](m view.Matrix[T]) []T {
	out := make([]T, 0, m.Rows*m.Cols)
	for i := 0; i < m.Rows; i++ {
		out = append(out, m.Row(i)...)
	}
	return out
}
