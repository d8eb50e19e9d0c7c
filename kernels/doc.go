// Package kernels is matkern's public API: elementwise (Hadamard) and Kronecker
// products, Kronecker-free products such as vec(AXB) = (Bᵀ⊗A)vec(X), and the sigmoid and
// softmax activations with their Jacobian-vector and vector-Jacobian products, in
// float64 and float32.
//
// Matrices are gonum's row-major layout with a stride (blas64.General, blas32.General;
// a *mat.Dense gives one with RawMatrix). Every function checks shapes first and panics
// with a message naming itself and the shapes on a mismatch; it then runs the
// implementation that package dispatch put in force for this CPU.
package kernels
