//go:build !purego

#include "textflag.h"

// Kronecker-product row kernels and the non-temporal copy that writes large outputs.
// A Kronecker row kernel writes len(a) blocks of len(b) elements, block j being a[j]·b
// (or accumulating alpha·a[j]·b into it): one output row of A⊗B. The assembly trusts
// its Go wrappers (kron_amd64.go) for slice lengths.
// Partial vectors use the mask K1, so nothing past a slice is read or written.
// The loops are the macros of kron_amd64.h with 512-bit registers: KV0…KV3 = Z0–Z3,
// KS = Z31, KXALPHA = X30 (alpha), KXT = X29; Z0 and Z1 in the masked tails.

#define KV0 Z0
#define KV1 Z1
#define KV2 Z2
#define KV3 Z3
#define KS Z31
#define KXALPHA X30
#define KXT X29
#define KVB 64

#include "kron_amd64.h"

// KRON_LANEMASK(k): k = (1<<CX) − 1, a mask of the low CX lanes; clobbers AX.
#define KRON_LANEMASK(k) \
	MOVL  $1, AX \
	SHLL  CX, AX \
	SUBL  $1, AX \
	KMOVW AX, k

// KRON_MASKS_Z(mov, n, esz): K1 = the last len(b) mod n lanes (n elements a vector),
// then on to block when len(b) > n. Rows of B of at most one vector (q ≤ n) fall through
// to short: b stays in Z28, K2 masks its q lanes, R10 = q·esz, and each block is one
// (masked) store. Clobbers AX, CX.
#define KRON_MASKS_Z(mov, n, esz) \
	MOVQ  R8, CX \
	ANDQ  $(n-1), CX \
	KRON_LANEMASK(K1) \
	CMPQ  R8, $n \
	JA    block \
	MOVQ  R8, CX \
	KRON_LANEMASK(K2) \
	mov.Z (DX), K2, Z28 \
	LEAQ  0(R8*esz), R10

// KRON_SHORT_NEXT(esz) ends a short-path block: DI past its q elements, on to the next
// element of a while BX > 0, then done.
#define KRON_SHORT_NEXT(esz) \
	ADDQ R10, DI \
	ADDQ $esz, SI \
	DECQ BX \
	JNZ  short \
	JMP  done

// The short path's store of Z0, the argument shortst of KRON_ROW_Z: KRON_SHORT_MASKED
// stores the q lanes of K2 with mov; KRON_SHORT_NT a whole vector with the non-temporal
// st (the NT kernels have q = n there).
#define KRON_SHORT_MASKED(mov, st) mov Z0, K2, (DI)
#define KRON_SHORT_NT(mov, st) st Z0, (DI)

// KRON_TAIL_MUL_Z(mov, mul, esz): tail of a block, dst = a[j]·b for its last CX < n
// elements with the mask K1 (Z1 = b, Z0 the product); DI past them.
#define KRON_TAIL_MUL_Z(mov, mul, esz) \
tail: \
	TESTQ CX, CX \
	JZ    next \
	mov.Z (R11), K1, Z1 \
	mul   Z1, KS, Z0 \
	mov   Z0, K1, (DI) \
	LEAQ  (DI)(CX*esz), DI

// KRON_TAIL_FMA_Z(mov, fma, esz): the same for dst = fma(alpha·a[j], b, dst).
#define KRON_TAIL_FMA_Z(mov, fma, esz) \
tail: \
	TESTQ CX, CX \
	JZ    next \
	mov.Z (R11), K1, Z1 \
	mov.Z (DI), K1, Z0 \
	fma   Z1, KS, Z0 \
	mov   Z0, K1, (DI) \
	LEAQ  (DI)(CX*esz), DI

// KRON_ROW_Z(bcast, mul, mov, st, shortst, esz) is a whole kernel dst = a ⊗ b once DI,
// SI, BX, DX and R8 are loaded: the masks, the short path for q ≤ n (KS = a[j] times
// Z28, stored by shortst), else per element of a KS = a[j] (bcast = VBROADCASTSD/SS),
// loop4, loop1 (vector stores with st: mov, or VMOVNTPx for the non-temporal kernels)
// and the masked tail.
#define KRON_ROW_Z(bcast, mul, mov, st, shortst, esz) \
	KRON_NONEMPTY \
	KRON_MASKS_Z(mov, (KVB/esz), esz) \
short: \
	bcast (SI), KS \
	mul   Z28, KS, Z0 \
	shortst(mov, st) \
	KRON_SHORT_NEXT(esz) \
block: \
	bcast (SI), KS \
	KRON_BLOCK_START \
	KRON_MUL4(mul, st, (KVB/esz)) \
	KRON_MUL1(mul, st, (KVB/esz)) \
	KRON_TAIL_MUL_Z(mov, mul, esz) \
	KRON_NEXT(esz)

// KRON_ROWADD_Z(bcast, mov, fma, smul, esz) is a whole kernel dst += alpha·(a ⊗ b)
// once DI, SI, BX, DX, R8 and Z30 = alpha are loaded: as KRON_ROW_Z with
// KS = alpha·a[j] (smul = VMULSD/SS) and fused multiply-adds into dst.
#define KRON_ROWADD_Z(bcast, mov, fma, smul, esz) \
	KRON_NONEMPTY \
	KRON_MASKS_Z(mov, (KVB/esz), esz) \
short: \
	KRON_ALPHA_SCALE(smul, bcast) \
	mov.Z (DI), K2, Z0 \
	fma   Z28, KS, Z0 \
	mov   Z0, K2, (DI) \
	KRON_SHORT_NEXT(esz) \
block: \
	KRON_ALPHA_SCALE(smul, bcast) \
	KRON_BLOCK_START \
	KRON_FMA4(mov, fma, (KVB/esz)) \
	KRON_FMA1(mov, fma, (KVB/esz)) \
	KRON_TAIL_FMA_Z(mov, fma, esz) \
	KRON_NEXT(esz)

// KRON_COPY_NT_Z(mov, nt, smov, esz) is a whole copy once DI, CX and SI are loaded: the
// scalar head up to 64-byte alignment, the non-temporal loops, a masked tail (K1, Z0).
#define KRON_COPY_NT_Z(mov, nt, smov, esz) \
	KRON_COPY_HEAD(smov, esz) \
	KRON_COPY_LOOPS(mov, nt, (KVB/esz)) \
tail: \
	TESTQ CX, CX \
	JZ    done \
	KRON_LANEMASK(K1) \
	mov.Z (SI), K1, Z0 \
	mov   Z0, K1, (DI) \
done: \
	VZEROUPPER \
	RET

// func kronRowF64AVX512(dst, a, b []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Z31 = a[j] in every lane, K1 = mask of the last len(b) mod 8 lanes; for q ≤ 8,
// Z28 = b, K2 = its lanes, R10 = 8q.
// Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].
TEXT ·kronRowF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	KRON_ROW_Z(VBROADCASTSD, VMULPD, VMOVUPD, VMOVUPD, KRON_SHORT_MASKED, 8)

// func kronRowF32AVX512(dst, a, b []float32)
// Requires: AVX512F
// Register plan and invariant as in kronRowF64AVX512, with 16 lanes.
TEXT ·kronRowF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	KRON_ROW_Z(VBROADCASTSS, VMULPS, VMOVUPS, VMOVUPS, KRON_SHORT_MASKED, 4)

// func kronRowAddF64AVX512(dst []float64, alpha float64, a, b []float64)
// Requires: AVX512F
// Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
// R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
// Z30 = alpha, Z31 = alpha·a[j] in every lane, K1 = mask of the last len(b) mod 8 lanes;
// for q ≤ 8, Z28 = b, K2 = its lanes, R10 = 8q.
// Invariant: the blocks before DI hold dst[j·q+l] = fma(alpha·a[j], b[l], dst[j·q+l]).
TEXT ·kronRowAddF64AVX512(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	VBROADCASTSD alpha+24(FP), Z30
	MOVQ a_base+32(FP), SI
	MOVQ a_len+40(FP), BX
	MOVQ b_base+56(FP), DX
	MOVQ b_len+64(FP), R8
	KRON_ROWADD_Z(VBROADCASTSD, VMOVUPD, VFMADD231PD, VMULSD, 8)

// func kronRowAddF32AVX512(dst []float32, alpha float32, a, b []float32)
// Requires: AVX512F
// Register plan and invariant as in kronRowAddF64AVX512, with 16 lanes.
TEXT ·kronRowAddF32AVX512(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	VBROADCASTSS alpha+24(FP), Z30
	MOVQ a_base+32(FP), SI
	MOVQ a_len+40(FP), BX
	MOVQ b_base+56(FP), DX
	MOVQ b_len+64(FP), R8
	KRON_ROWADD_Z(VBROADCASTSS, VMOVUPS, VFMADD231PS, VMULSS, 4)

// func kronRowNTF64AVX512(dst, a, b []float64)
// Requires: AVX512F
// Register plan and invariant as in kronRowF64AVX512.
// Non-temporal stores: the caller guarantees dst is 64-byte aligned and len(b) is a
// multiple of 8, so every store is a whole aligned vector (the short path has q = 8,
// the tail never runs); no fence (the caller runs storeFence after the output).
TEXT ·kronRowNTF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	KRON_ROW_Z(VBROADCASTSD, VMULPD, VMOVUPD, VMOVNTPD, KRON_SHORT_NT, 8)

// func kronRowNTF32AVX512(dst, a, b []float32)
// Requires: AVX512F
// Register plan and invariant as in kronRowF64AVX512, with 16 lanes.
// Non-temporal stores: the caller guarantees dst is 64-byte aligned and len(b) is a
// multiple of 16, so every store is a whole aligned vector (the short path has q = 16,
// the tail never runs); no fence (the caller runs storeFence after the output).
TEXT ·kronRowNTF32AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), BX
	MOVQ b_base+48(FP), DX
	MOVQ b_len+56(FP), R8
	KRON_ROW_Z(VBROADCASTSS, VMULPS, VMOVUPS, VMOVNTPS, KRON_SHORT_NT, 4)

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
	KRON_COPY_NT_Z(VMOVUPD, VMOVNTPD, VMOVSD, 8)

// func copyNTF32AVX512(dst, src []float32)
// Requires: AVX512F
// Register plan and invariant as in copyNTF64AVX512.
TEXT ·copyNTF32AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	KRON_COPY_NT_Z(VMOVUPS, VMOVNTPS, VMOVSS, 4)

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
	KRON_LANEMASK(K2)
	VBROADCASTSD (SI), Z1
	VMOVUPD.Z    (DX)(R9*8), K2, Z2
	VMULPD       Z2, Z1, Z0
	VMOVUPD      Z0, K2, (DI)

phdone:
	VZEROUPPER
	RET
