//go:build !purego

#include "textflag.h"
#include "exp_avx512_amd64.h"

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

// SMX64_1 and SMX32_1 are EXP64Z_1 and EXP32Z_1 without the upper clamp (VMINPD/VMINPS),
// for arguments known to be ≤ 0 or NaN.
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

// func softmaxRowF64AVX512(dst, x, next []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x (row starts), BX = len(dst); R11/R12 = x/dst cursors of
// the pass, CX = elements left in it, DX = prefetch cursor (next, or x when next is
// empty); pass 1: Z0-Z3 = running maxima, Z4 = −Inf; pass 2: Z0-Z3 = four vectors in
// flight, Z4-Z11 and Z16-Z23 their scratch, Z12-Z15 = four partial sums, Z24 = m, Z25-Z31
// and AX as in exp_avx512_amd64.h; pass 3: Z24 = 1/sum.
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
	VBROADCASTSD X0, Z24
	EXP64Z_SETUP
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15
	MOVQ SI, R11
	MOVQ DI, R12
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
	VMOVUPD Z0, 0(R12)
	VADDPD Z0, Z12, Z12
	VMOVUPD Z1, 64(R12)
	VADDPD Z1, Z13, Z13
	VMOVUPD Z2, 128(R12)
	VADDPD Z2, Z14, Z14
	VMOVUPD Z3, 192(R12)
	VADDPD Z3, Z15, Z15
	ADDQ $256, R11
	ADDQ $256, R12
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
	VMOVUPD Z0, (R12)
	VADDPD Z0, Z12, Z12
	ADDQ $64, R11
	ADDQ $64, R12
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
	VMOVUPD Z0, K1, (R12)
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
	MOVQ $0x3FF0000000000000, R9
	MOVQ R9, X1
	VDIVSD X0, X1, X1
	VBROADCASTSD X1, Z24
	MOVQ DI, R12
	MOVQ BX, CX

scale4:
	CMPQ CX, $32
	JB   scale1
	VMULPD 0(R12), Z24, Z0
	VMULPD 64(R12), Z24, Z1
	VMULPD 128(R12), Z24, Z2
	VMULPD 192(R12), Z24, Z3
	VMOVUPD Z0, 0(R12)
	VMOVUPD Z1, 64(R12)
	VMOVUPD Z2, 128(R12)
	VMOVUPD Z3, 192(R12)
	ADDQ $256, R12
	SUBQ $32, CX
	JMP  scale4

scale1:
	CMPQ CX, $8
	JB   scaletail
	VMULPD (R12), Z24, Z0
	VMOVUPD Z0, (R12)
	ADDQ $64, R12
	SUBQ $8, CX
	JMP  scale1

scaletail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (R12), K1, Z0
	VMULPD Z0, Z24, Z0
	VMOVUPD Z0, K1, (R12)

done:
	VZEROUPPER
	RET

// func softmaxRowF32AVX512(dst, x, next []float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x (row starts), BX = len(dst); R11/R12 = x/dst cursors of
// the pass, CX = elements left in it, DX = prefetch cursor (next, or x when next is
// empty); pass 1: Z0-Z3 = running maxima, Z4 = −Inf; pass 2: Z0-Z3 = four vectors in
// flight, Z4-Z11 and Z16-Z23 their scratch, Z12-Z15 = four partial sums, Z24 = m, Z25-Z31
// and AX as in exp_avx512_amd64.h; pass 3: Z24 = 1/sum.
// Invariants: pass 1, Z0-Z3 hold lane by lane the maximum of the elements before R11;
// pass 2, every element before R12 holds exp(x − m) of the element at the same place
// before R11 and the partial sums add up to their sum (in the order of
// softmaxExpSumF32AVX512, so the bits are those of the three-call path); pass 3, every
// element before R12 holds its exponential times 1/sum.
TEXT ·softmaxRowF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), BX
	MOVQ x_base+24(FP), SI
	MOVQ next_base+48(FP), DX
	MOVQ next_len+56(FP), R10
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
	VBROADCASTSS X0, Z24
	EXP32Z_SETUP
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15
	MOVQ SI, R11
	MOVQ DI, R12
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
	VMOVUPS Z0, 0(R12)
	VADDPS Z0, Z12, Z12
	VMOVUPS Z1, 64(R12)
	VADDPS Z1, Z13, Z13
	VMOVUPS Z2, 128(R12)
	VADDPS Z2, Z14, Z14
	VMOVUPS Z3, 192(R12)
	VADDPS Z3, Z15, Z15
	ADDQ $256, R11
	ADDQ $256, R12
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
	VMOVUPS Z0, (R12)
	VADDPS Z0, Z12, Z12
	ADDQ $64, R11
	ADDQ $64, R12
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
	VMOVUPS Z0, K1, (R12)
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
	MOVQ $0x3F800000, R9
	MOVL R9, X1
	VDIVSS X0, X1, X1
	VBROADCASTSS X1, Z24
	MOVQ DI, R12
	MOVQ BX, CX

scale4:
	CMPQ CX, $64
	JB   scale1
	VMULPS 0(R12), Z24, Z0
	VMULPS 64(R12), Z24, Z1
	VMULPS 128(R12), Z24, Z2
	VMULPS 192(R12), Z24, Z3
	VMOVUPS Z0, 0(R12)
	VMOVUPS Z1, 64(R12)
	VMOVUPS Z2, 128(R12)
	VMOVUPS Z3, 192(R12)
	ADDQ $256, R12
	SUBQ $64, CX
	JMP  scale4

scale1:
	CMPQ CX, $16
	JB   scaletail
	VMULPS (R12), Z24, Z0
	VMOVUPS Z0, (R12)
	ADDQ $64, R12
	SUBQ $16, CX
	JMP  scale1

scaletail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (R12), K1, Z0
	VMULPS Z0, Z24, Z0
	VMOVUPS Z0, K1, (R12)

done:
	VZEROUPPER
	RET
