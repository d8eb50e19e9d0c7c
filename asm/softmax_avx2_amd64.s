//go:build !purego

#include "textflag.h"
#include "exp_avx2_amd64.h"

// Softmax row primitives with 256-bit vectors: max, exp(x − m) with its sum, scale,
// dot product, and the softmax Jacobian product s ⊙ (v − d). See softmax_generic.go for
// what each computes. The assembly trusts its Go wrappers (softmax_amd64.go) for slice
// lengths, which also hand over a multiple of the vector width and do the rest with the generic code.

// func softmaxMaxF64AVX2(x []float64) (m float64)
// Requires: AVX, AVX2, FMA3
// Register plan: SI = x cursor, CX = elements left; Y0-Y3 = running maxima of four
// vector columns, .
// Invariant: Y0-Y3 hold, lane by lane, the maximum of the elements before SI (−Inf at first).
TEXT ·softmaxMaxF64AVX2(SB), NOSPLIT, $0-32
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVQ $0xFFF0000000000000, R9
	MOVQ R9, X0
	VBROADCASTSD X0, Y0
	VMOVAPD Y0, Y1
	VMOVAPD Y0, Y2
	VMOVAPD Y0, Y3

loop4:
	CMPQ CX, $16
	JB   loop1
	VMAXPD 0(SI), Y0, Y0
	VMAXPD 32(SI), Y1, Y1
	VMAXPD 64(SI), Y2, Y2
	VMAXPD 96(SI), Y3, Y3
	ADDQ $128, SI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   reduce
	VMAXPD (SI), Y0, Y0
	ADDQ $32, SI
	SUBQ $4, CX
	JMP  loop1

reduce:
	VMAXPD Y1, Y0, Y0
	VMAXPD Y3, Y2, Y2
	VMAXPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VMAXSD X1, X0, X0
	VMOVSD X0, m+24(FP)
	VZEROUPPER
	RET

// func softmaxExpSumF64AVX2(dst, x []float64, m float64) (sum float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x cursors, CX = elements left; Y0-Y1 = two vectors in
// flight, Y2-Y5 and Y9-Y13 their scratch, Y6-Y7 = partial sums, Y8 = m; Y14, Y15 and AX as in
// exp_avx2_amd64.h.
// Invariant: every element before DI holds exp(x − m) of the element at the same place
// before SI, and the partial sums add up to their sum.
TEXT ·softmaxExpSumF64AVX2(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Y_SETUP
	VBROADCASTSD m+48(FP), Y8
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

loop2:
	CMPQ CX, $8
	JB   loop1
	VMOVUPD 0(SI), Y0
	VSUBPD Y8, Y0, Y0
	VMOVUPD 32(SI), Y1
	VSUBPD Y8, Y1, Y1
	EXP64Y(Y0, Y2, Y4, Y9, Y10, Y11, X2, X9, X10, X11)
	EXP64Y(Y1, Y3, Y5, Y12, Y13, Y9, X3, X12, X13, X9)
	VMOVUPD Y0, 0(DI)
	VADDPD Y0, Y6, Y6
	VMOVUPD Y1, 32(DI)
	VADDPD Y1, Y7, Y7
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop2

loop1:
	CMPQ CX, $4
	JB   reduce
	VMOVUPD (SI), Y0
	VSUBPD Y8, Y0, Y0
	EXP64Y(Y0, Y2, Y4, Y9, Y10, Y11, X2, X9, X10, X11)
	VMOVUPD Y0, (DI)
	VADDPD Y0, Y6, Y6
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

reduce:
	VADDPD Y7, Y6, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VMOVSD X0, sum+56(FP)
	VZEROUPPER
	RET

// func softmaxScaleF64AVX2(dst, x []float64, a float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x cursors, CX = elements left; Y8 = a in every lane.
// Invariant: every element before DI holds a·x of the element at the same place before SI.
TEXT ·softmaxScaleF64AVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSD a+48(FP), Y8

loop4:
	CMPQ CX, $16
	JB   loop1
	VMULPD 0(SI), Y8, Y0
	VMULPD 32(SI), Y8, Y1
	VMULPD 64(SI), Y8, Y2
	VMULPD 96(SI), Y8, Y3
	VMOVUPD Y0, 0(DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   reduce
	VMULPD (SI), Y8, Y0
	VMOVUPD Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

reduce:
	VZEROUPPER
	RET

// func softmaxDotF64AVX2(a, b []float64) (d float64)
// Requires: AVX, AVX2, FMA3
// Register plan: SI = a, DX = b cursors, CX = elements left; Y0-Y3 = partial sums
// (FMA accumulators, four vector columns).
// Invariant: the partial sums add up to Σ a·b over the elements before SI.
TEXT ·softmaxDotF64AVX2(SB), NOSPLIT, $0-56
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(SI), Y4
	VFMADD231PD 0(DX), Y4, Y0
	VMOVUPD 32(SI), Y5
	VFMADD231PD 32(DX), Y5, Y1
	VMOVUPD 64(SI), Y6
	VFMADD231PD 64(DX), Y6, Y2
	VMOVUPD 96(SI), Y7
	VFMADD231PD 96(DX), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DX
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   reduce
	VMOVUPD (SI), Y4
	VFMADD231PD (DX), Y4, Y0
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $4, CX
	JMP  loop1

reduce:
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VMOVSD X0, d+48(FP)
	VZEROUPPER
	RET

// func softmaxJVPF64AVX2(dst, s, v []float64, d float64)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Y8 = d in every lane.
// Invariant: every element before DI holds s·(v − d) of the elements at the same place.
TEXT ·softmaxJVPF64AVX2(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	VBROADCASTSD d+72(FP), Y8

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(DX), Y0
	VSUBPD Y8, Y0, Y0
	VMULPD 0(SI), Y0, Y0
	VMOVUPD 32(DX), Y1
	VSUBPD Y8, Y1, Y1
	VMULPD 32(SI), Y1, Y1
	VMOVUPD 64(DX), Y2
	VSUBPD Y8, Y2, Y2
	VMULPD 64(SI), Y2, Y2
	VMOVUPD 96(DX), Y3
	VSUBPD Y8, Y3, Y3
	VMULPD 96(SI), Y3, Y3
	VMOVUPD Y0, 0(DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   reduce
	VMOVUPD (DX), Y0
	VSUBPD Y8, Y0, Y0
	VMULPD (SI), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

reduce:
	VZEROUPPER
	RET

// func softmaxMaxF32AVX2(x []float32) (m float32)
// Requires: AVX, AVX2, FMA3
// Register plan: SI = x cursor, CX = elements left; Y0-Y3 = running maxima of four
// vector columns, .
// Invariant: Y0-Y3 hold, lane by lane, the maximum of the elements before SI (−Inf at first).
TEXT ·softmaxMaxF32AVX2(SB), NOSPLIT, $0-28
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVQ $0xFF800000, R9
	MOVL R9, X0
	VBROADCASTSS X0, Y0
	VMOVAPS Y0, Y1
	VMOVAPS Y0, Y2
	VMOVAPS Y0, Y3

loop4:
	CMPQ CX, $32
	JB   loop1
	VMAXPS 0(SI), Y0, Y0
	VMAXPS 32(SI), Y1, Y1
	VMAXPS 64(SI), Y2, Y2
	VMAXPS 96(SI), Y3, Y3
	ADDQ $128, SI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   reduce
	VMAXPS (SI), Y0, Y0
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  loop1

reduce:
	VMAXPS Y1, Y0, Y0
	VMAXPS Y3, Y2, Y2
	VMAXPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS X1, X0, X0
	VPERMILPS $0x4E, X0, X1
	VMAXPS X1, X0, X0
	VPERMILPS $0xB1, X0, X1
	VMAXSS X1, X0, X0
	VMOVSS X0, m+24(FP)
	VZEROUPPER
	RET

// func softmaxExpSumF32AVX2(dst, x []float32, m float32) (sum float32)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x cursors, CX = elements left; Y0-Y1 = two vectors in
// flight, Y2-Y5 and Y9-Y13 their scratch, Y6-Y7 = partial sums, Y8 = m; Y14, Y15 and AX as in
// exp_avx2_amd64.h.
// Invariant: every element before DI holds exp(x − m) of the element at the same place
// before SI, and the partial sums add up to their sum.
TEXT ·softmaxExpSumF32AVX2(SB), NOSPLIT, $0-60
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Y_SETUP
	VBROADCASTSS m+48(FP), Y8
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

loop2:
	CMPQ CX, $16
	JB   loop1
	VMOVUPS 0(SI), Y0
	VSUBPS Y8, Y0, Y0
	VMOVUPS 32(SI), Y1
	VSUBPS Y8, Y1, Y1
	EXP32Y(Y0, Y2, Y4, Y9, Y10, Y11)
	EXP32Y(Y1, Y3, Y5, Y12, Y13, Y9)
	VMOVUPS Y0, 0(DI)
	VADDPS Y0, Y6, Y6
	VMOVUPS Y1, 32(DI)
	VADDPS Y1, Y7, Y7
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop2

loop1:
	CMPQ CX, $8
	JB   reduce
	VMOVUPS (SI), Y0
	VSUBPS Y8, Y0, Y0
	EXP32Y(Y0, Y2, Y4, Y9, Y10, Y11)
	VMOVUPS Y0, (DI)
	VADDPS Y0, Y6, Y6
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

reduce:
	VADDPS Y7, Y6, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0x4E, X0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0xB1, X0, X1
	VADDSS X1, X0, X0
	VMOVSS X0, sum+56(FP)
	VZEROUPPER
	RET

// func softmaxScaleF32AVX2(dst, x []float32, a float32)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = x cursors, CX = elements left; Y8 = a in every lane.
// Invariant: every element before DI holds a·x of the element at the same place before SI.
TEXT ·softmaxScaleF32AVX2(SB), NOSPLIT, $0-52
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VBROADCASTSS a+48(FP), Y8

loop4:
	CMPQ CX, $32
	JB   loop1
	VMULPS 0(SI), Y8, Y0
	VMULPS 32(SI), Y8, Y1
	VMULPS 64(SI), Y8, Y2
	VMULPS 96(SI), Y8, Y3
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   reduce
	VMULPS (SI), Y8, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

reduce:
	VZEROUPPER
	RET

// func softmaxDotF32AVX2(a, b []float32) (d float32)
// Requires: AVX, AVX2, FMA3
// Register plan: SI = a, DX = b cursors, CX = elements left; Y0-Y3 = partial sums
// (FMA accumulators, four vector columns).
// Invariant: the partial sums add up to Σ a·b over the elements before SI.
TEXT ·softmaxDotF32AVX2(SB), NOSPLIT, $0-52
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(SI), Y4
	VFMADD231PS 0(DX), Y4, Y0
	VMOVUPS 32(SI), Y5
	VFMADD231PS 32(DX), Y5, Y1
	VMOVUPS 64(SI), Y6
	VFMADD231PS 64(DX), Y6, Y2
	VMOVUPS 96(SI), Y7
	VFMADD231PS 96(DX), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DX
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   reduce
	VMOVUPS (SI), Y4
	VFMADD231PS (DX), Y4, Y0
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $8, CX
	JMP  loop1

reduce:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0x4E, X0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0xB1, X0, X1
	VADDSS X1, X0, X0
	VMOVSS X0, d+48(FP)
	VZEROUPPER
	RET

// func softmaxJVPF32AVX2(dst, s, v []float32, d float32)
// Requires: AVX, AVX2, FMA3
// Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Y8 = d in every lane.
// Invariant: every element before DI holds s·(v − d) of the elements at the same place.
TEXT ·softmaxJVPF32AVX2(SB), NOSPLIT, $0-76
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	VBROADCASTSS d+72(FP), Y8

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(DX), Y0
	VSUBPS Y8, Y0, Y0
	VMULPS 0(SI), Y0, Y0
	VMOVUPS 32(DX), Y1
	VSUBPS Y8, Y1, Y1
	VMULPS 32(SI), Y1, Y1
	VMOVUPS 64(DX), Y2
	VSUBPS Y8, Y2, Y2
	VMULPS 64(SI), Y2, Y2
	VMOVUPS 96(DX), Y3
	VSUBPS Y8, Y3, Y3
	VMULPS 96(SI), Y3, Y3
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   reduce
	VMOVUPS (DX), Y0
	VSUBPS Y8, Y0, Y0
	VMULPS (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

reduce:
	VZEROUPPER
	RET
