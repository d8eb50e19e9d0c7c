//go:build !purego

#include "textflag.h"
#include "exp_avx512_amd64.h"
#include "sigmoid_amd64.h"

// The sigmoid family with 512-bit vectors (see sigmoid_generic.go for the math). The
// assembly trusts its Go wrappers (sigmoid_amd64.go) for slice lengths; tails use the
// mask K1 = (1<<CX)-1 on every load and store, so nothing past a slice is touched.
// Besides the registers of exp_avx512_amd64.h: BX = &sigTab64 (or &sigTab32), whose
// entry 0 is the sign bit.
// The float64 and float32 kernels are the same macros with the instruction names of
// their precision as arguments: mov = VMOVUPD/VMOVUPS (a .Z suffix makes a zeroing
// masked load), mul, sub, add = VMULPx, VSUBPx, VADDPx, m2m = VPMOVQ2M/VPMOVD2M (the
// sign bits as a mask), por = VPORQ/VPORD, max = VMAXPx, kmov = KMOVB/KMOVW; n = lanes
// per vector. Labels: loop6/loop4 (several vectors a step), loop1 (one vector), tail
// (the masked rest), done.

// SIG_RCP(add, rcp, a, k, p): k = 1 + a, p ≈ 1/k (VRCP14PD/PS).
#define SIG_RCP(add, rcp, a, k, p) \
	add Z27, a, k; \
	rcp k, p

// SIG_NEWTON(fnmadd, fmadd, k, p, t): one Newton step p ← p + p(1 − kp) towards 1/k;
// t is scratch.
#define SIG_NEWTON(fnmadd, fmadd, k, p, t) \
	VMOVAPD Z27, t; \
	fnmadd k, p, t; \
	fmadd t, p, p

// SIGY64Z(x, a, k, p, t, u): a = e = e^−|x|, k = 1 + e, p = 1/(1 + e) by VRCP14 and
// Newton steps y ← y + y(1 − dy); t and u are scratch (u may be x).
#define SIGY64Z(x, a, k, p, t, u) \
	VPORQ.BCST (BX), x, a; \
	EXP64L(a, k, p, t, u); \
	SIG_RCP(VADDPD, VRCP14PD, a, k, p); \
	SIG_NEWTON(VFNMADD231PD, VFMADD231PD, k, p, t); \
	SIG_NEWTON(VFNMADD231PD, VFMADD231PD, k, p, t)

// SIGY32Z(x, a, k, p, t, u): the same for float32, with one Newton step.
#define SIGY32Z(x, a, k, p, t, u) \
	VPORD.BCST (BX), x, a; \
	EXP32L(a, k, p, t, u); \
	SIG_RCP(VADDPS, VRCP14PS, a, k, p); \
	SIG_NEWTON(VFNMADD231PS, VFMADD231PS, k, p, t)

// The six-chain core of the loop6 loops, interleaved stage by stage: chain c (0…5)
// enters with its clamped −|x| in Z(c) and leaves with e = e^−|x| in Z(c), 1 + e in
// Z(6+c) and 1/(1 + e) in Z(12+c) (VRCP14 and Newton steps), Z(18+c) scratch.
// SIG_EXP6(exp1, exp2): the two halves of the exponential (EXP64Y_1NC and EXP64Y_2, or
// the EXP32Y ones) for the six chains; SIG_RCP6(add, rcp) and SIG_NEWTON6(fnmadd, fmadd):
// SIG_RCP and SIG_NEWTON for the six chains.
#define SIG_EXP6(exp1, exp2) \
	exp1(Z0, Z6, Z12); \
	exp1(Z1, Z7, Z13); \
	exp1(Z2, Z8, Z14); \
	exp1(Z3, Z9, Z15); \
	exp1(Z4, Z10, Z16); \
	exp1(Z5, Z11, Z17); \
	exp2(Z0, Z6, Z12, Z18); \
	exp2(Z1, Z7, Z13, Z19); \
	exp2(Z2, Z8, Z14, Z20); \
	exp2(Z3, Z9, Z15, Z21); \
	exp2(Z4, Z10, Z16, Z22); \
	exp2(Z5, Z11, Z17, Z23)

#define SIG_RCP6(add, rcp) \
	SIG_RCP(add, rcp, Z0, Z6, Z12); \
	SIG_RCP(add, rcp, Z1, Z7, Z13); \
	SIG_RCP(add, rcp, Z2, Z8, Z14); \
	SIG_RCP(add, rcp, Z3, Z9, Z15); \
	SIG_RCP(add, rcp, Z4, Z10, Z16); \
	SIG_RCP(add, rcp, Z5, Z11, Z17)

#define SIG_NEWTON6(fnmadd, fmadd) \
	SIG_NEWTON(fnmadd, fmadd, Z6, Z12, Z18); \
	SIG_NEWTON(fnmadd, fmadd, Z7, Z13, Z19); \
	SIG_NEWTON(fnmadd, fmadd, Z8, Z14, Z20); \
	SIG_NEWTON(fnmadd, fmadd, Z9, Z15, Z21); \
	SIG_NEWTON(fnmadd, fmadd, Z10, Z16, Z22); \
	SIG_NEWTON(fnmadd, fmadd, Z11, Z17, Z23)

// SIG64_CORE6 (two Newton steps) and SIG32_CORE6 (one): the core for each precision.
#define SIG64_CORE6 \
	SIG_EXP6(EXP64Y_1NC, EXP64Y_2); \
	SIG_RCP6(VADDPD, VRCP14PD); \
	SIG_NEWTON6(VFNMADD231PD, VFMADD231PD); \
	SIG_NEWTON6(VFNMADD231PD, VFMADD231PD)

#define SIG32_CORE6 \
	SIG_EXP6(EXP32Y_1NC, EXP32Y_2); \
	SIG_RCP6(VADDPS, VRCP14PS); \
	SIG_NEWTON6(VFNMADD231PS, VFMADD231PS)

// SIG_NEGABS(por, max, z): z = max(−|z|, −B) (Z25 = −B; NaN stays NaN).
#define SIG_NEGABS(por, max, z) \
	por.BCST (BX), z, z; \
	max z, Z25, z

// SIG_LOAD6S(mov, m2m, por, max): loop6's entry for σ: chain c loads x from SI+64c into
// Z(c), K(2+c) = its lanes where x < 0, then Z(c) = clamped −|x|.
#define SIG_LOAD6S(mov, m2m, por, max) \
	mov 0(SI), Z0; \
	m2m Z0, K2; \
	SIG_NEGABS(por, max, Z0); \
	mov 64(SI), Z1; \
	m2m Z1, K3; \
	SIG_NEGABS(por, max, Z1); \
	mov 128(SI), Z2; \
	m2m Z2, K4; \
	SIG_NEGABS(por, max, Z2); \
	mov 192(SI), Z3; \
	m2m Z3, K5; \
	SIG_NEGABS(por, max, Z3); \
	mov 256(SI), Z4; \
	m2m Z4, K6; \
	SIG_NEGABS(por, max, Z4); \
	mov 320(SI), Z5; \
	m2m Z5, K7; \
	SIG_NEGABS(por, max, Z5)

// SIG_LOAD6(mov, por, max): the same without the sign masks (σ' is even in x).
#define SIG_LOAD6(mov, por, max) \
	mov 0(SI), Z0; \
	SIG_NEGABS(por, max, Z0); \
	mov 64(SI), Z1; \
	SIG_NEGABS(por, max, Z1); \
	mov 128(SI), Z2; \
	SIG_NEGABS(por, max, Z2); \
	mov 192(SI), Z3; \
	SIG_NEGABS(por, max, Z3); \
	mov 256(SI), Z4; \
	SIG_NEGABS(por, max, Z4); \
	mov 320(SI), Z5; \
	SIG_NEGABS(por, max, Z5)

// SIG_STORE6S(mul, mov): loop6's exit for σ: chain c's 1/(1 + e) times e where x < 0
// (lanes K(2+c)), stored at DI+64c.
#define SIG_STORE6S(mul, mov) \
	mul Z0, Z12, K2, Z12; \
	mov Z12, 0(DI); \
	mul Z1, Z13, K3, Z13; \
	mov Z13, 64(DI); \
	mul Z2, Z14, K4, Z14; \
	mov Z14, 128(DI); \
	mul Z3, Z15, K5, Z15; \
	mov Z15, 192(DI); \
	mul Z4, Z16, K6, Z16; \
	mov Z16, 256(DI); \
	mul Z5, Z17, K7, Z17; \
	mov Z17, 320(DI)

// SIG_DX1(mul, mov, e, p, off): e·p·p·v with v at DX+off, stored at DI+off (in e).
#define SIG_DX1(mul, mov, e, p, off) \
	mul p, e, e; \
	mul p, e, e; \
	mul off(DX), e, e; \
	mov e, off(DI)

// SIG_STORE6DX(mul, mov): loop6's exit for σ'(x)·v: SIG_DX1 for the six chains.
#define SIG_STORE6DX(mul, mov) \
	SIG_DX1(mul, mov, Z0, Z12, 0); \
	SIG_DX1(mul, mov, Z1, Z13, 64); \
	SIG_DX1(mul, mov, Z2, Z14, 128); \
	SIG_DX1(mul, mov, Z3, Z15, 192); \
	SIG_DX1(mul, mov, Z4, Z16, 256); \
	SIG_DX1(mul, mov, Z5, Z17, 320)

// SIG_TAIL(kmov): tail: done when CX = 0, else K1 = its CX lanes (R8 clobbered).
#define SIG_TAIL(kmov) \
tail: \
	TESTQ CX, CX; \
	JZ    done; \
	MOVL  $1, R8; \
	SHLL  CX, R8; \
	SUBL  $1, R8; \
	kmov  R8, K1

// SIG_S1(sigy, m2m, mul): σ of the one vector in Z0, into Z12 (Z4–Z20 scratch, K2).
#define SIG_S1(sigy, m2m, mul) \
	sigy(Z0, Z4, Z8, Z12, Z16, Z20); \
	m2m Z0, K2; \
	mul Z4, Z12, K2, Z12

// SIG_DX1V(sigy, mul): σ'(x)·v of the one vector x in Z0, v in Z20, into Z4.
#define SIG_DX1V(sigy, mul) \
	sigy(Z0, Z4, Z8, Z12, Z16, Z0); \
	mul Z12, Z4, Z4; \
	mul Z12, Z4, Z4; \
	mul Z20, Z4, Z4

// SIG_S_LOOP6(mov, m2m, por, max, mul, core, n): σ's loop6, six vectors a step through
// core (SIG64_CORE6 or SIG32_CORE6) while CX ≥ 6n.
#define SIG_S_LOOP6(mov, m2m, por, max, mul, core, n) \
loop6: \
	CMPQ CX, $(6*n); \
	JB   loop1; \
	SIG_LOAD6S(mov, m2m, por, max); \
	core; \
	SIG_STORE6S(mul, mov); \
	SIG_NEXT2(384, (6*n), loop6)

// SIG_S_LOOP1(mov, sigy, m2m, mul, kmov, n): σ's loop1 (one vector a step, sigy =
// SIGY64Z or SIGY32Z) and masked tail, then done.
#define SIG_S_LOOP1(mov, sigy, m2m, mul, kmov, n) \
loop1: \
	CMPQ CX, $n; \
	JB   tail; \
	mov 0(SI), Z0; \
	SIG_S1(sigy, m2m, mul); \
	mov Z12, (DI); \
	SIG_NEXT2(64, n, loop1); \
	SIG_TAIL(kmov); \
	mov.Z 0(SI), K1, Z0; \
	SIG_S1(sigy, m2m, mul); \
	mov Z12, K1, (DI); \
done: \
	VZEROUPPER; \
	RET

// SIG_DX_LOOP6(mov, por, max, mul, core, n): σ'(x)·v's loop6 (v read as a memory
// operand at DX).
#define SIG_DX_LOOP6(mov, por, max, mul, core, n) \
loop6: \
	CMPQ CX, $(6*n); \
	JB   loop1; \
	SIG_LOAD6(mov, por, max); \
	core; \
	SIG_STORE6DX(mul, mov); \
	SIG_NEXT3(384, (6*n), loop6)

// SIG_DX_LOOP1(mov, sigy, mul, kmov, n): σ'(x)·v's loop1 and masked tail (v in Z20),
// then done.
#define SIG_DX_LOOP1(mov, sigy, mul, kmov, n) \
loop1: \
	CMPQ CX, $n; \
	JB   tail; \
	mov 0(SI), Z0; \
	mov 0(DX), Z20; \
	SIG_DX1V(sigy, mul); \
	mov Z4, (DI); \
	SIG_NEXT3(64, n, loop1); \
	SIG_TAIL(kmov); \
	mov.Z 0(SI), K1, Z0; \
	mov.Z 0(DX), K1, Z20; \
	SIG_DX1V(sigy, mul); \
	mov Z4, K1, (DI); \
done: \
	VZEROUPPER; \
	RET

// SIG_DS(sub, mul, s, v, d): d = (s·(1 − s))·v (Z27 = 1).
#define SIG_DS(sub, mul, s, v, d) \
	sub s, Z27, d; \
	mul d, s, d; \
	mul v, d, d

// SIG_DS_LOOPS(mov, st, sub, mul, kmov, n): the loops of (s·(1 − s))·v: loop4 (four
// vectors a step: s in Z0–Z3, v in Z8–Z11, results Z4–Z7 stored with st, VMOVUPx or
// VMOVNTPx), loop1 (stored with st) and the masked tail (stored with mov); the caller
// places done.
#define SIG_DS_LOOPS(mov, st, sub, mul, kmov, n) \
loop4: \
	CMPQ CX, $(4*n); \
	JB   loop1; \
	mov 0(SI), Z0; \
	mov 0(DX), Z8; \
	SIG_DS(sub, mul, Z0, Z8, Z4); \
	mov 64(SI), Z1; \
	mov 64(DX), Z9; \
	SIG_DS(sub, mul, Z1, Z9, Z5); \
	mov 128(SI), Z2; \
	mov 128(DX), Z10; \
	SIG_DS(sub, mul, Z2, Z10, Z6); \
	mov 192(SI), Z3; \
	mov 192(DX), Z11; \
	SIG_DS(sub, mul, Z3, Z11, Z7); \
	st Z4, 0(DI); \
	st Z5, 64(DI); \
	st Z6, 128(DI); \
	st Z7, 192(DI); \
	SIG_NEXT3(256, (4*n), loop4); \
loop1: \
	CMPQ CX, $n; \
	JB   tail; \
	mov 0(SI), Z0; \
	mov 0(DX), Z8; \
	SIG_DS(sub, mul, Z0, Z8, Z4); \
	st Z4, (DI); \
	SIG_NEXT3(64, n, loop1); \
	SIG_TAIL(kmov); \
	mov.Z 0(SI), K1, Z0; \
	mov.Z 0(DX), K1, Z8; \
	SIG_DS(sub, mul, Z0, Z8, Z4); \
	mov Z4, K1, (DI)

// func sigmoidF64AVX512(dst, x []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; loop6: six vectors in
// flight, vector c (0…5) in Z(c) (x, then −|x|, then e, then its exponential), Z(6+c),
// Z(12+c), Z(18+c) its scratch (a, b, d of the …Y macros; then 1 + e, 1/(1 + e), the
// Newton residual), K(2+c) = its lanes where x < 0; the six chains are interleaved stage
// by stage. loop1 and the tail: one vector, Z0, Z4-Z20, K2.
// Port count per vector of 8 lanes (VPMOVQ2M, VPOR, VMAX, 15 of the exponential,
// add, VRCP14 counted as one, two Newton steps of 2 FMAs, masked multiply): 25 ops on
// the two 512-bit ports p0/p5, so at best 12.5 cycles per vector, 1.86 Gelem/s at 2.9 GHz.
// Invariant: every element before DI holds σ of the element at the same place before SI.
TEXT ·sigmoidF64AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Z_SETUP
	LEAQ ·sigTab64(SB), BX
	SIG_S_LOOP6(VMOVUPD, VPMOVQ2M, VPORQ, VMAXPD, VMULPD, SIG64_CORE6, 8)
	SIG_S_LOOP1(VMOVUPD, SIGY64Z, VPMOVQ2M, VMULPD, KMOVB, 8)

// func sigmoidGradXF64AVX512(dst, x, v []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x, DX = v cursors, CX = elements left; loop6: six
// vectors in flight, vector c in Z(c) (−|x|, e, then e·p·p·v), Z(6+c), Z(12+c), Z(18+c) its
// scratch as in sigmoidF64AVX512 (v is read as a memory operand); loop1 and the tail:
// one vector, Z0, Z4-Z20. Port count: 26 ops per 8 lanes (no mask; three
// multiplies), at best 13 cycles per vector, 1.78 Gelem/s at 2.9 GHz.
// Invariant: every element before DI holds σ'(x)·v of the elements at the same place.
TEXT ·sigmoidGradXF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP64Z_SETUP
	LEAQ ·sigTab64(SB), BX
	SIG_DX_LOOP6(VMOVUPD, VPORQ, VMAXPD, VMULPD, SIG64_CORE6, 8)
	SIG_DX_LOOP1(VMOVUPD, SIGY64Z, VMULPD, KMOVB, 8)

// func sigmoidGradF64AVX512(dst, s, v []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z27 = 1.
// Invariant: every element before DI holds (s·(1 − s))·v of the elements at the same place.
TEXT ·sigmoidGradF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	LEAQ ·expTab64(SB), AX
	VBROADCASTSD 48(AX), Z27
	SIG_DS_LOOPS(VMOVUPD, VMOVUPD, VSUBPD, VMULPD, KMOVB, 8)

done:
	VZEROUPPER
	RET

// func sigmoidF32AVX512(dst, x []float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; loop6: six vectors in
// flight, vector c (0…5) in Z(c) (x, then −|x|, then e, then its exponential), Z(6+c),
// Z(12+c), Z(18+c) its scratch (a, b, d of the …Y macros; then 1 + e, 1/(1 + e), the
// Newton residual), K(2+c) = its lanes where x < 0; the six chains are interleaved stage
// by stage. loop1 and the tail: one vector, Z0, Z4-Z20, K2.
// Port count per vector of 16 lanes (VPMOVD2M, VPOR, VMAX, 12 of the exponential,
// add, VRCP14 counted as one, one Newton step of 2 FMAs, masked multiply): 20 ops on the
// two 512-bit ports p0/p5, so at best 10 cycles per vector, 4.6 Gelem/s at 2.9 GHz.
// Invariant: every element before DI holds σ of the element at the same place before SI.
TEXT ·sigmoidF32AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Z_SETUP
	LEAQ ·sigTab32(SB), BX
	SIG_S_LOOP6(VMOVUPS, VPMOVD2M, VPORD, VMAXPS, VMULPS, SIG32_CORE6, 16)
	SIG_S_LOOP1(VMOVUPS, SIGY32Z, VPMOVD2M, VMULPS, KMOVW, 16)

// func sigmoidGradXF32AVX512(dst, x, v []float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x, DX = v cursors, CX = elements left; loop6: six
// vectors in flight, vector c in Z(c) (−|x|, e, then e·p·p·v), Z(6+c), Z(12+c), Z(18+c) its
// scratch as in sigmoidF32AVX512 (v is read as a memory operand); loop1 and the tail:
// one vector, Z0, Z4-Z20. Port count: 21 ops per 16 lanes (no mask; three
// multiplies), at best 10.5 cycles per vector, 4.4 Gelem/s at 2.9 GHz.
// Invariant: every element before DI holds σ'(x)·v of the elements at the same place.
TEXT ·sigmoidGradXF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP32Z_SETUP
	LEAQ ·sigTab32(SB), BX
	SIG_DX_LOOP6(VMOVUPS, VPORD, VMAXPS, VMULPS, SIG32_CORE6, 16)
	SIG_DX_LOOP1(VMOVUPS, SIGY32Z, VMULPS, KMOVW, 16)

// func sigmoidGradF32AVX512(dst, s, v []float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z27 = 1.
// Invariant: every element before DI holds (s·(1 − s))·v of the elements at the same place.
TEXT ·sigmoidGradF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	LEAQ ·expTab32(SB), AX
	VBROADCASTSS 24(AX), Z27
	SIG_DS_LOOPS(VMOVUPS, VMOVUPS, VSUBPS, VMULPS, KMOVW, 16)

done:
	VZEROUPPER
	RET

// func sigmoidGradF64NTAVX512(dst, s, v []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z27 = 1.
// dst must be 64-byte aligned (the Go wrapper peels the head): the full vectors are
// stored with VMOVNTPD (non-temporal, past the caches), the masked tail normally; SFENCE
// orders the non-temporal stores before return.
// Invariant: every element before DI holds (s·(1 − s))·v of the elements at the same place.
TEXT ·sigmoidGradF64NTAVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	LEAQ ·expTab64(SB), AX
	VBROADCASTSD 48(AX), Z27
	SIG_DS_LOOPS(VMOVUPD, VMOVNTPD, VSUBPD, VMULPD, KMOVB, 8)

done:
	SFENCE
	VZEROUPPER
	RET

// func sigmoidGradF32NTAVX512(dst, s, v []float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z27 = 1.
// dst must be 64-byte aligned (the Go wrapper peels the head): the full vectors are
// stored with VMOVNTPS (non-temporal, past the caches), the masked tail normally; SFENCE
// orders the non-temporal stores before return.
// Invariant: every element before DI holds (s·(1 − s))·v of the elements at the same place.
TEXT ·sigmoidGradF32NTAVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	LEAQ ·expTab32(SB), AX
	VBROADCASTSS 24(AX), Z27
	SIG_DS_LOOPS(VMOVUPS, VMOVNTPS, VSUBPS, VMULPS, KMOVW, 16)

done:
	SFENCE
	VZEROUPPER
	RET
