//go:build !purego

#include "textflag.h"
#include "softmax_amd64.h"

// Fused softmax Jacobian products with 512-bit vectors: one call does both passes over
// a row, d = ⟨s, v⟩ and dst = s ⊙ (v − d), with the arithmetic of softmaxDot and
// softmaxJVP (softmax_avx512_amd64.s), so the same bits as those two calls; while the
// product pass runs (the dot pass found s and v in the cache), the next rows of s and v
// (if given) are prefetched into L1, one line of each per vector. The Go wrappers
// (softmax_row_amd64.go) guarantee len(s) = len(v) = len(dst) ≥ 1 and len(ns) = len(nv)
// = 0 or len(dst).
//
// Ceiling: 3 arithmetic ops per vector (FMA, subtract, multiply), so this is a stream:
// s and v read twice (the second time from L1), dst written once; for 1024×1000 rows in
// L3 (about 30 GB/s copy ceiling) at most 2.5 Gelem/s float32, 1.25 float64.

// The passes: the dot pass SM_DOT64Z/SM_DOT32Z of softmax_amd64.h (run by SM_JVPROWDOT,
// which also picks the prefetch cursors) and the product pass SM_JVPROWZ (labels dot and
// jvp4 … done, once per function). Each starts at the row start and loops over its
// elements four vectors at a time, then one, then a masked tail (kmov, n4, n1 as in
// softmax_amd64.h).

// SM_JVPROWDOT(dotpass): with SI = s, DX = v, BX = len(dst), R9/R10 = ns/nv and R8 =
// len(ns) on entry: R9/R10 become the prefetch cursors (ns and nv, or s and v when those
// are empty), then dotpass = SM_DOT64Z or SM_DOT32Z runs over the row with R11/R12 = s/v
// cursors, CX = BX: X0 = ⟨s, v⟩.
#define SM_JVPROWDOT(dotpass) \
	TESTQ R8, R8; \
	JNZ  dot; \
	MOVQ SI, R9; \
	MOVQ DX, R10; \
dot: \
	MOVQ SI, R11; \
	MOVQ DX, R12; \
	MOVQ BX, CX; \
	dotpass(R11, R12)

// SM_JVPROWZ(movu, sub, mul, kmov, n4, n1): R11 = s, R12 = v, R13 = dst cursors (from SI,
// DX, DI), CX = elements left (from BX), R9/R10 = prefetch cursors of the next rows, Z8 =
// d: every element before R13 holds s·(v − d) of the elements at the same place (the
// steps of softmaxJVP, SM_JVP4Z … SM_JVPTZ).
#define SM_JVPROWZ(movu, sub, mul, kmov, n4, n1) \
	MOVQ SI, R11; \
	MOVQ DX, R12; \
	MOVQ DI, R13; \
	MOVQ BX, CX; \
jvp4: \
	CMPQ CX, n4; \
	JB   jvp1; \
	SM_PREFETCH4(R9); \
	SM_PREFETCH4(R10); \
	SM_JVP4Z(R13, R11, R12, movu, sub, mul); \
	ADDQ $256, R11; \
	ADDQ $256, R12; \
	ADDQ $256, R13; \
	ADDQ $256, R9; \
	ADDQ $256, R10; \
	SUBQ n4, CX; \
	JMP  jvp4; \
jvp1: \
	CMPQ CX, n1; \
	JB   jvptail; \
	SM_JVP1Z(R13, R11, R12, movu, sub, mul); \
	ADDQ $64, R11; \
	ADDQ $64, R12; \
	ADDQ $64, R13; \
	SUBQ n1, CX; \
	JMP  jvp1; \
jvptail: \
	SM_TAILMASK(kmov, done); \
	SM_JVPTZ(R13, R11, R12, movu, sub, mul); \
done:

// func softmaxJVPRowF64AVX512(dst, s, v, ns, nv []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v (row starts), BX = len(dst); R11/R12/R13 =
// s/v/dst cursors of the pass, CX = elements left in it; R9/R10 = prefetch cursors (ns
// and nv, or s and v when those are empty); pass 1 (SM_DOT64Z): Z0-Z3 = partial dot
// products (FMA accumulators, the order of softmaxDotF64AVX512), Z4-Z7 loads; pass 2
// (SM_JVPROWZ): Z8 = d = ⟨s, v⟩.
// Invariants: pass 1, the partial sums add up to Σ s·v over the elements before R11;
// pass 2, every element before R13 holds s·(v − d) of the elements at the same place.
TEXT ·softmaxJVPRowF64AVX512(SB), NOSPLIT, $0-120
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), BX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	MOVQ ns_base+72(FP), R9
	MOVQ nv_base+96(FP), R10
	MOVQ ns_len+80(FP), R8
	SM_JVPROWDOT(SM_DOT64Z)
	VBROADCASTSD X0, Z8
	SM_JVPROWZ(VMOVUPD, VSUBPD, VMULPD, KMOVB, $32, $8)
	VZEROUPPER
	RET

// func softmaxJVPRowF32AVX512(dst, s, v, ns, nv []float32)
// Requires: AVX512F, AVX512DQ
// Register plan and invariants: as softmaxJVPRowF64AVX512, with the float32 passes.
TEXT ·softmaxJVPRowF32AVX512(SB), NOSPLIT, $0-120
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), BX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	MOVQ ns_base+72(FP), R9
	MOVQ nv_base+96(FP), R10
	MOVQ ns_len+80(FP), R8
	SM_JVPROWDOT(SM_DOT32Z)
	VBROADCASTSS X0, Z8
	SM_JVPROWZ(VMOVUPS, VSUBPS, VMULPS, KMOVW, $64, $16)
	VZEROUPPER
	RET
