//go:build !purego

#include "textflag.h"

// Elementwise binary loops over three slices (Hadamard product, fused Hadamard
// accumulate, add, sub), unrolled four vectors deep. The assembly trusts its Go
// wrappers (hadamard_amd64.go) for slice lengths.
// Tails shorter than one vector use the mask K1 = (1<<CX)-1, so nothing past a slice
// is read or written.

// func mulF64AVX512(dst, a, b []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] * b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·mulF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

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
	VMOVUPD.Z 0(SI), K1, Z0
	VMOVUPD.Z 0(DX), K1, Z8
	VMULPD Z8, Z0, Z0
	VMOVUPD Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*8), SI
	LEAQ (DX)(AX*8), DX
	LEAQ (DI)(AX*8), DI

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMULPD 0(DX), Z0, Z0
	VMOVUPD 64(SI), Z1
	VMULPD 64(DX), Z1, Z1
	VMOVUPD 128(SI), Z2
	VMULPD 128(DX), Z2, Z2
	VMOVUPD 192(SI), Z3
	VMULPD 192(DX), Z3, Z3
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
	VMOVUPD 0(SI), Z0
	VMULPD 0(DX), Z0, Z0
	VMOVUPD Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DX
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
	VMOVUPD.Z 0(SI), K1, Z0
	VMOVUPD.Z 0(DX), K1, Z8
	VMULPD Z8, Z0, Z0
	VMOVUPD Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET

// func mulNTF64AVX512(dst, a, b []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] * b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
// Stores: ordinary ones until DI is 64-byte aligned, then non-temporal ones (which
// bypass the caches) for whole vectors, an ordinary tail, and SFENCE before returning.
TEXT ·mulNTF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 64-byte aligned, as non-temporal stores require.
head:
	TESTQ $63, DI
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
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMULPD 0(DX), Z0, Z0
	VMOVUPD 64(SI), Z1
	VMULPD 64(DX), Z1, Z1
	VMOVUPD 128(SI), Z2
	VMULPD 128(DX), Z2, Z2
	VMOVUPD 192(SI), Z3
	VMULPD 192(DX), Z3, Z3
	VMOVNTPD Z0, 0(DI)
	VMOVNTPD Z1, 64(DI)
	VMOVNTPD Z2, 128(DI)
	VMOVNTPD Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD 0(SI), Z0
	VMULPD 0(DX), Z0, Z0
	VMOVNTPD Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DX
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
	VMOVUPD.Z 0(SI), K1, Z0
	VMOVUPD.Z 0(DX), K1, Z8
	VMULPD Z8, Z0, Z0
	VMOVUPD Z0, K1, 0(DI)

done:
	SFENCE
	VZEROUPPER
	RET

// func mulF32AVX512(dst, a, b []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] * b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·mulF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

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
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z8
	VMULPS Z8, Z0, Z0
	VMOVUPS Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*4), SI
	LEAQ (DX)(AX*4), DX
	LEAQ (DI)(AX*4), DI

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VMULPS 0(DX), Z0, Z0
	VMOVUPS 64(SI), Z1
	VMULPS 64(DX), Z1, Z1
	VMOVUPS 128(SI), Z2
	VMULPS 128(DX), Z2, Z2
	VMOVUPS 192(SI), Z3
	VMULPS 192(DX), Z3, Z3
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
	VMOVUPS 0(SI), Z0
	VMULPS 0(DX), Z0, Z0
	VMOVUPS Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DX
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
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z8
	VMULPS Z8, Z0, Z0
	VMOVUPS Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET

// func mulNTF32AVX512(dst, a, b []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] * b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
// Stores: ordinary ones until DI is 64-byte aligned, then non-temporal ones (which
// bypass the caches) for whole vectors, an ordinary tail, and SFENCE before returning.
TEXT ·mulNTF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

	// Scalar steps until DI is 64-byte aligned, as non-temporal stores require.
head:
	TESTQ $63, DI
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
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VMULPS 0(DX), Z0, Z0
	VMOVUPS 64(SI), Z1
	VMULPS 64(DX), Z1, Z1
	VMOVUPS 128(SI), Z2
	VMULPS 128(DX), Z2, Z2
	VMOVUPS 192(SI), Z3
	VMULPS 192(DX), Z3, Z3
	VMOVNTPS Z0, 0(DI)
	VMOVNTPS Z1, 64(DI)
	VMOVNTPS Z2, 128(DI)
	VMOVNTPS Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS 0(SI), Z0
	VMULPS 0(DX), Z0, Z0
	VMOVNTPS Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DX
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
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z8
	VMULPS Z8, Z0, Z0
	VMOVUPS Z0, K1, 0(DI)

done:
	SFENCE
	VZEROUPPER
	RET

// func mulAddF64AVX512(dst, a, b []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left,
// Z0-Z3 = dst accumulators, Z4-Z7 = a.
// Invariant: dst[i] = fma(a[i], b[i], dst[i]), one rounding for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·mulAddF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

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
	VMOVUPD.Z 0(SI), K1, Z4
	VMOVUPD.Z 0(DX), K1, Z8
	VFMADD231PD Z8, Z4, Z0
	VMOVUPD Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*8), SI
	LEAQ (DX)(AX*8), DX
	LEAQ (DI)(AX*8), DI

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(DI), Z0
	VMOVUPD 0(SI), Z4
	VFMADD231PD 0(DX), Z4, Z0
	VMOVUPD 64(DI), Z1
	VMOVUPD 64(SI), Z5
	VFMADD231PD 64(DX), Z5, Z1
	VMOVUPD 128(DI), Z2
	VMOVUPD 128(SI), Z6
	VFMADD231PD 128(DX), Z6, Z2
	VMOVUPD 192(DI), Z3
	VMOVUPD 192(SI), Z7
	VFMADD231PD 192(DX), Z7, Z3
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
	VMOVUPD 0(DI), Z0
	VMOVUPD 0(SI), Z4
	VFMADD231PD 0(DX), Z4, Z0
	VMOVUPD Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DX
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
	VMOVUPD.Z 0(SI), K1, Z4
	VMOVUPD.Z 0(DX), K1, Z8
	VFMADD231PD Z8, Z4, Z0
	VMOVUPD Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET

// func mulAddF32AVX512(dst, a, b []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left,
// Z0-Z3 = dst accumulators, Z4-Z7 = a.
// Invariant: dst[i] = fma(a[i], b[i], dst[i]), one rounding for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·mulAddF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

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
	VMOVUPS.Z 0(SI), K1, Z4
	VMOVUPS.Z 0(DX), K1, Z8
	VFMADD231PS Z8, Z4, Z0
	VMOVUPS Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*4), SI
	LEAQ (DX)(AX*4), DX
	LEAQ (DI)(AX*4), DI

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(DI), Z0
	VMOVUPS 0(SI), Z4
	VFMADD231PS 0(DX), Z4, Z0
	VMOVUPS 64(DI), Z1
	VMOVUPS 64(SI), Z5
	VFMADD231PS 64(DX), Z5, Z1
	VMOVUPS 128(DI), Z2
	VMOVUPS 128(SI), Z6
	VFMADD231PS 128(DX), Z6, Z2
	VMOVUPS 192(DI), Z3
	VMOVUPS 192(SI), Z7
	VFMADD231PS 192(DX), Z7, Z3
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
	VMOVUPS 0(DI), Z0
	VMOVUPS 0(SI), Z4
	VFMADD231PS 0(DX), Z4, Z0
	VMOVUPS Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DX
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
	VMOVUPS.Z 0(SI), K1, Z4
	VMOVUPS.Z 0(DX), K1, Z8
	VFMADD231PS Z8, Z4, Z0
	VMOVUPS Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET

// func addF32AVX512(dst, a, b []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] + b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·addF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

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
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z8
	VADDPS Z8, Z0, Z0
	VMOVUPS Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*4), SI
	LEAQ (DX)(AX*4), DX
	LEAQ (DI)(AX*4), DI

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VADDPS 0(DX), Z0, Z0
	VMOVUPS 64(SI), Z1
	VADDPS 64(DX), Z1, Z1
	VMOVUPS 128(SI), Z2
	VADDPS 128(DX), Z2, Z2
	VMOVUPS 192(SI), Z3
	VADDPS 192(DX), Z3, Z3
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
	VMOVUPS 0(SI), Z0
	VADDPS 0(DX), Z0, Z0
	VMOVUPS Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DX
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
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z8
	VADDPS Z8, Z0, Z0
	VMOVUPS Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET

// func subF64AVX512(dst, a, b []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] - b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·subF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

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
	VMOVUPD.Z 0(SI), K1, Z0
	VMOVUPD.Z 0(DX), K1, Z8
	VSUBPD Z8, Z0, Z0
	VMOVUPD Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*8), SI
	LEAQ (DX)(AX*8), DX
	LEAQ (DI)(AX*8), DI

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VSUBPD 0(DX), Z0, Z0
	VMOVUPD 64(SI), Z1
	VSUBPD 64(DX), Z1, Z1
	VMOVUPD 128(SI), Z2
	VSUBPD 128(DX), Z2, Z2
	VMOVUPD 192(SI), Z3
	VSUBPD 192(DX), Z3, Z3
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
	VMOVUPD 0(SI), Z0
	VSUBPD 0(DX), Z0, Z0
	VMOVUPD Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DX
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
	VMOVUPD.Z 0(SI), K1, Z0
	VMOVUPD.Z 0(DX), K1, Z8
	VSUBPD Z8, Z0, Z0
	VMOVUPD Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET

// func subF32AVX512(dst, a, b []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: dst[i] = a[i] - b[i] for every element before DI; each element is loaded
// before it is stored, so dst may be exactly a or b.
TEXT ·subF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

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
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z8
	VSUBPS Z8, Z0, Z0
	VMOVUPS Z0, K1, 0(DI)
	SUBQ AX, CX
	LEAQ (SI)(AX*4), SI
	LEAQ (DX)(AX*4), DX
	LEAQ (DI)(AX*4), DI

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VSUBPS 0(DX), Z0, Z0
	VMOVUPS 64(SI), Z1
	VSUBPS 64(DX), Z1, Z1
	VMOVUPS 128(SI), Z2
	VSUBPS 128(DX), Z2, Z2
	VMOVUPS 192(SI), Z3
	VSUBPS 192(DX), Z3, Z3
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
	VMOVUPS 0(SI), Z0
	VSUBPS 0(DX), Z0, Z0
	VMOVUPS Z0, 0(DI)
	ADDQ $64, SI
	ADDQ $64, DX
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
	VMOVUPS.Z 0(SI), K1, Z0
	VMOVUPS.Z 0(DX), K1, Z8
	VSUBPS Z8, Z0, Z0
	VMOVUPS Z0, K1, 0(DI)

done:
	VZEROUPPER
	RET
