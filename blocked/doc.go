// Package blocked is the engine under everything in matkern that multiplies matrices:
// packed, cache-blocked, multi-core GEMM on the assembly micro-kernels of package asm,
// blocked Kronecker writes, and a drop-in gonum BLAS implementation.
package blocked
