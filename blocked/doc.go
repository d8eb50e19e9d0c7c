// Package blocked is the engine under everything in matkern that multiplies matrices:
// packed, cache-blocked, multi-core GEMM on the assembly micro-kernels of package asm,
// blocked Kronecker writes, a drop-in gonum BLAS implementation (with triangular solves
// and products on the engine), and the dense factorizations built on it: LU with partial
// pivoting and Cholesky, with their inverses.
package blocked
