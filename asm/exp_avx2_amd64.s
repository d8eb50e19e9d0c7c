//go:build !purego

#include "textflag.h"
#include "exp_avx2_amd64.h"

// Vectorized e^x over slices; the algorithm and its error bound are in exp_generic.go.
// The assembly trusts its Go wrappers (exp_amd64.go) for slice lengths.

// EXPY_PASS(expa, expb, movu, n2, n1): DI = dst, SI = x cursors, CX = elements left (a
// multiple of the vector width: the Go wrapper does the rest); the same loop for both
// precisions, with movu = VMOVUPD (VMOVUPS), n2/n1 = elements in two vectors and in one
// ($8/$4, $16/$8), and the chains expa (Y0, scratch Y2-Y6) and expb (Y1, scratch Y7-Y11):
// EXP64_CHAIN_A/B or EXP32_CHAIN_A/B below. Labels loop2, loop1, done (once per function): two vectors at a time, then one.
// Invariant: every element before DI holds e^x of the element at the same place before
// SI; each vector is loaded before the same place is stored, so dst may be exactly x.
#define EXPY_PASS(expa, expb, movu, n2, n1) \
loop2: \
	CMPQ CX, n2; \
	JB   loop1; \
	movu 0(SI), Y0; \
	movu 32(SI), Y1; \
	expa; \
	expb; \
	movu Y0, 0(DI); \
	movu Y1, 32(DI); \
	ADDQ $64, SI; \
	ADDQ $64, DI; \
	SUBQ n2, CX; \
	JMP  loop2; \
loop1: \
	CMPQ CX, n1; \
	JB   done; \
	movu (SI), Y0; \
	expa; \
	movu Y0, (DI); \
	ADDQ $32, SI; \
	ADDQ $32, DI; \
	SUBQ n1, CX; \
	JMP  loop1; \
done:

// The two chains of EXPY_PASS per precision (EXP64Y, EXP32Y of exp_avx2_amd64.h): Y0 with
// scratch Y2-Y6, Y1 with scratch Y7-Y11 (X… the low halves for the scalar table loads).
#define EXP64_CHAIN_A EXP64Y(Y0, Y2, Y3, Y4, Y5, Y6, X2, X4, X5, X6)
#define EXP64_CHAIN_B EXP64Y(Y1, Y7, Y8, Y9, Y10, Y11, X7, X9, X10, X11)
#define EXP32_CHAIN_A EXP32Y(Y0, Y2, Y3, Y4, Y5, Y6)
#define EXP32_CHAIN_B EXP32Y(Y1, Y7, Y8, Y9, Y10, Y11)

// func expF64AVX2(dst, x []float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left (a multiple of
// 4); Y0-Y1 = two vectors in flight, Y2-Y11 their scratch (EXPY_PASS); Y14, Y15, R8-R13
// and AX as in exp_avx2_amd64.h.
TEXT ·expF64AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Y_SETUP
	EXPY_PASS(EXP64_CHAIN_A, EXP64_CHAIN_B, VMOVUPD, $8, $4)
	VZEROUPPER
	RET

// func expF32AVX2(dst, x []float32)
// Requires: AVX, AVX2, FMA3
// Register plan: as expF64AVX2 (CX a multiple of 8; R8, R9, R12, R13 unused).
TEXT ·expF32AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Y_SETUP
	EXPY_PASS(EXP32_CHAIN_A, EXP32_CHAIN_B, VMOVUPS, $16, $8)
	VZEROUPPER
	RET
