package grad

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"unsafe"
)

// Float is the element type grad works in: float32 or float64.
type Float interface{ ~float32 | ~float64 }

// CheckOptions tune Check. The zero value selects the defaults given for each field.
type CheckOptions struct {
	// Directions is how many random directions are tried (default 6).
	Directions int
	// Step is the relative step h: element i moves by h·max(1, |xᵢ|)·vᵢ with vᵢ uniform
	// in [−1, 1). Default: ε^(1/3) of the element type (6.1e-6 for float64, 4.9e-3 for
	// float32), which balances the O(h²) truncation error of a central difference
	// against the O(ε/h) rounding error of evaluating f.
	Step float64
	// Tol is the largest relative error accepted (see Check). Default: 1e-6 for float64
	// and 3e-2 for float32. At the default step the central difference of a smooth f is
	// good to about ε^(2/3) relative (4e-11, 2.4e-5) times the ratio of f's third to
	// first derivative along v and of |f| to the directional derivative, so these
	// defaults leave room for functions whose evaluation loses a few hundred ulps
	// (sums of thousands of terms, exp/log chains); tighten it for simple functions.
	Tol float64
	// Seed fixes the directions (default 1), so a check gives the same verdict on every run.
	Seed uint64
}

// CheckResult reports what Check measured.
type CheckResult struct {
	// MaxRelErr is the largest relative error over the directions, and Worst the index
	// of the direction where it occurred.
	MaxRelErr float64
	Worst     int
	// Numeric and Analytic are the two estimates of f(x+d) − f(x−d) in the worst
	// direction: the central difference, and 2·⟨g, d⟩ from the gradient.
	Numeric, Analytic float64
}

// ErrGradient is the error Check returns (wrapped, with the figures) when the
// gradient disagrees with the finite differences.
var ErrGradient = errors.New("grad: gradient does not match central differences")

// Check compares a gradient g of the scalar function f at x with central finite
// differences along random directions, and returns a non-nil error wrapping
// ErrGradient when they disagree by more than the tolerance.
//
// x and g have the same length: x is any matrix or tensor flattened in the caller's
// layout (for a row-major matrix with Stride = Cols, its Data), and g is ∂f/∂x in the
// same layout (docs/conventions.md's convention: the gradient has the variable's shape). For each
// direction it builds x± = x ± d, with dᵢ = h·max(1, |xᵢ|)·vᵢ rounded to T, evaluates
// f(x+) and f(x−), and compares the central difference f(x+) − f(x−) with 2⟨g, d⟩
// (d as actually applied after rounding). The relative error is
//
//	|numeric − analytic| / max(|numeric|, |analytic|, noise)
//
// where noise = 64·ε·(|f(x+)| + |f(x−)|) is the rounding floor of the difference, so a
// direction along which f is flat to rounding is not reported as a failure.
//
// f must be deterministic. It receives scratch buffers, never x itself, and may not keep
// them; x and g are not modified. A function of a symmetric matrix that reads only one
// triangle (a Cholesky-based log det) has a triangular derivative: symmetrize its input
// inside f, (S+Sᵀ)/2, before comparing with a symmetric gradient (docs/conventions.md). To check a
// vector-Jacobian product of a vector-valued F, check the scalar f(x) = ⟨u, F(x)⟩ for a
// fixed random u, whose gradient is the VJP of u.
//
// NaN or Inf in f's values or in g make Check fail. Check panics if len(g) != len(x).
// Cost: 2·Directions evaluations of f; it allocates its scratch once per call.
func Check[T Float](f func(x []T) float64, x, g []T, opt CheckOptions) (CheckResult, error) {
	if len(g) != len(x) {
		panic(fmt.Sprintf("grad.Check: len(g) = %d, len(x) = %d: the gradient has x's shape", len(g), len(x)))
	}
	eps := epsOf[T]()
	if opt.Directions <= 0 {
		opt.Directions = 6
	}
	if opt.Step <= 0 {
		opt.Step = math.Cbrt(eps)
	}
	if opt.Tol <= 0 {
		opt.Tol = 1e-6
		if eps > 1e-10 {
			opt.Tol = 3e-2
		}
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5851F42D4C957F2D))
	xp := make([]T, len(x))
	xm := make([]T, len(x))
	var res CheckResult
	for dir := 0; dir < opt.Directions; dir++ {
		analytic := 0.0
		for i, xi := range x {
			d := opt.Step * max(1, math.Abs(float64(xi))) * (2*rng.Float64() - 1)
			xp[i] = T(float64(xi) + d)
			xm[i] = T(float64(xi) - d)
			analytic += float64(g[i]) * (float64(xp[i]) - float64(xm[i]))
		}
		fp, fm := f(xp), f(xm)
		numeric := fp - fm
		noise := 64 * eps * (math.Abs(fp) + math.Abs(fm))
		rel := 0.0 // numeric == analytic (also both 0: f flat along d, or x empty)
		if numeric != analytic {
			rel = math.Abs(numeric-analytic) / max(math.Abs(numeric), math.Abs(analytic), noise)
		}
		if math.IsNaN(rel) || math.IsInf(fp, 0) || math.IsInf(fm, 0) {
			rel = math.Inf(1)
		}
		if dir == 0 || rel > res.MaxRelErr {
			res = CheckResult{MaxRelErr: rel, Worst: dir, Numeric: numeric, Analytic: analytic}
		}
	}
	if !(res.MaxRelErr <= opt.Tol) {
		return res, fmt.Errorf("%w: direction %d of %d: central difference %.17g, from the gradient %.17g, relative error %.3g > tolerance %.3g",
			ErrGradient, res.Worst, opt.Directions, res.Numeric, res.Analytic, res.MaxRelErr, opt.Tol)
	}
	return res, nil
}

// epsOf returns the unit roundoff spacing of T at 1 (2⁻⁵² or 2⁻²³).
func epsOf[T Float]() float64 {
	var z T
	if unsafe.Sizeof(z) == 4 { // float32 or a type defined on it
		return 0x1p-23
	}
	return 0x1p-52
}
