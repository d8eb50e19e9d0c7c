//go:build !purego

#include "textflag.h"

// Kronecker-product row kernels and the non-temporal copy that writes large outputs.
// A Kronecker row kernel writes len(a) blocks of len(b) elements, block j being a[j]·b
// (or accumulating alpha·a[j]·b into it): one output row of A⊗B. The assembly trusts
// its Go wrappers (kron_amd64.go) for slice lengths.
// Partial vectors use the mask K1, so nothing past a slice is read or written.

// func kronRowF64AVX512(dst, a, b []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Z31 = a[j] in every lane, K1 = mask of the last len(b) mod 8 lanes.
// Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].
TEXT ·kronRowF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done
	MOVQ R8, CX
	ANDQ $7, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	CMPQ R8, $8
	JA   block
	// Rows of B of at most one vector (q ≤ 8): b stays in Z28, K2 masks its q lanes,
	// and each block is one (masked) store.
	MOVQ R8, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K2
	VMOVUPD.Z (DX), K2, Z28
	LEAQ 0(R8*8), R10

short:
	VBROADCASTSD (SI), Z31
	VMULPD Z28, Z31, Z0
	VMOVUPD Z0, K2, (DI)
	ADDQ R10, DI
	ADDQ $8, SI
	DECQ BX
	JNZ  short
	JMP  done

block:
	VBROADCASTSD (SI), Z31
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $32
	JB   loop1
	VMULPD 0(R11), Z31, Z0
	VMULPD 64(R11), Z31, Z1
	VMULPD 128(R11), Z31, Z2
	VMULPD 192(R11), Z31, Z3
	VMOVUPD Z0, 0(DI)
	VMOVUPD Z1, 64(DI)
	VMOVUPD Z2, 128(DI)
	VMOVUPD Z3, 192(DI)
	ADDQ $256, R11
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMULPD 0(R11), Z31, Z0
	VMOVUPD Z0, (DI)
	ADDQ $64, R11
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
	VMOVUPD.Z (R11), K1, Z1
	VMULPD Z1, Z31, Z0
	VMOVUPD Z0, K1, (DI)
	LEAQ (DI)(CX*8), DI

next:
	ADDQ $8, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowF32AVX512(dst, a, b []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Z31 = a[j] in every lane, K1 = mask of the last len(b) mod 16 lanes.
// Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].
TEXT ·kronRowF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done
	MOVQ R8, CX
	ANDQ $15, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	CMPQ R8, $16
	JA   block
	// Rows of B of at most one vector (q ≤ 16): b stays in Z28, K2 masks its q lanes,
	// and each block is one (masked) store.
	MOVQ R8, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K2
	VMOVUPS.Z (DX), K2, Z28
	LEAQ 0(R8*4), R10

short:
	VBROADCASTSS (SI), Z31
	VMULPS Z28, Z31, Z0
	VMOVUPS Z0, K2, (DI)
	ADDQ R10, DI
	ADDQ $4, SI
	DECQ BX
	JNZ  short
	JMP  done

block:
	VBROADCASTSS (SI), Z31
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $64
	JB   loop1
	VMULPS 0(R11), Z31, Z0
	VMULPS 64(R11), Z31, Z1
	VMULPS 128(R11), Z31, Z2
	VMULPS 192(R11), Z31, Z3
	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ $256, R11
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMULPS 0(R11), Z31, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, R11
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
	VMOVUPS.Z (R11), K1, Z1
	VMULPS Z1, Z31, Z0
	VMOVUPS Z0, K1, (DI)
	LEAQ (DI)(CX*4), DI

next:
	ADDQ $4, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowAddF64AVX512(dst []float64, alpha float64, a, b []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Z30 = alpha, Z31 = alpha·a[j] in every lane, K1 = mask of the last len(b) mod 8 lanes.
// Invariant: the blocks before DI hold dst[j·q+l] = fma(alpha·a[j], b[l], dst[j·q+l]).
TEXT ·kronRowAddF64AVX512(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	VBROADCASTSD alpha+24(FP), Z30
	MOVQ a_base+32(FP), SI
	MOVQ a_len+40(FP), BX
	MOVQ b_base+56(FP), DX
	MOVQ b_len+64(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done
	MOVQ R8, CX
	ANDQ $7, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	CMPQ R8, $8
	JA   block
	// Rows of B of at most one vector (q ≤ 8): b stays in Z28, K2 masks its q lanes,
	// and each block is one (masked) store.
	MOVQ R8, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K2
	VMOVUPD.Z (DX), K2, Z28
	LEAQ 0(R8*8), R10

short:
	VMULSD (SI), X30, X29
	VBROADCASTSD X29, Z31
	VMOVUPD.Z (DI), K2, Z0
	VFMADD231PD Z28, Z31, Z0
	VMOVUPD Z0, K2, (DI)
	ADDQ R10, DI
	ADDQ $8, SI
	DECQ BX
	JNZ  short
	JMP  done

block:
	VMULSD (SI), X30, X29
	VBROADCASTSD X29, Z31
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(DI), Z0
	VFMADD231PD 0(R11), Z31, Z0
	VMOVUPD 64(DI), Z1
	VFMADD231PD 64(R11), Z31, Z1
	VMOVUPD 128(DI), Z2
	VFMADD231PD 128(R11), Z31, Z2
	VMOVUPD 192(DI), Z3
	VFMADD231PD 192(R11), Z31, Z3
	VMOVUPD Z0, 0(DI)
	VMOVUPD Z1, 64(DI)
	VMOVUPD Z2, 128(DI)
	VMOVUPD Z3, 192(DI)
	ADDQ $256, R11
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD 0(DI), Z0
	VFMADD231PD 0(R11), Z31, Z0
	VMOVUPD Z0, (DI)
	ADDQ $64, R11
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
	VMOVUPD.Z (R11), K1, Z1
	VMOVUPD.Z (DI), K1, Z0
	VFMADD231PD Z1, Z31, Z0
	VMOVUPD Z0, K1, (DI)
	LEAQ (DI)(CX*8), DI

next:
	ADDQ $8, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowAddF32AVX512(dst []float32, alpha float32, a, b []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Z30 = alpha, Z31 = alpha·a[j] in every lane, K1 = mask of the last len(b) mod 16 lanes.
// Invariant: the blocks before DI hold dst[j·q+l] = fma(alpha·a[j], b[l], dst[j·q+l]).
TEXT ·kronRowAddF32AVX512(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	VBROADCASTSS alpha+24(FP), Z30
	MOVQ a_base+32(FP), SI
	MOVQ a_len+40(FP), BX
	MOVQ b_base+56(FP), DX
	MOVQ b_len+64(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done
	MOVQ R8, CX
	ANDQ $15, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	CMPQ R8, $16
	JA   block
	// Rows of B of at most one vector (q ≤ 16): b stays in Z28, K2 masks its q lanes,
	// and each block is one (masked) store.
	MOVQ R8, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K2
	VMOVUPS.Z (DX), K2, Z28
	LEAQ 0(R8*4), R10

short:
	VMULSS (SI), X30, X29
	VBROADCASTSS X29, Z31
	VMOVUPS.Z (DI), K2, Z0
	VFMADD231PS Z28, Z31, Z0
	VMOVUPS Z0, K2, (DI)
	ADDQ R10, DI
	ADDQ $4, SI
	DECQ BX
	JNZ  short
	JMP  done

block:
	VMULSS (SI), X30, X29
	VBROADCASTSS X29, Z31
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(DI), Z0
	VFMADD231PS 0(R11), Z31, Z0
	VMOVUPS 64(DI), Z1
	VFMADD231PS 64(R11), Z31, Z1
	VMOVUPS 128(DI), Z2
	VFMADD231PS 128(R11), Z31, Z2
	VMOVUPS 192(DI), Z3
	VFMADD231PS 192(R11), Z31, Z3
	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ $256, R11
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS 0(DI), Z0
	VFMADD231PS 0(R11), Z31, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, R11
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
	VMOVUPS.Z (R11), K1, Z1
	VMOVUPS.Z (DI), K1, Z0
	VFMADD231PS Z1, Z31, Z0
	VMOVUPS Z0, K1, (DI)
	LEAQ (DI)(CX*4), DI

next:
	ADDQ $4, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowNTF64AVX512(dst, a, b []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Z31 = a[j] in every lane, K1 = mask of the last len(b) mod 8 lanes.
// Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].
// Non-temporal stores: the caller guarantees dst is 64-byte aligned and len(b) is a
// multiple of 8, so every store is a whole aligned vector (the short path has q = 8,
// the tail never runs); no fence (the caller runs storeFence after the output).
TEXT ·kronRowNTF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done
	MOVQ R8, CX
	ANDQ $7, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	CMPQ R8, $8
	JA   block
	// Rows of B of at most one vector (q ≤ 8): b stays in Z28, K2 masks its q lanes,
	// and each block is one (masked) store.
	MOVQ R8, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K2
	VMOVUPD.Z (DX), K2, Z28
	LEAQ 0(R8*8), R10

short:
	VBROADCASTSD (SI), Z31
	VMULPD Z28, Z31, Z0
	VMOVNTPD Z0, (DI)
	ADDQ R10, DI
	ADDQ $8, SI
	DECQ BX
	JNZ  short
	JMP  done

block:
	VBROADCASTSD (SI), Z31
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $32
	JB   loop1
	VMULPD 0(R11), Z31, Z0
	VMULPD 64(R11), Z31, Z1
	VMULPD 128(R11), Z31, Z2
	VMULPD 192(R11), Z31, Z3
	VMOVNTPD Z0, 0(DI)
	VMOVNTPD Z1, 64(DI)
	VMOVNTPD Z2, 128(DI)
	VMOVNTPD Z3, 192(DI)
	ADDQ $256, R11
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMULPD 0(R11), Z31, Z0
	VMOVNTPD Z0, (DI)
	ADDQ $64, R11
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
	VMOVUPD.Z (R11), K1, Z1
	VMULPD Z1, Z31, Z0
	VMOVUPD Z0, K1, (DI)
	LEAQ (DI)(CX*8), DI

next:
	ADDQ $8, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowNTF32AVX512(dst, a, b []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Z31 = a[j] in every lane, K1 = mask of the last len(b) mod 16 lanes.
// Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].
// Non-temporal stores: the caller guarantees dst is 64-byte aligned and len(b) is a
// multiple of 16, so every store is a whole aligned vector (the short path has q = 16,
// the tail never runs); no fence (the caller runs storeFence after the output).
TEXT ·kronRowNTF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done
	MOVQ R8, CX
	ANDQ $15, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K1
	CMPQ R8, $16
	JA   block
	// Rows of B of at most one vector (q ≤ 16): b stays in Z28, K2 masks its q lanes,
	// and each block is one (masked) store.
	MOVQ R8, CX
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVW AX, K2
	VMOVUPS.Z (DX), K2, Z28
	LEAQ 0(R8*4), R10

short:
	VBROADCASTSS (SI), Z31
	VMULPS Z28, Z31, Z0
	VMOVNTPS Z0, (DI)
	ADDQ R10, DI
	ADDQ $4, SI
	DECQ BX
	JNZ  short
	JMP  done

block:
	VBROADCASTSS (SI), Z31
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $64
	JB   loop1
	VMULPS 0(R11), Z31, Z0
	VMULPS 64(R11), Z31, Z1
	VMULPS 128(R11), Z31, Z2
	VMULPS 192(R11), Z31, Z3
	VMOVNTPS Z0, 0(DI)
	VMOVNTPS Z1, 64(DI)
	VMOVNTPS Z2, 128(DI)
	VMOVNTPS Z3, 192(DI)
	ADDQ $256, R11
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMULPS 0(R11), Z31, Z0
	VMOVNTPS Z0, (DI)
	ADDQ $64, R11
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
	VMOVUPS.Z (R11), K1, Z1
	VMULPS Z1, Z31, Z0
	VMOVUPS Z0, K1, (DI)
	LEAQ (DI)(CX*4), DI

next:
	ADDQ $4, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func copyNTF64AVX512(dst, src []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = src cursor, CX = elements left.
// Invariant: the elements before DI equal those before SI. Ordinary stores until DI is
// 64-byte aligned, non-temporal ones for whole vectors, an ordinary tail. No fence:
// the caller runs storeFence after its last non-temporal copy.
TEXT ·copyNTF64AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI

head:
	TESTQ $63, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMOVUPD 64(SI), Z1
	VMOVUPD 128(SI), Z2
	VMOVUPD 192(SI), Z3
	VMOVNTPD Z0, 0(DI)
	VMOVNTPD Z1, 64(DI)
	VMOVNTPD Z2, 128(DI)
	VMOVNTPD Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD (SI), Z0
	VMOVNTPD Z0, (DI)
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
	VMOVUPD.Z (SI), K1, Z0
	VMOVUPD Z0, K1, (DI)

done:
	VZEROUPPER
	RET

// func copyNTF32AVX512(dst, src []float32)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = src cursor, CX = elements left.
// Invariant: the elements before DI equal those before SI. Ordinary stores until DI is
// 64-byte aligned, non-temporal ones for whole vectors, an ordinary tail. No fence:
// the caller runs storeFence after its last non-temporal copy.
TEXT ·copyNTF32AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI

head:
	TESTQ $63, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JMP  head

loop4:
	CMPQ CX, $64
	JB   loop1
	VMOVUPS 0(SI), Z0
	VMOVUPS 64(SI), Z1
	VMOVUPS 128(SI), Z2
	VMOVUPS 192(SI), Z3
	VMOVNTPS Z0, 0(DI)
	VMOVNTPS Z1, 64(DI)
	VMOVNTPS Z2, 128(DI)
	VMOVNTPS Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $64, CX
	JMP  loop4

loop1:
	CMPQ CX, $16
	JB   tail
	VMOVUPS (SI), Z0
	VMOVNTPS Z0, (DI)
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
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS Z0, K1, (DI)

done:
	VZEROUPPER
	RET

// Masks for kronRowNTPhasedF64AVX512: entry r (r < 8) selects lanes r…7, the lanes of a
// vector that belong to the next block when only r lanes are left in the current one.
DATA kronPhaseMask<>+0(SB)/2, $0xff
DATA kronPhaseMask<>+2(SB)/2, $0xfe
DATA kronPhaseMask<>+4(SB)/2, $0xfc
DATA kronPhaseMask<>+6(SB)/2, $0xf8
DATA kronPhaseMask<>+8(SB)/2, $0xf0
DATA kronPhaseMask<>+10(SB)/2, $0xe0
DATA kronPhaseMask<>+12(SB)/2, $0xc0
DATA kronPhaseMask<>+14(SB)/2, $0x80
GLOBL kronPhaseMask<>(SB), RODATA|NOPTR, $16

// func kronRowNTPhasedF64AVX512(dst, a, b []float64)
// Requires: AVX512F
// dst = a ⊗ b for q = len(b) > 8 not a multiple of 8, written as whole aligned vectors
// with non-temporal stores however the blocks fall (the wrapper checks that dst is
// 64-byte aligned and len(dst) = len(a)·q; a last partial vector gets an ordinary masked
// store, inside the last block). Output vector v holds elements 8v … 8v+7; with φ = 8v mod q (the phase) and j
// the block of element 8v, its lanes t < r = q−φ are a[j]·b[φ+t] and the others (at
// most 7, since q > 8) a[j+1]·b[φ+t−q]. When r ≥ 8 that is one load of b at φ against
// a[j] broadcast; else two masked loads of b (lanes < r at φ, lanes ≥ r at φ−q: the
// masked-off lanes, outside b, are not read) and a[j+1] merge-broadcast into lanes ≥ r.
// Register plan: DI = dst cursor, SI = &a[j], DX = b base, R12 = DX − 8q, R8 = q,
// R9 = φ, CX = whole vectors left, R10 = elements in the last partial vector,
// R11 = mask table, AX = r, Z1 = the lane scales, Z2 = the lanes of b, K1 = lanes ≥ r,
// K3 = lanes < r, K2 = the lanes of the partial vector.
// Invariant: every vector before DI holds its elements; φ < q.
TEXT ·kronRowNTPhasedF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	LEAQ (R8*8), R12
	NEGQ R12
	ADDQ DX, R12
	XORQ R9, R9
	LEAQ kronPhaseMask<>(SB), R11
	MOVQ CX, R10
	ANDQ $7, R10
	SHRQ $3, CX
	JZ   phtail

phloop:
	VBROADCASTSD (SI), Z1
	MOVQ         R8, AX
	SUBQ         R9, AX
	CMPQ         AX, $8
	JB           phsplit
	VMULPD       (DX)(R9*8), Z1, Z0

phstore:
	VMOVNTPD Z0, (DI)
	ADDQ     $64, DI
	ADDQ     $8, R9
	CMPQ     R9, R8
	JB       phnext
	SUBQ     R8, R9
	ADDQ     $8, SI

phnext:
	DECQ CX
	JNZ  phloop
	JMP  phtail

phsplit:
	KMOVW        (R11)(AX*2), K1
	KNOTW        K1, K3
	VBROADCASTSD 8(SI), K1, Z1 // lanes past block j: a[j+1] (inside a: those elements exist)
	VMOVUPD.Z    (DX)(R9*8), K3, Z2
	VMOVUPD      (R12)(R9*8), K1, Z2
	VMULPD       Z2, Z1, Z0
	JMP          phstore

phtail:
	// The last partial vector lies inside the last block (a lane in block j+1 would need
	// that block to end within this vector, but it has q > 8 elements): φ + R10 = q.
	TESTQ R10, R10
	JZ    phdone
	MOVQ  R10, CX
	MOVL  $1, AX
	SHLL  CX, AX
	SUBL  $1, AX
	KMOVW AX, K2
	VBROADCASTSD (SI), Z1
	VMOVUPD.Z    (DX)(R9*8), K2, Z2
	VMULPD       Z2, Z1, Z0
	VMOVUPD      Z0, K2, (DI)

phdone:
	VZEROUPPER
	RET
