package main

import "fmt"

// The GEMM micro-kernels (a strip of MR×NR tiles of C = α·A·B + β·C from packed panels)
// and the packing kernels beside them.

func gemmFiles() []*file { return []*file{gemmAVX2(), gemmAVX512()} }

// ---- AVX2: 6×2 YMM tiles ----

const gemmAVX2Doc = `
GEMM micro-kernels for AVX2+FMA: a strip of full MR×NR tiles of C = α·A·B + β·C, one
below the other, from consecutive packed A panels and one packed B panel. The tile is
6 rows × 2 YMM vectors (6×8 float64, 6×16 float32): rows are broadcast from the packed
A panel (a[p*6+i]), columns loaded as vectors from the packed B panel (b[p*NR+j]).
Edge tiles never reach the assembly: the Go wrapper (gemm_amd64.go) points it at a
small buffer and copies the m×n part out.

Register plan (both precisions):
  SI = A panel cursor, DI = B panel cursor, CX = k steps left,
  DX = C row cursor, BX = ldc in bytes, R9 = the B panel (DI restarts there for every
  tile), R11 = tiles left,
  Y0–Y11 = accumulators, row i in Y(2i) (columns 0…V−1) and Y(2i+1) (columns V…2V−1),
  R12, R13 = prefetch cursor and rows left of the tile below (one row per 4 k steps,
  for the first 6 of them in a tile; prefetches never fault),
  R14, R15 = prefetch cursor and end of the next B micro-panel (contiguous after this
  one in the packed panel: one line into L2 per 4 k steps, so the next strip does not
  start by waiting on L3; without it the kernel walking through a packed panel ran at
  84% of the FMA probe against 95% on one cache-resident micro-panel, float64, k = 384,
  blocked.TestGemmKernelTune), AX = scratch,
  Y12, Y13 = the current row of the B panel, Y14/Y15 = broadcast A element (alternating),
  then α and β in the store phase.
Loop invariant: after p steps, Y(2i+h) holds Σ_{q<p} a[q*6+i]·b[q*NR+hV…] with one
rounding per fused multiply-add, summed in q order.
Store: C[i][j] = α·acc (β = ±0: C is not read) or fma(β, C[i][j], α·acc).`

// gemmStepY is one k step of the 6×2 tile: the B row at boff, the A column at aoff.
func gemmStepY(f *file, p prec, aoff, boff int) {
	f.c("k step: B row at %d(DI), A column at %d(SI)", boff, aoff)
	f.i("%s      %d(DI), Y12", p.mov, boff)
	f.i("%s      %d(DI), Y13", p.mov, boff+32)
	for i := 0; i < 6; i++ {
		bc := []string{"Y14", "Y15"}[i%2]
		f.i("%s %d(SI), %s", p.bcst, aoff+i*p.es, bc)
		f.i("%s  %s, Y12, %s", p.op("VFMADD231"), bc, reg("Y", 2*i))
		f.i("%s  %s, Y13, %s", p.op("VFMADD231"), bc, reg("Y", 2*i+1))
	}
}

func gemmTilesY(f *file, p prec, alpha, beta string) {
	asz := 6 * p.es
	mul, fma := p.op("VMUL"), p.op("VFMADD231")
	f.label("tile")
	f.i("MOVQ R9, DI")
	f.i("MOVQ k+72(FP), CX")
	f.c("the 6 rows of the C tile into L1 (64 bytes each: 2 lines cover any alignment); R12 = the tile below")
	f.i("MOVQ DX, R12")
	for r := 0; r < 6; r++ {
		f.i("PREFETCHT0 (R12)")
		f.i("PREFETCHT0 63(R12)")
		f.i("ADDQ       BX, R12")
	}
	f.i("MOVQ $6, R13")
	for r := 0; r < 12; r++ {
		f.i("VXORPD %s, %s, %s", reg("Y", r), reg("Y", r), reg("Y", r))
	}
	f.i("CMPQ CX, $4")
	f.i("JB   tail")
	f.label("loop4")
	f.c("one row of the tile below into L1 (the first 6 rounds)")
	f.i("TESTQ      R13, R13")
	f.i("JZ         nopref")
	f.i("PREFETCHT0 (R12)")
	f.i("PREFETCHT0 63(R12)")
	f.i("ADDQ       BX, R12")
	f.i("DECQ       R13")
	f.label("nopref")
	f.c("one line of the next B micro-panel into L2")
	f.i("CMPQ       R14, R15")
	f.i("JAE        noprefb")
	f.i("PREFETCHT1 (R14)")
	f.i("ADDQ       $64, R14")
	f.label("noprefb")
	f.c("four k steps; A and B into L1 512 bytes ahead")
	f.i("PREFETCHT0 512(SI)")
	f.i("PREFETCHT0 512(DI)")
	gemmStepY(f, p, 0, 0)
	f.i("PREFETCHT0 576(DI)")
	gemmStepY(f, p, asz, 64)
	f.i("PREFETCHT0 576(SI)")
	f.i("PREFETCHT0 640(DI)")
	gemmStepY(f, p, 2*asz, 128)
	f.i("PREFETCHT0 704(DI)")
	gemmStepY(f, p, 3*asz, 192)
	f.i("ADDQ $%d, SI", 4*asz)
	f.i("ADDQ $256, DI")
	f.i("SUBQ $4, CX")
	f.i("CMPQ CX, $4")
	f.i("JAE  loop4")
	f.label("tail")
	f.i("TESTQ CX, CX")
	f.i("JZ    store")
	f.label("loop1")
	gemmStepY(f, p, 0, 0)
	f.i("ADDQ $%d, SI", asz)
	f.i("ADDQ $64, DI")
	f.i("DECQ CX")
	f.i("JNZ  loop1")
	f.label("store")
	f.c("Y14 = α, Y15 = β; β = ±0 (its sign bit shifted out) does not read C")
	f.i("%s %s, Y14", p.bcst, alpha)
	f.i("%s %s, Y15", p.bcst, beta)
	f.i("%s %s, AX", p.pick("MOVQ", "MOVL"), beta)
	f.i("%s $1, AX", p.pick("SHLQ", "SHLL"))
	f.i("JZ    beta0")
	for i := 0; i < 6; i++ {
		r0, r1 := reg("Y", 2*i), reg("Y", 2*i+1)
		f.c("row %d: fma(β, C, α·acc)", i)
		f.i("%s  Y14, %s, %s", mul, r0, r0)
		f.i("%s  Y14, %s, %s", mul, r1, r1)
		f.i("%s  (DX), Y15, %s", fma, r0)
		f.i("%s  32(DX), Y15, %s", fma, r1)
		f.i("%s  %s, (DX)", p.mov, r0)
		f.i("%s  %s, 32(DX)", p.mov, r1)
		f.i("ADDQ BX, DX")
	}
	f.i("JMP   next")
	f.label("beta0")
	for i := 0; i < 6; i++ {
		r0, r1 := reg("Y", 2*i), reg("Y", 2*i+1)
		f.c("row %d: α·acc", i)
		f.i("%s  Y14, %s, %s", mul, r0, r0)
		f.i("%s  Y14, %s, %s", mul, r1, r1)
		f.i("%s  %s, (DX)", p.mov, r0)
		f.i("%s  %s, 32(DX)", p.mov, r1)
		f.i("ADDQ BX, DX")
	}
	f.label("next")
	f.i("DECQ R11")
	f.i("JNZ  tile")
}

func gemmAVX2() *file {
	f := newFile("gemm_avx2_amd64.s", gemmAVX2Doc)
	for _, p := range []prec{f64, f32} {
		f.text("gemm"+p.name+"AVX2", fmt.Sprintf("a, b, c []%[1]s, k, ldc int, alpha, beta %[1]s, tiles int", p.typ),
			"AVX, AVX2, FMA3", p.frame(112, 104), "Register plan and invariant: see the top of the file.")
		f.i("MOVQ a_base+0(FP), SI")
		f.i("MOVQ b_base+24(FP), R9")
		f.i("MOVQ c_base+48(FP), DX")
		f.i("MOVQ ldc+80(FP), BX")
		f.i("SHLQ $%s, BX", p.pick("3", "2"))
		f.i("MOVQ %s, R11", p.pick("tiles+104(FP)", "tiles+96(FP)"))
		f.i("MOVQ k+72(FP), AX")
		f.i("SHLQ $6, AX // bytes of one B micro-panel (k·NR elements)")
		f.i("LEAQ (R9)(AX*1), R14")
		f.i("LEAQ (R14)(AX*1), R15")
		gemmTilesY(f, p, "alpha+88(FP)", p.pick("beta+96(FP)", "beta+92(FP)"))
		ret(f)
		f.raw("")
	}
	f.text("packGather8F32AVX2", "d []float32, w int, src []float32, stride, blocks int", "AVX", "$0-72",
		`Interleaves 8 rows of src into d, 8 columns per block: d[p*w + r] = src[r*stride + p]
for r < 8, p < 8·blocks (the Go wrapper does the columns past the last whole block).
Register plan: AX = rows 0–3 cursor, BX = rows 4–7 cursor (both advance 8 elements per
block), R9 = stride in bytes, R13 = 3·stride in bytes, DI = destination of the block's
first column, DX = destination cursor, R8 = w in bytes, CX = blocks left;
Y0–Y7 = the block's rows, Y8–Y15 = transpose stages. Each block: 8 row loads, an 8×8
transpose (unpack, shuffle, 128-bit permute), 8 stores of 8 elements at stride w.
Invariant: d[p*w : p*w+8] holds column p for every p before the current block.`)
	f.code(`
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
	MOVQ       DI, DX`)
	for _, imm := range []string{"0x20", "0x31"} {
		for r := 0; r < 4; r++ {
			f.i("VPERM2F128 $%s, %s, %s, Y8", imm, reg("Y", 4+r), reg("Y", r))
			f.i("VMOVUPS    Y8, (DX)")
			f.i("ADDQ       R8, DX")
		}
	}
	f.code(`
	MOVQ       DX, DI
	ADDQ       $32, AX
	ADDQ       $32, BX
	DECQ       CX
	JNZ        block

done:
	VZEROUPPER
	RET`)
	return f
}

// ---- AVX-512: 8×3 ZMM tiles ----

const gemmAVX512Doc = `
GEMM micro-kernels for AVX-512: a strip of ⌈m/8⌉ MR×NR tiles of C = α·A·B + β·C, one
below the other, from consecutive packed A panels and one packed B panel.
The tile is 8 rows × 3 ZMM vectors (8×24 float64, 8×48 float32): rows are broadcast
from the packed A panel (a[p*8+i]), columns loaded as vectors from the packed B panel
(b[p*NR+j]). Per k step: 3 vector loads, 8 broadcasts, 24 FMAs. The Go wrappers
(gemm_amd64.go) check every length.

Register plan (both precisions):
  SI = A panel cursor, DI = B panel cursor, CX = k steps left,
  DX = C row cursor, BX = ldc in bytes, R8 = rows of the tile left to store,
  R9 = the B panel (DI restarts there for every tile), R11 = rows of the strip after
  this tile,
  Z0–Z23 = accumulators, row i in Z(3i), Z(3i+1), Z(3i+2) (columns hV…hV+V−1, h = 0, 1, 2),
  Z24–Z26 = the current row of the B panel, Z27/Z28 = broadcast A element (alternating,
  so two rows' FMAs can be in flight), Z29 = α and Z30 = β in the store phase,
  R12, R13 = prefetch cursor and rows left of the tile below,
  R14, R15 = prefetch cursor and end of the next B micro-panel, AX = scratch,
  K1–K3 = column masks of the three vectors (all ones for a full tile).
Loop invariant: after p steps, Z(3i+h) holds Σ_{q<p} a[q*8+i]·b[q*NR+hV…] with one
rounding per fused multiply-add, summed in q order.
Store: C[i][j] = α·acc (β = ±0: C is not read) or fma(β, C[i][j], α·acc), rows
i < m, columns masked to j < n, so nothing outside the m×n strip is read or written.
After a full tile SI and DX already point at the next tile's A panel and C rows.

Prefetching: the strip walks down a column of C tiles whose rows are ldc apart (8 KiB
for n = 1024 float64: every row in the same L1 set), so C lines brought into L1 early
are evicted before the store phase. Instead the tile below goes to L2 during this
tile's first k steps (one row per 4 steps) and this tile's rows to L1 only gemmLate k
steps before its store. The next B micro-panel (contiguous after this one in the packed
panel) is brought into L2 one line per 4 k steps, so the first tile of the next call
does not wait on L3. A and B are prefetched into L1 gemmAPF and gemmBPF bytes ahead,
every line.
Effect on the whole product (blocked.TestGemmTune, n = 1024, one thread, CPU time, best
of 11 rounds as a fraction of the FMA probe; together with kc 192 → 256): float64
71–75% → 82–84%, float32 76–83% → 81–83%. The kernel alone on a strip
(blocked.TestGemmKernelTune) runs at 89–95% of the probe with B and C walking.
The same C scheme in the AVX2 kernels (6-row tiles, one line per row) measured no
better (68–79% against 75–80% for the old one, float64 n = 1024), so they keep theirs.`

// The prefetch distances of the AVX-512 kernel (see the file header): the tile's own C
// rows go to L1 gemmLate k steps before the store; A and B are prefetched gemmAPF and
// gemmBPF bytes ahead.
const (
	gemmLate = 16
	gemmAPF  = 1024
	gemmBPF  = 1536
)

// gemmStepZ is one k step of the 8×3 tile: the B row at boff, the A column at aoff.
func gemmStepZ(f *file, p prec, aoff, boff int) {
	f.c("k step: B row at %d(DI), A column at %d(SI)", boff, aoff)
	f.i("%s  %d(DI), Z24", p.mov, boff)
	f.i("%s  %d(DI), Z25", p.mov, boff+64)
	f.i("%s  %d(DI), Z26", p.mov, boff+128)
	for i := 0; i < 8; i++ {
		bc := []string{"Z27", "Z28"}[i%2]
		f.i("%s %d(SI), %s", p.bcst, aoff+i*p.es, bc)
		for h := 0; h < 3; h++ {
			f.i("%s   %s, %s, %s", p.op("VFMADD231"), bc, reg("Z", 24+h), reg("Z", 3*i+h))
		}
	}
}

// gemmBody4Z is four k steps with the L1 prefetches of A (32·es bytes per 4 steps: the
// lines at +16·es repeat the first two for float32) and B (768 bytes per 4 steps), then
// the cursors advance.
func gemmBody4Z(f *file, p prec) {
	sz := p.es
	f.i("PREFETCHT0 %d(SI)", gemmAPF)
	f.i("PREFETCHT0 %d(SI)", gemmAPF+64)
	f.i("PREFETCHT0 %d(DI)", gemmBPF)
	gemmStepZ(f, p, 0, 0)
	f.i("PREFETCHT0 %d(DI)", gemmBPF+64)
	f.i("PREFETCHT0 %d(DI)", gemmBPF+128)
	f.i("PREFETCHT0 %d(SI)", gemmAPF+16*sz)
	f.i("PREFETCHT0 %d(SI)", gemmAPF+16*sz+64)
	gemmStepZ(f, p, 8*sz, 192)
	for o := 192; o <= 384; o += 64 {
		f.i("PREFETCHT0 %d(DI)", gemmBPF+o)
	}
	gemmStepZ(f, p, 16*sz, 384)
	for o := 448; o <= 704; o += 64 {
		f.i("PREFETCHT0 %d(DI)", gemmBPF+o)
	}
	gemmStepZ(f, p, 24*sz, 576)
	f.i("ADDQ       $%d, SI", 32*sz)
	f.i("ADDQ       $768, DI")
	f.i("SUBQ       $4, CX")
}

// gemmMask sets k to the lanes of the next vector of v lanes that hold columns < n:
// R10 = min(R11, v), k = (1<<R10)−1, R11 −= R10, where R11 counts the columns left.
// Clobbers AX, CX, R10.
func gemmMask(f *file, v int, k string) {
	f.c("%s = the next min(R11, %d) lanes; R11 -= them", k, v)
	f.i("MOVQ    R11, R10")
	f.i("MOVQ    $%d, AX", v)
	f.i("CMPQ    R10, AX")
	f.i("CMOVQGT AX, R10")
	f.i("SUBQ    R10, R11")
	f.i("MOVL    $1, AX")
	f.i("MOVQ    R10, CX")
	f.i("SHLL    CX, AX")
	f.i("DECL    AX")
	f.i("KMOVW   AX, %s", k)
}

func gemmTilesZ(f *file, p prec, beta string) {
	f.label("tile")
	f.i("MOVQ R9, DI")
	f.i("MOVQ k+72(FP), CX")
	f.i("LEAQ (DX)(BX*8), R12")
	f.i("MOVQ $8, R13")
	for r := 0; r < 24; r++ {
		f.i("VPXORQ %s, %s, %s", reg("Z", r), reg("Z", r), reg("Z", r))
	}
	f.i("CMPQ CX, $%d", gemmLate+4)
	f.i("JB   late")
	f.label("loop4")
	f.c("one row of the tile below into L2 (the first 8 rounds)")
	f.i("TESTQ      R13, R13")
	f.i("JZ         nopref")
	for _, o := range []string{"", "64", "128", "191"} {
		f.i("PREFETCHT1 %s(R12)", o)
	}
	f.i("ADDQ       BX, R12")
	f.i("DECQ       R13")
	f.label("nopref")
	f.c("one line of the next B micro-panel into L2")
	f.i("CMPQ       R14, R15")
	f.i("JAE        noprefb")
	f.i("PREFETCHT1 (R14)")
	f.i("ADDQ       $64, R14")
	f.label("noprefb")
	gemmBody4Z(f, p)
	f.i("CMPQ CX, $%d", gemmLate+4)
	f.i("JAE  loop4")
	f.label("late")
	f.c("the 8 rows of the C tile into L1 (192 bytes each: 4 lines cover any alignment)")
	f.i("MOVQ DX, AX")
	for r := 0; r < 8; r++ {
		for _, o := range []string{"", "64", "128", "191"} {
			f.i("PREFETCHT0 %s(AX)", o)
		}
		f.i("ADDQ       BX, AX")
	}
	f.i("CMPQ CX, $4")
	f.i("JB   tail")
	f.label("loop4b")
	gemmBody4Z(f, p)
	f.i("CMPQ CX, $4")
	f.i("JAE  loop4b")
	f.label("tail")
	f.i("TESTQ CX, CX")
	f.i("JZ    store")
	f.label("loop1")
	gemmStepZ(f, p, 0, 0)
	f.i("ADDQ $%d, SI", 8*p.es)
	f.i("ADDQ $192, DI")
	f.i("DECQ CX")
	f.i("JNZ  loop1")
	gemmStoreZ(f, p, beta, "AX", "", 3)
	f.label("next")
	f.i("TESTQ R11, R11")
	f.i("JNZ   tile")
}

// gemmStoreZ is the store phase of an 8×nv tile (label store+sfx): R8 = min(8, R11) rows
// are stored from Z(3i+h), h < nv (α in Z29, β in Z30, column masks K1…K(nv)) at DX,
// R11 −= R8, and it ends at label next+sfx with DX past the stored rows. scratch is
// clobbered (β's bits).
func gemmStoreZ(f *file, p prec, beta, scratch, sfx string, nv int) {
	mul, fma := p.op("VMUL"), p.op("VFMADD231")
	f.label("store" + sfx)
	f.c("R8 = min(8, R11) rows to store; β = ±0 (its sign bit shifted out) does not read C")
	f.i("MOVQ    $8, R8")
	f.i("CMPQ    R11, R8")
	f.i("CMOVQLT R11, R8")
	f.i("SUBQ    R8, R11")
	f.i("%s %s, %s", p.pick("MOVQ", "MOVL"), beta, scratch)
	f.i("%s $1, %s", p.pick("SHLQ", "SHLL"), scratch)
	f.i("JZ      beta0%s", sfx)
	for i := 0; i < 8; i++ {
		f.c("row %d: fma(β, C, α·acc), masked-off lanes of C neither read nor written", i)
		for h := 0; h < nv; h++ {
			r := reg("Z", 3*i+h)
			f.i("%s  Z29, %s, %s", mul, r, r)
		}
		for h := 0; h < nv; h++ {
			f.i("%s  %d(DX), Z30, K%d, %s", fma, 64*h, h+1, reg("Z", 3*i+h))
		}
		for h := 0; h < nv; h++ {
			f.i("%s  %s, K%d, %d(DX)", p.mov, reg("Z", 3*i+h), h+1, 64*h)
		}
		f.i("ADDQ BX, DX")
		f.i("DECQ R8")
		f.i("JZ   next%s", sfx)
	}
	f.i("JMP     next%s", sfx)
	f.label("beta0" + sfx)
	for i := 0; i < 8; i++ {
		f.c("row %d: α·acc", i)
		for h := 0; h < nv; h++ {
			r := reg("Z", 3*i+h)
			f.i("%s  Z29, %s, %s", mul, r, r)
		}
		for h := 0; h < nv; h++ {
			f.i("%s  %s, K%d, %d(DX)", p.mov, reg("Z", 3*i+h), h+1, 64*h)
		}
		f.i("ADDQ BX, DX")
		f.i("DECQ R8")
		f.i("JZ   next%s", sfx)
	}
}

// transpose8 transposes the 8×8 float64 block in Z0–Z7 (row r in Zr) into Z16–Z23
// (column p in Z(16+p)), using Z8–Z15 as scratch.
func transpose8(f *file) {
	f.c("transpose Z0–Z7 into Z16–Z23 (Z8–Z15 scratch)")
	for r := 0; r < 8; r += 2 {
		f.i("VUNPCKLPD  %s, %s, %s", reg("Z", r+1), reg("Z", r), reg("Z", 8+r))
		f.i("VUNPCKHPD  %s, %s, %s", reg("Z", r+1), reg("Z", r), reg("Z", 9+r))
	}
	for _, s := range [][3]int{{10, 8, 0}, {11, 9, 2}, {14, 12, 4}, {15, 13, 6}} {
		f.i("VSHUFF64X2 $0x88, %s, %s, %s", reg("Z", s[0]), reg("Z", s[1]), reg("Z", s[2]))
		f.i("VSHUFF64X2 $0xDD, %s, %s, %s", reg("Z", s[0]), reg("Z", s[1]), reg("Z", s[2]+1))
	}
	for _, s := range [][4]int{{4, 0, 16, 20}, {5, 1, 18, 22}, {6, 2, 17, 21}, {7, 3, 19, 23}} {
		f.i("VSHUFF64X2 $0x88, %s, %s, %s", reg("Z", s[0]), reg("Z", s[1]), reg("Z", s[2]))
		f.i("VSHUFF64X2 $0xDD, %s, %s, %s", reg("Z", s[0]), reg("Z", s[1]), reg("Z", s[3]))
	}
}

func gemmAVX512() *file {
	f := newFile("gemm_avx512_amd64.s", gemmAVX512Doc)
	for _, p := range []prec{f64, f32} {
		v := p.lanesZ()
		f.text("gemm"+p.name+"AVX512", fmt.Sprintf("a, b, c []%[1]s, k, ldc int, alpha, beta %[1]s, m, n int", p.typ),
			"AVX512F", p.frame(120, 112), "Register plan and invariant: see the top of the file.")
		f.i("MOVQ         a_base+0(FP), SI")
		f.i("MOVQ         b_base+24(FP), R9")
		f.i("MOVQ         c_base+48(FP), DX")
		f.i("MOVQ         ldc+80(FP), BX")
		f.i("SHLQ         $%s, BX", p.pick("3", "2"))
		f.i("MOVQ         %s, R11", p.pick("n+112(FP)", "n+104(FP)"))
		for _, k := range []string{"K1", "K2", "K3"} {
			gemmMask(f, v, k)
		}
		f.i("MOVQ         %s, R11", p.pick("m+104(FP)", "m+96(FP)"))
		f.i("%s alpha+88(FP), Z29", p.bcst)
		beta := p.pick("beta+96(FP)", "beta+92(FP)")
		f.i("%s %s, Z30", p.bcst, beta)
		f.i("MOVQ         k+72(FP), AX")
		f.i("IMULQ        $192, AX // bytes of one B micro-panel (k·NR elements)")
		f.i("LEAQ         (R9)(AX*1), R14")
		f.i("LEAQ         (R14)(AX*1), R15")
		f.raw("")
		gemmTilesZ(f, p, beta)
		ret(f)
		f.raw("")
	}
	f.raw("// Packing for the blocked GEMM (see gemm_generic.go for the Go equivalents).")
	f.raw("")
	for _, p := range []prec{f64, f32} {
		v := p.lanesZ()
		doc := `Register plan: DI = destination slot (w elements), SI = source run, R8 = w in bytes,
R9 = stride in bytes, CX = runs left, K1–K3 = lanes < cols (loads, zeroing the rest),
K4–K6 = lanes < w (stores). Invariant: slots before DI hold their run and zeros up to w.`
		if p.es == 4 {
			doc = `Register plan as packRunsF64AVX512, with 16-lane masks.`
		}
		f.text("packRuns"+p.name+"AVX512", fmt.Sprintf("d []%[1]s, w int, src []%[1]s, stride, kb, cols int", p.typ),
			"AVX512F", "$0-80", doc)
		f.code(`
	MOVQ d_base+0(FP), DI
	MOVQ w+24(FP), R8
	MOVQ src_base+32(FP), SI
	MOVQ stride+56(FP), R9
	MOVQ kb+64(FP), DX
	MOVQ cols+72(FP), R11`)
		for _, k := range []string{"K1", "K2", "K3"} {
			gemmMask(f, v, k)
		}
		f.i("MOVQ R8, R11")
		for _, k := range []string{"K4", "K5", "K6"} {
			gemmMask(f, v, k)
		}
		sh := p.pick("3", "2")
		f.i("SHLQ $%s, R8", sh)
		f.i("SHLQ $%s, R9", sh)
		f.code(fmt.Sprintf(`
	MOVQ DX, CX
	TESTQ CX, CX
	JZ   done

loop:
	%[1]s.Z (SI), K1, Z0
	%[1]s.Z 64(SI), K2, Z1
	%[1]s.Z 128(SI), K3, Z2
	%[1]s   Z0, K4, (DI)
	%[1]s   Z1, K5, 64(DI)
	%[1]s   Z2, K6, 128(DI)
	ADDQ      R9, SI
	ADDQ      R8, DI
	DECQ      CX
	JNZ       loop

done:
	VZEROUPPER
	RET
`, p.mov))
		f.raw("")
	}
	f.text("packGather8F64AVX512", "d []float64, w int, src []float64, stride, kb int", "AVX512F", "$0-72",
		`Register plan: AX = rows 0–3 cursor, BX = rows 4–7 cursor (both advance 8 elements per
block), R9 = stride in bytes, R13 = 3·stride in bytes, DI = destination of the block's
first p, DX = destination cursor within a block, R8 = w in bytes, CX = full blocks left,
R10 = kb mod 8, K1 = its lane mask. Each block: 8 row loads, an 8×8 transpose, 8 stores
of 8 elements at stride w. Invariant: d[p*w : p*w+8] holds column p for every p before
the current block.`)
	f.code(`
	MOVQ d_base+0(FP), DI
	MOVQ w+24(FP), R8
	SHLQ $3, R8
	MOVQ src_base+32(FP), AX
	MOVQ stride+56(FP), R9
	SHLQ $3, R9
	LEAQ (R9)(R9*2), R13
	LEAQ (AX)(R9*4), BX
	MOVQ kb+64(FP), CX
	MOVQ CX, R10
	ANDQ $7, R10
	SHRQ $3, CX
	JZ   tail

block:
	VMOVUPD (AX), Z0
	VMOVUPD (AX)(R9*1), Z1
	VMOVUPD (AX)(R9*2), Z2
	VMOVUPD (AX)(R13*1), Z3
	VMOVUPD (BX), Z4
	VMOVUPD (BX)(R9*1), Z5
	VMOVUPD (BX)(R9*2), Z6
	VMOVUPD (BX)(R13*1), Z7`)
	transpose8(f)
	f.i("MOVQ    DI, DX")
	for c := 16; c < 24; c++ {
		f.i("VMOVUPD %s, (DX)", reg("Z", c))
		f.i("ADDQ    R8, DX")
	}
	f.code(`
	MOVQ    DX, DI
	ADDQ    $64, AX
	ADDQ    $64, BX
	DECQ    CX
	JNZ     block

tail:
	TESTQ R10, R10
	JZ    done
	MOVL  $1, DX
	MOVQ  R10, CX
	SHLL  CX, DX
	DECL  DX
	KMOVW DX, K1
	VMOVUPD.Z (AX), K1, Z0
	VMOVUPD.Z (AX)(R9*1), K1, Z1
	VMOVUPD.Z (AX)(R9*2), K1, Z2
	VMOVUPD.Z (AX)(R13*1), K1, Z3
	VMOVUPD.Z (BX), K1, Z4
	VMOVUPD.Z (BX)(R9*1), K1, Z5
	VMOVUPD.Z (BX)(R9*2), K1, Z6
	VMOVUPD.Z (BX)(R13*1), K1, Z7`)
	transpose8(f)
	f.c("Store columns 0 … R10−1 only.")
	for c := 16; c < 23; c++ {
		if c > 16 {
			f.i("ADDQ    R8, DI")
		}
		f.i("VMOVUPD %s, (DI)", reg("Z", c))
		if c < 22 {
			f.i("DECQ    R10")
			f.i("JZ      done")
		}
	}
	f.code(`

done:
	VZEROUPPER
	RET`)
	gemmSupZ(f)
	return f
}
