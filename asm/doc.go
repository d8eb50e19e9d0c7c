// Package asm holds every implementation of every arithmetic primitive in matkern:
// a pure-Go version of each, compiled everywhere, and hand-written or generated amd64
// assembly for the AVX2+FMA and AVX-512 levels.
//
// Naming: a primitive op has OpGeneric (always present) and, on amd64 without the
// purego tag, OpAVX2 and OpAVX512. The assembly names do not exist elsewhere; package
// dispatch decides which one runs. Use package kernels unless you are writing a kernel.
//
// Every exported function is safe to call on any CPU: the assembly itself is not
// exported, and each OpAVX2 or OpAVX512 wrapper first checks that the CPU and operating
// system run its level (AVX2: AVX2 and FMA3; AVX512: AVX-512 F, DQ, BW and VL, the
// levels of package dispatch) and panics with its name if not, instead of faulting with
// SIGILL. The wrappers also check slice lengths, so a bad call panics instead of reading
// or writing past a slice. What importers get from this package: the generic
// implementations (portable reference-quality loops), the level-specific ones for
// benchmarking or building tables of their own, and the scalar helpers (Exp64,
// Sigmoid64, …) the vector code agrees with.
package asm

// The flat assembly of the exp, sigmoid, softmax, Kronecker, GEMM and AVX-512 transpose
// files is written by internal/gen/asmgen (its building blocks are Go functions, not
// assembler macros, so every instruction keeps its own source line for profilers).
//go:generate go run ../internal/gen/asmgen
