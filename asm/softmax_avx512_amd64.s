//go:build !purego

#include "textflag.h"
#include "exp_avx512_amd64.h"
#include "softmax_amd64.h"

// Softmax row primitives with 512-bit vectors: max, exp(x − m) with its sum, scale,
// dot product, and the softmax Jacobian product s ⊙ (v − d). See softmax_generic.go for
// what each computes. The assembly trusts its Go wrappers (softmax_amd64.go) for slice
// lengths; tails use the mask K1 = (1<<CX)-1 on loads and stores (and on the accumulation
// of reductions), so nothing past a slice is touched. The passes are the macros of
// softmax_amd64.h, with the float64 or float32 instructions; the three below are used
// only here. Each loops over CX elements (labels loop4, loop1, tail, reduce: once per
// function), four vectors at a time, then one, then a masked tail; kmov, n4, n1 as in
// softmax_amd64.h.

// SM_EXPSUMZ(ez, movu, sub, add, kmov, n4, n1): the exp pass, DI = dst, SI = x cursors:
// every element before DI holds exp(x − Z24) of the element at the same place before SI,
// and the partial sums Z12-Z15 (zeroed by the caller) add up to their sum. Z0-Z3 = four
// vectors in flight, each a full ez = EXP64Z/EXP32Z chain in turn; Z4-Z11, Z16-Z23 their
// scratch.
#define SM_EXPSUMZ(ez, movu, sub, add, kmov, n4, n1) \
loop4: \
	CMPQ CX, n4; \
	JB   loop1; \
	SM_LOADSUB4Z(SI, movu, sub); \
	ez(Z0, Z4, Z8, Z16, Z20); \
	ez(Z1, Z5, Z9, Z17, Z21); \
	ez(Z2, Z6, Z10, Z18, Z22); \
	ez(Z3, Z7, Z11, Z19, Z23); \
	SM_STORESUM4Z(DI, movu, add); \
	ADDQ $256, SI; \
	ADDQ $256, DI; \
	SUBQ n4, CX; \
	JMP  loop4; \
loop1: \
	CMPQ CX, n1; \
	JB   tail; \
	movu (SI), Z0; \
	sub  Z24, Z0, Z0; \
	ez(Z0, Z4, Z8, Z16, Z20); \
	movu Z0, (DI); \
	add  Z0, Z12, Z12; \
	ADDQ $64, SI; \
	ADDQ $64, DI; \
	SUBQ n1, CX; \
	JMP  loop1; \
tail: \
	SM_TAILMASK(kmov, reduce); \
	movu.Z (SI), K1, Z0; \
	sub  Z24, Z0, Z0; \
	ez(Z0, Z4, Z8, Z16, Z20); \
	movu Z0, K1, (DI); \
	add  Z0, Z12, K1, Z12; \
reduce:

// SM_SCALEZ(mul, movu, kmov, n4, n1): the scale pass, DI = dst, SI = x cursors, Z8 = a:
// every element before DI holds a·x of the element at the same place before SI.
#define SM_SCALEZ(mul, movu, kmov, n4, n1) \
loop4: \
	CMPQ CX, n4; \
	JB   loop1; \
	SM_SCALE4Z(SI, DI, Z8, mul, movu); \
	ADDQ $256, SI; \
	ADDQ $256, DI; \
	SUBQ n4, CX; \
	JMP  loop4; \
loop1: \
	CMPQ CX, n1; \
	JB   tail; \
	SM_SCALE1Z(SI, DI, Z8, mul, movu); \
	ADDQ $64, SI; \
	ADDQ $64, DI; \
	SUBQ n1, CX; \
	JMP  loop1; \
tail: \
	SM_TAILMASK(kmov, reduce); \
	SM_SCALETZ(SI, DI, Z8, mul, movu); \
reduce:

// SM_JVPZ(movu, sub, mul, kmov, n4, n1): the Jacobian-product pass, DI = dst, SI = s,
// DX = v cursors, Z8 = d: every element before DI holds s·(v − d) of the elements at the
// same place.
#define SM_JVPZ(movu, sub, mul, kmov, n4, n1) \
loop4: \
	CMPQ CX, n4; \
	JB   loop1; \
	SM_JVP4Z(DI, SI, DX, movu, sub, mul); \
	ADDQ $256, SI; \
	ADDQ $256, DX; \
	ADDQ $256, DI; \
	SUBQ n4, CX; \
	JMP  loop4; \
loop1: \
	CMPQ CX, n1; \
	JB   tail; \
	SM_JVP1Z(DI, SI, DX, movu, sub, mul); \
	ADDQ $64, SI; \
	ADDQ $64, DX; \
	ADDQ $64, DI; \
	SUBQ n1, CX; \
	JMP  loop1; \
tail: \
	SM_TAILMASK(kmov, reduce); \
	SM_JVPTZ(DI, SI, DX, movu, sub, mul); \
reduce:

// func softmaxMaxF64AVX512(x []float64) (m float64)
// Requires: AVX512F, AVX512DQ
// Register plan: SI = x cursor, CX = elements left; the max pass SM_MAX64Z (Z0-Z5, R8,
// R9, K1; see softmax_amd64.h).
TEXT ·softmaxMaxF64AVX512(SB), NOSPLIT, $0-32
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SM_MAX64Z(SI)
	VMOVSD X0, m+24(FP)
	VZEROUPPER
	RET

// func softmaxExpSumF64AVX512(dst, x []float64, m float64) (sum float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; Z0-Z3 = four vectors in
// flight, Z4-Z11 and Z16-Z23 their scratch, Z12-Z15 = four partial sums, Z24 = m; Z25-Z31
// and AX as in exp_avx512_amd64.h.
// Invariant: every element before DI holds exp(x − m) of the element at the same place
// before SI, and the partial sums add up to their sum.
TEXT ·softmaxExpSumF64AVX512(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Z_SETUP
	VBROADCASTSD m+48(FP), Z24
	SM_SUMINIT
	SM_EXPSUMZ(EXP64Z, VMOVUPD, VSUBPD, VADDPD, KMOVB, $32, $8)
	SM_SUMRED64Z
	VMOVSD X0, sum+56(FP)
	VZEROUPPER
	RET

// func softmaxScaleF64AVX512(dst, x []float64, a float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; Z8 = a in every lane.
// Invariant: every element before DI holds a·x of the element at the same place before SI.
TEXT ·softmaxScaleF64AVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSD a+48(FP), Z8
	SM_SCALEZ(VMULPD, VMOVUPD, KMOVB, $32, $8)
	VZEROUPPER
	RET

// func softmaxDotF64AVX512(a, b []float64) (d float64)
// Requires: AVX512F, AVX512DQ
// Register plan: SI = a, DX = b cursors, CX = elements left; the dot pass SM_DOT64Z
// (Z0-Z3 = partial sums of four vector columns, Z4-Z7 loads; see softmax_amd64.h).
TEXT ·softmaxDotF64AVX512(SB), NOSPLIT, $0-56
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	SM_DOT64Z(SI, DX)
	VMOVSD X0, d+48(FP)
	VZEROUPPER
	RET

// func softmaxJVPF64AVX512(dst, s, v []float64, d float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z8 = d in every lane.
// Invariant: every element before DI holds s·(v − d) of the elements at the same place.
TEXT ·softmaxJVPF64AVX512(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	VBROADCASTSD d+72(FP), Z8
	SM_JVPZ(VMOVUPD, VSUBPD, VMULPD, KMOVB, $32, $8)
	VZEROUPPER
	RET

// func softmaxMaxF32AVX512(x []float32) (m float32)
// Requires: AVX512F, AVX512DQ
// Register plan: as softmaxMaxF64AVX512, with SM_MAX32Z.
TEXT ·softmaxMaxF32AVX512(SB), NOSPLIT, $0-28
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SM_MAX32Z(SI)
	VMOVSS X0, m+24(FP)
	VZEROUPPER
	RET

// func softmaxExpSumF32AVX512(dst, x []float32, m float32) (sum float32)
// Requires: AVX512F, AVX512DQ
// Register plan and invariant: as softmaxExpSumF64AVX512.
TEXT ·softmaxExpSumF32AVX512(SB), NOSPLIT, $0-60
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Z_SETUP
	VBROADCASTSS m+48(FP), Z24
	SM_SUMINIT
	SM_EXPSUMZ(EXP32Z, VMOVUPS, VSUBPS, VADDPS, KMOVW, $64, $16)
	SM_SUMRED32Z
	VMOVSS X0, sum+56(FP)
	VZEROUPPER
	RET

// func softmaxScaleF32AVX512(dst, x []float32, a float32)
// Requires: AVX512F, AVX512DQ
// Register plan and invariant: as softmaxScaleF64AVX512.
TEXT ·softmaxScaleF32AVX512(SB), NOSPLIT, $0-52
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSS a+48(FP), Z8
	SM_SCALEZ(VMULPS, VMOVUPS, KMOVW, $64, $16)
	VZEROUPPER
	RET

// func softmaxDotF32AVX512(a, b []float32) (d float32)
// Requires: AVX512F, AVX512DQ
// Register plan: as softmaxDotF64AVX512, with SM_DOT32Z.
TEXT ·softmaxDotF32AVX512(SB), NOSPLIT, $0-52
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	SM_DOT32Z(SI, DX)
	VMOVSS X0, d+48(FP)
	VZEROUPPER
	RET

// func softmaxJVPF32AVX512(dst, s, v []float32, d float32)
// Requires: AVX512F, AVX512DQ
// Register plan and invariant: as softmaxJVPF64AVX512.
TEXT ·softmaxJVPF32AVX512(SB), NOSPLIT, $0-76
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	VBROADCASTSS d+72(FP), Z8
	SM_JVPZ(VMOVUPS, VSUBPS, VMULPS, KMOVW, $64, $16)
	VZEROUPPER
	RET
