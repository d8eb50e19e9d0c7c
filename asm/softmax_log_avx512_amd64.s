//go:build !purego

#include "textflag.h"
#include "exp_avx512_amd64.h"

// Log-softmax primitives with 512-bit vectors: log Σ exp in one call without storing
// the exponentials (max, then the sum, prefetching the next row), the shift
// (x − m) − log Σ, and the log-softmax VJP v − exp(y)·Σv. See softmax_generic.go for what
// each computes. The Go wrappers (softmax_log_amd64.go) guarantee the lengths
// (len(x) ≥ 1 for softmaxLSE; every input at least as long as dst; len(next) = 0 or
// len(x)).

// SMX64_1 and SMX32_1 are EXP64Z_1 and EXP32Z_1 without the upper clamp (VMINPD/VMINPS),
// for arguments known to be ≤ 0 or NaN (x − max x).
#define SMX64_1(x, a, b, c) \
	VMAXPD x, Z25, x; \
	VBROADCASTSD 24(AX), a; \
	VFMADD231PD.BCST 16(AX), x, a; \
	VSUBPD.BCST 24(AX), a, b; \
	VMOVAPD a, c; \
	VPERMI2PD Z30, Z31, c; \
	VPERMI2PD Z28, Z29, a; \
	VFMADD231PD.BCST 32(AX), b, x; \
	VFMADD231PD.BCST 40(AX), b, x

#define SMX32_1(x, a, b, c) \
	VMAXPS x, Z25, x; \
	VBROADCASTSS 12(AX), a; \
	VFMADD231PS.BCST 8(AX), x, a; \
	VSUBPS.BCST 12(AX), a, b; \
	VPERMPS Z31, a, c; \
	VPERMPS Z29, a, a; \
	VFMADD231PS.BCST 16(AX), b, x; \
	VFMADD231PS.BCST 20(AX), b, x

// func softmaxLSEF64AVX512(x, next []float64) (m, sum float64)
// Requires: AVX512F, AVX512DQ
// Register plan: SI = x, BX = len(x); R11 = x cursor, CX = elements left in the pass,
// DX = prefetch cursor (next, or x when next is empty); pass 1: Z0-Z3 = running maxima,
// Z4 = −Inf; pass 2: Z0-Z3 = four vectors in flight, Z4-Z11 and Z16-Z23 their scratch,
// Z12-Z15 = four partial sums, Z24 = m, Z25-Z31 and AX as in exp_avx512_amd64.h.
// Invariants: pass 1, Z0-Z3 hold lane by lane the maximum of the elements before R11;
// pass 2, the partial sums add up to Σ exp(x − m) over the elements before R11.
TEXT ·softmaxLSEF64AVX512(SB), NOSPLIT, $0-64
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), BX
	MOVQ next_base+24(FP), DX
	MOVQ next_len+32(FP), R10
	TESTQ R10, R10
	JNZ  max
	MOVQ SI, DX

max:
	MOVQ SI, R11
	MOVQ BX, CX
	MOVQ $0xFFF0000000000000, R9
	MOVQ R9, X0
	VBROADCASTSD X0, Z0
	VMOVAPD Z0, Z1
	VMOVAPD Z0, Z2
	VMOVAPD Z0, Z3
	VMOVAPD Z0, Z4

max4:
	CMPQ CX, $32
	JB   max1
	VMAXPD 0(R11), Z0, Z0
	VMAXPD 64(R11), Z1, Z1
	VMAXPD 128(R11), Z2, Z2
	VMAXPD 192(R11), Z3, Z3
	ADDQ $256, R11
	SUBQ $32, CX
	JMP  max4

max1:
	CMPQ CX, $8
	JB   maxtail
	VMAXPD (R11), Z0, Z0
	ADDQ $64, R11
	SUBQ $8, CX
	JMP  max1

maxtail:
	TESTQ CX, CX
	JZ    maxred
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVAPD Z4, Z5
	VMOVUPD (R11), K1, Z5
	VMAXPD Z5, Z0, Z0

maxred:
	VMAXPD Z1, Z0, Z0
	VMAXPD Z3, Z2, Z2
	VMAXPD Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VMAXSD X1, X0, X0
	VMOVSD X0, m+48(FP)
	VBROADCASTSD X0, Z24
	EXP64Z_SETUP
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15
	MOVQ SI, R11
	MOVQ BX, CX

exp4:
	CMPQ CX, $32
	JB   exp1
	PREFETCHT0 0(DX)
	PREFETCHT0 64(DX)
	PREFETCHT0 128(DX)
	PREFETCHT0 192(DX)
	VMOVUPD 0(R11), Z0
	VSUBPD Z24, Z0, Z0
	VMOVUPD 64(R11), Z1
	VSUBPD Z24, Z1, Z1
	VMOVUPD 128(R11), Z2
	VSUBPD Z24, Z2, Z2
	VMOVUPD 192(R11), Z3
	VSUBPD Z24, Z3, Z3
	SMX64_1(Z0, Z4, Z8, Z16)
	SMX64_1(Z1, Z5, Z9, Z17)
	SMX64_1(Z2, Z6, Z10, Z18)
	SMX64_1(Z3, Z7, Z11, Z19)
	EXP64Z_2(Z0, Z4, Z8, Z16, Z20)
	EXP64Z_2(Z1, Z5, Z9, Z17, Z21)
	EXP64Z_2(Z2, Z6, Z10, Z18, Z22)
	EXP64Z_2(Z3, Z7, Z11, Z19, Z23)
	VADDPD Z0, Z12, Z12
	VADDPD Z1, Z13, Z13
	VADDPD Z2, Z14, Z14
	VADDPD Z3, Z15, Z15
	ADDQ $256, R11
	ADDQ $256, DX
	SUBQ $32, CX
	JMP  exp4

exp1:
	CMPQ CX, $8
	JB   exptail
	VMOVUPD (R11), Z0
	VSUBPD Z24, Z0, Z0
	SMX64_1(Z0, Z4, Z8, Z16)
	EXP64Z_2(Z0, Z4, Z8, Z16, Z20)
	VADDPD Z0, Z12, Z12
	ADDQ $64, R11
	SUBQ $8, CX
	JMP  exp1

exptail:
	TESTQ CX, CX
	JZ    expred
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (R11), K1, Z0
	VSUBPD Z24, Z0, Z0
	SMX64_1(Z0, Z4, Z8, Z16)
	EXP64Z_2(Z0, Z4, Z8, Z16, Z20)
	VADDPD Z0, Z12, K1, Z12

expred:
	VADDPD Z13, Z12, Z0
	VADDPD Z15, Z14, Z1
	VADDPD Z1, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
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

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMOVUPD 64(SI), Z1
	VMOVUPD 128(SI), Z2
	VMOVUPD 192(SI), Z3
	VSUBPD Z8, Z0, Z0
	VSUBPD Z8, Z1, Z1
	VSUBPD Z8, Z2, Z2
	VSUBPD Z8, Z3, Z3
	VSUBPD Z9, Z0, Z0
	VSUBPD Z9, Z1, Z1
	VSUBPD Z9, Z2, Z2
	VSUBPD Z9, Z3, Z3
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
	VSUBPD Z8, Z0, Z0
	VSUBPD Z9, Z0, Z0
	VMOVUPD Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (SI), K1, Z0
	VSUBPD Z8, Z0, Z0
	VSUBPD Z9, Z0, Z0
	VMOVUPD Z0, K1, (DI)

done:
	VZEROUPPER
	RET

// func softmaxLogVJPF64AVX512(dst, y, v []float64, sv float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = y, DX = v cursors, CX = elements left; Z0-Z3 = four
// vectors in flight, Z4-Z7, Z8-Z11, Z12-Z15, Z16-Z19 their scratch; Z24 = sv;
// Z25-Z31 and AX as in exp_avx512_amd64.h.
// Invariant: every element before DI holds v − exp(y)·sv (the product rounded, then the
// difference: no fusion, the bits of the generic code) of the elements at the same
// place; each place is read before it is written (dst may be y or v).
TEXT ·softmaxLogVJPF64AVX512(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ y_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP64Z_SETUP
	VBROADCASTSD sv+72(FP), Z24

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
	VMULPD Z24, Z0, Z0
	VMULPD Z24, Z1, Z1
	VMULPD Z24, Z2, Z2
	VMULPD Z24, Z3, Z3
	VMOVUPD 0(DX), Z4
	VMOVUPD 64(DX), Z5
	VMOVUPD 128(DX), Z6
	VMOVUPD 192(DX), Z7
	VSUBPD Z0, Z4, Z4
	VSUBPD Z1, Z5, Z5
	VSUBPD Z2, Z6, Z6
	VSUBPD Z3, Z7, Z7
	VMOVUPD Z4, 0(DI)
	VMOVUPD Z5, 64(DI)
	VMOVUPD Z6, 128(DI)
	VMOVUPD Z7, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD (SI), Z0
	EXP64Z_1(Z0, Z4, Z8, Z12)
	EXP64Z_2(Z0, Z4, Z8, Z12, Z16)
	VMULPD Z24, Z0, Z0
	VMOVUPD (DX), Z4
	VSUBPD Z0, Z4, Z4
	VMOVUPD Z4, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (SI), K1, Z0
	EXP64Z_1(Z0, Z4, Z8, Z12)
	EXP64Z_2(Z0, Z4, Z8, Z12, Z16)
	VMULPD Z24, Z0, Z0
	VMOVUPD.Z (DX), K1, Z4
	VSUBPD Z0, Z4, Z4
	VMOVUPD Z4, K1, (DI)

done:
	VZEROUPPER
	RET

// func softmaxLSEF32AVX512(x, next []float32) (m, sum float32)
// Requires: AVX512F, AVX512DQ
// Register plan: SI = x, BX = len(x); R11 = x cursor, CX = elements left in the pass,
// DX = prefetch cursor (next, or x when next is empty); pass 1: Z0-Z3 = running maxima,
// Z4 = −Inf; pass 2: Z0-Z3 = four vectors in flight, Z4-Z11 and Z16-Z23 their scratch,
// Z12-Z15 = four partial sums, Z24 = m, Z25-Z31 and AX as in exp_avx512_amd64.h.
// Invariants: pass 1, Z0-Z3 hold lane by lane the maximum of the elements before R11;
// pass 2, the partial sums add up to Σ exp(x − m) over the elements before R11.
TEXT ·softmaxLSEF32AVX512(SB), NOSPLIT, $0-56
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), BX
	MOVQ next_base+24(FP), DX
	MOVQ next_len+32(FP), R10
	TESTQ R10, R10
	JNZ  max
	MOVQ SI, DX

max:
	MOVQ SI, R11
	MOVQ BX, CX
	MOVQ $0xFF800000, R9
	MOVL R9, X0
	VBROADCASTSS X0, Z0
	VMOVAPS Z0, Z1
	VMOVAPS Z0, Z2
	VMOVAPS Z0, Z3
	VMOVAPS Z0, Z4

max4:
	CMPQ CX, $64
	JB   max1
	VMAXPS 0(R11), Z0, Z0
	VMAXPS 64(R11), Z1, Z1
	VMAXPS 128(R11), Z2, Z2
	VMAXPS 192(R11), Z3, Z3
	ADDQ $256, R11
	SUBQ $64, CX
	JMP  max4

max1:
	CMPQ CX, $16
	JB   maxtail
	VMAXPS (R11), Z0, Z0
	ADDQ $64, R11
	SUBQ $16, CX
	JMP  max1

maxtail:
	TESTQ CX, CX
	JZ    maxred
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVAPS Z4, Z5
	VMOVUPS (R11), K1, Z5
	VMAXPS Z5, Z0, Z0

maxred:
	VMAXPS Z1, Z0, Z0
	VMAXPS Z3, Z2, Z2
	VMAXPS Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS X1, X0, X0
	VPERMILPS $0x4E, X0, X1
	VMAXPS X1, X0, X0
	VPERMILPS $0xB1, X0, X1
	VMAXSS X1, X0, X0
	VMOVSS X0, m+48(FP)
	VBROADCASTSS X0, Z24
	EXP32Z_SETUP
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15
	MOVQ SI, R11
	MOVQ BX, CX

exp4:
	CMPQ CX, $64
	JB   exp1
	PREFETCHT0 0(DX)
	PREFETCHT0 64(DX)
	PREFETCHT0 128(DX)
	PREFETCHT0 192(DX)
	VMOVUPS 0(R11), Z0
	VSUBPS Z24, Z0, Z0
	VMOVUPS 64(R11), Z1
	VSUBPS Z24, Z1, Z1
	VMOVUPS 128(R11), Z2
	VSUBPS Z24, Z2, Z2
	VMOVUPS 192(R11), Z3
	VSUBPS Z24, Z3, Z3
	SMX32_1(Z0, Z4, Z8, Z16)
	SMX32_1(Z1, Z5, Z9, Z17)
	SMX32_1(Z2, Z6, Z10, Z18)
	SMX32_1(Z3, Z7, Z11, Z19)
	EXP32Z_2(Z0, Z4, Z8, Z16, Z20)
	EXP32Z_2(Z1, Z5, Z9, Z17, Z21)
	EXP32Z_2(Z2, Z6, Z10, Z18, Z22)
	EXP32Z_2(Z3, Z7, Z11, Z19, Z23)
	VADDPS Z0, Z12, Z12
	VADDPS Z1, Z13, Z13
	VADDPS Z2, Z14, Z14
	VADDPS Z3, Z15, Z15
	ADDQ $256, R11
	ADDQ $256, DX
	SUBQ $64, CX
	JMP  exp4

exp1:
	CMPQ CX, $16
	JB   exptail
	VMOVUPS (R11), Z0
	VSUBPS Z24, Z0, Z0
	SMX32_1(Z0, Z4, Z8, Z16)
	EXP32Z_2(Z0, Z4, Z8, Z16, Z20)
	VADDPS Z0, Z12, Z12
	ADDQ $64, R11
	SUBQ $16, CX
	JMP  exp1

exptail:
	TESTQ CX, CX
	JZ    expred
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (R11), K1, Z0
	VSUBPS Z24, Z0, Z0
	SMX32_1(Z0, Z4, Z8, Z16)
	EXP32Z_2(Z0, Z4, Z8, Z16, Z20)
	VADDPS Z0, Z12, K1, Z12

expred:
	VADDPS Z13, Z12, Z0
	VADDPS Z15, Z14, Z1
	VADDPS Z1, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0x4E, X0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0xB1, X0, X1
	VADDSS X1, X0, X0
	VMOVSS X0, sum+52(FP)
	VZEROUPPER
	RET

// func softmaxShiftF32AVX512(dst, x []float32, m, c float32)
// Requires: AVX512F
// Register plan: DI = dst, SI = x cursors, CX = elements left; Z8 = m, Z9 = c.
// Invariant: every element before DI holds (x − m) − c of the element at the same place
// before SI; each vector is loaded before the same place is stored (dst may be x).
TEXT ·softmaxShiftF32AVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSS m+48(FP), Z8
	VBROADCASTSS c+52(FP), Z9

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VMOVUPS 64(SI), Z1
	VMOVUPS 128(SI), Z2
	VMOVUPS 192(SI), Z3
	VSUBPS Z8, Z0, Z0
	VSUBPS Z8, Z1, Z1
	VSUBPS Z8, Z2, Z2
	VSUBPS Z8, Z3, Z3
	VSUBPS Z9, Z0, Z0
	VSUBPS Z9, Z1, Z1
	VSUBPS Z9, Z2, Z2
	VSUBPS Z9, Z3, Z3
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
	VSUBPS Z8, Z0, Z0
	VSUBPS Z9, Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (SI), K1, Z0
	VSUBPS Z8, Z0, Z0
	VSUBPS Z9, Z0, Z0
	VMOVUPS Z0, K1, (DI)

done:
	VZEROUPPER
	RET

// func softmaxLogVJPF32AVX512(dst, y, v []float32, sv float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = y, DX = v cursors, CX = elements left; Z0-Z3 = four
// vectors in flight, Z4-Z7, Z8-Z11, Z12-Z15, Z16-Z19 their scratch; Z24 = sv;
// Z25-Z31 and AX as in exp_avx512_amd64.h.
// Invariant: every element before DI holds v − exp(y)·sv (the product rounded, then the
// difference: no fusion, the bits of the generic code) of the elements at the same
// place; each place is read before it is written (dst may be y or v).
TEXT ·softmaxLogVJPF32AVX512(SB), NOSPLIT, $0-76
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ y_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP32Z_SETUP
	VBROADCASTSS sv+72(FP), Z24

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
	VMULPS Z24, Z0, Z0
	VMULPS Z24, Z1, Z1
	VMULPS Z24, Z2, Z2
	VMULPS Z24, Z3, Z3
	VMOVUPS 0(DX), Z4
	VMOVUPS 64(DX), Z5
	VMOVUPS 128(DX), Z6
	VMOVUPS 192(DX), Z7
	VSUBPS Z0, Z4, Z4
	VSUBPS Z1, Z5, Z5
	VSUBPS Z2, Z6, Z6
	VSUBPS Z3, Z7, Z7
	VMOVUPS Z4, 0(DI)
	VMOVUPS Z5, 64(DI)
	VMOVUPS Z6, 128(DI)
	VMOVUPS Z7, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS (SI), Z0
	EXP32Z_1(Z0, Z4, Z8, Z12)
	EXP32Z_2(Z0, Z4, Z8, Z12, Z16)
	VMULPS Z24, Z0, Z0
	VMOVUPS (DX), Z4
	VSUBPS Z0, Z4, Z4
	VMOVUPS Z4, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (SI), K1, Z0
	EXP32Z_1(Z0, Z4, Z8, Z12)
	EXP32Z_2(Z0, Z4, Z8, Z12, Z16)
	VMULPS Z24, Z0, Z0
	VMOVUPS.Z (DX), K1, Z4
	VSUBPS Z0, Z4, Z4
	VMOVUPS Z4, K1, (DI)

done:
	VZEROUPPER
	RET
