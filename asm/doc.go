// Package asm holds every implementation of every arithmetic primitive in matkern:
// a pure-Go version of each, compiled everywhere, and hand-written amd64 assembly for
// the AVX2+FMA and AVX-512 levels.
//
// Naming: a primitive op has OpGeneric (always present) and, on amd64 without the
// purego tag, OpAVX2 and OpAVX512. The assembly names do not exist elsewhere; package
// dispatch decides which one runs. The exported functions check slice lengths (so a
// bad call panics instead of corrupting memory) but not CPU features: calling an
// AVX-512 function on a CPU without AVX-512 faults. Use package kernels unless you
// are writing a kernel.
package asm

// The flat assembly of the exp, sigmoid, softmax, Kronecker, GEMM and AVX-512 transpose
// files is written by internal/gen/asmgen (its building blocks are Go functions, not
// assembler macros, so every instruction keeps its own source line for profilers).
//go:generate go run ../internal/gen/asmgen
