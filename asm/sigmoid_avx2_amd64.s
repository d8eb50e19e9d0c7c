//go:build !purego

#include "textflag.h"
#include "exp_avx2_amd64.h"
#include "sigmoid_amd64.h"

// The sigmoid family with 256-bit vectors (see sigmoid_generic.go for the math): the
// same operations as the generic code, division included, so the same bits. The Go
// wrappers (sigmoid_amd64.go) hand over a multiple of the vector width and do the rest
// with the generic code. Besides the registers of exp_avx2_amd64.h: BX = &sigTab64x4
// (or &sigTab32x8), the sign bit in every lane; R10, R11 as in exp_avx2_amd64.h.
// The float64 and float32 kernels are the same loop macros (SIG_*_LOOPS_Y) with the
// instruction names of their precision as arguments (mov = VMOVUPD/VMOVUPS, sub, mul =
// VSUBPx, VMULPx; n = lanes per vector) and a per-precision macro for one vector's
// chain (SIGS64Y/SIGS32Y, SIGDX64Y/SIGDX32Y). Labels: loop3/loop4 (several vectors a
// step), loop1 (one vector), done.

// SIGE64Y(x, a, k, p, s, kX, sX): a = e = e^−|x|, k = 1 + e; p, s, Y12 and Y13 are
// scratch (kX, sX: the X names of k and s).
#define SIGE64Y(x, a, k, p, s, kX, sX) \
	VORPD 0(BX), x, a; \
	EXP64Y(a, k, p, Y12, Y13, s, kX, X12, X13, sX); \
	VADDPD 192(AX), a, k

// SIGE32Y(x, a, k, p, s, kX, sX): the same for float32 (kX and sX unused: the float32
// exponential needs no X names).
#define SIGE32Y(x, a, k, p, s, kX, sX) \
	VORPS 0(BX), x, a; \
	EXP32Y(a, k, p, Y12, Y13, s); \
	VADDPS 192(AX), a, k

// SIGS64Y(x, a, k, p, s, kX, sX): p = σ(x) = (x < 0 ? e : 1)/(1 + e) for the vector x,
// with a, k, s as in SIGE64Y; SIGS32Y the same for float32.
#define SIGS64Y(x, a, k, p, s, kX, sX) \
	SIGE64Y(x, a, k, p, s, kX, sX); \
	VMOVUPD 192(AX), p; \
	VBLENDVPD x, a, p, p; \
	VDIVPD k, p, p

#define SIGS32Y(x, a, k, p, s, kX, sX) \
	SIGE32Y(x, a, k, p, s, kX, sX); \
	VMOVUPS 192(AX), p; \
	VBLENDVPS x, a, p, p; \
	VDIVPS k, p, p

// SIG_TIMESV(mul, a, p, off): a = a·p·p·v with v at DX+off.
#define SIG_TIMESV(mul, a, p, off) \
	mul p, a, a; \
	mul p, a, a; \
	mul off(DX), a, a

// SIGDX64Y(x, a, k, p, s, kX, sX, off): a = σ'(x)·v = e/(1 + e)²·v for the vector x
// and v at DX+off, with p = 1/(1 + e); SIGDX32Y the same for float32.
#define SIGDX64Y(x, a, k, p, s, kX, sX, off) \
	SIGE64Y(x, a, k, p, s, kX, sX); \
	VMOVUPD 192(AX), p; \
	VDIVPD k, p, p; \
	SIG_TIMESV(VMULPD, a, p, off)

#define SIGDX32Y(x, a, k, p, s, kX, sX, off) \
	SIGE32Y(x, a, k, p, s, kX, sX); \
	VMOVUPS 192(AX), p; \
	VDIVPS k, p, p; \
	SIG_TIMESV(VMULPS, a, p, off)

// Register plan of the loop3 loops: vector v of three in flight (x at SI+32v) uses Y(v),
// Y(3+v), Y(6+v), Y(9+v) as x, a, k, p, with Y12, Y13 and Y8 (vector 2: Y6, free once
// vector 0 is done) as exp scratch; loop1 uses vector 0's registers.

// SIG_S_LOOPS_Y(mov, sigs, n): σ: loop3, loop1 (sigs = SIGS64Y or SIGS32Y; results
// from Y9–Y11), then done.
#define SIG_S_LOOPS_Y(mov, sigs, n) \
loop3: \
	CMPQ CX, $(3*n); \
	JB   loop1; \
	mov  0(SI), Y0; \
	sigs(Y0, Y3, Y6, Y9, Y8, X6, X8); \
	mov  32(SI), Y1; \
	sigs(Y1, Y4, Y7, Y10, Y8, X7, X8); \
	mov  64(SI), Y2; \
	sigs(Y2, Y5, Y8, Y11, Y6, X8, X6); \
	mov  Y9, 0(DI); \
	mov  Y10, 32(DI); \
	mov  Y11, 64(DI); \
	SIG_NEXT2(96, (3*n), loop3); \
loop1: \
	CMPQ CX, $n; \
	JB   done; \
	mov  0(SI), Y0; \
	sigs(Y0, Y3, Y6, Y9, Y8, X6, X8); \
	mov  Y9, (DI); \
	SIG_NEXT2(32, n, loop1); \
done: \
	VZEROUPPER; \
	RET

// SIG_DX_LOOPS_Y(mov, sigdx, n): σ'(x)·v: loop3, loop1 (sigdx = SIGDX64Y or SIGDX32Y;
// results from Y3–Y5), then done.
#define SIG_DX_LOOPS_Y(mov, sigdx, n) \
loop3: \
	CMPQ CX, $(3*n); \
	JB   loop1; \
	mov  0(SI), Y0; \
	sigdx(Y0, Y3, Y6, Y9, Y8, X6, X8, 0); \
	mov  32(SI), Y1; \
	sigdx(Y1, Y4, Y7, Y10, Y8, X7, X8, 32); \
	mov  64(SI), Y2; \
	sigdx(Y2, Y5, Y8, Y11, Y6, X8, X6, 64); \
	mov  Y3, 0(DI); \
	mov  Y4, 32(DI); \
	mov  Y5, 64(DI); \
	SIG_NEXT3(96, (3*n), loop3); \
loop1: \
	CMPQ CX, $n; \
	JB   done; \
	mov  0(SI), Y0; \
	sigdx(Y0, Y3, Y6, Y9, Y8, X6, X8, 0); \
	mov  Y3, (DI); \
	SIG_NEXT3(32, n, loop1); \
done: \
	VZEROUPPER; \
	RET

// SIG_DS_Y(mov, sub, mul, s, d, off): d = (s·(1 − s))·v for s loaded from SI+off and v
// at DX+off (Y15 = 1).
#define SIG_DS_Y(mov, sub, mul, s, d, off) \
	mov off(SI), s; \
	sub s, Y15, d; \
	mul d, s, d; \
	mul off(DX), d, d

// SIG_DS_LOOPS_Y(mov, sub, mul, n): (s·(1 − s))·v: loop4 (s in Y0–Y3, results Y4–Y7),
// loop1, then done.
#define SIG_DS_LOOPS_Y(mov, sub, mul, n) \
loop4: \
	CMPQ CX, $(4*n); \
	JB   loop1; \
	SIG_DS_Y(mov, sub, mul, Y0, Y4, 0); \
	SIG_DS_Y(mov, sub, mul, Y1, Y5, 32); \
	SIG_DS_Y(mov, sub, mul, Y2, Y6, 64); \
	SIG_DS_Y(mov, sub, mul, Y3, Y7, 96); \
	mov  Y4, 0(DI); \
	mov  Y5, 32(DI); \
	mov  Y6, 64(DI); \
	mov  Y7, 96(DI); \
	SIG_NEXT3(128, (4*n), loop4); \
loop1: \
	CMPQ CX, $n; \
	JB   done; \
	SIG_DS_Y(mov, sub, mul, Y0, Y4, 0); \
	mov  Y4, (DI); \
	SIG_NEXT3(32, n, loop1); \
done: \
	VZEROUPPER; \
	RET

// func sigmoidF64AVX2(dst, x []float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x cursors, CX = elements left; vector v of three in
// flight uses Y(v), Y(3+v), Y(6+v), Y(9+v), with Y12, Y13 and Y8 (vector 2: Y6, free
// once vector 0 is done) as exp scratch.
// Invariant: every element before DI holds σ of the element at the same place before SI.
TEXT ·sigmoidF64AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Y_SETUP
	LEAQ ·sigTab64x4(SB), BX
	SIG_S_LOOPS_Y(VMOVUPD, SIGS64Y, 4)

// func sigmoidGradXF64AVX2(dst, x, v []float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x, DX = v cursors, CX = elements left; vector v of
// three in flight uses Y(v), Y(3+v), Y(6+v), Y(9+v), with Y12, Y13 and Y8 (vector 2: Y6, free
// once vector 0 is done) as exp scratch.
// Invariant: every element before DI holds σ'(x)·v of the elements at the same place.
TEXT ·sigmoidGradXF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP64Y_SETUP
	LEAQ ·sigTab64x4(SB), BX
	SIG_DX_LOOPS_Y(VMOVUPD, SIGDX64Y, 4)

// func sigmoidGradF64AVX2(dst, s, v []float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Y15 = 1.
// Invariant: every element before DI holds (s·(1 − s))·v of the elements at the same place.
TEXT ·sigmoidGradF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	LEAQ ·expTab64x4(SB), AX
	VMOVUPD 192(AX), Y15
	SIG_DS_LOOPS_Y(VMOVUPD, VSUBPD, VMULPD, 4)

// func sigmoidF32AVX2(dst, x []float32)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x cursors, CX = elements left; vector v of three in
// flight uses Y(v), Y(3+v), Y(6+v), Y(9+v), with Y12, Y13 and Y8 (vector 2: Y6, free
// once vector 0 is done) as exp scratch.
// Invariant: every element before DI holds σ of the element at the same place before SI.
TEXT ·sigmoidF32AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Y_SETUP
	LEAQ ·sigTab32x8(SB), BX
	SIG_S_LOOPS_Y(VMOVUPS, SIGS32Y, 8)

// func sigmoidGradXF32AVX2(dst, x, v []float32)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x, DX = v cursors, CX = elements left; vector v of
// three in flight uses Y(v), Y(3+v), Y(6+v), Y(9+v), with Y12, Y13 and Y8 (vector 2: Y6, free
// once vector 0 is done) as exp scratch.
// Invariant: every element before DI holds σ'(x)·v of the elements at the same place.
TEXT ·sigmoidGradXF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP32Y_SETUP
	LEAQ ·sigTab32x8(SB), BX
	SIG_DX_LOOPS_Y(VMOVUPS, SIGDX32Y, 8)

// func sigmoidGradF32AVX2(dst, s, v []float32)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Y15 = 1.
// Invariant: every element before DI holds (s·(1 − s))·v of the elements at the same place.
TEXT ·sigmoidGradF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	LEAQ ·expTab32x8(SB), AX
	VMOVUPD 192(AX), Y15
	SIG_DS_LOOPS_Y(VMOVUPS, VSUBPS, VMULPS, 8)
