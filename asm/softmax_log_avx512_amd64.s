//go:build !purego

#include "textflag.h"
#include "exp_avx512_amd64.h"
#include "softmax_amd64.h"

// Log-softmax primitives with 512-bit vectors: log Σ exp in one call without storing
// the exponentials (max, then the sum, prefetching the next row), the shift
// (x − m) − log Σ, and the log-softmax VJP v − exp(y)·Σv. See softmax_generic.go for what
// each computes. The Go wrappers (softmax_log_amd64.go) guarantee the lengths
// (len(x) ≥ 1 for softmaxLSE; every input at least as long as dst; len(next) = 0 or
// len(x)).

// The passes: the max pass SM_MAX64Z/SM_MAX32Z of softmax_amd64.h (run by SM_ROWMAX,
// which also picks the prefetch cursor) and the three below (used only here; labels
// once per function). Each loops over CX elements four vectors at a time, then one, then
// a masked tail (kmov, n4, n1 as in softmax_amd64.h).

// SM_LSEZ(e1, e2, movu, sub, add, kmov, n4, n1): the sum pass of log Σ exp, R11 = x
// cursor (from SI), CX = elements left (from BX), DX = prefetch cursor, labels exp4 …
// expred: the partial sums Z12-Z15 (zeroed by the caller) add up to Σ exp(x − Z24) over
// the elements before R11, in the order of SM_EXPSUMZ (softmax_avx512_amd64.s), without
// storing the exponentials. Z0-Z3 = four vectors in flight, the chains interleaved
// (SM_EXPL4Z, e1 = EXP64L_1 or EXP32L_1, e2 = EXP64Z_2 or EXP32Z_2); Z4-Z11 and Z16-Z23
// their scratch.
#define SM_LSEZ(e1, e2, movu, sub, add, kmov, n4, n1) \
	MOVQ SI, R11; \
	MOVQ BX, CX; \
exp4: \
	CMPQ CX, n4; \
	JB   exp1; \
	SM_PREFETCH4(DX); \
	SM_LOADSUB4Z(R11, movu, sub); \
	SM_EXPL4Z(e1, e2); \
	add  Z0, Z12, Z12; \
	add  Z1, Z13, Z13; \
	add  Z2, Z14, Z14; \
	add  Z3, Z15, Z15; \
	ADDQ $256, R11; \
	ADDQ $256, DX; \
	SUBQ n4, CX; \
	JMP  exp4; \
exp1: \
	CMPQ CX, n1; \
	JB   exptail; \
	movu (R11), Z0; \
	sub  Z24, Z0, Z0; \
	SM_EXPL1Z(e1, e2); \
	add  Z0, Z12, Z12; \
	ADDQ $64, R11; \
	SUBQ n1, CX; \
	JMP  exp1; \
exptail: \
	SM_TAILMASK(kmov, expred); \
	movu.Z (R11), K1, Z0; \
	sub  Z24, Z0, Z0; \
	SM_EXPL1Z(e1, e2); \
	add  Z0, Z12, K1, Z12; \
expred:

// SM_SHIFTZ(movu, sub, kmov, n4, n1): the shift pass, DI = dst, SI = x cursors, Z8 = m,
// Z9 = c, labels loop4 … done: every element before DI holds (x − m) − c of the element at
// the same place before SI; each vector is loaded before the same place is stored (dst
// may be x). Z0-Z3 = four vectors in flight.
#define SM_SHIFTZ(movu, sub, kmov, n4, n1) \
loop4: \
	CMPQ CX, n4; \
	JB   loop1; \
	movu 0(SI), Z0; \
	movu 64(SI), Z1; \
	movu 128(SI), Z2; \
	movu 192(SI), Z3; \
	sub  Z8, Z0, Z0; \
	sub  Z8, Z1, Z1; \
	sub  Z8, Z2, Z2; \
	sub  Z8, Z3, Z3; \
	sub  Z9, Z0, Z0; \
	sub  Z9, Z1, Z1; \
	sub  Z9, Z2, Z2; \
	sub  Z9, Z3, Z3; \
	movu Z0, 0(DI); \
	movu Z1, 64(DI); \
	movu Z2, 128(DI); \
	movu Z3, 192(DI); \
	ADDQ $256, SI; \
	ADDQ $256, DI; \
	SUBQ n4, CX; \
	JMP  loop4; \
loop1: \
	CMPQ CX, n1; \
	JB   tail; \
	movu (SI), Z0; \
	sub  Z8, Z0, Z0; \
	sub  Z9, Z0, Z0; \
	movu Z0, (DI); \
	ADDQ $64, SI; \
	ADDQ $64, DI; \
	SUBQ n1, CX; \
	JMP  loop1; \
tail: \
	SM_TAILMASK(kmov, done); \
	movu.Z (SI), K1, Z0; \
	sub  Z8, Z0, Z0; \
	sub  Z9, Z0, Z0; \
	movu Z0, K1, (DI); \
done:

// SM_LOGVJPZ(e1, e2, movu, mul, sub, kmov, n4, n1): the log-softmax VJP pass, DI = dst,
// SI = y, DX = v cursors, Z24 = sv, labels loop4 … done: every element before DI holds
// v − exp(y)·sv (the product rounded, then the difference: no fusion, the bits of the
// generic code) of the elements at the same place; each place is read before it is
// written (dst may be y or v). Z0-Z3 = four vectors in flight, the full exponential
// (e1 = EXP64Z_1 or EXP32Z_1, e2 = EXP64Z_2 or EXP32Z_2) interleaved; Z4-Z7, Z8-Z11,
// Z12-Z15, Z16-Z19 their scratch, Z4-Z7 then v.
#define SM_LOGVJPZ(e1, e2, movu, mul, sub, kmov, n4, n1) \
loop4: \
	CMPQ CX, n4; \
	JB   loop1; \
	movu 0(SI), Z0; \
	movu 64(SI), Z1; \
	movu 128(SI), Z2; \
	movu 192(SI), Z3; \
	e1(Z0, Z4, Z8, Z12); \
	e1(Z1, Z5, Z9, Z13); \
	e1(Z2, Z6, Z10, Z14); \
	e1(Z3, Z7, Z11, Z15); \
	e2(Z0, Z4, Z8, Z12, Z16); \
	e2(Z1, Z5, Z9, Z13, Z17); \
	e2(Z2, Z6, Z10, Z14, Z18); \
	e2(Z3, Z7, Z11, Z15, Z19); \
	mul  Z24, Z0, Z0; \
	mul  Z24, Z1, Z1; \
	mul  Z24, Z2, Z2; \
	mul  Z24, Z3, Z3; \
	movu 0(DX), Z4; \
	movu 64(DX), Z5; \
	movu 128(DX), Z6; \
	movu 192(DX), Z7; \
	sub  Z0, Z4, Z4; \
	sub  Z1, Z5, Z5; \
	sub  Z2, Z6, Z6; \
	sub  Z3, Z7, Z7; \
	movu Z4, 0(DI); \
	movu Z5, 64(DI); \
	movu Z6, 128(DI); \
	movu Z7, 192(DI); \
	ADDQ $256, SI; \
	ADDQ $256, DX; \
	ADDQ $256, DI; \
	SUBQ n4, CX; \
	JMP  loop4; \
loop1: \
	CMPQ CX, n1; \
	JB   tail; \
	movu (SI), Z0; \
	e1(Z0, Z4, Z8, Z12); \
	e2(Z0, Z4, Z8, Z12, Z16); \
	mul  Z24, Z0, Z0; \
	movu (DX), Z4; \
	sub  Z0, Z4, Z4; \
	movu Z4, (DI); \
	ADDQ $64, SI; \
	ADDQ $64, DX; \
	ADDQ $64, DI; \
	SUBQ n1, CX; \
	JMP  loop1; \
tail: \
	SM_TAILMASK(kmov, done); \
	movu.Z (SI), K1, Z0; \
	e1(Z0, Z4, Z8, Z12); \
	e2(Z0, Z4, Z8, Z12, Z16); \
	mul  Z24, Z0, Z0; \
	movu.Z (DX), K1, Z4; \
	sub  Z0, Z4, Z4; \
	movu Z4, K1, (DI); \
done:

// func softmaxLSEF64AVX512(x, next []float64) (m, sum float64)
// Requires: AVX512F, AVX512DQ
// Register plan: SI = x, BX = len(x); R11 = x cursor, CX = elements left in the pass,
// DX = prefetch cursor (next, or x when next is empty); pass 1 (SM_MAX64Z): Z0-Z3 =
// running maxima, Z4 = −Inf; pass 2 (SM_LSEZ): Z0-Z3 = four vectors in flight, Z4-Z11 and
// Z16-Z23 their scratch, Z12-Z15 = four partial sums, Z24 = m, Z25-Z31 and AX as in
// exp_avx512_amd64.h.
// Invariants: pass 1, Z0-Z3 hold lane by lane the maximum of the elements before R11;
// pass 2, the partial sums add up to Σ exp(x − m) over the elements before R11.
TEXT ·softmaxLSEF64AVX512(SB), NOSPLIT, $0-64
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), BX
	MOVQ next_base+24(FP), DX
	MOVQ next_len+32(FP), R10
	SM_ROWMAX(SM_MAX64Z)
	VMOVSD X0, m+48(FP)
	VBROADCASTSD X0, Z24
	EXP64Z_SETUP
	SM_SUMINIT
	SM_LSEZ(EXP64L_1, EXP64Z_2, VMOVUPD, VSUBPD, VADDPD, KMOVB, $32, $8)
	SM_SUMRED64Z
	VMOVSD X0, sum+56(FP)
	VZEROUPPER
	RET

// func softmaxShiftF64AVX512(dst, x []float64, m, c float64)
// Requires: AVX512F
// Register plan: DI = dst, SI = x cursors, CX = elements left; Z8 = m, Z9 = c.
// Invariant: every element before DI holds (x − m) − c of the element at the same place
// before SI; each vector is loaded before the same place is stored (dst may be x).
TEXT ·softmaxShiftF64AVX512(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSD m+48(FP), Z8
	VBROADCASTSD c+56(FP), Z9
	SM_SHIFTZ(VMOVUPD, VSUBPD, KMOVB, $32, $8)
	VZEROUPPER
	RET

// func softmaxLogVJPF64AVX512(dst, y, v []float64, sv float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = y, DX = v cursors, CX = elements left; Z0-Z3 = four
// vectors in flight, Z4-Z7, Z8-Z11, Z12-Z15, Z16-Z19 their scratch; Z24 = sv;
// Z25-Z31 and AX as in exp_avx512_amd64.h.
// Invariant: every element before DI holds v − exp(y)·sv of the elements at the same
// place (see SM_LOGVJPZ); dst may be y or v.
TEXT ·softmaxLogVJPF64AVX512(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ y_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP64Z_SETUP
	VBROADCASTSD sv+72(FP), Z24
	SM_LOGVJPZ(EXP64Z_1, EXP64Z_2, VMOVUPD, VMULPD, VSUBPD, KMOVB, $32, $8)
	VZEROUPPER
	RET

// func softmaxLSEF32AVX512(x, next []float32) (m, sum float32)
// Requires: AVX512F, AVX512DQ
// Register plan and invariants: as softmaxLSEF64AVX512, with the float32 passes.
TEXT ·softmaxLSEF32AVX512(SB), NOSPLIT, $0-56
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), BX
	MOVQ next_base+24(FP), DX
	MOVQ next_len+32(FP), R10
	SM_ROWMAX(SM_MAX32Z)
	VMOVSS X0, m+48(FP)
	VBROADCASTSS X0, Z24
	EXP32Z_SETUP
	SM_SUMINIT
	SM_LSEZ(EXP32L_1, EXP32Z_2, VMOVUPS, VSUBPS, VADDPS, KMOVW, $64, $16)
	SM_SUMRED32Z
	VMOVSS X0, sum+52(FP)
	VZEROUPPER
	RET

// func softmaxShiftF32AVX512(dst, x []float32, m, c float32)
// Requires: AVX512F
// Register plan and invariant: as softmaxShiftF64AVX512.
TEXT ·softmaxShiftF32AVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSS m+48(FP), Z8
	VBROADCASTSS c+52(FP), Z9
	SM_SHIFTZ(VMOVUPS, VSUBPS, KMOVW, $64, $16)
	VZEROUPPER
	RET

// func softmaxLogVJPF32AVX512(dst, y, v []float32, sv float32)
// Requires: AVX512F, AVX512DQ
// Register plan and invariant: as softmaxLogVJPF64AVX512.
TEXT ·softmaxLogVJPF32AVX512(SB), NOSPLIT, $0-76
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ y_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP32Z_SETUP
	VBROADCASTSS sv+72(FP), Z24
	SM_LOGVJPZ(EXP32Z_1, EXP32Z_2, VMOVUPS, VMULPS, VSUBPS, KMOVW, $64, $16)
	VZEROUPPER
	RET
