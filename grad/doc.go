// Package grad holds gradients built on matkern's kernels and its GEMM engine: the
// gradient checker Check (central differences along random directions, for the
// gradients here and for users' own functions), and, as they land, log-determinant
// gradients; MLP backpropagation is the sub-package grad/nn. It composes kernels and
// blocked and contains no assembly and no copies of kernel loops. Gradients follow
// MATH.md's convention: the gradient of a scalar function of X has X's shape,
// df = tr(Gᵀ dX).
package grad
