// Package grad holds gradients built on matkern's kernels and its GEMM engine: the
// gradient checker Check (central differences along random directions, for the
// gradients here and for users' own functions) and log-determinant gradients; MLP
// backpropagation is the sub-package grad/nn. It composes kernels and blocked and
// contains no assembly and no copies of kernel loops. Gradients follow the convention
// of docs/conventions.md: the gradient of a scalar function of X has X's shape,
// df = tr(Gᵀ dX).
//
// Log-determinants: LU (and LU32) keeps the LU factorization of a square X and gives
// log|det X|, the sign, ∂log|det X|/∂X = X⁻ᵀ, directional derivatives tr(X⁻¹dX) one or
// many at a time, and a condition estimate; Cholesky (and Cholesky32) does the same for
// a symmetric positive definite Σ (log det Σ, gradient Σ⁻¹) from its lower triangle.
// Both factor and invert on package blocked (the file engine.go is the one place that
// calls it) and form every product with blocked.Gemm, so a factorization serves any
// number of gradient and JVP evaluations. LogDetBatch does many small matrices (n ≤ 32)
// in one call, with plain loops and no per-matrix overhead.
package grad
