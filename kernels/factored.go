package kernels

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/internal/view"
)

// KronPlan applies the Kronecker product of k factors, K = F1 ⊗ F2 ⊗ … ⊗ Fk (Fi Pi×Qi),
// from the right to the rows of a matrix: Y = α·X·K + β·Y, without ever forming K (which
// has ΠPi·ΠQi entries: 1 TB of float64 for four 32×32 factors). Each row of X is treated
// as a tensor with axes P1…Pk and the factors are applied one at a time, each as a GEMM
// (a "sliced multiply": the tensor read in place through its strides, register tiles
// matched to the factor's width) whose result is stored in the order the next one reads.
//
// Cost per row of X: Σ over steps of 2·L·Qi flops, where L is the row's length before
// the step (it starts at ΠPi; applying Fi turns a Pi into a Qi); with equal square
// factors of size P that is 2k·P^(k+1), against 2·P^(2k) for the materialized product.
// The factors are applied in the order with the fewest flops (Order). Workspace: two
// buffers of the longest intermediate per worker, allocated once.
//
// Make a plan once and apply it many times: repeated products with a plan allocate
// nothing. The factors are referenced, not copied; they may change between products. A
// plan is not safe for concurrent use.
type KronPlan struct{ p *blocked.KronPlan[float64] }

// NewKronPlan plans Y = α·X·(F1 ⊗ … ⊗ Fk) + β·Y, or, if trans, Y = α·X·(F1 ⊗ … ⊗ Fk)ᵀ
// + β·Y = α·X·(F1ᵀ ⊗ … ⊗ Fkᵀ) + β·Y. It panics if there are no factors or one is
// malformed, and returns an error (wrapping blocked.ErrKronTooLarge) if the intermediates
// would not fit in blocked.MaxKronWorkspace.
func NewKronPlan(trans bool, factors ...blas64.General) (*KronPlan, error) {
	return newKronPlan("kernels.NewKronPlan", trans, factors)
}

// newKronPlan is NewKronPlan with fn naming the public function for messages.
func newKronPlan(fn string, trans bool, factors []blas64.General) (*KronPlan, error) {
	fs := make([]view.Matrix[float64], len(factors))
	for i, f := range factors {
		fs[i] = view.F64(f)
	}
	p, err := blocked.NewKronPlan(fn, fs, trans)
	if err != nil {
		return nil, err
	}
	return &KronPlan{p}, nil
}

// Apply sets Y = α·X·K + β·Y with K the plan's Kronecker product. X is m×ΠPi and Y is
// m×ΠQi (swapped if the plan is transposed), for any m ≥ 0; β = 0 means Y is not read.
// Y must not share memory with X or a factor. As in BLAS, α = 0 means X and the factors
// are not read (Y = β·Y); otherwise NaN and Inf propagate as in the materialized product
// (no zero is skipped). It panics, naming kernels.KronPlan.Apply and
// the shapes, on a mismatch.
func (p *KronPlan) Apply(alpha float64, x blas64.General, beta float64, y blas64.General) {
	p.p.Apply("kernels.KronPlan.Apply", alpha, view.F64(x), beta, view.F64(y))
}

// Order returns the order in which the factors are applied (0-based indices).
func (p *KronPlan) Order() []int { return p.p.Order() }

// Flops returns the floating-point operations of one row of X.
func (p *KronPlan) Flops() float64 { return p.p.Flops() }

// Dims returns the lengths of a row of X and of a row of Y.
func (p *KronPlan) Dims() (in, out int) { return p.p.Dims() }

// KronMatMul sets Y = X·(F1 ⊗ F2 ⊗ … ⊗ Fk) without forming the Kronecker product; see
// KronPlan, which it makes and applies once (use a plan for repeated products).
// It returns an error only if the intermediates would be too large.
func KronMatMul(y, x blas64.General, factors ...blas64.General) error {
	p, err := newKronPlan("kernels.KronMatMul", false, factors)
	if err != nil {
		return err
	}
	p.p.Apply("kernels.KronMatMul", 1, view.F64(x), 0, view.F64(y))
	return nil
}

// KronPlan32 is KronPlan for float32.
type KronPlan32 struct{ p *blocked.KronPlan[float32] }

// NewKronPlan32 is NewKronPlan for float32.
func NewKronPlan32(trans bool, factors ...blas32.General) (*KronPlan32, error) {
	return newKronPlan32("kernels.NewKronPlan32", trans, factors)
}

// newKronPlan32 is NewKronPlan32 with fn naming the public function for messages.
func newKronPlan32(fn string, trans bool, factors []blas32.General) (*KronPlan32, error) {
	fs := make([]view.Matrix[float32], len(factors))
	for i, f := range factors {
		fs[i] = view.F32(f)
	}
	p, err := blocked.NewKronPlan(fn, fs, trans)
	if err != nil {
		return nil, err
	}
	return &KronPlan32{p}, nil
}

// Apply is KronPlan.Apply for float32.
func (p *KronPlan32) Apply(alpha float32, x blas32.General, beta float32, y blas32.General) {
	p.p.Apply("kernels.KronPlan32.Apply", alpha, view.F32(x), beta, view.F32(y))
}

// Order returns the order in which the factors are applied (0-based indices).
func (p *KronPlan32) Order() []int { return p.p.Order() }

// Flops returns the floating-point operations of one row of X.
func (p *KronPlan32) Flops() float64 { return p.p.Flops() }

// Dims returns the lengths of a row of X and of a row of Y.
func (p *KronPlan32) Dims() (in, out int) { return p.p.Dims() }

// KronMatMul32 is KronMatMul for float32.
func KronMatMul32(y, x blas32.General, factors ...blas32.General) error {
	p, err := newKronPlan32("kernels.KronMatMul32", false, factors)
	if err != nil {
		return err
	}
	p.p.Apply("kernels.KronMatMul32", 1, view.F32(x), 0, view.F32(y))
	return nil
}
