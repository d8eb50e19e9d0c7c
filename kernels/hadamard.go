package kernels

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// The Hadamard family: elementwise products and the companions that gradients need.
// Common rules, for every function below:
//
//   - Shapes: all slices have one length (all matrices one shape, any strides ≥ cols);
//     otherwise the function panics naming itself and the lengths or shapes.
//   - Aliasing: dst may be exactly an input (the same slice, or the same matrix view);
//     any other overlap with an input panics. Matrices that share a buffer without
//     sharing elements (two column blocks of one matrix) are fine.
//   - IEEE arithmetic throughout: NaN and ±Inf propagate (0·Inf = NaN); the fused
//     forms (HadamardAdd, Axpy) round once per element, like math.FMA.
//   - Cost: one pass, O(n) for n elements; memory-bound beyond the L1 cache. Large
//     outputs are split across blocked.Threads() cores, from a size internal/tune
//     derives from the caches (beyond every cache the process can count on as its own:
//     64 MiB on a 2-core VM with 2 MiB L2s whatever L3 cpuid reports for the socket).
//     A call of up to 16384 elements costs about 10 ns more than the loop itself.

// Hadamard sets dst = a ⊙ b, that is dst[i] = a[i]·b[i].
// Outputs too large to stay in the caches (internal/tune: an eighth of the last-level
// cache, or of the largest one the facts make believable) are written with
// non-temporal stores.
func Hadamard(dst, a, b []float64) {
	if len(dst) >= elemAsmMin && smallBin(dst, a, b) { // the length test first: below it, no call
		dispatch.Current().Elem.MulF64(dst, a, b)
		return
	}
	binary("kernels.Hadamard", opMul, dst, a, b)
}

// Hadamard32 is Hadamard for float32.
func Hadamard32(dst, a, b []float32) {
	if len(dst) >= elemAsmMin && smallBin(dst, a, b) { // the length test first: below it, no call
		dispatch.Current().Elem.MulF32(dst, a, b)
		return
	}
	binary("kernels.Hadamard32", opMul, dst, a, b)
}

// HadamardMat sets dst = A ⊙ B for matrices of one shape: dst(i,j) = a(i,j)·b(i,j).
func HadamardMat(dst, a, b blas64.General) {
	binaryMat("kernels.HadamardMat", opMul, view.F64(dst), view.F64(a), view.F64(b))
}

// HadamardMat32 is HadamardMat for float32.
func HadamardMat32(dst, a, b blas32.General) {
	binaryMat("kernels.HadamardMat32", opMul, view.F32(dst), view.F32(a), view.F32(b))
}

// HadamardAdd accumulates dst += a ⊙ b, dst[i] = fma(a[i], b[i], dst[i]) with one
// rounding: the backpropagation pattern δ += f'(z) ⊙ g.
func HadamardAdd(dst, a, b []float64) {
	if len(dst) >= elemAsmMin && smallBin(dst, a, b) { // the length test first: below it, no call
		dispatch.Current().Elem.MulAddF64(dst, a, b)
		return
	}
	binary("kernels.HadamardAdd", opMulAdd, dst, a, b)
}

// HadamardAdd32 is HadamardAdd for float32 (rounded once to float32).
func HadamardAdd32(dst, a, b []float32) {
	if len(dst) >= elemAsmMin && smallBin(dst, a, b) { // the length test first: below it, no call
		dispatch.Current().Elem.MulAddF32(dst, a, b)
		return
	}
	binary("kernels.HadamardAdd32", opMulAdd, dst, a, b)
}

// HadamardAddMat accumulates dst += A ⊙ B for matrices of one shape (fused, one rounding).
func HadamardAddMat(dst, a, b blas64.General) {
	binaryMat("kernels.HadamardAddMat", opMulAdd, view.F64(dst), view.F64(a), view.F64(b))
}

// HadamardAddMat32 is HadamardAddMat for float32.
func HadamardAddMat32(dst, a, b blas32.General) {
	binaryMat("kernels.HadamardAddMat32", opMulAdd, view.F32(dst), view.F32(a), view.F32(b))
}

// Add sets dst = a + b elementwise.
func Add(dst, a, b []float64) {
	if len(dst) >= elemAsmMin && smallBin(dst, a, b) { // the length test first: below it, no call
		dispatch.Current().Elem.AddF64(dst, a, b)
		return
	}
	binary("kernels.Add", opAdd, dst, a, b)
}

// Add32 is Add for float32.
func Add32(dst, a, b []float32) {
	if len(dst) >= elemAsmMin && smallBin(dst, a, b) { // the length test first: below it, no call
		dispatch.Current().Elem.AddF32(dst, a, b)
		return
	}
	binary("kernels.Add32", opAdd, dst, a, b)
}

// AddMat sets dst = A + B for matrices of one shape.
func AddMat(dst, a, b blas64.General) {
	binaryMat("kernels.AddMat", opAdd, view.F64(dst), view.F64(a), view.F64(b))
}

// AddMat32 is AddMat for float32.
func AddMat32(dst, a, b blas32.General) {
	binaryMat("kernels.AddMat32", opAdd, view.F32(dst), view.F32(a), view.F32(b))
}

// Sub sets dst = a − b elementwise.
func Sub(dst, a, b []float64) {
	if len(dst) >= elemAsmMin && smallBin(dst, a, b) { // the length test first: below it, no call
		dispatch.Current().Elem.SubF64(dst, a, b)
		return
	}
	binary("kernels.Sub", opSub, dst, a, b)
}

// Sub32 is Sub for float32.
func Sub32(dst, a, b []float32) {
	if len(dst) >= elemAsmMin && smallBin(dst, a, b) { // the length test first: below it, no call
		dispatch.Current().Elem.SubF32(dst, a, b)
		return
	}
	binary("kernels.Sub32", opSub, dst, a, b)
}

// SubMat sets dst = A − B for matrices of one shape.
func SubMat(dst, a, b blas64.General) {
	binaryMat("kernels.SubMat", opSub, view.F64(dst), view.F64(a), view.F64(b))
}

// SubMat32 is SubMat for float32.
func SubMat32(dst, a, b blas32.General) {
	binaryMat("kernels.SubMat32", opSub, view.F32(dst), view.F32(a), view.F32(b))
}

// Scale sets dst = αx, dst[i] = α·x[i]. dst may be exactly x (in-place scaling).
func Scale(dst []float64, alpha float64, x []float64) {
	if len(dst) >= elemAsmMin && smallSca(dst, x) {
		dispatch.Current().Elem.ScaleF64(dst, alpha, x)
		return
	}
	scalar("kernels.Scale", opScale, dst, alpha, x)
}

// Scale32 is Scale for float32.
func Scale32(dst []float32, alpha float32, x []float32) {
	if len(dst) >= elemAsmMin && smallSca(dst, x) {
		dispatch.Current().Elem.ScaleF32(dst, alpha, x)
		return
	}
	scalar("kernels.Scale32", opScale, dst, alpha, x)
}

// ScaleMat sets dst = αX for matrices of one shape.
func ScaleMat(dst blas64.General, alpha float64, x blas64.General) {
	scalarMat("kernels.ScaleMat", opScale, view.F64(dst), alpha, view.F64(x))
}

// ScaleMat32 is ScaleMat for float32.
func ScaleMat32(dst blas32.General, alpha float32, x blas32.General) {
	scalarMat("kernels.ScaleMat32", opScale, view.F32(dst), alpha, view.F32(x))
}

// Axpy accumulates dst += αx, dst[i] = fma(α, x[i], dst[i]) with one rounding
// (BLAS daxpy, with the destination first). Note that α = 0 still computes 0·x[i], so
// an Inf or NaN in x makes dst[i] NaN.
func Axpy(dst []float64, alpha float64, x []float64) {
	if len(dst) >= elemAsmMin && smallSca(dst, x) {
		dispatch.Current().Elem.AxpyF64(dst, alpha, x)
		return
	}
	scalar("kernels.Axpy", opAxpy, dst, alpha, x)
}

// Axpy32 is Axpy for float32 (rounded once to float32).
func Axpy32(dst []float32, alpha float32, x []float32) {
	if len(dst) >= elemAsmMin && smallSca(dst, x) {
		dispatch.Current().Elem.AxpyF32(dst, alpha, x)
		return
	}
	scalar("kernels.Axpy32", opAxpy, dst, alpha, x)
}

// AxpyMat accumulates dst += αX for matrices of one shape (fused, one rounding).
func AxpyMat(dst blas64.General, alpha float64, x blas64.General) {
	scalarMat("kernels.AxpyMat", opAxpy, view.F64(dst), alpha, view.F64(x))
}

// AxpyMat32 is AxpyMat for float32.
func AxpyMat32(dst blas32.General, alpha float32, x blas32.General) {
	scalarMat("kernels.AxpyMat32", opAxpy, view.F32(dst), alpha, view.F32(x))
}
