//go:build !purego

#include "textflag.h"

// Register-tile transpose, 8×8 float64 tiles in ZMM registers. The assembly trusts its
// Go wrapper (transpose_amd64.go): rows and cols are positive multiples of 8 and every
// element of both matrices lies inside its slice.
//
// One tile: load rows r0…r7 as Zi = [ri[0:4] | ri+4[0:4]] and Wi = [ri[4:8] | ri+4[4:8]]
// (i < 4; a 256-bit load and a 256-bit insert each); VUNPCKLPD/VUNPCKHPD pair rows
// (0,1) and (2,3) within 128-bit lanes; VPERMI2PD with the index vectors below gathers
// the 128-bit pairs into whole columns; the eight columns are stored as the eight dst rows.

// TILE_LOAD loads the 8×8 tile at AX (BX = AX + 4 rows) into Z0–Z7 as described above.
#define TILE_LOAD \
	LEAQ (AX)(R8*4), BX \
	VMOVUPD (AX), Y0 \
	VINSERTF64X4 $1, (BX), Z0, Z0 \
	VMOVUPD (AX)(R8*1), Y1 \
	VINSERTF64X4 $1, (BX)(R8*1), Z1, Z1 \
	VMOVUPD (AX)(R8*2), Y2 \
	VINSERTF64X4 $1, (BX)(R8*2), Z2, Z2 \
	VMOVUPD (AX)(R11*1), Y3 \
	VINSERTF64X4 $1, (BX)(R11*1), Z3, Z3 \
	VMOVUPD 32(AX), Y4 \
	VINSERTF64X4 $1, 32(BX), Z4, Z4 \
	VMOVUPD 32(AX)(R8*1), Y5 \
	VINSERTF64X4 $1, 32(BX)(R8*1), Z5, Z5 \
	VMOVUPD 32(AX)(R8*2), Y6 \
	VINSERTF64X4 $1, 32(BX)(R8*2), Z6, Z6 \
	VMOVUPD 32(AX)(R11*1), Y7 \
	VINSERTF64X4 $1, 32(BX)(R11*1), Z7, Z7

// TILE_SHUFFLE turns Z0–Z7 into the tile's eight columns Z16–Z23 (Z8–Z15 scratch, Z30/Z31
// the index vectors).
#define TILE_SHUFFLE \
	VUNPCKLPD Z1, Z0, Z8 \
	VUNPCKHPD Z1, Z0, Z9 \
	VUNPCKLPD Z3, Z2, Z10 \
	VUNPCKHPD Z3, Z2, Z11 \
	VUNPCKLPD Z5, Z4, Z12 \
	VUNPCKHPD Z5, Z4, Z13 \
	VUNPCKLPD Z7, Z6, Z14 \
	VUNPCKHPD Z7, Z6, Z15 \
	VMOVDQA64 Z30, Z16 \
	VPERMI2PD Z10, Z8, Z16 \
	VMOVDQA64 Z30, Z17 \
	VPERMI2PD Z11, Z9, Z17 \
	VMOVDQA64 Z31, Z18 \
	VPERMI2PD Z10, Z8, Z18 \
	VMOVDQA64 Z31, Z19 \
	VPERMI2PD Z11, Z9, Z19 \
	VMOVDQA64 Z30, Z20 \
	VPERMI2PD Z14, Z12, Z20 \
	VMOVDQA64 Z30, Z21 \
	VPERMI2PD Z15, Z13, Z21 \
	VMOVDQA64 Z31, Z22 \
	VPERMI2PD Z14, Z12, Z22 \
	VMOVDQA64 Z31, Z23 \
	VPERMI2PD Z15, Z13, Z23

// TILE_STORE(mov) stores the columns Z16–Z23 as the eight dst rows at DX (CX = DX + 4 rows)
// with the store instruction mov.
#define TILE_STORE(mov) \
	LEAQ (DX)(R9*4), CX \
	mov Z16, (DX) \
	mov Z17, (DX)(R9*1) \
	mov Z18, (DX)(R9*2) \
	mov Z19, (DX)(R12*1) \
	mov Z20, (CX) \
	mov Z21, (CX)(R9*1) \
	mov Z22, (CX)(R9*2) \
	mov Z23, (CX)(R12*1)

// Lane indices for VPERMI2PD (0–7 pick from the first table, 8–15 from the second).
DATA transposeIdxLo<>+0(SB)/8, $0
DATA transposeIdxLo<>+8(SB)/8, $1
DATA transposeIdxLo<>+16(SB)/8, $8
DATA transposeIdxLo<>+24(SB)/8, $9
DATA transposeIdxLo<>+32(SB)/8, $4
DATA transposeIdxLo<>+40(SB)/8, $5
DATA transposeIdxLo<>+48(SB)/8, $12
DATA transposeIdxLo<>+56(SB)/8, $13
GLOBL transposeIdxLo<>(SB), RODATA|NOPTR, $64

DATA transposeIdxHi<>+0(SB)/8, $2
DATA transposeIdxHi<>+8(SB)/8, $3
DATA transposeIdxHi<>+16(SB)/8, $10
DATA transposeIdxHi<>+24(SB)/8, $11
DATA transposeIdxHi<>+32(SB)/8, $6
DATA transposeIdxHi<>+40(SB)/8, $7
DATA transposeIdxHi<>+48(SB)/8, $14
DATA transposeIdxHi<>+56(SB)/8, $15
GLOBL transposeIdxHi<>(SB), RODATA|NOPTR, $64

// func transposeTilesF64AVX512(dst []float64, ldd int, src []float64, lds int, rows, cols int)
// Requires: AVX512F
// Register plan: R8 = lds·8, R11 = 3·lds·8, R9 = ldd·8, R12 = 3·ldd·8 (bytes);
// SI = src at (i, 0), DI = dst at (0, i) for the current tile row i; AX = src tile at
// (i, j), BX = AX + 4 rows; DX = dst tile at (j, i), CX = DX + 4 rows; R13 = rows left,
// R14 = columns left in this tile row. Z0-Z7 = loaded halves, Z8-Z15 = unpacked pairs,
// Z16-Z23 = columns, Z30/Z31 = index vectors.
// Invariant: every tile before (i, j) in row-major tile order has been written to dst.
TEXT ·transposeTilesF64AVX512(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ ldd+24(FP), R9
	MOVQ src_base+32(FP), SI
	MOVQ lds+56(FP), R8
	MOVQ rows+64(FP), R13
	SHLQ $3, R8
	SHLQ $3, R9
	LEAQ (R8)(R8*2), R11
	LEAQ (R9)(R9*2), R12
	VMOVDQU64 transposeIdxLo<>(SB), Z30
	VMOVDQU64 transposeIdxHi<>(SB), Z31

rowloop:
	MOVQ SI, AX
	MOVQ DI, DX
	MOVQ cols+72(FP), R14

tile:
	TILE_LOAD

	TILE_SHUFFLE

	TILE_STORE(VMOVUPD)

	ADDQ $64, AX
	LEAQ (DX)(R9*8), DX
	SUBQ $8, R14
	JNZ  tile

	LEAQ (SI)(R8*8), SI
	ADDQ $64, DI
	SUBQ $8, R13
	JNZ  rowloop

	VZEROUPPER
	RET

// func transposeTilesNTF64AVX512(dst []float64, ldd int, src []float64, lds int, rows, cols int, pf int)
// Requires: AVX512F, SSE
// transposeTilesF64AVX512 with non-temporal stores (every dst row of a tile is one whole
// 64-byte line: the wrapper checks that dst is 64-byte aligned and ldd a multiple of 8)
// and a software prefetch of the src tile pf rows below the current one (pf a multiple
// of 8; nothing is prefetched outside src: in the last pf rows the current tile is
// prefetched again, which costs nothing). No fence: the caller fences once per output.
// With plain stores the prefetch did not pay (1024² float64, 64×64 blocks: 4.8–7.4 GB/s
// against 3.5–4.2 without, the tall-block driver 5.4; non-temporal 22), so the plain
// transpose keeps transposeTilesF64AVX512.
// Register plan as in transposeTilesF64AVX512, plus R10 = pf·lds·8 (bytes, or 0 in the
// last pf rows) and CX = the prefetch pointer before it becomes the store pointer.
// Invariant: every tile before (i, j) in row-major tile order has been written to dst.
TEXT ·transposeTilesNTF64AVX512(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ ldd+24(FP), R9
	MOVQ src_base+32(FP), SI
	MOVQ lds+56(FP), R8
	MOVQ rows+64(FP), R13
	SHLQ $3, R8
	SHLQ $3, R9
	LEAQ (R8)(R8*2), R11
	LEAQ (R9)(R9*2), R12
	MOVQ pf+80(FP), R10
	IMULQ R8, R10
	VMOVDQU64 transposeIdxLo<>(SB), Z30
	VMOVDQU64 transposeIdxHi<>(SB), Z31

ntrowloop:
	MOVQ SI, AX
	MOVQ DI, DX
	MOVQ cols+72(FP), R14
	CMPQ R13, pf+80(FP)
	JGT  nttile
	XORQ R10, R10 // last pf rows: prefetch the current tile (inside src)

nttile:
	TILE_LOAD

	LEAQ       (AX)(R10*1), CX
	PREFETCHT0 (CX)
	PREFETCHT0 (CX)(R8*1)
	PREFETCHT0 (CX)(R8*2)
	PREFETCHT0 (CX)(R11*1)
	LEAQ       (CX)(R8*4), CX
	PREFETCHT0 (CX)
	PREFETCHT0 (CX)(R8*1)
	PREFETCHT0 (CX)(R8*2)
	PREFETCHT0 (CX)(R11*1)

	TILE_SHUFFLE

	TILE_STORE(VMOVNTPD)

	ADDQ $64, AX
	LEAQ (DX)(R9*8), DX
	SUBQ $8, R14
	JNZ  nttile

	LEAQ (SI)(R8*8), SI
	ADDQ $64, DI
	SUBQ $8, R13
	JNZ  ntrowloop

	VZEROUPPER
	RET
