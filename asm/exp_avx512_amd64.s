//go:build !purego

#include "textflag.h"
#include "exp_avx512_amd64.h"

// Vectorized e^x over slices; the algorithm and its error bound are in exp_generic.go.
// The assembly trusts its Go wrappers (exp_amd64.go) for slice lengths.

// func expF64AVX512(dst, x []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left; Z0-Z3 = four
// vectors in flight, Z4-Z7, Z8-Z11, Z12-Z15, Z16-Z19 their scratch (a, b, c, d of the
// macros); Z25-Z31 and AX as in exp_avx512_amd64.h. The four chains are interleaved:
// first halves of all four, then second halves, so the FMA latency overlaps.
// Invariant: every element before DI holds e^x of the element at the same place before
// SI; each vector is loaded before the same place is stored, so dst may be exactly x.
TEXT ·expF64AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Z_SETUP

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMOVUPD 64(SI), Z1
	VMOVUPD 128(SI), Z2
	VMOVUPD 192(SI), Z3
	EXP64Z_1(Z0, Z4, Z8, Z12)
	EXP64Z_1(Z1, Z5, Z9, Z13)
	EXP64Z_1(Z2, Z6, Z10, Z14)
	EXP64Z_1(Z3, Z7, Z11, Z15)
	EXP64Z_2(Z0, Z4, Z8, Z12, Z16)
	EXP64Z_2(Z1, Z5, Z9, Z13, Z17)
	EXP64Z_2(Z2, Z6, Z10, Z14, Z18)
	EXP64Z_2(Z3, Z7, Z11, Z15, Z19)
	VMOVUPD Z0, 0(DI)
	VMOVUPD Z1, 64(DI)
	VMOVUPD Z2, 128(DI)
	VMOVUPD Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD (SI), Z0
	EXP64Z(Z0, Z4, Z8, Z12, Z16)
	VMOVUPD Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, BX
	SHLL  CX, BX
	SUBL  $1, BX
	KMOVB BX, K1
	VMOVUPD.Z (SI), K1, Z0
	EXP64Z(Z0, Z4, Z8, Z12, Z16)
	VMOVUPD Z0, K1, (DI)

done:
	VZEROUPPER
	RET

// func expF32AVX512(dst, x []float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left; Z0-Z3 = four
// vectors in flight, Z4-Z7, Z8-Z11, Z12-Z15, Z16-Z19 their scratch (a, b, c, d of the
// macros); Z25-Z31 and AX as in exp_avx512_amd64.h. The four chains are interleaved:
// first halves of all four, then second halves, so the FMA latency overlaps.
// Invariant: every element before DI holds e^x of the element at the same place before
// SI; each vector is loaded before the same place is stored, so dst may be exactly x.
TEXT ·expF32AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Z_SETUP

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VMOVUPS 64(SI), Z1
	VMOVUPS 128(SI), Z2
	VMOVUPS 192(SI), Z3
	EXP32Z_1(Z0, Z4, Z8, Z12)
	EXP32Z_1(Z1, Z5, Z9, Z13)
	EXP32Z_1(Z2, Z6, Z10, Z14)
	EXP32Z_1(Z3, Z7, Z11, Z15)
	EXP32Z_2(Z0, Z4, Z8, Z12, Z16)
	EXP32Z_2(Z1, Z5, Z9, Z13, Z17)
	EXP32Z_2(Z2, Z6, Z10, Z14, Z18)
	EXP32Z_2(Z3, Z7, Z11, Z15, Z19)
	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS (SI), Z0
	EXP32Z(Z0, Z4, Z8, Z12, Z16)
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, BX
	SHLL  CX, BX
	SUBL  $1, BX
	KMOVW BX, K1
	VMOVUPS.Z (SI), K1, Z0
	EXP32Z(Z0, Z4, Z8, Z12, Z16)
	VMOVUPS Z0, K1, (DI)

done:
	VZEROUPPER
	RET
