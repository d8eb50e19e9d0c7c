//go:build !purego

#include "textflag.h"
#include "exp_avx2_amd64.h"

// The sigmoid family with 256-bit vectors (see sigmoid_generic.go for the math): the
// same operations as the generic code, division included, so the same bits. The Go
// wrappers (sigmoid_amd64.go) hand over a multiple of the vector width and do the rest
// with the generic code. Besides the registers of exp_avx2_amd64.h: BX = &sigTab64x4
// (or &sigTab32x8), the sign bit in every lane; R10, R11 as in exp_avx2_amd64.h.

// SIGE64Y(x, a, k, p, s, kX, sX): a = e = e^−|x|, k = 1 + e; p, s, Y12 and Y13 are
// scratch (kX, sX: the X names of k and s).
#define SIGE64Y(x, a, k, p, s, kX, sX) \
	VORPD 0(BX), x, a; \
	EXP64Y(a, k, p, Y12, Y13, s, kX, X12, X13, sX); \
	VADDPD 192(AX), a, k

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

loop3:
	CMPQ CX, $12
	JB   loop1
	VMOVUPD 0(SI), Y0
	SIGE64Y(Y0, Y3, Y6, Y9, Y8, X6, X8)
	VMOVUPD 192(AX), Y9
	VBLENDVPD Y0, Y3, Y9, Y9
	VDIVPD Y6, Y9, Y9
	VMOVUPD 32(SI), Y1
	SIGE64Y(Y1, Y4, Y7, Y10, Y8, X7, X8)
	VMOVUPD 192(AX), Y10
	VBLENDVPD Y1, Y4, Y10, Y10
	VDIVPD Y7, Y10, Y10
	VMOVUPD 64(SI), Y2
	SIGE64Y(Y2, Y5, Y8, Y11, Y6, X8, X6)
	VMOVUPD 192(AX), Y11
	VBLENDVPD Y2, Y5, Y11, Y11
	VDIVPD Y8, Y11, Y11
	VMOVUPD Y9, 0(DI)
	VMOVUPD Y10, 32(DI)
	VMOVUPD Y11, 64(DI)
	ADDQ $96, DI
	ADDQ $96, SI
	SUBQ $12, CX
	JMP  loop3

loop1:
	CMPQ CX, $4
	JB   done
	VMOVUPD 0(SI), Y0
	SIGE64Y(Y0, Y3, Y6, Y9, Y8, X6, X8)
	VMOVUPD 192(AX), Y9
	VBLENDVPD Y0, Y3, Y9, Y9
	VDIVPD Y6, Y9, Y9
	VMOVUPD Y9, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $4, CX
	JMP  loop1

done:
	VZEROUPPER
	RET

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

loop3:
	CMPQ CX, $12
	JB   loop1
	VMOVUPD 0(SI), Y0
	SIGE64Y(Y0, Y3, Y6, Y9, Y8, X6, X8)
	VMOVUPD 192(AX), Y9
	VDIVPD Y6, Y9, Y9
	VMULPD Y9, Y3, Y3
	VMULPD Y9, Y3, Y3
	VMULPD 0(DX), Y3, Y3
	VMOVUPD 32(SI), Y1
	SIGE64Y(Y1, Y4, Y7, Y10, Y8, X7, X8)
	VMOVUPD 192(AX), Y10
	VDIVPD Y7, Y10, Y10
	VMULPD Y10, Y4, Y4
	VMULPD Y10, Y4, Y4
	VMULPD 32(DX), Y4, Y4
	VMOVUPD 64(SI), Y2
	SIGE64Y(Y2, Y5, Y8, Y11, Y6, X8, X6)
	VMOVUPD 192(AX), Y11
	VDIVPD Y8, Y11, Y11
	VMULPD Y11, Y5, Y5
	VMULPD Y11, Y5, Y5
	VMULPD 64(DX), Y5, Y5
	VMOVUPD Y3, 0(DI)
	VMOVUPD Y4, 32(DI)
	VMOVUPD Y5, 64(DI)
	ADDQ $96, DI
	ADDQ $96, SI
	ADDQ $96, DX
	SUBQ $12, CX
	JMP  loop3

loop1:
	CMPQ CX, $4
	JB   done
	VMOVUPD 0(SI), Y0
	SIGE64Y(Y0, Y3, Y6, Y9, Y8, X6, X8)
	VMOVUPD 192(AX), Y9
	VDIVPD Y6, Y9, Y9
	VMULPD Y9, Y3, Y3
	VMULPD Y9, Y3, Y3
	VMULPD 0(DX), Y3, Y3
	VMOVUPD Y3, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $4, CX
	JMP  loop1

done:
	VZEROUPPER
	RET

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

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(SI), Y0
	VSUBPD Y0, Y15, Y4
	VMULPD Y4, Y0, Y4
	VMULPD 0(DX), Y4, Y4
	VMOVUPD 32(SI), Y1
	VSUBPD Y1, Y15, Y5
	VMULPD Y5, Y1, Y5
	VMULPD 32(DX), Y5, Y5
	VMOVUPD 64(SI), Y2
	VSUBPD Y2, Y15, Y6
	VMULPD Y6, Y2, Y6
	VMULPD 64(DX), Y6, Y6
	VMOVUPD 96(SI), Y3
	VSUBPD Y3, Y15, Y7
	VMULPD Y7, Y3, Y7
	VMULPD 96(DX), Y7, Y7
	VMOVUPD Y4, 0(DI)
	VMOVUPD Y5, 32(DI)
	VMOVUPD Y6, 64(DI)
	VMOVUPD Y7, 96(DI)
	ADDQ $128, DI
	ADDQ $128, SI
	ADDQ $128, DX
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   done
	VMOVUPD 0(SI), Y0
	VSUBPD Y0, Y15, Y4
	VMULPD Y4, Y0, Y4
	VMULPD 0(DX), Y4, Y4
	VMOVUPD Y4, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $4, CX
	JMP  loop1

done:
	VZEROUPPER
	RET

// SIGE32Y(x, a, k, p, s): a = e = e^−|x|, k = 1 + e; p, s, Y12 and Y13 are scratch.
#define SIGE32Y(x, a, k, p, s) \
	VORPS 0(BX), x, a; \
	EXP32Y(a, k, p, Y12, Y13, s); \
	VADDPS 192(AX), a, k

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

loop3:
	CMPQ CX, $24
	JB   loop1
	VMOVUPS 0(SI), Y0
	SIGE32Y(Y0, Y3, Y6, Y9, Y8)
	VMOVUPS 192(AX), Y9
	VBLENDVPS Y0, Y3, Y9, Y9
	VDIVPS Y6, Y9, Y9
	VMOVUPS 32(SI), Y1
	SIGE32Y(Y1, Y4, Y7, Y10, Y8)
	VMOVUPS 192(AX), Y10
	VBLENDVPS Y1, Y4, Y10, Y10
	VDIVPS Y7, Y10, Y10
	VMOVUPS 64(SI), Y2
	SIGE32Y(Y2, Y5, Y8, Y11, Y6)
	VMOVUPS 192(AX), Y11
	VBLENDVPS Y2, Y5, Y11, Y11
	VDIVPS Y8, Y11, Y11
	VMOVUPS Y9, 0(DI)
	VMOVUPS Y10, 32(DI)
	VMOVUPS Y11, 64(DI)
	ADDQ $96, DI
	ADDQ $96, SI
	SUBQ $24, CX
	JMP  loop3

loop1:
	CMPQ CX, $8
	JB   done
	VMOVUPS 0(SI), Y0
	SIGE32Y(Y0, Y3, Y6, Y9, Y8)
	VMOVUPS 192(AX), Y9
	VBLENDVPS Y0, Y3, Y9, Y9
	VDIVPS Y6, Y9, Y9
	VMOVUPS Y9, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  loop1

done:
	VZEROUPPER
	RET

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

loop3:
	CMPQ CX, $24
	JB   loop1
	VMOVUPS 0(SI), Y0
	SIGE32Y(Y0, Y3, Y6, Y9, Y8)
	VMOVUPS 192(AX), Y9
	VDIVPS Y6, Y9, Y9
	VMULPS Y9, Y3, Y3
	VMULPS Y9, Y3, Y3
	VMULPS 0(DX), Y3, Y3
	VMOVUPS 32(SI), Y1
	SIGE32Y(Y1, Y4, Y7, Y10, Y8)
	VMOVUPS 192(AX), Y10
	VDIVPS Y7, Y10, Y10
	VMULPS Y10, Y4, Y4
	VMULPS Y10, Y4, Y4
	VMULPS 32(DX), Y4, Y4
	VMOVUPS 64(SI), Y2
	SIGE32Y(Y2, Y5, Y8, Y11, Y6)
	VMOVUPS 192(AX), Y11
	VDIVPS Y8, Y11, Y11
	VMULPS Y11, Y5, Y5
	VMULPS Y11, Y5, Y5
	VMULPS 64(DX), Y5, Y5
	VMOVUPS Y3, 0(DI)
	VMOVUPS Y4, 32(DI)
	VMOVUPS Y5, 64(DI)
	ADDQ $96, DI
	ADDQ $96, SI
	ADDQ $96, DX
	SUBQ $24, CX
	JMP  loop3

loop1:
	CMPQ CX, $8
	JB   done
	VMOVUPS 0(SI), Y0
	SIGE32Y(Y0, Y3, Y6, Y9, Y8)
	VMOVUPS 192(AX), Y9
	VDIVPS Y6, Y9, Y9
	VMULPS Y9, Y3, Y3
	VMULPS Y9, Y3, Y3
	VMULPS 0(DX), Y3, Y3
	VMOVUPS Y3, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $8, CX
	JMP  loop1

done:
	VZEROUPPER
	RET

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

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(SI), Y0
	VSUBPS Y0, Y15, Y4
	VMULPS Y4, Y0, Y4
	VMULPS 0(DX), Y4, Y4
	VMOVUPS 32(SI), Y1
	VSUBPS Y1, Y15, Y5
	VMULPS Y5, Y1, Y5
	VMULPS 32(DX), Y5, Y5
	VMOVUPS 64(SI), Y2
	VSUBPS Y2, Y15, Y6
	VMULPS Y6, Y2, Y6
	VMULPS 64(DX), Y6, Y6
	VMOVUPS 96(SI), Y3
	VSUBPS Y3, Y15, Y7
	VMULPS Y7, Y3, Y7
	VMULPS 96(DX), Y7, Y7
	VMOVUPS Y4, 0(DI)
	VMOVUPS Y5, 32(DI)
	VMOVUPS Y6, 64(DI)
	VMOVUPS Y7, 96(DI)
	ADDQ $128, DI
	ADDQ $128, SI
	ADDQ $128, DX
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   done
	VMOVUPS 0(SI), Y0
	VSUBPS Y0, Y15, Y4
	VMULPS Y4, Y0, Y4
	VMULPS 0(DX), Y4, Y4
	VMOVUPS Y4, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $8, CX
	JMP  loop1

done:
	VZEROUPPER
	RET
