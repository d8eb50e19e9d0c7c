package main

import "fmt"

// The register-tile transpose with AVX-512 (transpose_avx512_amd64.s; the AVX2 file is
// hand-written, flat). 8×8 float64 tiles in ZMM registers.

func transposeFiles() []*file { return []*file{transposeAVX512()} }

// tileLoad loads the 8×8 tile at AX (BX = AX + 4 rows) into Z0–Z7: Zi = [ri[0:4] |
// ri+4[0:4]] and Z(4+i) = [ri[4:8] | ri+4[4:8]] for i < 4.
func tileLoad(f *file) {
	f.c("load the tile: Z0–Z7, rows r and r+4 in the two halves")
	f.i("LEAQ (AX)(R8*4), BX")
	idx := []string{"", "(R8*1)", "(R8*2)", "(R11*1)"}
	for h, off := range []string{"", "32"} {
		for i, x := range idx {
			z := 4*h + i
			f.i("VMOVUPD %s(AX)%s, %s", off, x, reg("Y", z))
			f.i("VINSERTF64X4 $1, %s(BX)%s, %s, %s", off, x, reg("Z", z), reg("Z", z))
		}
	}
}

// tileShuffle turns Z0–Z7 into the tile's eight columns Z16–Z23 (Z8–Z15 scratch, Z30/Z31
// the index vectors).
func tileShuffle(f *file) {
	f.c("pair rows within 128-bit lanes, then gather whole columns into Z16–Z23")
	for r := 0; r < 8; r += 2 {
		f.i("VUNPCKLPD %s, %s, %s", reg("Z", r+1), reg("Z", r), reg("Z", 8+r))
		f.i("VUNPCKHPD %s, %s, %s", reg("Z", r+1), reg("Z", r), reg("Z", 9+r))
	}
	for c := 0; c < 8; c++ {
		idx := []string{"Z30", "Z31"}[c/2%2]
		lo := 8 + 4*(c/4) + c%2 // Z8/Z9 for columns 0–3, Z12/Z13 for 4–7
		f.i("VMOVDQA64 %s, %s", idx, reg("Z", 16+c))
		f.i("VPERMI2PD %s, %s, %s", reg("Z", lo+2), reg("Z", lo), reg("Z", 16+c))
	}
}

// tileStore stores the columns Z16–Z23 as the eight dst rows at DX (CX = DX + 4 rows)
// with mov.
func tileStore(f *file, mov string) {
	f.c("store the columns as the eight dst rows")
	f.i("LEAQ (DX)(R9*4), CX")
	idx := []string{"", "(R9*1)", "(R9*2)", "(R12*1)"}
	for h, base := range []string{"DX", "CX"} {
		for i, x := range idx {
			f.i("%s %s, (%s)%s", mov, reg("Z", 16+4*h+i), base, x)
		}
	}
}

func transposeAVX512() *file {
	f := newFile("transpose_avx512_amd64.s", `
Register-tile transpose, 8×8 float64 tiles in ZMM registers. The assembly trusts its
Go wrapper (transpose_amd64.go): rows and cols are positive multiples of 8 and every
element of both matrices lies inside its slice.

One tile: load rows r0…r7 as Zi = [ri[0:4] | ri+4[0:4]] and Wi = [ri[4:8] | ri+4[4:8]]
(i < 4; a 256-bit load and a 256-bit insert each); VUNPCKLPD/VUNPCKHPD pair rows
(0,1) and (2,3) within 128-bit lanes; VPERMI2PD with the index vectors below gathers
the 128-bit pairs into whole columns; the eight columns are stored as the eight dst rows.`)
	f.raw("// Lane indices for VPERMI2PD (0–7 pick from the first table, 8–15 from the second).")
	for k, t := range []struct {
		name string
		v    [8]int
	}{{"transposeIdxLo", [8]int{0, 1, 8, 9, 4, 5, 12, 13}}, {"transposeIdxHi", [8]int{2, 3, 10, 11, 6, 7, 14, 15}}} {
		if k > 0 {
			f.raw("")
		}
		for i, v := range t.v {
			f.raw(fmt.Sprintf("DATA %s<>+%d(SB)/8, $%d", t.name, 8*i, v))
		}
		f.raw(fmt.Sprintf("GLOBL %s<>(SB), RODATA|NOPTR, $64", t.name))
	}
	f.raw("")
	f.text("transposeTilesF64AVX512", "dst []float64, ldd int, src []float64, lds int, rows, cols int", "AVX512F", "$0-80",
		`Register plan: R8 = lds·8, R11 = 3·lds·8, R9 = ldd·8, R12 = 3·ldd·8 (bytes);
SI = src at (i, 0), DI = dst at (0, i) for the current tile row i; AX = src tile at
(i, j), BX = AX + 4 rows; DX = dst tile at (j, i), CX = DX + 4 rows; R13 = rows left,
R14 = columns left in this tile row. Z0-Z7 = loaded halves, Z8-Z15 = unpacked pairs,
Z16-Z23 = columns, Z30/Z31 = index vectors.
Invariant: every tile before (i, j) in row-major tile order has been written to dst.`)
	f.code(`
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

tile:`)
	tileLoad(f)
	f.raw("")
	tileShuffle(f)
	f.raw("")
	tileStore(f, "VMOVUPD")
	f.code(`

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
`)
	f.raw("")
	f.text("transposeTilesNTF64AVX512", "dst []float64, ldd int, src []float64, lds int, rows, cols int, pf int", "AVX512F, SSE", "$0-88",
		`transposeTilesF64AVX512 with non-temporal stores (every dst row of a tile is one whole
64-byte line: the wrapper checks that dst is 64-byte aligned and ldd a multiple of 8)
and a software prefetch of the src tile pf rows below the current one (pf a multiple
of 8; nothing is prefetched outside src: in the last pf rows the current tile is
prefetched again, which costs nothing). No fence: the caller fences once per output.
With plain stores the prefetch did not pay (1024² float64, 64×64 blocks: 4.8–7.4 GB/s
against 3.5–4.2 without, the tall-block driver 5.4; non-temporal 22), so the plain
transpose keeps transposeTilesF64AVX512.
Register plan as in transposeTilesF64AVX512, plus R10 = pf·lds·8 (bytes, or 0 in the
last pf rows) and CX = the prefetch pointer before it becomes the store pointer.
Invariant: every tile before (i, j) in row-major tile order has been written to dst.`)
	f.code(`
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

nttile:`)
	tileLoad(f)
	f.raw("")
	f.c("the src tile pf rows below into L1")
	f.code(`
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
`)
	tileShuffle(f)
	f.raw("")
	tileStore(f, "VMOVNTPD")
	f.code(`

	ADDQ $64, AX
	LEAQ (DX)(R9*8), DX
	SUBQ $8, R14
	JNZ  nttile

	LEAQ (SI)(R8*8), SI
	ADDQ $64, DI
	SUBQ $8, R13
	JNZ  ntrowloop

	VZEROUPPER
	RET`)
	return f
}
