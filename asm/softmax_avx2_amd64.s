//go:build !purego

#include "textflag.h"
#include "exp_avx2_amd64.h"
#include "softmax_amd64.h"

// Softmax row primitives with 256-bit vectors: max, exp(x − m) with its sum, scale,
// dot product, and the softmax Jacobian product s ⊙ (v − d). See softmax_generic.go for
// what each computes. The assembly trusts its Go wrappers (softmax_amd64.go) for slice
// lengths, which also hand over a multiple of the vector width and do the rest with the
// generic code.
//
// Each kernel is one pass macro below, written once for both precisions: the parameters
// are the float64 or float32 instructions (movu = VMOVUPD/VMOVUPS, vmax, mova, add, sub,
// mul, fma the PD/PS forms) and n4/n2/n1 = elements in four, two and one vectors ($16/$8/$4
// for float64, $32/$16/$8 for float32). Each loops over CX elements, four (or two) vectors
// at a time, then one (labels loop4 or loop2, loop1, reduce: once per function); no tail,
// the wrappers hand over whole vectors. Reductions and −Inf are from softmax_amd64.h.

// SM_MAXY(vmax, mova, n4, n1): SI = x cursor; on entry Y0 = −Inf; Y0-Y3 = running maxima
// of four vector columns, combined into Y0 at the end.
// Invariant: Y0-Y3 hold, lane by lane, the maximum of the elements before SI.
#define SM_MAXY(vmax, mova, n4, n1) \
	mova Y0, Y1; \
	mova Y0, Y2; \
	mova Y0, Y3; \
loop4: \
	CMPQ CX, n4; \
	JB   loop1; \
	vmax 0(SI), Y0, Y0; \
	vmax 32(SI), Y1, Y1; \
	vmax 64(SI), Y2, Y2; \
	vmax 96(SI), Y3, Y3; \
	ADDQ $128, SI; \
	SUBQ n4, CX; \
	JMP  loop4; \
loop1: \
	CMPQ CX, n1; \
	JB   reduce; \
	vmax (SI), Y0, Y0; \
	ADDQ $32, SI; \
	SUBQ n1, CX; \
	JMP  loop1; \
reduce: \
	SM_COMBINE4(vmax, Y0, Y1, Y2, Y3, Y2, Y0)

// SM_EXPSUMY(expa, expb, movu, sub, add, n2, n1): DI = dst, SI = x cursors, Y8 = m; Y0-Y1
// = two vectors in flight, exponentiated by expa and expb (the chains below: scratch
// Y2-Y5 and Y9-Y13), Y6-Y7 = partial sums, added into Y0 at the end.
// Invariant: every element before DI holds exp(x − m) of the element at the same place
// before SI, and the partial sums add up to their sum.
#define SM_EXPSUMY(expa, expb, movu, sub, add, n2, n1) \
loop2: \
	CMPQ CX, n2; \
	JB   loop1; \
	movu 0(SI), Y0; \
	sub  Y8, Y0, Y0; \
	movu 32(SI), Y1; \
	sub  Y8, Y1, Y1; \
	expa; \
	expb; \
	movu Y0, 0(DI); \
	add  Y0, Y6, Y6; \
	movu Y1, 32(DI); \
	add  Y1, Y7, Y7; \
	ADDQ $64, SI; \
	ADDQ $64, DI; \
	SUBQ n2, CX; \
	JMP  loop2; \
loop1: \
	CMPQ CX, n1; \
	JB   reduce; \
	movu (SI), Y0; \
	sub  Y8, Y0, Y0; \
	expa; \
	movu Y0, (DI); \
	add  Y0, Y6, Y6; \
	ADDQ $32, SI; \
	ADDQ $32, DI; \
	SUBQ n1, CX; \
	JMP  loop1; \
reduce: \
	add  Y7, Y6, Y0

// The exponential chains of SM_EXPSUMY: Y0 (scratch Y2, Y4, Y9-Y11) and Y1 (scratch Y3,
// Y5, Y12, Y13, Y9).
#define SM_EXP64Y_A EXP64Y(Y0, Y2, Y4, Y9, Y10, Y11, X2, X9, X10, X11)
#define SM_EXP64Y_B EXP64Y(Y1, Y3, Y5, Y12, Y13, Y9, X3, X12, X13, X9)
#define SM_EXP32Y_A EXP32Y(Y0, Y2, Y4, Y9, Y10, Y11)
#define SM_EXP32Y_B EXP32Y(Y1, Y3, Y5, Y12, Y13, Y9)

// SM_SCALEY(mul, movu, n4, n1): DI = dst, SI = x cursors, Y8 = a; Y0-Y3 the products.
// Invariant: every element before DI holds a·x of the element at the same place before SI.
#define SM_SCALEY(mul, movu, n4, n1) \
loop4: \
	CMPQ CX, n4; \
	JB   loop1; \
	mul  0(SI), Y8, Y0; \
	mul  32(SI), Y8, Y1; \
	mul  64(SI), Y8, Y2; \
	mul  96(SI), Y8, Y3; \
	movu Y0, 0(DI); \
	movu Y1, 32(DI); \
	movu Y2, 64(DI); \
	movu Y3, 96(DI); \
	ADDQ $128, SI; \
	ADDQ $128, DI; \
	SUBQ n4, CX; \
	JMP  loop4; \
loop1: \
	CMPQ CX, n1; \
	JB   reduce; \
	mul  (SI), Y8, Y0; \
	movu Y0, (DI); \
	ADDQ $32, SI; \
	ADDQ $32, DI; \
	SUBQ n1, CX; \
	JMP  loop1; \
reduce:

// SM_DOTY(movu, fma, add, n4, n1): SI = a, DX = b cursors; Y0-Y3 = FMA accumulators of
// four vector columns (zeroed here), Y4-Y7 loads, combined into Y0 at the end.
// Invariant: the partial sums add up to Σ a·b over the elements before SI.
#define SM_DOTY(movu, fma, add, n4, n1) \
	VXORPD Y0, Y0, Y0; \
	VXORPD Y1, Y1, Y1; \
	VXORPD Y2, Y2, Y2; \
	VXORPD Y3, Y3, Y3; \
loop4: \
	CMPQ CX, n4; \
	JB   loop1; \
	movu 0(SI), Y4; \
	fma  0(DX), Y4, Y0; \
	movu 32(SI), Y5; \
	fma  32(DX), Y5, Y1; \
	movu 64(SI), Y6; \
	fma  64(DX), Y6, Y2; \
	movu 96(SI), Y7; \
	fma  96(DX), Y7, Y3; \
	ADDQ $128, SI; \
	ADDQ $128, DX; \
	SUBQ n4, CX; \
	JMP  loop4; \
loop1: \
	CMPQ CX, n1; \
	JB   reduce; \
	movu (SI), Y4; \
	fma  (DX), Y4, Y0; \
	ADDQ $32, SI; \
	ADDQ $32, DX; \
	SUBQ n1, CX; \
	JMP  loop1; \
reduce: \
	SM_COMBINE4(add, Y0, Y1, Y2, Y3, Y2, Y0)

// SM_JVPY(movu, sub, mul, n4, n1): DI = dst, SI = s, DX = v cursors, Y8 = d; Y0-Y3 the
// results.
// Invariant: every element before DI holds s·(v − d) of the elements at the same place.
#define SM_JVPY(movu, sub, mul, n4, n1) \
loop4: \
	CMPQ CX, n4; \
	JB   loop1; \
	movu 0(DX), Y0; \
	sub  Y8, Y0, Y0; \
	mul  0(SI), Y0, Y0; \
	movu 32(DX), Y1; \
	sub  Y8, Y1, Y1; \
	mul  32(SI), Y1, Y1; \
	movu 64(DX), Y2; \
	sub  Y8, Y2, Y2; \
	mul  64(SI), Y2, Y2; \
	movu 96(DX), Y3; \
	sub  Y8, Y3, Y3; \
	mul  96(SI), Y3, Y3; \
	movu Y0, 0(DI); \
	movu Y1, 32(DI); \
	movu Y2, 64(DI); \
	movu Y3, 96(DI); \
	ADDQ $128, SI; \
	ADDQ $128, DX; \
	ADDQ $128, DI; \
	SUBQ n4, CX; \
	JMP  loop4; \
loop1: \
	CMPQ CX, n1; \
	JB   reduce; \
	movu (DX), Y0; \
	sub  Y8, Y0, Y0; \
	mul  (SI), Y0, Y0; \
	movu Y0, (DI); \
	ADDQ $32, SI; \
	ADDQ $32, DX; \
	ADDQ $32, DI; \
	SUBQ n1, CX; \
	JMP  loop1; \
reduce:

// func softmaxMaxF64AVX2(x []float64) (m float64)
// Requires: AVX, AVX2, FMA3
// Register plan: SI = x cursor, CX = elements left; Y0-Y3 = running maxima (SM_MAXY).
TEXT ·softmaxMaxF64AVX2(SB), NOSPLIT, $0-32
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SM_NEGINF64(Y0)
	SM_MAXY(VMAXPD, VMOVAPD, $16, $4)
	SM_HRED64Y(VMAXPD, VMAXSD)
	VMOVSD X0, m+24(FP)
	VZEROUPPER
	RET

// func softmaxExpSumF64AVX2(dst, x []float64, m float64) (sum float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x cursors, CX = elements left; Y0-Y1 = two vectors in
// flight, Y2-Y5 and Y9-Y13 their scratch, Y6-Y7 = partial sums, Y8 = m; Y14, Y15, R8-R13
// and AX as in exp_avx2_amd64.h (SM_EXPSUMY).
TEXT ·softmaxExpSumF64AVX2(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Y_SETUP
	VBROADCASTSD m+48(FP), Y8
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	SM_EXPSUMY(SM_EXP64Y_A, SM_EXP64Y_B, VMOVUPD, VSUBPD, VADDPD, $8, $4)
	SM_HRED64Y(VADDPD, VADDSD)
	VMOVSD X0, sum+56(FP)
	VZEROUPPER
	RET

// func softmaxScaleF64AVX2(dst, x []float64, a float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x cursors, CX = elements left; Y8 = a in every lane.
TEXT ·softmaxScaleF64AVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSD a+48(FP), Y8
	SM_SCALEY(VMULPD, VMOVUPD, $16, $4)
	VZEROUPPER
	RET

// func softmaxDotF64AVX2(a, b []float64) (d float64)
// Requires: AVX, AVX2, FMA3
// Register plan: SI = a, DX = b cursors, CX = elements left; Y0-Y3 = partial sums
// (SM_DOTY).
TEXT ·softmaxDotF64AVX2(SB), NOSPLIT, $0-56
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	SM_DOTY(VMOVUPD, VFMADD231PD, VADDPD, $16, $4)
	SM_HRED64Y(VADDPD, VADDSD)
	VMOVSD X0, d+48(FP)
	VZEROUPPER
	RET

// func softmaxJVPF64AVX2(dst, s, v []float64, d float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Y8 = d in every lane.
TEXT ·softmaxJVPF64AVX2(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	VBROADCASTSD d+72(FP), Y8
	SM_JVPY(VMOVUPD, VSUBPD, VMULPD, $16, $4)
	VZEROUPPER
	RET

// func softmaxMaxF32AVX2(x []float32) (m float32)
// Requires: AVX, AVX2, FMA3
// Register plan: as softmaxMaxF64AVX2.
TEXT ·softmaxMaxF32AVX2(SB), NOSPLIT, $0-28
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SM_NEGINF32(Y0)
	SM_MAXY(VMAXPS, VMOVAPS, $32, $8)
	SM_HRED32Y(VMAXPS, VMAXSS)
	VMOVSS X0, m+24(FP)
	VZEROUPPER
	RET

// func softmaxExpSumF32AVX2(dst, x []float32, m float32) (sum float32)
// Requires: AVX, AVX2, FMA3
// Register plan: as softmaxExpSumF64AVX2 (R8, R9, R12, R13 unused by the float32 chain).
TEXT ·softmaxExpSumF32AVX2(SB), NOSPLIT, $0-60
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Y_SETUP
	VBROADCASTSS m+48(FP), Y8
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	SM_EXPSUMY(SM_EXP32Y_A, SM_EXP32Y_B, VMOVUPS, VSUBPS, VADDPS, $16, $8)
	SM_HRED32Y(VADDPS, VADDSS)
	VMOVSS X0, sum+56(FP)
	VZEROUPPER
	RET

// func softmaxScaleF32AVX2(dst, x []float32, a float32)
// Requires: AVX, AVX2, FMA3
// Register plan: as softmaxScaleF64AVX2.
TEXT ·softmaxScaleF32AVX2(SB), NOSPLIT, $0-52
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSS a+48(FP), Y8
	SM_SCALEY(VMULPS, VMOVUPS, $32, $8)
	VZEROUPPER
	RET

// func softmaxDotF32AVX2(a, b []float32) (d float32)
// Requires: AVX, AVX2, FMA3
// Register plan: as softmaxDotF64AVX2.
TEXT ·softmaxDotF32AVX2(SB), NOSPLIT, $0-52
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	SM_DOTY(VMOVUPS, VFMADD231PS, VADDPS, $32, $8)
	SM_HRED32Y(VADDPS, VADDSS)
	VMOVSS X0, d+48(FP)
	VZEROUPPER
	RET

// func softmaxJVPF32AVX2(dst, s, v []float32, d float32)
// Requires: AVX, AVX2, FMA3
// Register plan: as softmaxJVPF64AVX2.
TEXT ·softmaxJVPF32AVX2(SB), NOSPLIT, $0-76
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	VBROADCASTSS d+72(FP), Y8
	SM_JVPY(VMOVUPS, VSUBPS, VMULPS, $32, $8)
	VZEROUPPER
	RET
