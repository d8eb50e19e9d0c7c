//go:build !purego

#include "textflag.h"
#include "exp_avx2_amd64.h"

// Vectorized e^x over slices; the algorithm and its error bound are in exp_generic.go.
// The assembly trusts its Go wrappers (exp_amd64.go) for slice lengths.

// func expF64AVX2(dst, x []float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left (a multiple of
// 4: the Go wrapper does the rest); Y0-Y1 = two vectors in flight, Y2-Y11 their
// scratch; Y14, Y15, R8-R13 and AX as in exp_avx2_amd64.h.
// Invariant: every element before DI holds e^x of the element at the same place before
// SI; each vector is loaded before the same place is stored, so dst may be exactly x.
TEXT ·expF64AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Y_SETUP

loop2:
	CMPQ CX, $8
	JB   loop1
	VMOVUPD 0(SI), Y0
	VMOVUPD 32(SI), Y1
	EXP64Y(Y0, Y2, Y3, Y4, Y5, Y6, X2, X4, X5, X6)
	EXP64Y(Y1, Y7, Y8, Y9, Y10, Y11, X7, X9, X10, X11)
	VMOVUPD Y0, 0(DI)
	VMOVUPD Y1, 32(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop2

loop1:
	CMPQ CX, $4
	JB   done
	VMOVUPD (SI), Y0
	EXP64Y(Y0, Y2, Y3, Y4, Y5, Y6, X2, X4, X5, X6)
	VMOVUPD Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

done:
	VZEROUPPER
	RET

// func expF32AVX2(dst, x []float32)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left (a multiple of
// 8: the Go wrapper does the rest); Y0-Y1 = two vectors in flight, Y2-Y11 their
// scratch; Y14, Y15, R8-R13 and AX as in exp_avx2_amd64.h.
// Invariant: every element before DI holds e^x of the element at the same place before
// SI; each vector is loaded before the same place is stored, so dst may be exactly x.
TEXT ·expF32AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Y_SETUP

loop2:
	CMPQ CX, $16
	JB   loop1
	VMOVUPS 0(SI), Y0
	VMOVUPS 32(SI), Y1
	EXP32Y(Y0, Y2, Y3, Y4, Y5, Y6)
	EXP32Y(Y1, Y7, Y8, Y9, Y10, Y11)
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop2

loop1:
	CMPQ CX, $8
	JB   done
	VMOVUPS (SI), Y0
	EXP32Y(Y0, Y2, Y3, Y4, Y5, Y6)
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

done:
	VZEROUPPER
	RET
