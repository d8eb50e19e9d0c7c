//go:build !purego

#include "textflag.h"
#include "exp_avx512_amd64.h"
#include "softmax_amd64.h"

// Fused softmax rows with 512-bit vectors: one call does the three passes over a row
// (max; exp(x − m) stored in dst with its sum; dst scaled by 1/sum), with the same
// arithmetic as the three primitives of softmax_avx512_amd64.s, so the same bits.
// Differences that do not change a bit: the exponential skips the upper clamp (x − m is
// ≤ 0 or NaN, never above the bound), and the four chains are interleaved (first halves,
// then second halves). While the exponentials of this row are computed, the next row
// (if any) is prefetched into L1, one cache line per vector: the max pass of the next
// call then finds its row in the cache instead of waiting on L2/L3. The Go wrappers
// (softmax_row_amd64.go) guarantee len(x) = len(dst) ≥ 1 and len(next) = 0 or len(dst).
//
// Ceilings. Port count per vector (p0/p5): max 1, x − m 1, clamp 1, exponential 15
// (float32 12), sum 1, scale 1: 20 ops per 8 float64 lanes, 17 per 16 float32 lanes, so
// at best 10 and 8.5 cycles per vector, 2.3 and 5.5 Gelem/s at 2.9 GHz. Bandwidth: a
// 1024×1000 matrix (x read, s written) lives in L3, where the copy ceiling measures about
// 30 GB/s: at most 1.9 (float64) and 3.8 (float32) Gelem/s. Measured: about 1.0 and 2.2.

// The three passes: the max pass SM_MAX64Z/SM_MAX32Z of softmax_amd64.h (run by
// SM_ROWMAX, which also picks the prefetch cursor), and the two below (used only here;
// labels exp4 … expred and scale4 … done, once per function). Each starts at the row start
// and loops over its elements four vectors at a time, then one, then a masked tail (kmov,
// n4, n1 as in softmax_amd64.h).

// SM_ROWEXPZ(e1, e2, movu, sub, add, kmov, n4, n1): the exp pass, R11 = x and R12 = dst
// cursors (from SI, DI), CX = elements left (from BX), DX = prefetch cursor: every
// element before R12 holds exp(x − Z24) of the element at the same place before R11, and
// the partial sums Z12-Z15 (zeroed by the caller) add up to their sum, in the order of
// SM_EXPSUMZ (softmax_avx512_amd64.s). Z0-Z3 = four vectors in flight, the chains
// interleaved (SM_EXPL4Z with e1 = EXP64L_1 or EXP32L_1, e2 = EXP64Z_2 or EXP32Z_2);
// Z4-Z11 and Z16-Z23 their scratch.
#define SM_ROWEXPZ(e1, e2, movu, sub, add, kmov, n4, n1) \
	MOVQ SI, R11; \
	MOVQ DI, R12; \
	MOVQ BX, CX; \
exp4: \
	CMPQ CX, n4; \
	JB   exp1; \
	SM_PREFETCH4(DX); \
	SM_LOADSUB4Z(R11, movu, sub); \
	SM_EXPL4Z(e1, e2); \
	SM_STORESUM4Z(R12, movu, add); \
	ADDQ $256, R11; \
	ADDQ $256, R12; \
	ADDQ $256, DX; \
	SUBQ n4, CX; \
	JMP  exp4; \
exp1: \
	CMPQ CX, n1; \
	JB   exptail; \
	movu (R11), Z0; \
	sub  Z24, Z0, Z0; \
	SM_EXPL1Z(e1, e2); \
	movu Z0, (R12); \
	add  Z0, Z12, Z12; \
	ADDQ $64, R11; \
	ADDQ $64, R12; \
	SUBQ n1, CX; \
	JMP  exp1; \
exptail: \
	SM_TAILMASK(kmov, expred); \
	movu.Z (R11), K1, Z0; \
	sub  Z24, Z0, Z0; \
	SM_EXPL1Z(e1, e2); \
	movu Z0, K1, (R12); \
	add  Z0, Z12, K1, Z12; \
expred:

// SM_ROWSCALEZ(mul, movu, kmov, n4, n1): the scale pass in place, R12 = dst cursor (from
// DI), CX = elements left (from BX), Z24 = 1/sum: every element before R12 holds its
// exponential times 1/sum.
#define SM_ROWSCALEZ(mul, movu, kmov, n4, n1) \
	MOVQ DI, R12; \
	MOVQ BX, CX; \
scale4: \
	CMPQ CX, n4; \
	JB   scale1; \
	SM_SCALE4Z(R12, R12, Z24, mul, movu); \
	ADDQ $256, R12; \
	SUBQ n4, CX; \
	JMP  scale4; \
scale1: \
	CMPQ CX, n1; \
	JB   scaletail; \
	SM_SCALE1Z(R12, R12, Z24, mul, movu); \
	ADDQ $64, R12; \
	SUBQ n1, CX; \
	JMP  scale1; \
scaletail: \
	SM_TAILMASK(kmov, done); \
	SM_SCALETZ(R12, R12, Z24, mul, movu); \
done:

// func softmaxRowF64AVX512(dst, x, next []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x (row starts), BX = len(dst); R11/R12 = x/dst cursors of
// the pass, CX = elements left in it, DX = prefetch cursor (next, or x when next is
// empty); pass 1 (SM_MAX64Z): Z0-Z3 = running maxima, Z4 = −Inf; pass 2 (SM_ROWEXPZ):
// Z0-Z3 = four vectors in flight, Z4-Z11 and Z16-Z23 their scratch, Z12-Z15 = four
// partial sums, Z24 = m, Z25-Z31 and AX as in exp_avx512_amd64.h; pass 3 (SM_ROWSCALEZ):
// Z24 = 1/sum.
// Invariants: pass 1, Z0-Z3 hold lane by lane the maximum of the elements before R11;
// pass 2, every element before R12 holds exp(x − m) of the element at the same place
// before R11 and the partial sums add up to their sum (in the order of
// softmaxExpSumF64AVX512, so the bits are those of the three-call path); pass 3, every
// element before R12 holds its exponential times 1/sum.
TEXT ·softmaxRowF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), BX
	MOVQ x_base+24(FP), SI
	MOVQ next_base+48(FP), DX
	MOVQ next_len+56(FP), R10
	SM_ROWMAX(SM_MAX64Z)
	VBROADCASTSD X0, Z24
	EXP64Z_SETUP
	SM_SUMINIT
	SM_ROWEXPZ(EXP64L_1, EXP64Z_2, VMOVUPD, VSUBPD, VADDPD, KMOVB, $32, $8)
	SM_SUMRED64Z
	MOVQ $0x3FF0000000000000, R9
	MOVQ R9, X1
	VDIVSD X0, X1, X1
	VBROADCASTSD X1, Z24
	SM_ROWSCALEZ(VMULPD, VMOVUPD, KMOVB, $32, $8)
	VZEROUPPER
	RET

// func softmaxRowF32AVX512(dst, x, next []float32)
// Requires: AVX512F, AVX512DQ
// Register plan and invariants: as softmaxRowF64AVX512, with the float32 passes.
TEXT ·softmaxRowF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), BX
	MOVQ x_base+24(FP), SI
	MOVQ next_base+48(FP), DX
	MOVQ next_len+56(FP), R10
	SM_ROWMAX(SM_MAX32Z)
	VBROADCASTSS X0, Z24
	EXP32Z_SETUP
	SM_SUMINIT
	SM_ROWEXPZ(EXP32L_1, EXP32Z_2, VMOVUPS, VSUBPS, VADDPS, KMOVW, $64, $16)
	SM_SUMRED32Z
	MOVQ $0x3F800000, R9
	MOVL R9, X1
	VDIVSS X0, X1, X1
	VBROADCASTSS X1, Z24
	SM_ROWSCALEZ(VMULPS, VMOVUPS, KMOVW, $64, $16)
	VZEROUPPER
	RET
