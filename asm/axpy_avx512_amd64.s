//go:build !purego

#include "textflag.h"

// Scalar-times-vector loops (scale and axpy), unrolled four vectors deep. The assembly
// trusts its Go wrappers (axpy_amd64.go) for slice lengths.
// Tails shorter than one vector use the mask K1 = (1<<CX)-1, so nothing past a slice
// is read or written.

// func scaleF64AVX512(dst []float64, alpha float64, x []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left, Z31 = alpha in every lane.
// Invariant: dst[i] = alpha * x[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly x.
TEXT ·scaleF64AVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSD alpha+24(FP), Z31
	MOVQ x_base+32(FP), SI

	// One masked vector up to the next 64-byte boundary of DI (AX elements), so that
	// no full-vector store below straddles two cache lines (a split store costs two).
	MOVQ DI, AX
	NEGQ AX
	ANDQ $63, AX
	SHRQ $3, AX
	JZ   loop4
	CMPQ AX, CX
	JAE  tail
	MOVQ CX, R10
	MOVQ AX, CX
	MOVL $1, BX
	SHLL CX, BX
	SUBL $1, BX
	KMOVW BX, K1
	MOVQ R10, CX
	VMOVUPD.Z 0(SI), K1, Z8
	VMULPD Z8, Z31, Z0
	VMOVUPD Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*8), SI
	LEAQ (DI)(AX*8), DI

loop4:
	CMPQ CX, $32
	JB   loop1
	VMULPD 0(SI), Z31, Z0
	VMULPD 64(SI), Z31, Z1
	VMULPD 128(SI), Z31, Z2
	VMULPD 192(SI), Z31, Z3
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
	VMULPD 0(SI), Z31, Z0
	VMOVUPD Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	VMOVUPD.Z 0(SI), K1, Z8
	VMULPD Z8, Z31, Z0
	VMOVUPD Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET

// func scaleF32AVX512(dst []float32, alpha float32, x []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left, Z31 = alpha in every lane.
// Invariant: dst[i] = alpha * x[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly x.
TEXT ·scaleF32AVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSS alpha+24(FP), Z31
	MOVQ x_base+32(FP), SI

	// One masked vector up to the next 64-byte boundary of DI (AX elements), so that
	// no full-vector store below straddles two cache lines (a split store costs two).
	MOVQ DI, AX
	NEGQ AX
	ANDQ $63, AX
	SHRQ $2, AX
	JZ   loop4
	CMPQ AX, CX
	JAE  tail
	MOVQ CX, R10
	MOVQ AX, CX
	MOVL $1, BX
	SHLL CX, BX
	SUBL $1, BX
	KMOVW BX, K1
	MOVQ R10, CX
	VMOVUPS.Z 0(SI), K1, Z8
	VMULPS Z8, Z31, Z0
	VMOVUPS Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*4), SI
	LEAQ (DI)(AX*4), DI

loop4:
	CMPQ CX, $64
	JB   loop1
	VMULPS 0(SI), Z31, Z0
	VMULPS 64(SI), Z31, Z1
	VMULPS 128(SI), Z31, Z2
	VMULPS 192(SI), Z31, Z3
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
	VMULPS 0(SI), Z31, Z0
	VMOVUPS Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	VMOVUPS.Z 0(SI), K1, Z8
	VMULPS Z8, Z31, Z0
	VMOVUPS Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET

// func axpyF64AVX512(dst []float64, alpha float64, x []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left, Z31 = alpha in every lane.
// Invariant: dst[i] = fma(alpha, x[i], dst[i]), one rounding for every element before DI; each element is loaded
// before it is stored, so dst may be exactly x.
TEXT ·axpyF64AVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSD alpha+24(FP), Z31
	MOVQ x_base+32(FP), SI

	// One masked vector up to the next 64-byte boundary of DI (AX elements), so that
	// no full-vector store below straddles two cache lines (a split store costs two).
	MOVQ DI, AX
	NEGQ AX
	ANDQ $63, AX
	SHRQ $3, AX
	JZ   loop4
	CMPQ AX, CX
	JAE  tail
	MOVQ CX, R10
	MOVQ AX, CX
	MOVL $1, BX
	SHLL CX, BX
	SUBL $1, BX
	KMOVW BX, K1
	MOVQ R10, CX
	VMOVUPD.Z 0(DI), K1, Z0
	VMOVUPD.Z 0(SI), K1, Z8
	VFMADD231PD Z8, Z31, Z0
	VMOVUPD Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*8), SI
	LEAQ (DI)(AX*8), DI

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(DI), Z0
	VFMADD231PD 0(SI), Z31, Z0
	VMOVUPD 64(DI), Z1
	VFMADD231PD 64(SI), Z31, Z1
	VMOVUPD 128(DI), Z2
	VFMADD231PD 128(SI), Z31, Z2
	VMOVUPD 192(DI), Z3
	VFMADD231PD 192(SI), Z31, Z3
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
	VMOVUPD 0(DI), Z0
	VFMADD231PD 0(SI), Z31, Z0
	VMOVUPD Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	VMOVUPD.Z 0(DI), K1, Z0
	VMOVUPD.Z 0(SI), K1, Z8
	VFMADD231PD Z8, Z31, Z0
	VMOVUPD Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET

// func axpyF32AVX512(dst []float32, alpha float32, x []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left, Z31 = alpha in every lane.
// Invariant: dst[i] = fma(alpha, x[i], dst[i]), one rounding for every element before DI; each element is loaded
// before it is stored, so dst may be exactly x.
TEXT ·axpyF32AVX512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSS alpha+24(FP), Z31
	MOVQ x_base+32(FP), SI

	// One masked vector up to the next 64-byte boundary of DI (AX elements), so that
	// no full-vector store below straddles two cache lines (a split store costs two).
	MOVQ DI, AX
	NEGQ AX
	ANDQ $63, AX
	SHRQ $2, AX
	JZ   loop4
	CMPQ AX, CX
	JAE  tail
	MOVQ CX, R10
	MOVQ AX, CX
	MOVL $1, BX
	SHLL CX, BX
	SUBL $1, BX
	KMOVW BX, K1
	MOVQ R10, CX
	VMOVUPS.Z 0(DI), K1, Z0
	VMOVUPS.Z 0(SI), K1, Z8
	VFMADD231PS Z8, Z31, Z0
	VMOVUPS Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*4), SI
	LEAQ (DI)(AX*4), DI

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(DI), Z0
	VFMADD231PS 0(SI), Z31, Z0
	VMOVUPS 64(DI), Z1
	VFMADD231PS 64(SI), Z31, Z1
	VMOVUPS 128(DI), Z2
	VFMADD231PS 128(SI), Z31, Z2
	VMOVUPS 192(DI), Z3
	VFMADD231PS 192(SI), Z31, Z3
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
	VMOVUPS 0(DI), Z0
	VFMADD231PS 0(SI), Z31, Z0
	VMOVUPS Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	VMOVUPS.Z 0(DI), K1, Z0
	VMOVUPS.Z 0(SI), K1, Z8
	VFMADD231PS Z8, Z31, Z0
	VMOVUPS Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET
