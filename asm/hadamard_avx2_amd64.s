//go:build !purego

#include "textflag.h"

// Elementwise binary loops over three slices (Hadamard product, fused Hadamard
// accumulate, add, sub), unrolled four vectors deep. The assembly trusts its Go
// wrappers (hadamard_amd64.go) for slice lengths.
// Tails shorter than one vector are done one scalar at a time.

// func mulF64AVX2(dst, a, b []float64)
// Requires: AVX
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] * b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·mulF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VMULSD (DX), X0, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(SI), Y0
	VMULPD 0(DX), Y0, Y0
	VMOVUPD 32(SI), Y1
	VMULPD 32(DX), Y1, Y1
	VMOVUPD 64(SI), Y2
	VMULPD 64(DX), Y2, Y2
	VMOVUPD 96(SI), Y3
	VMULPD 96(DX), Y3, Y3
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
	JB   tail
	VMOVUPD 0(SI), Y0
	VMULPD 0(DX), Y0, Y0
	VMOVUPD Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VMULSD (DX), X0, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func mulNTF64AVX2(dst, a, b []float64)
// Requires: AVX
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] * b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
// Stores: ordinary ones until DI is 32-byte aligned, then non-temporal ones (which
// bypass the caches) for whole vectors, an ordinary tail, and SFENCE before returning.
TEXT ·mulNTF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 32-byte aligned, as non-temporal stores require.
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VMULSD (DX), X0, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(SI), Y0
	VMULPD 0(DX), Y0, Y0
	VMOVUPD 32(SI), Y1
	VMULPD 32(DX), Y1, Y1
	VMOVUPD 64(SI), Y2
	VMULPD 64(DX), Y2, Y2
	VMOVUPD 96(SI), Y3
	VMULPD 96(DX), Y3, Y3
	VMOVNTPD Y0, 0(DI)
	VMOVNTPD Y1, 32(DI)
	VMOVNTPD Y2, 64(DI)
	VMOVNTPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMOVUPD 0(SI), Y0
	VMULPD 0(DX), Y0, Y0
	VMOVNTPD Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VMULSD (DX), X0, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JMP  tail

done:
	SFENCE
	VZEROUPPER
	RET

// func mulF32AVX2(dst, a, b []float32)
// Requires: AVX
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] * b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·mulF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VMULSS (DX), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(SI), Y0
	VMULPS 0(DX), Y0, Y0
	VMOVUPS 32(SI), Y1
	VMULPS 32(DX), Y1, Y1
	VMOVUPS 64(SI), Y2
	VMULPS 64(DX), Y2, Y2
	VMOVUPS 96(SI), Y3
	VMULPS 96(DX), Y3, Y3
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
	JB   tail
	VMOVUPS 0(SI), Y0
	VMULPS 0(DX), Y0, Y0
	VMOVUPS Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VMULSS (DX), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func mulNTF32AVX2(dst, a, b []float32)
// Requires: AVX
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] * b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
// Stores: ordinary ones until DI is 32-byte aligned, then non-temporal ones (which
// bypass the caches) for whole vectors, an ordinary tail, and SFENCE before returning.
TEXT ·mulNTF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 32-byte aligned, as non-temporal stores require.
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VMULSS (DX), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(SI), Y0
	VMULPS 0(DX), Y0, Y0
	VMOVUPS 32(SI), Y1
	VMULPS 32(DX), Y1, Y1
	VMOVUPS 64(SI), Y2
	VMULPS 64(DX), Y2, Y2
	VMOVUPS 96(SI), Y3
	VMULPS 96(DX), Y3, Y3
	VMOVNTPS Y0, 0(DI)
	VMOVNTPS Y1, 32(DI)
	VMOVNTPS Y2, 64(DI)
	VMOVNTPS Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPS 0(SI), Y0
	VMULPS 0(DX), Y0, Y0
	VMOVNTPS Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VMULSS (DX), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  tail

done:
	SFENCE
	VZEROUPPER
	RET

// func mulAddF64AVX2(dst, a, b []float64)
// Requires: AVX, FMA3
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left,
// Y0-Y3 = dst accumulators, Y4-Y7 = a.
// Invariant: dst[i] = fma(a[i], b[i], dst[i]), one rounding for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·mulAddF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSD (DI), X0
	VMOVSD (SI), X4
	VFMADD231SD (DX), X4, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(DI), Y0
	VMOVUPD 0(SI), Y4
	VFMADD231PD 0(DX), Y4, Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 32(SI), Y5
	VFMADD231PD 32(DX), Y5, Y1
	VMOVUPD 64(DI), Y2
	VMOVUPD 64(SI), Y6
	VFMADD231PD 64(DX), Y6, Y2
	VMOVUPD 96(DI), Y3
	VMOVUPD 96(SI), Y7
	VFMADD231PD 96(DX), Y7, Y3
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
	JB   tail
	VMOVUPD 0(DI), Y0
	VMOVUPD 0(SI), Y4
	VFMADD231PD 0(DX), Y4, Y0
	VMOVUPD Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD (DI), X0
	VMOVSD (SI), X4
	VFMADD231SD (DX), X4, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func mulAddF32AVX2(dst, a, b []float32)
// Requires: AVX, FMA3
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left,
// Y0-Y3 = dst accumulators, Y4-Y7 = a.
// Invariant: dst[i] = fma(a[i], b[i], dst[i]), one rounding for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·mulAddF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSS (DI), X0
	VMOVSS (SI), X4
	VFMADD231SS (DX), X4, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(DI), Y0
	VMOVUPS 0(SI), Y4
	VFMADD231PS 0(DX), Y4, Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 32(SI), Y5
	VFMADD231PS 32(DX), Y5, Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 64(SI), Y6
	VFMADD231PS 64(DX), Y6, Y2
	VMOVUPS 96(DI), Y3
	VMOVUPS 96(SI), Y7
	VFMADD231PS 96(DX), Y7, Y3
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
	JB   tail
	VMOVUPS 0(DI), Y0
	VMOVUPS 0(SI), Y4
	VFMADD231PS 0(DX), Y4, Y0
	VMOVUPS Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSS (DI), X0
	VMOVSS (SI), X4
	VFMADD231SS (DX), X4, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func addF32AVX2(dst, a, b []float32)
// Requires: AVX
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] + b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·addF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VADDSS (DX), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(SI), Y0
	VADDPS 0(DX), Y0, Y0
	VMOVUPS 32(SI), Y1
	VADDPS 32(DX), Y1, Y1
	VMOVUPS 64(SI), Y2
	VADDPS 64(DX), Y2, Y2
	VMOVUPS 96(SI), Y3
	VADDPS 96(DX), Y3, Y3
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
	JB   tail
	VMOVUPS 0(SI), Y0
	VADDPS 0(DX), Y0, Y0
	VMOVUPS Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VADDSS (DX), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func subF64AVX2(dst, a, b []float64)
// Requires: AVX
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] - b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·subF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VSUBSD (DX), X0, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(SI), Y0
	VSUBPD 0(DX), Y0, Y0
	VMOVUPD 32(SI), Y1
	VSUBPD 32(DX), Y1, Y1
	VMOVUPD 64(SI), Y2
	VSUBPD 64(DX), Y2, Y2
	VMOVUPD 96(SI), Y3
	VSUBPD 96(DX), Y3, Y3
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
	JB   tail
	VMOVUPD 0(SI), Y0
	VSUBPD 0(DX), Y0, Y0
	VMOVUPD Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VSUBSD (DX), X0, X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DX
	ADDQ $8, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func subF32AVX2(dst, a, b []float32)
// Requires: AVX
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] - b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·subF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 32-byte aligned, so no vector store below straddles
	// two cache lines (a split store costs two).
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VSUBSS (DX), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(SI), Y0
	VSUBPS 0(DX), Y0, Y0
	VMOVUPS 32(SI), Y1
	VSUBPS 32(DX), Y1, Y1
	VMOVUPS 64(SI), Y2
	VSUBPS 64(DX), Y2, Y2
	VMOVUPS 96(SI), Y3
	VSUBPS 96(DX), Y3, Y3
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
	JB   tail
	VMOVUPS 0(SI), Y0
	VSUBPS 0(DX), Y0, Y0
	VMOVUPS Y0, 0(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VSUBSS (DX), X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DX
	ADDQ $4, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET
