//go:build !purego

#include "textflag.h"
#include "exp_avx512_amd64.h"

// Softmax row primitives with 512-bit vectors: max, exp(x − m) with its sum, scale,
// dot product, and the softmax Jacobian product s ⊙ (v − d). See softmax_generic.go for
// what each computes. The assembly trusts its Go wrappers (softmax_amd64.go) for slice
// lengths; tails use the mask K1 = (1<<CX)-1 on loads and stores (and on the accumulation of reductions), so nothing past a slice is touched.

// func softmaxMaxF64AVX512(x []float64) (m float64)
// Requires: AVX512F, AVX512DQ
// Register plan: SI = x cursor, CX = elements left; Z0-Z3 = running maxima of four
// vector columns, Z4 = −Inf (what masked-off tail lanes read as).
// Invariant: Z0-Z3 hold, lane by lane, the maximum of the elements before SI (−Inf at first).
TEXT ·softmaxMaxF64AVX512(SB), NOSPLIT, $0-32
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVQ $0xFFF0000000000000, R9
	MOVQ R9, X0
	VBROADCASTSD X0, Z0
	VMOVAPD Z0, Z1
	VMOVAPD Z0, Z2
	VMOVAPD Z0, Z3
	VMOVAPD Z0, Z4

loop4:
	CMPQ CX, $32
	JB   loop1
	VMAXPD 0(SI), Z0, Z0
	VMAXPD 64(SI), Z1, Z1
	VMAXPD 128(SI), Z2, Z2
	VMAXPD 192(SI), Z3, Z3
	ADDQ $256, SI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMAXPD (SI), Z0, Z0
	ADDQ $64, SI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVAPD Z4, Z5
	VMOVUPD (SI), K1, Z5
	VMAXPD Z5, Z0, Z0

reduce:
	VMAXPD Z1, Z0, Z0
	VMAXPD Z3, Z2, Z2
	VMAXPD Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VMAXSD X1, X0, X0
	VMOVSD X0, m+24(FP)
	VZEROUPPER
	RET

// func softmaxExpSumF64AVX512(dst, x []float64, m float64) (sum float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; Z0-Z3 = four vectors in
// flight, Z4-Z11 and Z16-Z23 their scratch, Z12-Z15 = four partial sums, Z24 = m; Z25-Z31 and AX as in
// exp_avx512_amd64.h.
// Invariant: every element before DI holds exp(x − m) of the element at the same place
// before SI, and the partial sums add up to their sum.
TEXT ·softmaxExpSumF64AVX512(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Z_SETUP
	VBROADCASTSD m+48(FP), Z24
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VSUBPD Z24, Z0, Z0
	VMOVUPD 64(SI), Z1
	VSUBPD Z24, Z1, Z1
	VMOVUPD 128(SI), Z2
	VSUBPD Z24, Z2, Z2
	VMOVUPD 192(SI), Z3
	VSUBPD Z24, Z3, Z3
	EXP64Z(Z0, Z4, Z8, Z16, Z20)
	EXP64Z(Z1, Z5, Z9, Z17, Z21)
	EXP64Z(Z2, Z6, Z10, Z18, Z22)
	EXP64Z(Z3, Z7, Z11, Z19, Z23)
	VMOVUPD Z0, 0(DI)
	VADDPD Z0, Z12, Z12
	VMOVUPD Z1, 64(DI)
	VADDPD Z1, Z13, Z13
	VMOVUPD Z2, 128(DI)
	VADDPD Z2, Z14, Z14
	VMOVUPD Z3, 192(DI)
	VADDPD Z3, Z15, Z15
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD (SI), Z0
	VSUBPD Z24, Z0, Z0
	EXP64Z(Z0, Z4, Z8, Z16, Z20)
	VMOVUPD Z0, (DI)
	VADDPD Z0, Z12, Z12
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (SI), K1, Z0
	VSUBPD Z24, Z0, Z0
	EXP64Z(Z0, Z4, Z8, Z16, Z20)
	VMOVUPD Z0, K1, (DI)
	VADDPD Z0, Z12, K1, Z12

reduce:
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

// func softmaxScaleF64AVX512(dst, x []float64, a float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; Z8 = a in every lane.
// Invariant: every element before DI holds a·x of the element at the same place before SI.
TEXT ·softmaxScaleF64AVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSD a+48(FP), Z8

loop4:
	CMPQ CX, $32
	JB   loop1
	VMULPD 0(SI), Z8, Z0
	VMULPD 64(SI), Z8, Z1
	VMULPD 128(SI), Z8, Z2
	VMULPD 192(SI), Z8, Z3
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
	VMULPD (SI), Z8, Z0
	VMOVUPD Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (SI), K1, Z0
	VMULPD Z0, Z8, Z0
	VMOVUPD Z0, K1, (DI)

reduce:
	VZEROUPPER
	RET

// func softmaxDotF64AVX512(a, b []float64) (d float64)
// Requires: AVX512F, AVX512DQ
// Register plan: SI = a, DX = b cursors, CX = elements left; Z0-Z3 = partial sums
// (FMA accumulators, four vector columns).
// Invariant: the partial sums add up to Σ a·b over the elements before SI.
TEXT ·softmaxDotF64AVX512(SB), NOSPLIT, $0-56
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	VXORPD Z0, Z0, Z0
	VXORPD Z1, Z1, Z1
	VXORPD Z2, Z2, Z2
	VXORPD Z3, Z3, Z3

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z4
	VFMADD231PD 0(DX), Z4, Z0
	VMOVUPD 64(SI), Z5
	VFMADD231PD 64(DX), Z5, Z1
	VMOVUPD 128(SI), Z6
	VFMADD231PD 128(DX), Z6, Z2
	VMOVUPD 192(SI), Z7
	VFMADD231PD 192(DX), Z7, Z3
	ADDQ $256, SI
	ADDQ $256, DX
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD (SI), Z4
	VFMADD231PD (DX), Z4, Z0
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (SI), K1, Z4
	VMOVUPD.Z (DX), K1, Z5
	VFMADD231PD Z5, Z4, Z0

reduce:
	VADDPD Z1, Z0, Z0
	VADDPD Z3, Z2, Z2
	VADDPD Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VMOVSD X0, d+48(FP)
	VZEROUPPER
	RET

// func softmaxJVPF64AVX512(dst, s, v []float64, d float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z8 = d in every lane.
// Invariant: every element before DI holds s·(v − d) of the elements at the same place.
TEXT ·softmaxJVPF64AVX512(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	VBROADCASTSD d+72(FP), Z8

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(DX), Z0
	VSUBPD Z8, Z0, Z0
	VMULPD 0(SI), Z0, Z0
	VMOVUPD 64(DX), Z1
	VSUBPD Z8, Z1, Z1
	VMULPD 64(SI), Z1, Z1
	VMOVUPD 128(DX), Z2
	VSUBPD Z8, Z2, Z2
	VMULPD 128(SI), Z2, Z2
	VMOVUPD 192(DX), Z3
	VSUBPD Z8, Z3, Z3
	VMULPD 192(SI), Z3, Z3
	VMOVUPD Z0, 0(DI)
	VMOVUPD Z1, 64(DI)
	VMOVUPD Z2, 128(DI)
	VMOVUPD Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD (DX), Z0
	VSUBPD Z8, Z0, Z0
	VMULPD (SI), Z0, Z0
	VMOVUPD Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (DX), K1, Z0
	VMOVUPD.Z (SI), K1, Z1
	VSUBPD Z8, Z0, Z0
	VMULPD Z1, Z0, Z0
	VMOVUPD Z0, K1, (DI)

reduce:
	VZEROUPPER
	RET

// func softmaxMaxF32AVX512(x []float32) (m float32)
// Requires: AVX512F, AVX512DQ
// Register plan: SI = x cursor, CX = elements left; Z0-Z3 = running maxima of four
// vector columns, Z4 = −Inf (what masked-off tail lanes read as).
// Invariant: Z0-Z3 hold, lane by lane, the maximum of the elements before SI (−Inf at first).
TEXT ·softmaxMaxF32AVX512(SB), NOSPLIT, $0-28
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVQ $0xFF800000, R9
	MOVL R9, X0
	VBROADCASTSS X0, Z0
	VMOVAPS Z0, Z1
	VMOVAPS Z0, Z2
	VMOVAPS Z0, Z3
	VMOVAPS Z0, Z4

loop4:
	CMPQ CX, $64
	JB   loop1
	VMAXPS 0(SI), Z0, Z0
	VMAXPS 64(SI), Z1, Z1
	VMAXPS 128(SI), Z2, Z2
	VMAXPS 192(SI), Z3, Z3
	ADDQ $256, SI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMAXPS (SI), Z0, Z0
	ADDQ $64, SI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVAPS Z4, Z5
	VMOVUPS (SI), K1, Z5
	VMAXPS Z5, Z0, Z0

reduce:
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
	VMOVSS X0, m+24(FP)
	VZEROUPPER
	RET

// func softmaxExpSumF32AVX512(dst, x []float32, m float32) (sum float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; Z0-Z3 = four vectors in
// flight, Z4-Z11 and Z16-Z23 their scratch, Z12-Z15 = four partial sums, Z24 = m; Z25-Z31 and AX as in
// exp_avx512_amd64.h.
// Invariant: every element before DI holds exp(x − m) of the element at the same place
// before SI, and the partial sums add up to their sum.
TEXT ·softmaxExpSumF32AVX512(SB), NOSPLIT, $0-60
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Z_SETUP
	VBROADCASTSS m+48(FP), Z24
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VSUBPS Z24, Z0, Z0
	VMOVUPS 64(SI), Z1
	VSUBPS Z24, Z1, Z1
	VMOVUPS 128(SI), Z2
	VSUBPS Z24, Z2, Z2
	VMOVUPS 192(SI), Z3
	VSUBPS Z24, Z3, Z3
	EXP32Z(Z0, Z4, Z8, Z16, Z20)
	EXP32Z(Z1, Z5, Z9, Z17, Z21)
	EXP32Z(Z2, Z6, Z10, Z18, Z22)
	EXP32Z(Z3, Z7, Z11, Z19, Z23)
	VMOVUPS Z0, 0(DI)
	VADDPS Z0, Z12, Z12
	VMOVUPS Z1, 64(DI)
	VADDPS Z1, Z13, Z13
	VMOVUPS Z2, 128(DI)
	VADDPS Z2, Z14, Z14
	VMOVUPS Z3, 192(DI)
	VADDPS Z3, Z15, Z15
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS (SI), Z0
	VSUBPS Z24, Z0, Z0
	EXP32Z(Z0, Z4, Z8, Z16, Z20)
	VMOVUPS Z0, (DI)
	VADDPS Z0, Z12, Z12
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (SI), K1, Z0
	VSUBPS Z24, Z0, Z0
	EXP32Z(Z0, Z4, Z8, Z16, Z20)
	VMOVUPS Z0, K1, (DI)
	VADDPS Z0, Z12, K1, Z12

reduce:
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
	VMOVSS X0, sum+56(FP)
	VZEROUPPER
	RET

// func softmaxScaleF32AVX512(dst, x []float32, a float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; Z8 = a in every lane.
// Invariant: every element before DI holds a·x of the element at the same place before SI.
TEXT ·softmaxScaleF32AVX512(SB), NOSPLIT, $0-52
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSS a+48(FP), Z8

loop4:
	CMPQ CX, $64
	JB   loop1
	VMULPS 0(SI), Z8, Z0
	VMULPS 64(SI), Z8, Z1
	VMULPS 128(SI), Z8, Z2
	VMULPS 192(SI), Z8, Z3
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
	VMULPS (SI), Z8, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (SI), K1, Z0
	VMULPS Z0, Z8, Z0
	VMOVUPS Z0, K1, (DI)

reduce:
	VZEROUPPER
	RET

// func softmaxDotF32AVX512(a, b []float32) (d float32)
// Requires: AVX512F, AVX512DQ
// Register plan: SI = a, DX = b cursors, CX = elements left; Z0-Z3 = partial sums
// (FMA accumulators, four vector columns).
// Invariant: the partial sums add up to Σ a·b over the elements before SI.
TEXT ·softmaxDotF32AVX512(SB), NOSPLIT, $0-52
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	VXORPD Z0, Z0, Z0
	VXORPD Z1, Z1, Z1
	VXORPD Z2, Z2, Z2
	VXORPD Z3, Z3, Z3

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z4
	VFMADD231PS 0(DX), Z4, Z0
	VMOVUPS 64(SI), Z5
	VFMADD231PS 64(DX), Z5, Z1
	VMOVUPS 128(SI), Z6
	VFMADD231PS 128(DX), Z6, Z2
	VMOVUPS 192(SI), Z7
	VFMADD231PS 192(DX), Z7, Z3
	ADDQ $256, SI
	ADDQ $256, DX
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS (SI), Z4
	VFMADD231PS (DX), Z4, Z0
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (SI), K1, Z4
	VMOVUPS.Z (DX), K1, Z5
	VFMADD231PS Z5, Z4, Z0

reduce:
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	VADDPS Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0x4E, X0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0xB1, X0, X1
	VADDSS X1, X0, X0
	VMOVSS X0, d+48(FP)
	VZEROUPPER
	RET

// func softmaxJVPF32AVX512(dst, s, v []float32, d float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z8 = d in every lane.
// Invariant: every element before DI holds s·(v − d) of the elements at the same place.
TEXT ·softmaxJVPF32AVX512(SB), NOSPLIT, $0-76
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	VBROADCASTSS d+72(FP), Z8

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(DX), Z0
	VSUBPS Z8, Z0, Z0
	VMULPS 0(SI), Z0, Z0
	VMOVUPS 64(DX), Z1
	VSUBPS Z8, Z1, Z1
	VMULPS 64(SI), Z1, Z1
	VMOVUPS 128(DX), Z2
	VSUBPS Z8, Z2, Z2
	VMULPS 128(SI), Z2, Z2
	VMOVUPS 192(DX), Z3
	VSUBPS Z8, Z3, Z3
	VMULPS 192(SI), Z3, Z3
	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS (DX), Z0
	VSUBPS Z8, Z0, Z0
	VMULPS (SI), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    reduce
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (DX), K1, Z0
	VMOVUPS.Z (SI), K1, Z1
	VSUBPS Z8, Z0, Z0
	VMULPS Z1, Z0, Z0
	VMOVUPS Z0, K1, (DI)

reduce:
	VZEROUPPER
	RET
