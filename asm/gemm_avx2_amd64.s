//go:build !purego

#include "textflag.h"

// GEMM micro-kernels for AVX2+FMA: a strip of full MR×NR tiles of C = α·A·B + β·C, one
// below the other, from consecutive packed A panels and one packed B panel. The tile is
// 6 rows × 2 YMM vectors (6×8 float64, 6×16 float32): rows are broadcast from the packed
// A panel (a[p*6+i]), columns loaded as vectors from the packed B panel (b[p*NR+j]).
// Edge tiles never reach the assembly: the Go wrapper (gemm_amd64.go) points it at a
// small buffer and copies the m×n part out.
//
// Register plan (both precisions):
//   SI = A panel cursor, DI = B panel cursor, CX = k steps left,
//   DX = C row cursor, BX = ldc in bytes, R9 = the B panel (DI restarts there for every
//   tile), R11 = tiles left,
//   Y0–Y11 = accumulators, row i in Y(2i) (columns 0…V−1) and Y(2i+1) (columns V…2V−1),
//   R12, R13 = prefetch cursor and rows left (see PREFNEXT),
//   R14, R15 = prefetch cursor and end of the next B micro-panel (see PREFB), AX = scratch,
//   Y12, Y13 = the current row of the B panel, Y14/Y15 = broadcast A element (alternating),
//   then α and β in the store phase.
// Loop invariant: after p steps, Y(2i+h) holds Σ_{q<p} a[q*6+i]·b[q*NR+hV…] with one
// rounding per fused multiply-add, summed in q order.
// Store: C[i][j] = α·acc (β = ±0: C is not read) or fma(β, C[i][j], α·acc).

#define STEP64(aoff, boff) \
	VMOVUPD      boff(DI), Y12 \
	VMOVUPD      boff+32(DI), Y13 \
	VBROADCASTSD aoff+0(SI), Y14 \
	VFMADD231PD  Y14, Y12, Y0 \
	VFMADD231PD  Y14, Y13, Y1 \
	VBROADCASTSD aoff+8(SI), Y15 \
	VFMADD231PD  Y15, Y12, Y2 \
	VFMADD231PD  Y15, Y13, Y3 \
	VBROADCASTSD aoff+16(SI), Y14 \
	VFMADD231PD  Y14, Y12, Y4 \
	VFMADD231PD  Y14, Y13, Y5 \
	VBROADCASTSD aoff+24(SI), Y15 \
	VFMADD231PD  Y15, Y12, Y6 \
	VFMADD231PD  Y15, Y13, Y7 \
	VBROADCASTSD aoff+32(SI), Y14 \
	VFMADD231PD  Y14, Y12, Y8 \
	VFMADD231PD  Y14, Y13, Y9 \
	VBROADCASTSD aoff+40(SI), Y15 \
	VFMADD231PD  Y15, Y12, Y10 \
	VFMADD231PD  Y15, Y13, Y11

#define STEP32(aoff, boff) \
	VMOVUPS      boff(DI), Y12 \
	VMOVUPS      boff+32(DI), Y13 \
	VBROADCASTSS aoff+0(SI), Y14 \
	VFMADD231PS  Y14, Y12, Y0 \
	VFMADD231PS  Y14, Y13, Y1 \
	VBROADCASTSS aoff+4(SI), Y15 \
	VFMADD231PS  Y15, Y12, Y2 \
	VFMADD231PS  Y15, Y13, Y3 \
	VBROADCASTSS aoff+8(SI), Y14 \
	VFMADD231PS  Y14, Y12, Y4 \
	VFMADD231PS  Y14, Y13, Y5 \
	VBROADCASTSS aoff+12(SI), Y15 \
	VFMADD231PS  Y15, Y12, Y6 \
	VFMADD231PS  Y15, Y13, Y7 \
	VBROADCASTSS aoff+16(SI), Y14 \
	VFMADD231PS  Y14, Y12, Y8 \
	VFMADD231PS  Y14, Y13, Y9 \
	VBROADCASTSS aoff+20(SI), Y15 \
	VFMADD231PS  Y15, Y12, Y10 \
	VFMADD231PS  Y15, Y13, Y11

// Store one row, C not read.
#define ROW0(MUL, MOV, r0, r1) \
	MUL  Y14, r0, r0 \
	MUL  Y14, r1, r1 \
	MOV  r0, (DX) \
	MOV  r1, 32(DX) \
	ADDQ BX, DX

// Store one row as fma(β, C, α·acc).
#define ROWB(MUL, FMA, MOV, r0, r1) \
	MUL  Y14, r0, r0 \
	MUL  Y14, r1, r1 \
	FMA  (DX), Y15, r0 \
	FMA  32(DX), Y15, r1 \
	MOV  r0, (DX) \
	MOV  r1, 32(DX) \
	ADDQ BX, DX

#define STORE0(MUL, MOV) \
	ROW0(MUL, MOV, Y0, Y1) \
	ROW0(MUL, MOV, Y2, Y3) \
	ROW0(MUL, MOV, Y4, Y5) \
	ROW0(MUL, MOV, Y6, Y7) \
	ROW0(MUL, MOV, Y8, Y9) \
	ROW0(MUL, MOV, Y10, Y11)

#define STOREB(MUL, FMA, MOV) \
	ROWB(MUL, FMA, MOV, Y0, Y1) \
	ROWB(MUL, FMA, MOV, Y2, Y3) \
	ROWB(MUL, FMA, MOV, Y4, Y5) \
	ROWB(MUL, FMA, MOV, Y6, Y7) \
	ROWB(MUL, FMA, MOV, Y8, Y9) \
	ROWB(MUL, FMA, MOV, Y10, Y11)

#define ZERO12 \
	VXORPD Y0, Y0, Y0 \
	VXORPD Y1, Y1, Y1 \
	VXORPD Y2, Y2, Y2 \
	VXORPD Y3, Y3, Y3 \
	VXORPD Y4, Y4, Y4 \
	VXORPD Y5, Y5, Y5 \
	VXORPD Y6, Y6, Y6 \
	VXORPD Y7, Y7, Y7 \
	VXORPD Y8, Y8, Y8 \
	VXORPD Y9, Y9, Y9 \
	VXORPD Y10, Y10, Y10 \
	VXORPD Y11, Y11, Y11

// PREFC prefetches the 6 rows of the C tile (64 bytes each: 2 lines cover any alignment)
// and leaves R12 at the tile below (6 rows down, the tile the next pass updates).
#define PREFROW \
	PREFETCHT0 (R12) \
	PREFETCHT0 63(R12) \
	ADDQ       BX, R12

#define PREFC \
	MOVQ DX, R12 \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW

// PREFNEXT prefetches one row of the tile below per 4 k steps, for the first 6 of them
// in a tile (R12 = next row, R13 = rows left). Prefetches never fault.
#define PREFNEXT \
	TESTQ      R13, R13 \
	JZ         nopref \
	PREFETCHT0 (R12) \
	PREFETCHT0 63(R12) \
	ADDQ       BX, R12 \
	DECQ       R13 \
nopref:

// PREFB prefetches one line of the next B micro-panel (contiguous after this one in the
// packed panel) into L2 per 4 k steps, so the next strip does not start by waiting on
// L3: R14 = cursor, R15 = end. Without it the kernel walking through a packed panel ran
// at 84% of the FMA probe against 95% on one cache-resident micro-panel (float64,
// k = 384, blocked.TestGemmKernelTune).
#define PREFB \
	CMPQ       R14, R15 \
	JAE        noprefb \
	PREFETCHT1 (R14) \
	ADDQ       $64, R14 \
noprefb:

// TILES is the strip loop of both kernels: for each of R11 tiles, k steps of STEP (4 at a
// time, then singly), then the store; A (asz bytes per k step) and B (64 bytes per step)
// are prefetched into L1 512 bytes ahead. After a tile SI and DX point at the next tile's
// A panel and C rows.
#define TILES(STEP, BCAST, MUL, FMA, MOV, asz, alpha, beta, BETAMOV, BETASHL) \
tile: \
	MOVQ R9, DI \
	MOVQ k+72(FP), CX \
	PREFC \
	MOVQ $6, R13 \
	ZERO12 \
	CMPQ CX, $4 \
	JB   tail \
loop4: \
	PREFNEXT \
	PREFB \
	PREFETCHT0 512(SI) \
	PREFETCHT0 512(DI) \
	STEP(0, 0) \
	PREFETCHT0 576(DI) \
	STEP(asz, 64) \
	PREFETCHT0 512+64(SI) \
	PREFETCHT0 640(DI) \
	STEP(2*asz, 128) \
	PREFETCHT0 704(DI) \
	STEP(3*asz, 192) \
	ADDQ $4*asz, SI \
	ADDQ $256, DI \
	SUBQ $4, CX \
	CMPQ CX, $4 \
	JAE  loop4 \
tail: \
	TESTQ CX, CX \
	JZ    store \
loop1: \
	STEP(0, 0) \
	ADDQ $asz, SI \
	ADDQ $64, DI \
	DECQ CX \
	JNZ  loop1 \
store: \
	BCAST alpha, Y14 \
	BCAST beta, Y15 \
	BETAMOV beta, AX \
	BETASHL $1, AX \
	JZ    beta0 \
	STOREB(MUL, FMA, MOV) \
	JMP   next \
beta0: \
	STORE0(MUL, MOV) \
next: \
	DECQ R11 \
	JNZ  tile

// func gemmF64AVX2(a, b, c []float64, k, ldc int, alpha, beta float64, tiles int)
// Requires: AVX, AVX2, FMA3
TEXT ·gemmF64AVX2(SB), NOSPLIT, $0-112
	MOVQ a_base+0(FP), SI
	MOVQ b_base+24(FP), R9
	MOVQ c_base+48(FP), DX
	MOVQ ldc+80(FP), BX
	SHLQ $3, BX
	MOVQ tiles+104(FP), R11
	MOVQ k+72(FP), AX
	SHLQ $6, AX // bytes of one B micro-panel (k·NR elements)
	LEAQ (R9)(AX*1), R14
	LEAQ (R14)(AX*1), R15
	TILES(STEP64, VBROADCASTSD, VMULPD, VFMADD231PD, VMOVUPD, 48, alpha+88(FP), beta+96(FP), MOVQ, SHLQ)
	VZEROUPPER
	RET

// func gemmF32AVX2(a, b, c []float32, k, ldc int, alpha, beta float32, tiles int)
// Requires: AVX, AVX2, FMA3
TEXT ·gemmF32AVX2(SB), NOSPLIT, $0-104
	MOVQ a_base+0(FP), SI
	MOVQ b_base+24(FP), R9
	MOVQ c_base+48(FP), DX
	MOVQ ldc+80(FP), BX
	SHLQ $2, BX
	MOVQ tiles+96(FP), R11
	MOVQ k+72(FP), AX
	SHLQ $6, AX // bytes of one B micro-panel (k·NR elements)
	LEAQ (R9)(AX*1), R14
	LEAQ (R14)(AX*1), R15
	TILES(STEP32, VBROADCASTSS, VMULPS, VFMADD231PS, VMOVUPS, 24, alpha+88(FP), beta+92(FP), MOVL, SHLL)
	VZEROUPPER
	RET

// func packGather8F32AVX2(d []float32, w int, src []float32, stride, blocks int)
// Requires: AVX
// Interleaves 8 rows of src into d, 8 columns per block: d[p*w + r] = src[r*stride + p]
// for r < 8, p < 8·blocks (the Go wrapper does the columns past the last whole block).
// Register plan: AX = rows 0–3 cursor, BX = rows 4–7 cursor (both advance 8 elements per
// block), R9 = stride in bytes, R13 = 3·stride in bytes, DI = destination of the block's
// first column, DX = destination cursor, R8 = w in bytes, CX = blocks left;
// Y0–Y7 = the block's rows, Y8–Y15 = transpose stages. Each block: 8 row loads, an 8×8
// transpose (unpack, shuffle, 128-bit permute), 8 stores of 8 elements at stride w.
// Invariant: d[p*w : p*w+8] holds column p for every p before the current block.
TEXT ·packGather8F32AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ w+24(FP), R8
	SHLQ $2, R8
	MOVQ src_base+32(FP), AX
	MOVQ stride+56(FP), R9
	SHLQ $2, R9
	LEAQ (R9)(R9*2), R13
	LEAQ (AX)(R9*4), BX
	MOVQ blocks+64(FP), CX
	TESTQ CX, CX
	JZ   done

block:
	VMOVUPS (AX), Y0
	VMOVUPS (AX)(R9*1), Y1
	VMOVUPS (AX)(R9*2), Y2
	VMOVUPS (AX)(R13*1), Y3
	VMOVUPS (BX), Y4
	VMOVUPS (BX)(R9*1), Y5
	VMOVUPS (BX)(R9*2), Y6
	VMOVUPS (BX)(R13*1), Y7
	VUNPCKLPS Y1, Y0, Y8
	VUNPCKHPS Y1, Y0, Y9
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15
	VSHUFPS   $0x44, Y10, Y8, Y0
	VSHUFPS   $0xEE, Y10, Y8, Y1
	VSHUFPS   $0x44, Y11, Y9, Y2
	VSHUFPS   $0xEE, Y11, Y9, Y3
	VSHUFPS   $0x44, Y14, Y12, Y4
	VSHUFPS   $0xEE, Y14, Y12, Y5
	VSHUFPS   $0x44, Y15, Y13, Y6
	VSHUFPS   $0xEE, Y15, Y13, Y7
	MOVQ       DI, DX
	VPERM2F128 $0x20, Y4, Y0, Y8
	VMOVUPS    Y8, (DX)
	ADDQ       R8, DX
	VPERM2F128 $0x20, Y5, Y1, Y8
	VMOVUPS    Y8, (DX)
	ADDQ       R8, DX
	VPERM2F128 $0x20, Y6, Y2, Y8
	VMOVUPS    Y8, (DX)
	ADDQ       R8, DX
	VPERM2F128 $0x20, Y7, Y3, Y8
	VMOVUPS    Y8, (DX)
	ADDQ       R8, DX
	VPERM2F128 $0x31, Y4, Y0, Y8
	VMOVUPS    Y8, (DX)
	ADDQ       R8, DX
	VPERM2F128 $0x31, Y5, Y1, Y8
	VMOVUPS    Y8, (DX)
	ADDQ       R8, DX
	VPERM2F128 $0x31, Y6, Y2, Y8
	VMOVUPS    Y8, (DX)
	ADDQ       R8, DX
	VPERM2F128 $0x31, Y7, Y3, Y8
	VMOVUPS    Y8, (DX)
	ADDQ       R8, DX
	MOVQ       DX, DI
	ADDQ       $32, AX
	ADDQ       $32, BX
	DECQ       CX
	JNZ        block

done:
	VZEROUPPER
	RET
