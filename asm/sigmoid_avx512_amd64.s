//go:build !purego

#include "textflag.h"
#include "exp_avx512_amd64.h"

// The sigmoid family with 512-bit vectors (see sigmoid_generic.go for the math). The
// assembly trusts its Go wrappers (sigmoid_amd64.go) for slice lengths; tails use the
// mask K1 = (1<<CX)-1 on every load and store, so nothing past a slice is touched.
// Besides the registers of exp_avx512_amd64.h: BX = &sigTab64 (or &sigTab32), whose
// entry 0 is the sign bit.

// SIGY64Z(x, a, k, p, t, u): a = e = e^−|x|, k = 1 + e, p = 1/(1 + e) by VRCP14 and
// Newton steps y ← y + y(1 − dy); t and u are scratch (u may be x).
#define SIGY64Z(x, a, k, p, t, u) \
	VPORQ.BCST (BX), x, a; \
	EXP64L(a, k, p, t, u); \
	VADDPD Z27, a, k; \
	VRCP14PD k, p; \
	VMOVAPD Z27, t; \
	VFNMADD231PD k, p, t; \
	VFMADD231PD t, p, p; \
	VMOVAPD Z27, t; \
	VFNMADD231PD k, p, t; \
	VFMADD231PD t, p, p

// func sigmoidF64AVX512(dst, x []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; vector v of four in flight
// uses Z(v), Z(4+v), …, Z(20+v); K2 = lanes where x < 0 (sign bit set).
// Invariant: every element before DI holds σ of the element at the same place before SI.
TEXT ·sigmoidF64AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP64Z_SETUP
	LEAQ ·sigTab64(SB), BX

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	SIGY64Z(Z0, Z4, Z8, Z12, Z16, Z20)
	VPMOVQ2M Z0, K2
	VMULPD Z4, Z12, K2, Z12
	VMOVUPD 64(SI), Z1
	SIGY64Z(Z1, Z5, Z9, Z13, Z17, Z21)
	VPMOVQ2M Z1, K2
	VMULPD Z5, Z13, K2, Z13
	VMOVUPD 128(SI), Z2
	SIGY64Z(Z2, Z6, Z10, Z14, Z18, Z22)
	VPMOVQ2M Z2, K2
	VMULPD Z6, Z14, K2, Z14
	VMOVUPD 192(SI), Z3
	SIGY64Z(Z3, Z7, Z11, Z15, Z19, Z23)
	VPMOVQ2M Z3, K2
	VMULPD Z7, Z15, K2, Z15
	VMOVUPD Z12, 0(DI)
	VMOVUPD Z13, 64(DI)
	VMOVUPD Z14, 128(DI)
	VMOVUPD Z15, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD 0(SI), Z0
	SIGY64Z(Z0, Z4, Z8, Z12, Z16, Z20)
	VPMOVQ2M Z0, K2
	VMULPD Z4, Z12, K2, Z12
	VMOVUPD Z12, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z 0(SI), K1, Z0
	SIGY64Z(Z0, Z4, Z8, Z12, Z16, Z20)
	VPMOVQ2M Z0, K2
	VMULPD Z4, Z12, K2, Z12
	VMOVUPD Z12, K1, (DI)

done:
	VZEROUPPER
	RET

// func sigmoidGradXF64AVX512(dst, x, v []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x, DX = v cursors, CX = elements left; vector v of four
// in flight uses Z(v), Z(4+v), …, Z(20+v).
// Invariant: every element before DI holds σ'(x)·v of the elements at the same place.
TEXT ·sigmoidGradXF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP64Z_SETUP
	LEAQ ·sigTab64(SB), BX

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMOVUPD 0(DX), Z20
	SIGY64Z(Z0, Z4, Z8, Z12, Z16, Z0)
	VMULPD Z12, Z4, Z4
	VMULPD Z12, Z4, Z4
	VMULPD Z20, Z4, Z4
	VMOVUPD 64(SI), Z1
	VMOVUPD 64(DX), Z21
	SIGY64Z(Z1, Z5, Z9, Z13, Z17, Z1)
	VMULPD Z13, Z5, Z5
	VMULPD Z13, Z5, Z5
	VMULPD Z21, Z5, Z5
	VMOVUPD 128(SI), Z2
	VMOVUPD 128(DX), Z22
	SIGY64Z(Z2, Z6, Z10, Z14, Z18, Z2)
	VMULPD Z14, Z6, Z6
	VMULPD Z14, Z6, Z6
	VMULPD Z22, Z6, Z6
	VMOVUPD 192(SI), Z3
	VMOVUPD 192(DX), Z23
	SIGY64Z(Z3, Z7, Z11, Z15, Z19, Z3)
	VMULPD Z15, Z7, Z7
	VMULPD Z15, Z7, Z7
	VMULPD Z23, Z7, Z7
	VMOVUPD Z4, 0(DI)
	VMOVUPD Z5, 64(DI)
	VMOVUPD Z6, 128(DI)
	VMOVUPD Z7, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	ADDQ $256, DX
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD 0(SI), Z0
	VMOVUPD 0(DX), Z20
	SIGY64Z(Z0, Z4, Z8, Z12, Z16, Z0)
	VMULPD Z12, Z4, Z4
	VMULPD Z12, Z4, Z4
	VMULPD Z20, Z4, Z4
	VMOVUPD Z4, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z 0(SI), K1, Z0
	VMOVUPD.Z 0(DX), K1, Z20
	SIGY64Z(Z0, Z4, Z8, Z12, Z16, Z0)
	VMULPD Z12, Z4, Z4
	VMULPD Z12, Z4, Z4
	VMULPD Z20, Z4, Z4
	VMOVUPD Z4, K1, (DI)

done:
	VZEROUPPER
	RET

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

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMOVUPD 0(DX), Z8
	VSUBPD Z0, Z27, Z4
	VMULPD Z4, Z0, Z4
	VMULPD Z8, Z4, Z4
	VMOVUPD 64(SI), Z1
	VMOVUPD 64(DX), Z9
	VSUBPD Z1, Z27, Z5
	VMULPD Z5, Z1, Z5
	VMULPD Z9, Z5, Z5
	VMOVUPD 128(SI), Z2
	VMOVUPD 128(DX), Z10
	VSUBPD Z2, Z27, Z6
	VMULPD Z6, Z2, Z6
	VMULPD Z10, Z6, Z6
	VMOVUPD 192(SI), Z3
	VMOVUPD 192(DX), Z11
	VSUBPD Z3, Z27, Z7
	VMULPD Z7, Z3, Z7
	VMULPD Z11, Z7, Z7
	VMOVUPD Z4, 0(DI)
	VMOVUPD Z5, 64(DI)
	VMOVUPD Z6, 128(DI)
	VMOVUPD Z7, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	ADDQ $256, DX
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD 0(SI), Z0
	VMOVUPD 0(DX), Z8
	VSUBPD Z0, Z27, Z4
	VMULPD Z4, Z0, Z4
	VMULPD Z8, Z4, Z4
	VMOVUPD Z4, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z 0(SI), K1, Z0
	VMOVUPD.Z 0(DX), K1, Z8
	VSUBPD Z0, Z27, Z4
	VMULPD Z4, Z0, Z4
	VMULPD Z8, Z4, Z4
	VMOVUPD Z4, K1, (DI)

done:
	VZEROUPPER
	RET

// SIGY32Z(x, a, k, p, t, u): a = e = e^−|x|, k = 1 + e, p = 1/(1 + e) by VRCP14 and
// Newton steps y ← y + y(1 − dy); t and u are scratch (u may be x).
#define SIGY32Z(x, a, k, p, t, u) \
	VPORD.BCST (BX), x, a; \
	EXP32L(a, k, p, t, u); \
	VADDPS Z27, a, k; \
	VRCP14PS k, p; \
	VMOVAPD Z27, t; \
	VFNMADD231PS k, p, t; \
	VFMADD231PS t, p, p

// func sigmoidF32AVX512(dst, x []float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x cursors, CX = elements left; vector v of four in flight
// uses Z(v), Z(4+v), …, Z(20+v); K2 = lanes where x < 0 (sign bit set).
// Invariant: every element before DI holds σ of the element at the same place before SI.
TEXT ·sigmoidF32AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	EXP32Z_SETUP
	LEAQ ·sigTab32(SB), BX

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	SIGY32Z(Z0, Z4, Z8, Z12, Z16, Z20)
	VPMOVD2M Z0, K2
	VMULPS Z4, Z12, K2, Z12
	VMOVUPS 64(SI), Z1
	SIGY32Z(Z1, Z5, Z9, Z13, Z17, Z21)
	VPMOVD2M Z1, K2
	VMULPS Z5, Z13, K2, Z13
	VMOVUPS 128(SI), Z2
	SIGY32Z(Z2, Z6, Z10, Z14, Z18, Z22)
	VPMOVD2M Z2, K2
	VMULPS Z6, Z14, K2, Z14
	VMOVUPS 192(SI), Z3
	SIGY32Z(Z3, Z7, Z11, Z15, Z19, Z23)
	VPMOVD2M Z3, K2
	VMULPS Z7, Z15, K2, Z15
	VMOVUPS Z12, 0(DI)
	VMOVUPS Z13, 64(DI)
	VMOVUPS Z14, 128(DI)
	VMOVUPS Z15, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS 0(SI), Z0
	SIGY32Z(Z0, Z4, Z8, Z12, Z16, Z20)
	VPMOVD2M Z0, K2
	VMULPS Z4, Z12, K2, Z12
	VMOVUPS Z12, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z 0(SI), K1, Z0
	SIGY32Z(Z0, Z4, Z8, Z12, Z16, Z20)
	VPMOVD2M Z0, K2
	VMULPS Z4, Z12, K2, Z12
	VMOVUPS Z12, K1, (DI)

done:
	VZEROUPPER
	RET

// func sigmoidGradXF32AVX512(dst, x, v []float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = x, DX = v cursors, CX = elements left; vector v of four
// in flight uses Z(v), Z(4+v), …, Z(20+v).
// Invariant: every element before DI holds σ'(x)·v of the elements at the same place.
TEXT ·sigmoidGradXF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	EXP32Z_SETUP
	LEAQ ·sigTab32(SB), BX

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VMOVUPS 0(DX), Z20
	SIGY32Z(Z0, Z4, Z8, Z12, Z16, Z0)
	VMULPS Z12, Z4, Z4
	VMULPS Z12, Z4, Z4
	VMULPS Z20, Z4, Z4
	VMOVUPS 64(SI), Z1
	VMOVUPS 64(DX), Z21
	SIGY32Z(Z1, Z5, Z9, Z13, Z17, Z1)
	VMULPS Z13, Z5, Z5
	VMULPS Z13, Z5, Z5
	VMULPS Z21, Z5, Z5
	VMOVUPS 128(SI), Z2
	VMOVUPS 128(DX), Z22
	SIGY32Z(Z2, Z6, Z10, Z14, Z18, Z2)
	VMULPS Z14, Z6, Z6
	VMULPS Z14, Z6, Z6
	VMULPS Z22, Z6, Z6
	VMOVUPS 192(SI), Z3
	VMOVUPS 192(DX), Z23
	SIGY32Z(Z3, Z7, Z11, Z15, Z19, Z3)
	VMULPS Z15, Z7, Z7
	VMULPS Z15, Z7, Z7
	VMULPS Z23, Z7, Z7
	VMOVUPS Z4, 0(DI)
	VMOVUPS Z5, 64(DI)
	VMOVUPS Z6, 128(DI)
	VMOVUPS Z7, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	ADDQ $256, DX
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS 0(SI), Z0
	VMOVUPS 0(DX), Z20
	SIGY32Z(Z0, Z4, Z8, Z12, Z16, Z0)
	VMULPS Z12, Z4, Z4
	VMULPS Z12, Z4, Z4
	VMULPS Z20, Z4, Z4
	VMOVUPS Z4, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z20
	SIGY32Z(Z0, Z4, Z8, Z12, Z16, Z0)
	VMULPS Z12, Z4, Z4
	VMULPS Z12, Z4, Z4
	VMULPS Z20, Z4, Z4
	VMOVUPS Z4, K1, (DI)

done:
	VZEROUPPER
	RET

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

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VMOVUPS 0(DX), Z8
	VSUBPS Z0, Z27, Z4
	VMULPS Z4, Z0, Z4
	VMULPS Z8, Z4, Z4
	VMOVUPS 64(SI), Z1
	VMOVUPS 64(DX), Z9
	VSUBPS Z1, Z27, Z5
	VMULPS Z5, Z1, Z5
	VMULPS Z9, Z5, Z5
	VMOVUPS 128(SI), Z2
	VMOVUPS 128(DX), Z10
	VSUBPS Z2, Z27, Z6
	VMULPS Z6, Z2, Z6
	VMULPS Z10, Z6, Z6
	VMOVUPS 192(SI), Z3
	VMOVUPS 192(DX), Z11
	VSUBPS Z3, Z27, Z7
	VMULPS Z7, Z3, Z7
	VMULPS Z11, Z7, Z7
	VMOVUPS Z4, 0(DI)
	VMOVUPS Z5, 64(DI)
	VMOVUPS Z6, 128(DI)
	VMOVUPS Z7, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	ADDQ $256, DX
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS 0(SI), Z0
	VMOVUPS 0(DX), Z8
	VSUBPS Z0, Z27, Z4
	VMULPS Z4, Z0, Z4
	VMULPS Z8, Z4, Z4
	VMOVUPS Z4, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z8
	VSUBPS Z0, Z27, Z4
	VMULPS Z4, Z0, Z4
	VMULPS Z8, Z4, Z4
	VMOVUPS Z4, K1, (DI)

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

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMOVUPD 0(DX), Z8
	VSUBPD Z0, Z27, Z4
	VMULPD Z4, Z0, Z4
	VMULPD Z8, Z4, Z4
	VMOVUPD 64(SI), Z1
	VMOVUPD 64(DX), Z9
	VSUBPD Z1, Z27, Z5
	VMULPD Z5, Z1, Z5
	VMULPD Z9, Z5, Z5
	VMOVUPD 128(SI), Z2
	VMOVUPD 128(DX), Z10
	VSUBPD Z2, Z27, Z6
	VMULPD Z6, Z2, Z6
	VMULPD Z10, Z6, Z6
	VMOVUPD 192(SI), Z3
	VMOVUPD 192(DX), Z11
	VSUBPD Z3, Z27, Z7
	VMULPD Z7, Z3, Z7
	VMULPD Z11, Z7, Z7
	VMOVNTPD Z4, 0(DI)
	VMOVNTPD Z5, 64(DI)
	VMOVNTPD Z6, 128(DI)
	VMOVNTPD Z7, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	ADDQ $256, DX
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD 0(SI), Z0
	VMOVUPD 0(DX), Z8
	VSUBPD Z0, Z27, Z4
	VMULPD Z4, Z0, Z4
	VMULPD Z8, Z4, Z4
	VMOVNTPD Z4, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z 0(SI), K1, Z0
	VMOVUPD.Z 0(DX), K1, Z8
	VSUBPD Z0, Z27, Z4
	VMULPD Z4, Z0, Z4
	VMULPD Z8, Z4, Z4
	VMOVUPD Z4, K1, (DI)

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

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VMOVUPS 0(DX), Z8
	VSUBPS Z0, Z27, Z4
	VMULPS Z4, Z0, Z4
	VMULPS Z8, Z4, Z4
	VMOVUPS 64(SI), Z1
	VMOVUPS 64(DX), Z9
	VSUBPS Z1, Z27, Z5
	VMULPS Z5, Z1, Z5
	VMULPS Z9, Z5, Z5
	VMOVUPS 128(SI), Z2
	VMOVUPS 128(DX), Z10
	VSUBPS Z2, Z27, Z6
	VMULPS Z6, Z2, Z6
	VMULPS Z10, Z6, Z6
	VMOVUPS 192(SI), Z3
	VMOVUPS 192(DX), Z11
	VSUBPS Z3, Z27, Z7
	VMULPS Z7, Z3, Z7
	VMULPS Z11, Z7, Z7
	VMOVNTPS Z4, 0(DI)
	VMOVNTPS Z5, 64(DI)
	VMOVNTPS Z6, 128(DI)
	VMOVNTPS Z7, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	ADDQ $256, DX
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS 0(SI), Z0
	VMOVUPS 0(DX), Z8
	VSUBPS Z0, Z27, Z4
	VMULPS Z4, Z0, Z4
	VMULPS Z8, Z4, Z4
	VMOVNTPS Z4, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, DX
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z8
	VSUBPS Z0, Z27, Z4
	VMULPS Z4, Z0, Z4
	VMULPS Z8, Z4, Z4
	VMOVUPS Z4, K1, (DI)

done:
	SFENCE
	VZEROUPPER
	RET
