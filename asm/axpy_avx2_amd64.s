//go:build !purego

#include "textflag.h"

// Scalar-times-vector loops (scale and axpy), unrolled four vectors deep. The assembly
// trusts its Go wrappers (axpy_amd64.go) for slice lengths.
// Tails shorter than one vector are done one scalar at a time.

// func scaleF64AVX2(dst []float64, alpha float64, x []float64)
// Requires: AVX
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left, Y15 = alpha in every lane.
// Invariant: dst[i] = alpha * x[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly x.
TEXT ·scaleF64AVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSD alpha+24(FP), Y15
	MOVQ x_base+32(FP), SI

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMULSD (SI), X15, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $16
	JB   loop1
	VMULPD 0(SI), Y15, Y0
	VMULPD 32(SI), Y15, Y1
	VMULPD 64(SI), Y15, Y2
	VMULPD 96(SI), Y15, Y3
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
	JB   tail
	VMULPD 0(SI), Y15, Y0
	VMOVUPD Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMULSD (SI), X15, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func scaleF32AVX2(dst []float32, alpha float32, x []float32)
// Requires: AVX
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left, Y15 = alpha in every lane.
// Invariant: dst[i] = alpha * x[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly x.
TEXT ·scaleF32AVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSS alpha+24(FP), Y15
	MOVQ x_base+32(FP), SI

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMULSS (SI), X15, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMULPS 0(SI), Y15, Y0
	VMULPS 32(SI), Y15, Y1
	VMULPS 64(SI), Y15, Y2
	VMULPS 96(SI), Y15, Y3
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
	JB   tail
	VMULPS 0(SI), Y15, Y0
	VMOVUPS Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMULSS (SI), X15, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func axpyF64AVX2(dst []float64, alpha float64, x []float64)
// Requires: AVX, FMA3
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left, Y15 = alpha in every lane.
// Invariant: dst[i] = fma(alpha, x[i], dst[i]), one rounding for every element before DI; each element is loaded
// before it is stored, so dst may be exactly x.
TEXT ·axpyF64AVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSD alpha+24(FP), Y15
	MOVQ x_base+32(FP), SI

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSD (DI), X0
	VFMADD231SD (SI), X15, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(DI), Y0
	VFMADD231PD 0(SI), Y15, Y0
	VMOVUPD 32(DI), Y1
	VFMADD231PD 32(SI), Y15, Y1
	VMOVUPD 64(DI), Y2
	VFMADD231PD 64(SI), Y15, Y2
	VMOVUPD 96(DI), Y3
	VFMADD231PD 96(SI), Y15, Y3
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
	JB   tail
	VMOVUPD 0(DI), Y0
	VFMADD231PD 0(SI), Y15, Y0
	VMOVUPD Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD (DI), X0
	VFMADD231SD (SI), X15, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func axpyF32AVX2(dst []float32, alpha float32, x []float32)
// Requires: AVX, FMA3
// Register plan: DI = dst cursor, SI = x cursor, CX = elements left, Y15 = alpha in every lane.
// Invariant: dst[i] = fma(alpha, x[i], dst[i]), one rounding for every element before DI; each element is loaded
// before it is stored, so dst may be exactly x.
TEXT ·axpyF32AVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSS alpha+24(FP), Y15
	MOVQ x_base+32(FP), SI

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSS (DI), X0
	VFMADD231SS (SI), X15, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(DI), Y0
	VFMADD231PS 0(SI), Y15, Y0
	VMOVUPS 32(DI), Y1
	VFMADD231PS 32(SI), Y15, Y1
	VMOVUPS 64(DI), Y2
	VFMADD231PS 64(SI), Y15, Y2
	VMOVUPS 96(DI), Y3
	VFMADD231PS 96(SI), Y15, Y3
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
	JB   tail
	VMOVUPS 0(DI), Y0
	VFMADD231PS 0(SI), Y15, Y0
	VMOVUPS Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSS (DI), X0
	VFMADD231SS (SI), X15, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET
