// Package grad holds gradients built on matkern's kernels and its GEMM engine: the
// gradient checker Check (central differences along random directions, for the
// gradients here and for users' own functions) and log-determinant gradients; MLP
// backpropagation is the sub-package grad/nn. It contains no assembly. Gradients follow
// the convention of docs/conventions.md: the gradient of a scalar function of X has
// X's shape, df = tr(Gᵀ dX).
//
// Log-determinants: LU (and LU32) keeps the LU factorization of a square X and gives
// log|det X|, the sign, ∂log|det X|/∂X = X⁻ᵀ, directional derivatives tr(X⁻¹dX) one or
// many at a time, and a condition estimate; Cholesky (and Cholesky32) does the same for
// a symmetric positive definite Σ (log det Σ, gradient Σ⁻¹) from its lower triangle.
// Their factorizations and inverses are package blocked's (LU, LUInverse, GJInverse,
// Cholesky, CholeskyInverse, SPDInverse, and the …32 forms), called from the file
// engine.go only; their JVP products go through blocked.Gemm, transposes through
// blocked.Transpose and scalings through kernels.ScaleMat, so a factorization serves
// any number of gradient and JVP evaluations. RCond after Factorize is gonum's LAPACK
// estimator (Dgecon, Dpocon: float64, float32 factors widened first), not the engine.
//
// LogDetBatch (and LogDetBatch32) does many small matrices (n ≤ MaxBatchN = 32) in one
// call on none of that: its own Gauss–Jordan elimination with partial pivoting in plain
// Go loops (batch.go), with no engine call, pooling or dispatch per matrix, because at
// these sizes a call into the engine costs as much as the arithmetic. It is grad's only
// elimination loop. The other plain loops of the package are bookkeeping: the scan of
// the input for the 1-norm and for NaN and ±Inf, NaN fills and copies (core.go), and
// Check's perturbed points and dot products (check.go).
package grad
