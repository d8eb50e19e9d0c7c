package kernels

import (
	"math"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/internal/view"
)

// Reduction says how per-row cross-entropy losses combine into one number.
type Reduction int

const (
	// Mean averages the N row losses; the gradient is divided by N.
	Mean Reduction = iota
	// Sum adds the row losses.
	Sum
)

// SoftmaxCrossEntropy returns the cross-entropy loss of the logits x (N×K) against the
// class indices classes (len N, each in [0, K)), L = r(Σᵢ −log softmax(xᵢ)[cᵢ]) with r
// the reduction, and sets grad (N×K) to ∂L/∂x = w·(softmax(x) − onehot(c)), w = 1/N for
// Mean and 1 for Sum: the fused forward and backward pass of the usual classifier head
// (docs/conventions.md: ∂L/∂x = s − y). One row costs three passes (max; exp and sum into grad;
// scale) and the loss −log sᶜ = m + log Σ − x_c needs no extra pass.
// grad may be exactly x (the logits are then overwritten by the gradient). It panics on
// a shape mismatch, a class index out of range, partial overlap, or K = 0 with N > 0
// (there is no class to score; SoftmaxCrossEntropyProb panics alike). Edge cases: N = 0
// gives 0 (Mean too, and for any K); finite logits give a finite gradient and a loss that is finite
// unless its exact value exceeds MaxFloat64 (a row's loss, or the sum of the rows' losses
// before Mean divides it, can: then +Inf); non-finite logits follow Softmax (NaN rows).
func SoftmaxCrossEntropy(grad, x blas64.General, classes []int, r Reduction) float64 {
	return crossEntropy("kernels.SoftmaxCrossEntropy", actOps64(), view.F64(grad), view.F64(x), classes, nil, r)
}

// SoftmaxCrossEntropy32 is SoftmaxCrossEntropy for float32 (the loss is accumulated in
// float64 and returned as float64).
func SoftmaxCrossEntropy32(grad, x blas32.General, classes []int, r Reduction) float64 {
	return crossEntropy("kernels.SoftmaxCrossEntropy32", actOps32(), view.F32(grad), view.F32(x), classes, nil, r)
}

// SoftmaxCrossEntropyProb is SoftmaxCrossEntropy against probability targets y (N×K,
// rows normally summing to 1, e.g. label smoothing): L = r(Σᵢ −⟨yᵢ, log softmax(xᵢ)⟩)
// = r(Σᵢ (m + log Σ)·Σⱼ yᵢⱼ − ⟨yᵢ, xᵢ⟩), and sets grad to the exact gradient
// w·((Σⱼ yᵢⱼ)·softmax(xᵢ) − yᵢ), which is w·(s − y) for targets summing to 1. grad may
// be exactly x; y must not share memory with grad. As with class indices, N = 0 gives 0
// and K = 0 with N > 0 panics.
func SoftmaxCrossEntropyProb(grad, x, y blas64.General, r Reduction) float64 {
	yv := view.F64(y)
	return crossEntropy("kernels.SoftmaxCrossEntropyProb", actOps64(), view.F64(grad), view.F64(x), nil, &yv, r)
}

// SoftmaxCrossEntropyProb32 is SoftmaxCrossEntropyProb for float32.
func SoftmaxCrossEntropyProb32(grad, x, y blas32.General, r Reduction) float64 {
	yv := view.F32(y)
	return crossEntropy("kernels.SoftmaxCrossEntropyProb32", actOps32(), view.F32(grad), view.F32(x), nil, &yv, r)
}

func crossEntropy[T view.Float](fn string, o actOps[T], g, x view.Matrix[T], classes []int, y *view.Matrix[T], r Reduction) float64 {
	checkRowsIO(fn, "grad", g, "x", x)
	if y != nil {
		view.SameShape(fn, "y", *y, "x", x)
		view.NoPartialOverlap(fn, "grad", g.Span(), "y", y.Span())
		if exact, _ := view.Overlap(g.Span(), y.Span()); exact {
			actPanicf(fn, "grad and y share memory")
		}
	} else if len(classes) != x.Rows {
		actPanicf(fn, "len(classes) = %d, want %d (rows of x, %s)", len(classes), x.Rows, x.Shape())
	}
	if r != Mean && r != Sum {
		actPanicf(fn, "unknown reduction %d", int(r))
	}
	if x.Rows == 0 {
		return 0
	}
	if x.Cols == 0 {
		actPanicf(fn, "x is %s: no classes (K = 0), so no distribution to take the cross-entropy of", x.Shape())
	}
	for i, c := range classes {
		if c < 0 || c >= x.Cols {
			actPanicf(fn, "classes[%d] = %d, want a class in [0, %d)", i, c, x.Cols)
		}
	}
	w := 1.0
	if r == Mean {
		w = 1 / float64(x.Rows)
	}
	loss := 0.0
	for i := range x.Rows {
		xr, gr := x.Row(i), g.Row(i)
		m := o.max(xr)
		var xc T
		if y == nil {
			xc = xr[classes[i]] // read before grad (maybe x itself) is overwritten
		}
		var yx, ys float64
		if y != nil {
			yx, ys = dotSum(y.Row(i), xr)
		}
		sum := o.expSum(gr, xr, m)
		lse := float64(m) + math.Log(float64(sum))
		if y == nil {
			loss += lse - float64(xc)
			o.scale(gr, gr, T(w/float64(sum)))
			gr[classes[i]] -= T(w)
		} else {
			loss += lse*ys - yx
			o.scale(gr, gr, T(w*ys/float64(sum)))
			tw := T(w)
			for j, v := range y.Row(i) {
				gr[j] -= tw * v
			}
		}
	}
	return loss * w
}

// dotSum returns ⟨y, x⟩ and Σy in float64, four interleaved partial sums each (plain Go:
// the same bits at every level, without one long chain of dependent additions; scalar
// locals, which the compiler keeps in registers, unlike an array).
func dotSum[T view.Float](y, x []T) (yx, ys float64) {
	x = x[:len(y)]
	var d0, d1, d2, d3, s0, s1, s2, s3 float64
	for len(y) >= 4 && len(x) >= 4 {
		y0, y1, y2, y3 := float64(y[0]), float64(y[1]), float64(y[2]), float64(y[3])
		d0 += y0 * float64(x[0])
		d1 += y1 * float64(x[1])
		d2 += y2 * float64(x[2])
		d3 += y3 * float64(x[3])
		s0 += y0
		s1 += y1
		s2 += y2
		s3 += y3
		y, x = y[4:], x[4:]
	}
	for k := range y {
		d0 += float64(y[k]) * float64(x[k])
		s0 += float64(y[k])
	}
	return (d0 + d2) + (d1 + d3), (s0 + s2) + (s1 + s3)
}
