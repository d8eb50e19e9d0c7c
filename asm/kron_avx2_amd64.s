//go:build !purego

#include "textflag.h"

// Kronecker-product row kernels and the non-temporal copy that writes large outputs.
// A Kronecker row kernel writes len(a) blocks of len(b) elements, block j being a[j]·b
// (or accumulating alpha·a[j]·b into it): one output row of A⊗B. The assembly trusts
// its Go wrappers (kron_amd64.go) for slice lengths.
// Partial vectors are done one scalar at a time.
// The loops are the macros of kron_amd64.h with 256-bit registers: KV0…KV3 = Y0–Y3,
// KS = Y15 (X15 its low lane), KXALPHA = X14 (alpha), KXT = X13; X0 in the scalar tails.

#define KV0 Y0
#define KV1 Y1
#define KV2 Y2
#define KV3 Y3
#define KS Y15
#define KXALPHA X14
#define KXT X13
#define KVB 32

#include "kron_amd64.h"

// KRON_TAIL_MUL_Y(smul, smov, esz): tail of a block, dst = a[j]·b for its last
// CX < n elements one at a time (smul = VMULSD/VMULSS, smov = VMOVSD/VMOVSS); X0 scratch.
#define KRON_TAIL_MUL_Y(smul, smov, esz) \
tail: \
	TESTQ CX, CX \
	JZ    next \
scalar: \
	smul (R11), X15, X0 \
	smov X0, (DI) \
	ADDQ $esz, R11 \
	ADDQ $esz, DI \
	DECQ CX \
	JNZ  scalar

// KRON_TAIL_FMA_Y(smov, sfma, esz): the same for dst = fma(alpha·a[j], b, dst)
// (sfma = VFMADD231SD/SS).
#define KRON_TAIL_FMA_Y(smov, sfma, esz) \
tail: \
	TESTQ CX, CX \
	JZ    next \
scalar: \
	smov (DI), X0 \
	sfma (R11), X15, X0 \
	smov X0, (DI) \
	ADDQ $esz, R11 \
	ADDQ $esz, DI \
	DECQ CX \
	JNZ  scalar

// KRON_ROW_Y(bcast, mul, st, smul, smov, esz) is a whole kernel dst = a ⊗ b once DI,
// SI, BX, DX and R8 are loaded: per element of a, KS = a[j] (bcast = VBROADCASTSD/SS),
// then loop4, loop1 (vector stores with st: VMOVUPx, or VMOVNTPx for the
// non-temporal kernels) and the scalar tail.
#define KRON_ROW_Y(bcast, mul, st, smul, smov, esz) \
	KRON_NONEMPTY \
block: \
	bcast (SI), KS \
	KRON_BLOCK_START \
	KRON_MUL4(mul, st, (KVB/esz)) \
	KRON_MUL1(mul, st, (KVB/esz)) \
	KRON_TAIL_MUL_Y(smul, smov, esz) \
	KRON_NEXT(esz)

// KRON_ROWADD_Y(bcast, mov, fma, smul, smov, sfma, esz) is a whole kernel
// dst += alpha·(a ⊗ b) once DI, SI, BX, DX, R8 and Y14 = alpha are loaded.
#define KRON_ROWADD_Y(bcast, mov, fma, smul, smov, sfma, esz) \
	KRON_NONEMPTY \
block: \
	KRON_ALPHA_SCALE(smul, bcast) \
	KRON_BLOCK_START \
	KRON_FMA4(mov, fma, (KVB/esz)) \
	KRON_FMA1(mov, fma, (KVB/esz)) \
	KRON_TAIL_FMA_Y(smov, sfma, esz) \
	KRON_NEXT(esz)

// KRON_COPY_NT_Y(mov, nt, smov, esz) is a whole copy once DI, CX and SI are loaded:
// the scalar head up to 32-byte alignment, the non-temporal loops, a scalar tail.
#define KRON_COPY_NT_Y(mov, nt, smov, esz) \
	KRON_COPY_HEAD(smov, esz) \
	KRON_COPY_LOOPS(mov, nt, (KVB/esz)) \
tail: \
	TESTQ CX, CX \
	JZ    done \
	KRON_COPY_ONE(smov, esz) \
	JMP   tail \
done: \
	VZEROUPPER \
	RET

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
	KRON_ROW_Y(VBROADCASTSD, VMULPD, VMOVUPD, VMULSD, VMOVSD, 8)

// func kronRowF32AVX2(dst, a, b []float32)
// Requires: AVX2
// Register plan and invariant as in kronRowF64AVX2.
TEXT ·kronRowF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	KRON_ROW_Y(VBROADCASTSS, VMULPS, VMOVUPS, VMULSS, VMOVSS, 4)

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
	KRON_ROWADD_Y(VBROADCASTSD, VMOVUPD, VFMADD231PD, VMULSD, VMOVSD, VFMADD231SD, 8)

// func kronRowAddF32AVX2(dst []float32, alpha float32, a, b []float32)
// Requires: AVX2, FMA3
// Register plan and invariant as in kronRowAddF64AVX2.
TEXT ·kronRowAddF32AVX2(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	VBROADCASTSS alpha+24(FP), Y14
	MOVQ a_base+32(FP), SI
	MOVQ a_len+40(FP), BX
	MOVQ b_base+56(FP), DX
	MOVQ b_len+64(FP), R8
	KRON_ROWADD_Y(VBROADCASTSS, VMOVUPS, VFMADD231PS, VMULSS, VMOVSS, VFMADD231SS, 4)

// func kronRowNTF64AVX2(dst, a, b []float64)
// Requires: AVX2
// Register plan and invariant as in kronRowF64AVX2.
// Non-temporal stores: the caller guarantees dst is 32-byte aligned and len(b) is a
// multiple of 4, so every store is a whole aligned vector (the short path has q = 4,
// the tail never runs); no fence (the caller runs storeFence after the output).
TEXT ·kronRowNTF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	KRON_ROW_Y(VBROADCASTSD, VMULPD, VMOVNTPD, VMULSD, VMOVSD, 8)

// func kronRowNTF32AVX2(dst, a, b []float32)
// Requires: AVX2
// Register plan and invariant as in kronRowF64AVX2.
// Non-temporal stores: the caller guarantees dst is 32-byte aligned and len(b) is a
// multiple of 8, so every store is a whole aligned vector (the short path has q = 8,
// the tail never runs); no fence (the caller runs storeFence after the output).
TEXT ·kronRowNTF32AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	KRON_ROW_Y(VBROADCASTSS, VMULPS, VMOVNTPS, VMULSS, VMOVSS, 4)

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
	KRON_COPY_NT_Y(VMOVUPD, VMOVNTPD, VMOVSD, 8)

// func copyNTF32AVX2(dst, src []float32)
// Requires: AVX
// Register plan and invariant as in copyNTF64AVX2.
TEXT ·copyNTF32AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	KRON_COPY_NT_Y(VMOVUPS, VMOVNTPS, VMOVSS, 4)

// func storeFence()
// Requires: SSE
// Orders every earlier store, non-temporal ones included, before any later one: run it
// after the last copyNT of an output.
TEXT ·storeFence(SB), NOSPLIT, $0-0
	SFENCE
	RET
