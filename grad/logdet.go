package grad

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/internal/view"
)

// ErrSingular is returned by LU.Factorize and LU.FactorizeGrad (and LU32's) when a
// pivot of the elimination comes out exactly zero, which a zero row or column of X
// always causes and other singular X only sometimes (see LU), and by every method that
// needs X⁻¹ afterwards. The log-determinant is then −Inf and the sign 0, both valid results;
// no gradient is written (never NaN).
var ErrSingular = errors.New("grad: matrix is singular")

// ErrNotPD is what a NotPDError is (errors.Is(err, ErrNotPD)): the matrix given to
// Cholesky.Factorize (or Cholesky32's) is not positive definite.
var ErrNotPD = errors.New("grad: matrix is not positive definite")

// NotPDError reports the first pivot of the Cholesky factorization that was not
// positive: the leading (Pivot+1)×(Pivot+1) block of Σ (its lower triangle as read) is
// not positive definite, while the leading Pivot×Pivot block is. It is ErrNotPD under
// errors.Is.
type NotPDError struct {
	Pivot int // 0-based
}

// Error says which pivot failed.
func (e *NotPDError) Error() string {
	return fmt.Sprintf("grad: matrix is not positive definite: Cholesky pivot %d is not positive", e.Pivot)
}

// Is reports whether target is ErrNotPD.
func (e *NotPDError) Is(target error) bool { return target == ErrNotPD }

// LU is the LU factorization with partial pivoting, P·X = L·U, of a square float64
// matrix X, kept so that log|det X|, its gradient X⁻ᵀ and any number of directional
// derivatives tr(X⁻¹·dX) reuse it. The zero value is ready for Factorize; an LU holds
// its own workspace (n×n buffers for the factors and, once needed, X⁻¹, X⁻ᵀ for the
// JVPs and a copy of a strided JVP direction; the engine's inverse scratch; O(n)), so
// repeated use on matrices of one size allocates nothing after the first call.
//
// Bad input: a non-square X, or a dst or dx of the wrong shape, panics naming the
// method and the shapes. For n = 0, log|det| = 0 and the sign is +1. Any NaN or ±Inf
// in X makes every result NaN (log|det|, sign, RCond, gradients, JVPs) with no error;
// X is then not factored (so a NaN never shows up as a spurious zero pivot).
//
// Singular X: ErrSingular (from Factorize or FactorizeGrad, then from every method
// that needs X⁻¹; LogAbsDet −Inf, Sign 0, RCond 0) means that a pivot came out exactly
// zero in the elimination as rounded. A zero row or column of X always gives it, on
// both paths (its zeros stay exactly zero through every update). Any other singular X
// usually rounds to tiny non-zero pivots instead and gets meaningless results without
// error, with RCond at or below about n·ε (ε = 2⁻⁵², 2⁻²³ for LU32): judge singularity
// by RCond, not by the error. Whether a pivot rounds to exactly zero depends on the
// order of the operations, so Factorize (blocked LU) and FactorizeGrad (blocked
// Gauss–Jordan: the same pivots, up to rounding) can disagree on one X, one returning
// ErrSingular and the other finite results, and so can two levels (generic, AVX2,
// AVX-512) of one path. Measured by TestSingularDetection and a larger run of it
// (integers −9…9, n = 3…64, float64 and float32, every level, Emerald Rapids): a row
// the sum of two others gives ErrSingular for 6–10% of the matrices, the two paths
// disagreeing on 1–2%; a column the sum of two others, under 2%; a duplicated row,
// about 40% from Factorize and 85% from FactorizeGrad (half of them disagreeing); the
// matrices without error had RCond below 0.07·n·ε.
//
// An LU is not safe for concurrent use; use one per goroutine.
type LU struct{ c luCore[float64] }

// Factorize computes P·X = L·U for the n×n matrix x, which is copied and not modified,
// and discards any previous factorization. It returns ErrSingular if some pivot
// U[i][i] is exactly zero (the factorization completes; the results above remain
// valid; which singular X do this: see LU), else nil. Cost: (2/3)n³ flops in the
// engine, plus one read of x.
func (f *LU) Factorize(x blas64.General) error {
	return f.c.factorize("grad.LU.Factorize", view.F64(x))
}

// FactorizeGrad is Factorize followed by Grad(dst, gbar) in one pass, the fast path for
// "log-det with gradient": X⁻¹ is computed directly by blocked Gauss–Jordan elimination
// with partial pivoting (blocked.GJInverse: 2n³ flops, nearly all in n×b·b×n products
// on the engine, against LU + inverse's same 2n³ in less favourable shapes; measured
// one thread 1.8× faster at n = 64, 1.6× at 256, 1.25× at 1024, see blocked/gj.go), log|det X| and its sign from
// its pivots (LU's pivots, up to rounding). x (n×n, copied, not modified; dst may be x
// itself) and dst (n×n, any stride) as for Factorize and Grad. Afterwards LogAbsDet,
// Sign, Grad, Inverse, JVP and JVPs work as after Factorize (the inverse is already
// cached), and RCond is exact: 1/(‖X‖₁·‖X⁻¹‖₁), no longer an estimate. No LU factors
// are kept. Errors as Factorize and Grad: ErrSingular when a Gauss–Jordan pivot is
// exactly zero (the elimination stops there; dst untouched; LogAbsDet −Inf, Sign 0;
// not always for the same singular X as Factorize, see LU); a non-finite X: dst all
// NaN, nil.
func (f *LU) FactorizeGrad(x, dst blas64.General, gbar float64) error {
	return f.c.factorizeGrad("grad.LU.FactorizeGrad", view.F64(x), view.F64(dst), gbar)
}

// Size returns n, the order of the factorized matrix (0 before the first Factorize).
func (f *LU) Size() int { return f.c.n }

// LogAbsDet returns log|det X|, computed as Σ log|U[i][i]| without forming det X (so
// it neither overflows nor underflows). −Inf after ErrSingular, NaN for a non-finite X.
// Cost: none (computed by Factorize).
func (f *LU) LogAbsDet() float64 { return f.c.logAbs }

// Sign returns the sign of det X: +1 or −1, 0 after ErrSingular, NaN if X held a NaN or
// ±Inf; det X = Sign()·exp(LogAbsDet()).
func (f *LU) Sign() float64 { return f.c.sign() }

// RCond returns an estimate of the reciprocal 1-norm condition number 1/(‖X‖₁·‖X⁻¹‖₁)
// (LAPACK's dgecon on the factors and the 1-norm of X taken before factoring): near 1
// for a well-conditioned X, near ε = 2⁻⁵² or below when X is numerically singular (then
// LogAbsDet and the gradients carry relative errors of about ε/RCond; a singular X
// without ErrSingular shows here, at or below about n·ε, see LU). 0 after ErrSingular (and when ‖X‖₁ overflows), 1 for n = 0, NaN for a non-finite X. After
// FactorizeGrad it is exact, 1/(‖X‖₁·‖X⁻¹‖₁) from the inverse. Cost: O(n²), the first
// call after Factorize.
func (f *LU) RCond() float64 { return f.c.rcondEst() }

// Grad writes ḡ·∂log|det X|/∂X = ḡ·X⁻ᵀ into dst (n×n, any stride; only its n×n
// elements are written): the vector-Jacobian product of log|det X| with upstream ḡ.
// The first call after Factorize computes X⁻¹ from the factors ((4/3)n³ flops) and
// keeps it; each call then costs a transpose and a scaling (n² each). After
// ErrSingular: ErrSingular and dst untouched; a non-finite X: dst all NaN, nil.
func (f *LU) Grad(dst blas64.General, gbar float64) error {
	return f.c.grad("grad.LU.Grad", view.F64(dst), gbar)
}

// Inverse writes X⁻¹ into dst (n×n, any stride), computing it as Grad does (the same
// cached inverse). Errors as Grad.
func (f *LU) Inverse(dst blas64.General) error {
	return f.c.inverseTo("grad.LU.Inverse", view.F64(dst))
}

// JVP returns the directional derivative of log|det X| along dx (n×n, any stride),
// d log|det X| = tr(X⁻¹·dX) = Σᵢⱼ (X⁻ᵀ)ᵢⱼ·dXᵢⱼ. After the cached inverse (and its
// transpose, n² once) each direction costs 2n² flops through blocked.Gemm, not a
// solve (a strided dx is first copied into the LU's scratch, n² more). After
// ErrSingular: 0 and ErrSingular; a non-finite X: NaN, nil.
func (f *LU) JVP(dx blas64.General) (float64, error) {
	return f.c.jvp("grad.LU.JVP", view.F64(dx))
}

// JVPs computes the directional derivatives along k directions at once: dirs is k×n²,
// row p the row-major flattening of the n×n direction dXₚ, and dst[p] = tr(X⁻¹·dXₚ),
// as one product dirs·r(X⁻ᵀ) through blocked.Gemm (2kn² flops). len(dst) must be k and
// dst must not overlap dirs; errors as JVP (dst all NaN for a non-finite X).
func (f *LU) JVPs(dst []float64, dirs blas64.General) error {
	return f.c.jvps("grad.LU.JVPs", dst, view.F64(dirs))
}

// LU32 is LU for float32 matrices: the factors, the inverse and the products are
// float32 (rounding at about 2⁻²³ relative, times the condition number); LogAbsDet and
// RCond are float64 (the log-sum of float32 pivots is formed in float64). Everything
// else is as for LU.
type LU32 struct{ c luCore[float32] }

// Factorize is LU.Factorize for float32.
func (f *LU32) Factorize(x blas32.General) error {
	return f.c.factorize("grad.LU32.Factorize", view.F32(x))
}

// FactorizeGrad is LU.FactorizeGrad for float32.
func (f *LU32) FactorizeGrad(x, dst blas32.General, gbar float32) error {
	return f.c.factorizeGrad("grad.LU32.FactorizeGrad", view.F32(x), view.F32(dst), gbar)
}

// Size returns n (0 before the first Factorize).
func (f *LU32) Size() int { return f.c.n }

// LogAbsDet returns log|det X| in float64, as LU.LogAbsDet.
func (f *LU32) LogAbsDet() float64 { return f.c.logAbs }

// Sign returns the sign of det X, as LU.Sign.
func (f *LU32) Sign() float64 { return f.c.sign() }

// RCond returns the reciprocal condition estimate, as LU.RCond (from the float32
// factors widened to float64; numerically singular means near 2⁻²³ or below).
func (f *LU32) RCond() float64 { return f.c.rcondEst() }

// Grad writes ḡ·X⁻ᵀ into dst, as LU.Grad.
func (f *LU32) Grad(dst blas32.General, gbar float32) error {
	return f.c.grad("grad.LU32.Grad", view.F32(dst), gbar)
}

// Inverse writes X⁻¹ into dst, as LU.Inverse.
func (f *LU32) Inverse(dst blas32.General) error {
	return f.c.inverseTo("grad.LU32.Inverse", view.F32(dst))
}

// JVP returns tr(X⁻¹·dX), accumulated in float32, as LU.JVP.
func (f *LU32) JVP(dx blas32.General) (float32, error) { return f.c.jvp("grad.LU32.JVP", view.F32(dx)) }

// JVPs computes tr(X⁻¹·dXₚ) for the k directions in the rows of dirs, as LU.JVPs.
func (f *LU32) JVPs(dst []float32, dirs blas32.General) error {
	return f.c.jvps("grad.LU32.JVPs", dst, view.F32(dirs))
}

// Cholesky is the Cholesky factorization Σ = L·Lᵀ of a symmetric positive definite
// float64 matrix Σ, kept so that log det Σ, its gradient Σ⁻¹ and directional
// derivatives tr(Σ⁻¹·dΣ) reuse it. Only the LOWER triangle of Σ (with the diagonal) is
// ever read: the strict upper triangle may hold anything. The zero value is ready for
// Factorize; a Cholesky holds its own workspace (n×n buffers for L and, once needed,
// Σ⁻¹ and a copy of a strided JVP direction; O(n)), so repeated use on one size
// allocates nothing after the first call.
//
// Bad input: a non-square Σ or a wrongly shaped dst or dx panics naming the method and
// the shapes. n = 0: log det 0. A Σ that is not positive definite (including singular
// positive semi-definite): Factorize returns a *NotPDError naming the failing pivot
// (errors.Is(err, ErrNotPD)), LogDet is NaN, RCond 0, and the methods needing Σ⁻¹
// return the same error and write nothing. Any NaN or ±Inf in the lower triangle makes
// every result NaN with no error. An ill-conditioned but positive definite Σ gives its
// results without error: judge them by RCond.
//
// A Cholesky is not safe for concurrent use.
type Cholesky struct{ c cholCore[float64] }

// Factorize computes Σ = L·Lᵀ from the lower triangle of sigma (n×n, copied, not
// modified), discarding any previous factorization. It returns nil or a *NotPDError.
// Cost: n³/3 flops in the engine, plus one read of the lower triangle.
func (f *Cholesky) Factorize(sigma blas64.General) error {
	return f.c.factorize("grad.Cholesky.Factorize", view.F64(sigma))
}

// FactorizeGrad is Factorize followed by Grad(dst, gbar) in one pass, the fast path for
// "SPD log-det with gradient": Σ⁻¹ is computed directly by recursion on halves of the
// lower triangle (blocked.SPDInverse: n³ flops, as Cholesky + inverse, but three
// quarters of them in products on the engine; measured one thread 2.2× faster at n = 64,
// 1.8× at 256, 1.4× at 1024, see blocked/spd.go), log det Σ from the Schur complements'
// Cholesky pivots. sigma (n×n, lower triangle read, copied,
// not modified; dst may be sigma itself) and dst (n×n, any stride) as for Factorize and
// Grad. Afterwards LogDet, Grad, Inverse, JVP and JVPs work as after Factorize (the
// inverse is already cached), and RCond is exact: 1/(‖Σ‖₁·‖Σ⁻¹‖₁), no longer an
// estimate (of the inverse returned). Accuracy: as Factorize then Grad when Σ is
// ill-conditioned (above n = 16, when ‖Σ‖_F·‖Σ⁻¹‖_F exceeds 1e4, blocked.SPDInverse
// recomputes the recursion's inverse by Cholesky + CholeskyInverse); below that, errors
// up to about κ₂ times theirs (see blocked.SPDInverse: float32 log det off by 0.1 on a
// Gaussian-kernel Σ with κ₂ = 3.6e3), so prefer Factorize then Grad where that matters.
// The fallback costs about as much as
// Factorize then Grad plus the recursion (blocked.SPDInverse alone, Zen 4, one
// thread, κ₂ = 1e8: 2.7× the well-conditioned time at n = 64, 2.2× at 1024). No Cholesky factor is kept. Errors as Factorize and Grad: a *NotPDError
// naming the first pivot that is not positive (dst untouched, LogDet NaN), a
// non-finite Σ: dst all NaN, nil.
func (f *Cholesky) FactorizeGrad(sigma, dst blas64.General, gbar float64) error {
	return f.c.factorizeGrad("grad.Cholesky.FactorizeGrad", view.F64(sigma), view.F64(dst), gbar)
}

// Size returns n (0 before the first Factorize).
func (f *Cholesky) Size() int { return f.c.n }

// LogDet returns log det Σ = 2·Σ log L[i][i] (no overflow). NaN if Σ is not positive
// definite or held a NaN or ±Inf.
func (f *Cholesky) LogDet() float64 { return f.c.logDet }

// RCond returns an estimate of the reciprocal 1-norm condition number of Σ (LAPACK's
// dpocon on L with the 1-norm of the symmetric Σ taken before factoring); 0 if Σ is not
// positive definite, 1 for n = 0, NaN for a non-finite Σ. Cost: O(n²), the first call.
func (f *Cholesky) RCond() float64 { return f.c.rcondEst() }

// Grad writes ḡ·∂log det Σ/∂Σ = ḡ·Σ⁻¹ into dst (n×n, any stride), both triangles,
// exactly symmetric. The first call after Factorize computes Σ⁻¹ (2n³/3 flops) and
// keeps it; each call then costs n² (a copy, or a scaling through kernels.ScaleMat).
// Not positive definite: the *NotPDError and dst untouched; non-finite: dst all NaN.
func (f *Cholesky) Grad(dst blas64.General, gbar float64) error {
	return f.c.grad("grad.Cholesky.Grad", view.F64(dst), gbar)
}

// Inverse writes Σ⁻¹ into dst, both triangles, exactly symmetric (Grad with ḡ = 1).
func (f *Cholesky) Inverse(dst blas64.General) error {
	return f.c.grad("grad.Cholesky.Inverse", view.F64(dst), 1)
}

// JVP returns d log det Σ = tr(Σ⁻¹·dΣ) = Σᵢⱼ (Σ⁻¹)ᵢⱼ·dΣᵢⱼ along dx (n×n, any stride;
// both triangles of dx are read, so pass a symmetric direction to stay on the
// symmetric matrices): 2n² flops per direction through blocked.Gemm after the cached
// inverse (a strided dx is copied first). Errors as Grad (0 with the error; NaN for a
// non-finite Σ).
func (f *Cholesky) JVP(dx blas64.General) (float64, error) {
	return f.c.jvp("grad.Cholesky.JVP", view.F64(dx))
}

// JVPs computes tr(Σ⁻¹·dΣₚ) for k directions, row p of the k×n² dirs holding the
// row-major flattening of dΣₚ, into dst (len k), as one product through blocked.Gemm.
func (f *Cholesky) JVPs(dst []float64, dirs blas64.General) error {
	return f.c.jvps("grad.Cholesky.JVPs", dst, view.F64(dirs))
}

// Cholesky32 is Cholesky for float32 matrices (float32 factors, inverse and products;
// LogDet and RCond in float64). Everything else is as for Cholesky.
type Cholesky32 struct{ c cholCore[float32] }

// Factorize is Cholesky.Factorize for float32 (reads the lower triangle only).
func (f *Cholesky32) Factorize(sigma blas32.General) error {
	return f.c.factorize("grad.Cholesky32.Factorize", view.F32(sigma))
}

// FactorizeGrad is Cholesky.FactorizeGrad for float32.
func (f *Cholesky32) FactorizeGrad(sigma, dst blas32.General, gbar float32) error {
	return f.c.factorizeGrad("grad.Cholesky32.FactorizeGrad", view.F32(sigma), view.F32(dst), gbar)
}

// Size returns n (0 before the first Factorize).
func (f *Cholesky32) Size() int { return f.c.n }

// LogDet returns log det Σ in float64, as Cholesky.LogDet.
func (f *Cholesky32) LogDet() float64 { return f.c.logDet }

// RCond returns the reciprocal condition estimate, as Cholesky.RCond.
func (f *Cholesky32) RCond() float64 { return f.c.rcondEst() }

// Grad writes ḡ·Σ⁻¹ into dst, as Cholesky.Grad.
func (f *Cholesky32) Grad(dst blas32.General, gbar float32) error {
	return f.c.grad("grad.Cholesky32.Grad", view.F32(dst), gbar)
}

// Inverse writes Σ⁻¹ into dst, as Cholesky.Inverse.
func (f *Cholesky32) Inverse(dst blas32.General) error {
	return f.c.grad("grad.Cholesky32.Inverse", view.F32(dst), 1)
}

// JVP returns tr(Σ⁻¹·dΣ), accumulated in float32, as Cholesky.JVP.
func (f *Cholesky32) JVP(dx blas32.General) (float32, error) {
	return f.c.jvp("grad.Cholesky32.JVP", view.F32(dx))
}

// JVPs computes tr(Σ⁻¹·dΣₚ) for the k directions in the rows of dirs, as Cholesky.JVPs.
func (f *Cholesky32) JVPs(dst []float32, dirs blas32.General) error {
	return f.c.jvps("grad.Cholesky32.JVPs", dst, view.F32(dirs))
}
