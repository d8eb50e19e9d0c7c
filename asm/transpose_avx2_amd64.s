//go:build !purego

#include "textflag.h"

// Register-tile transposes on 256-bit vectors: 4×4 float64 tiles and 8×8 float32 tiles.
// The assembly trusts its Go wrappers (transpose_amd64.go): rows and cols are positive
// multiples of the tile size and every element of both matrices lies inside its slice.

// func transposeTilesF64AVX2(dst []float64, ldd int, src []float64, lds int, rows, cols int)
// Requires: AVX
// One tile: load Y0 = [r0[0:2] | r2[0:2]], Y1 = [r1[0:2] | r3[0:2]], Y2 = [r0[2:4] | r2[2:4]],
// Y3 = [r1[2:4] | r3[2:4]] (a 128-bit load and a 128-bit insert each); then
// VUNPCKLPD/VUNPCKHPD of (Y0, Y1) give columns 0 and 1, of (Y2, Y3) columns 2 and 3.
// Register plan: R8 = lds·8, R11 = 3·lds·8, R9 = ldd·8, R12 = 3·ldd·8 (bytes);
// SI = src at (i, 0), DI = dst at (0, i) for the current tile row i; AX = src tile at
// (i, j), DX = dst tile at (j, i); R13 = rows left, R14 = columns left in this tile row.
// Invariant: every tile before (i, j) in row-major tile order has been written to dst.
TEXT ·transposeTilesF64AVX2(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ ldd+24(FP), R9
	MOVQ src_base+32(FP), SI
	MOVQ lds+56(FP), R8
	MOVQ rows+64(FP), R13
	SHLQ $3, R8
	SHLQ $3, R9
	LEAQ (R8)(R8*2), R11
	LEAQ (R9)(R9*2), R12

rowloop:
	MOVQ SI, AX
	MOVQ DI, DX
	MOVQ cols+72(FP), R14

tile:
	VMOVUPD (AX), X0
	VINSERTF128 $1, (AX)(R8*2), Y0, Y0
	VMOVUPD (AX)(R8*1), X1
	VINSERTF128 $1, (AX)(R11*1), Y1, Y1
	VMOVUPD 16(AX), X2
	VINSERTF128 $1, 16(AX)(R8*2), Y2, Y2
	VMOVUPD 16(AX)(R8*1), X3
	VINSERTF128 $1, 16(AX)(R11*1), Y3, Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VMOVUPD Y4, (DX)
	VMOVUPD Y5, (DX)(R9*1)
	VMOVUPD Y6, (DX)(R9*2)
	VMOVUPD Y7, (DX)(R12*1)

	ADDQ $32, AX
	LEAQ (DX)(R9*4), DX
	SUBQ $4, R14
	JNZ  tile

	LEAQ (SI)(R8*4), SI
	ADDQ $32, DI
	SUBQ $4, R13
	JNZ  rowloop

	VZEROUPPER
	RET

// func transposeTilesF32AVX2(dst []float32, ldd int, src []float32, lds int, rows, cols int)
// Requires: AVX
// One tile: load Yi = [ri[0:4] | ri+4[0:4]] and Yi+4 = [ri[4:8] | ri+4[4:8]] for i < 4;
// VUNPCKLPS/VUNPCKHPS pair rows (0,1) and (2,3) into Y8-Y15; VUNPCKLPD/VUNPCKHPD of
// those pairs give whole columns (low lane rows 0-3, high lane rows 4-7) in Y0-Y7.
// Register plan: R8 = lds·4, R11 = 3·lds·4, R9 = ldd·4, R12 = 3·ldd·4 (bytes);
// SI = src at (i, 0), DI = dst at (0, i) for the current tile row i; AX = src tile at
// (i, j), BX = AX + 4 rows; DX = dst tile at (j, i), CX = DX + 4 rows; R13 = rows left,
// R14 = columns left in this tile row.
// Invariant: every tile before (i, j) in row-major tile order has been written to dst.
TEXT ·transposeTilesF32AVX2(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ ldd+24(FP), R9
	MOVQ src_base+32(FP), SI
	MOVQ lds+56(FP), R8
	MOVQ rows+64(FP), R13
	SHLQ $2, R8
	SHLQ $2, R9
	LEAQ (R8)(R8*2), R11
	LEAQ (R9)(R9*2), R12

rowloop:
	MOVQ SI, AX
	MOVQ DI, DX
	MOVQ cols+72(FP), R14

tile:
	LEAQ (AX)(R8*4), BX
	VMOVUPS (AX), X0
	VINSERTF128 $1, (BX), Y0, Y0
	VMOVUPS (AX)(R8*1), X1
	VINSERTF128 $1, (BX)(R8*1), Y1, Y1
	VMOVUPS (AX)(R8*2), X2
	VINSERTF128 $1, (BX)(R8*2), Y2, Y2
	VMOVUPS (AX)(R11*1), X3
	VINSERTF128 $1, (BX)(R11*1), Y3, Y3
	VMOVUPS 16(AX), X4
	VINSERTF128 $1, 16(BX), Y4, Y4
	VMOVUPS 16(AX)(R8*1), X5
	VINSERTF128 $1, 16(BX)(R8*1), Y5, Y5
	VMOVUPS 16(AX)(R8*2), X6
	VINSERTF128 $1, 16(BX)(R8*2), Y6, Y6
	VMOVUPS 16(AX)(R11*1), X7
	VINSERTF128 $1, 16(BX)(R11*1), Y7, Y7

	VUNPCKLPS Y1, Y0, Y8
	VUNPCKHPS Y1, Y0, Y9
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15

	VUNPCKLPD Y10, Y8, Y0
	VUNPCKHPD Y10, Y8, Y1
	VUNPCKLPD Y11, Y9, Y2
	VUNPCKHPD Y11, Y9, Y3
	VUNPCKLPD Y14, Y12, Y4
	VUNPCKHPD Y14, Y12, Y5
	VUNPCKLPD Y15, Y13, Y6
	VUNPCKHPD Y15, Y13, Y7

	LEAQ (DX)(R9*4), CX
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, (DX)(R9*1)
	VMOVUPS Y2, (DX)(R9*2)
	VMOVUPS Y3, (DX)(R12*1)
	VMOVUPS Y4, (CX)
	VMOVUPS Y5, (CX)(R9*1)
	VMOVUPS Y6, (CX)(R9*2)
	VMOVUPS Y7, (CX)(R12*1)

	ADDQ $32, AX
	LEAQ (DX)(R9*8), DX
	SUBQ $8, R14
	JNZ  tile

	LEAQ (SI)(R8*8), SI
	ADDQ $32, DI
	SUBQ $8, R13
	JNZ  rowloop

	VZEROUPPER
	RET
