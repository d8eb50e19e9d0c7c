//go:build !purego

#include "textflag.h"

// Kronecker-product row kernels and the non-temporal copy that writes large outputs.
// A Kronecker row kernel writes len(a) blocks of len(b) elements, block j being a[j]·b
// (or accumulating alpha·a[j]·b into it): one output row of A⊗B. The assembly trusts
// its Go wrappers (kron_amd64.go) for slice lengths.
// Partial vectors are done one scalar at a time.

// func kronRowF64AVX2(dst, a, b []float64)
// Requires: AVX2
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Y15 = a[j] in every lane.
// Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].
TEXT ·kronRowF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done

block:
	VBROADCASTSD (SI), Y15
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $16
	JB   loop1
	VMULPD 0(R11), Y15, Y0
	VMULPD 32(R11), Y15, Y1
	VMULPD 64(R11), Y15, Y2
	VMULPD 96(R11), Y15, Y3
	VMOVUPD Y0, 0(DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, R11
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMULPD 0(R11), Y15, Y0
	VMOVUPD Y0, (DI)
	ADDQ $32, R11
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
scalar:
	VMULSD (R11), X15, X0
	VMOVSD X0, (DI)
	ADDQ $8, R11
	ADDQ $8, DI
	DECQ CX
	JNZ  scalar

next:
	ADDQ $8, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowF32AVX2(dst, a, b []float32)
// Requires: AVX2
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Y15 = a[j] in every lane.
// Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].
TEXT ·kronRowF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done

block:
	VBROADCASTSS (SI), Y15
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $32
	JB   loop1
	VMULPS 0(R11), Y15, Y0
	VMULPS 32(R11), Y15, Y1
	VMULPS 64(R11), Y15, Y2
	VMULPS 96(R11), Y15, Y3
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, R11
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMULPS 0(R11), Y15, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, R11
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
scalar:
	VMULSS (R11), X15, X0
	VMOVSS X0, (DI)
	ADDQ $4, R11
	ADDQ $4, DI
	DECQ CX
	JNZ  scalar

next:
	ADDQ $4, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowAddF64AVX2(dst []float64, alpha float64, a, b []float64)
// Requires: AVX2, FMA3
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Y14 = alpha, Y15 = alpha·a[j] in every lane.
// Invariant: the blocks before DI hold dst[j·q+l] = fma(alpha·a[j], b[l], dst[j·q+l]).
TEXT ·kronRowAddF64AVX2(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	VBROADCASTSD alpha+24(FP), Y14
	MOVQ a_base+32(FP), SI
	MOVQ a_len+40(FP), BX
	MOVQ b_base+56(FP), DX
	MOVQ b_len+64(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done

block:
	VMULSD (SI), X14, X13
	VBROADCASTSD X13, Y15
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(DI), Y0
	VFMADD231PD 0(R11), Y15, Y0
	VMOVUPD 32(DI), Y1
	VFMADD231PD 32(R11), Y15, Y1
	VMOVUPD 64(DI), Y2
	VFMADD231PD 64(R11), Y15, Y2
	VMOVUPD 96(DI), Y3
	VFMADD231PD 96(R11), Y15, Y3
	VMOVUPD Y0, 0(DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, R11
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMOVUPD 0(DI), Y0
	VFMADD231PD 0(R11), Y15, Y0
	VMOVUPD Y0, (DI)
	ADDQ $32, R11
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
scalar:
	VMOVSD (DI), X0
	VFMADD231SD (R11), X15, X0
	VMOVSD X0, (DI)
	ADDQ $8, R11
	ADDQ $8, DI
	DECQ CX
	JNZ  scalar

next:
	ADDQ $8, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowAddF32AVX2(dst []float32, alpha float32, a, b []float32)
// Requires: AVX2, FMA3
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Y14 = alpha, Y15 = alpha·a[j] in every lane.
// Invariant: the blocks before DI hold dst[j·q+l] = fma(alpha·a[j], b[l], dst[j·q+l]).
TEXT ·kronRowAddF32AVX2(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	VBROADCASTSS alpha+24(FP), Y14
	MOVQ a_base+32(FP), SI
	MOVQ a_len+40(FP), BX
	MOVQ b_base+56(FP), DX
	MOVQ b_len+64(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done

block:
	VMULSS (SI), X14, X13
	VBROADCASTSS X13, Y15
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(DI), Y0
	VFMADD231PS 0(R11), Y15, Y0
	VMOVUPS 32(DI), Y1
	VFMADD231PS 32(R11), Y15, Y1
	VMOVUPS 64(DI), Y2
	VFMADD231PS 64(R11), Y15, Y2
	VMOVUPS 96(DI), Y3
	VFMADD231PS 96(R11), Y15, Y3
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, R11
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPS 0(DI), Y0
	VFMADD231PS 0(R11), Y15, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, R11
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
scalar:
	VMOVSS (DI), X0
	VFMADD231SS (R11), X15, X0
	VMOVSS X0, (DI)
	ADDQ $4, R11
	ADDQ $4, DI
	DECQ CX
	JNZ  scalar

next:
	ADDQ $4, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowNTF64AVX2(dst, a, b []float64)
// Requires: AVX2
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Y15 = a[j] in every lane.
// Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].
// Non-temporal stores: the caller guarantees dst is 32-byte aligned and len(b) is a
// multiple of 4, so every store is a whole aligned vector (the short path has q = 4,
// the tail never runs); no fence (the caller runs storeFence after the output).
TEXT ·kronRowNTF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done

block:
	VBROADCASTSD (SI), Y15
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $16
	JB   loop1
	VMULPD 0(R11), Y15, Y0
	VMULPD 32(R11), Y15, Y1
	VMULPD 64(R11), Y15, Y2
	VMULPD 96(R11), Y15, Y3
	VMOVNTPD Y0, 0(DI)
	VMOVNTPD Y1, 32(DI)
	VMOVNTPD Y2, 64(DI)
	VMOVNTPD Y3, 96(DI)
	ADDQ $128, R11
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMULPD 0(R11), Y15, Y0
	VMOVNTPD Y0, (DI)
	ADDQ $32, R11
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
scalar:
	VMULSD (R11), X15, X0
	VMOVSD X0, (DI)
	ADDQ $8, R11
	ADDQ $8, DI
	DECQ CX
	JNZ  scalar

next:
	ADDQ $8, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func kronRowNTF32AVX2(dst, a, b []float32)
// Requires: AVX2
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Y15 = a[j] in every lane.
// Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].
// Non-temporal stores: the caller guarantees dst is 32-byte aligned and len(b) is a
// multiple of 8, so every store is a whole aligned vector (the short path has q = 8,
// the tail never runs); no fence (the caller runs storeFence after the output).
TEXT ·kronRowNTF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	TESTQ BX, BX
	JZ    done
	TESTQ R8, R8
	JZ    done

block:
	VBROADCASTSS (SI), Y15
	MOVQ DX, R11
	MOVQ R8, CX

loop4:
	CMPQ CX, $32
	JB   loop1
	VMULPS 0(R11), Y15, Y0
	VMULPS 32(R11), Y15, Y1
	VMULPS 64(R11), Y15, Y2
	VMULPS 96(R11), Y15, Y3
	VMOVNTPS Y0, 0(DI)
	VMOVNTPS Y1, 32(DI)
	VMOVNTPS Y2, 64(DI)
	VMOVNTPS Y3, 96(DI)
	ADDQ $128, R11
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMULPS 0(R11), Y15, Y0
	VMOVNTPS Y0, (DI)
	ADDQ $32, R11
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    next
scalar:
	VMULSS (R11), X15, X0
	VMOVSS X0, (DI)
	ADDQ $4, R11
	ADDQ $4, DI
	DECQ CX
	JNZ  scalar

next:
	ADDQ $4, SI
	DECQ BX
	JNZ  block

done:
	VZEROUPPER
	RET

// func copyNTF64AVX2(dst, src []float64)
// Requires: AVX
// Register plan: DI = dst cursor, SI = src cursor, CX = elements left.
// Invariant: the elements before DI equal those before SI. Ordinary stores until DI is
// 32-byte aligned, non-temporal ones for whole vectors, an ordinary tail. No fence:
// the caller runs storeFence after its last non-temporal copy.
TEXT ·copyNTF64AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI

head:
	TESTQ $31, DI
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
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD 64(SI), Y2
	VMOVUPD 96(SI), Y3
	VMOVNTPD Y0, 0(DI)
	VMOVNTPD Y1, 32(DI)
	VMOVNTPD Y2, 64(DI)
	VMOVNTPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMOVUPD (SI), Y0
	VMOVNTPD Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VMOVSD X0, (DI)
	ADDQ $8, SI
	ADDQ $8, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func copyNTF32AVX2(dst, src []float32)
// Requires: AVX
// Register plan: DI = dst cursor, SI = src cursor, CX = elements left.
// Invariant: the elements before DI equal those before SI. Ordinary stores until DI is
// 32-byte aligned, non-temporal ones for whole vectors, an ordinary tail. No fence:
// the caller runs storeFence after its last non-temporal copy.
TEXT ·copyNTF32AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI

head:
	TESTQ $31, DI
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
	CMPQ CX, $32
	JB   loop1
	VMOVUPS 0(SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VMOVNTPS Y0, 0(DI)
	VMOVNTPS Y1, 32(DI)
	VMOVNTPS Y2, 64(DI)
	VMOVNTPS Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPS (SI), Y0
	VMOVNTPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSS (SI), X0
	VMOVSS X0, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET

// func storeFence()
// Requires: SSE
// Orders every earlier store, non-temporal ones included, before any later one: run it
// after the last copyNT of an output.
TEXT ·storeFence(SB), NOSPLIT, $0-0
	SFENCE
	RET
