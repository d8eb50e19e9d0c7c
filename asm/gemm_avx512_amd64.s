//go:build !purego

#include "textflag.h"

// GEMM micro-kernels for AVX-512: a strip of ⌈m/8⌉ MR×NR tiles of C = α·A·B + β·C, one
// below the other, from consecutive packed A panels and one packed B panel.
// The tile is 8 rows × 3 ZMM vectors (8×24 float64, 8×48 float32): rows are broadcast
// from the packed A panel (a[p*8+i]), columns loaded as vectors from the packed B panel
// (b[p*NR+j]). Per k step: 3 vector loads, 8 broadcasts, 24 FMAs. The Go wrappers
// (gemm_amd64.go) check every length.
//
// Register plan (both precisions):
//   SI = A panel cursor, DI = B panel cursor, CX = k steps left,
//   DX = C row cursor, BX = ldc in bytes, R8 = rows of the tile left to store,
//   R9 = the B panel (DI restarts there for every tile), R11 = rows of the strip after
//   this tile,
//   Z0–Z23 = accumulators, row i in Z(3i), Z(3i+1), Z(3i+2) (columns hV…hV+V−1, h = 0, 1, 2),
//   Z24–Z26 = the current row of the B panel, Z27/Z28 = broadcast A element (alternating,
//   so two rows' FMAs can be in flight), Z29 = α and Z30 = β in the store phase,
//   R12, R13 = prefetch cursor and rows left of the tile below (see PREFNEXT),
//   R14, R15 = prefetch cursor and end of the next B micro-panel (see PREFB), AX = scratch,
//   K1–K3 = column masks of the three vectors (all ones for a full tile).
// Loop invariant: after p steps, Z(3i+h) holds Σ_{q<p} a[q*8+i]·b[q*NR+hV…] with one
// rounding per fused multiply-add, summed in q order.
// Store: C[i][j] = α·acc (β = ±0: C is not read) or fma(β, C[i][j], α·acc), rows
// i < m, columns masked to j < n, so nothing outside the m×n strip is read or written.
// After a full tile SI and DX already point at the next tile's A panel and C rows.

// One row of one k step: broadcast A element at aoff into bc, three FMAs.
#define ROW(BCAST, FMA, aoff, bc, z0, z1, z2) \
	BCAST aoff(SI), bc \
	FMA   bc, Z24, z0 \
	FMA   bc, Z25, z1 \
	FMA   bc, Z26, z2

// One k step: B row at boff, A column at aoff (elements of size sz bytes).
#define STEP(MOV, BCAST, FMA, sz, aoff, boff) \
	MOV  boff(DI), Z24 \
	MOV  boff+64(DI), Z25 \
	MOV  boff+128(DI), Z26 \
	ROW(BCAST, FMA, aoff+0*sz, Z27, Z0, Z1, Z2) \
	ROW(BCAST, FMA, aoff+1*sz, Z28, Z3, Z4, Z5) \
	ROW(BCAST, FMA, aoff+2*sz, Z27, Z6, Z7, Z8) \
	ROW(BCAST, FMA, aoff+3*sz, Z28, Z9, Z10, Z11) \
	ROW(BCAST, FMA, aoff+4*sz, Z27, Z12, Z13, Z14) \
	ROW(BCAST, FMA, aoff+5*sz, Z28, Z15, Z16, Z17) \
	ROW(BCAST, FMA, aoff+6*sz, Z27, Z18, Z19, Z20) \
	ROW(BCAST, FMA, aoff+7*sz, Z28, Z21, Z22, Z23)

// Store one row (accumulators r0–r2), C not read; then advance DX and stop after m rows.
#define ROW0(MUL, MOV, r0, r1, r2) \
	MUL  Z29, r0, r0 \
	MUL  Z29, r1, r1 \
	MUL  Z29, r2, r2 \
	MOV  r0, K1, (DX) \
	MOV  r1, K2, 64(DX) \
	MOV  r2, K3, 128(DX) \
	ADDQ BX, DX \
	DECQ R8 \
	JZ   next

// Store one row as fma(β, C, α·acc); masked-off lanes of C are neither read nor written.
#define ROWB(MUL, FMA, MOV, r0, r1, r2) \
	MUL  Z29, r0, r0 \
	MUL  Z29, r1, r1 \
	MUL  Z29, r2, r2 \
	FMA  (DX), Z30, K1, r0 \
	FMA  64(DX), Z30, K2, r1 \
	FMA  128(DX), Z30, K3, r2 \
	MOV  r0, K1, (DX) \
	MOV  r1, K2, 64(DX) \
	MOV  r2, K3, 128(DX) \
	ADDQ BX, DX \
	DECQ R8 \
	JZ   next

#define STORE0(MUL, MOV) \
	ROW0(MUL, MOV, Z0, Z1, Z2) \
	ROW0(MUL, MOV, Z3, Z4, Z5) \
	ROW0(MUL, MOV, Z6, Z7, Z8) \
	ROW0(MUL, MOV, Z9, Z10, Z11) \
	ROW0(MUL, MOV, Z12, Z13, Z14) \
	ROW0(MUL, MOV, Z15, Z16, Z17) \
	ROW0(MUL, MOV, Z18, Z19, Z20) \
	ROW0(MUL, MOV, Z21, Z22, Z23)

#define STOREB(MUL, FMA, MOV) \
	ROWB(MUL, FMA, MOV, Z0, Z1, Z2) \
	ROWB(MUL, FMA, MOV, Z3, Z4, Z5) \
	ROWB(MUL, FMA, MOV, Z6, Z7, Z8) \
	ROWB(MUL, FMA, MOV, Z9, Z10, Z11) \
	ROWB(MUL, FMA, MOV, Z12, Z13, Z14) \
	ROWB(MUL, FMA, MOV, Z15, Z16, Z17) \
	ROWB(MUL, FMA, MOV, Z18, Z19, Z20) \
	ROWB(MUL, FMA, MOV, Z21, Z22, Z23)

#define ZERO24 \
	VPXORQ Z0, Z0, Z0 \
	VPXORQ Z1, Z1, Z1 \
	VPXORQ Z2, Z2, Z2 \
	VPXORQ Z3, Z3, Z3 \
	VPXORQ Z4, Z4, Z4 \
	VPXORQ Z5, Z5, Z5 \
	VPXORQ Z6, Z6, Z6 \
	VPXORQ Z7, Z7, Z7 \
	VPXORQ Z8, Z8, Z8 \
	VPXORQ Z9, Z9, Z9 \
	VPXORQ Z10, Z10, Z10 \
	VPXORQ Z11, Z11, Z11 \
	VPXORQ Z12, Z12, Z12 \
	VPXORQ Z13, Z13, Z13 \
	VPXORQ Z14, Z14, Z14 \
	VPXORQ Z15, Z15, Z15 \
	VPXORQ Z16, Z16, Z16 \
	VPXORQ Z17, Z17, Z17 \
	VPXORQ Z18, Z18, Z18 \
	VPXORQ Z19, Z19, Z19 \
	VPXORQ Z20, Z20, Z20 \
	VPXORQ Z21, Z21, Z21 \
	VPXORQ Z22, Z22, Z22 \
	VPXORQ Z23, Z23, Z23

// Prefetching: the strip walks down a column of C tiles
// whose rows are ldc apart (8 KiB for n = 1024 float64: every row in the same L1 set), so
// C lines brought into L1 early are evicted before the store phase. Instead the tile below
// goes to L2 during this tile's first k steps (PREFNEXT) and this tile's rows to L1 only
// LATE k steps before its store (PREFC). The next B micro-panel (contiguous after this one
// in the packed panel) is brought into L2 one line per 4 k steps (PREFB), so the first tile
// of the next call does not wait on L3. A and B are prefetched into L1 APF and BPF bytes
// ahead, every line.
// Effect on the whole product (blocked.TestGemmTune, n = 1024, one thread, CPU time, best
// of 11 rounds as a fraction of the FMA probe; together with kc 192 → 256): float64
// 71–75% → 82–84%, float32 76–83% → 81–83%. The kernel alone on a strip
// (blocked.TestGemmKernelTune) runs at 89–95% of the probe with B and C walking.
// The same C scheme in the AVX2 kernels (6-row tiles, one line per row) measured no
// better (68–79% against 75–80% for the old one, float64 n = 1024), so they keep theirs.
#define LATE 16
#define APF 1024
#define BPF 1536

// PREFC prefetches the 8 rows of the C tile (192 bytes each: 4 lines cover any alignment)
// into L1 so the store phase does not wait on memory. Clobbers AX.
#define PREFROW \
	PREFETCHT0 (AX) \
	PREFETCHT0 64(AX) \
	PREFETCHT0 128(AX) \
	PREFETCHT0 191(AX) \
	ADDQ       BX, AX

#define PREFC \
	MOVQ DX, AX \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW

// PREFNEXT prefetches one row of the C tile below this one (8 rows down: the tile the
// next pass of the strip loop updates) into L2, one row per call, for the first 8 calls
// in a tile. R12 = next row to prefetch, R13 = rows left to prefetch. Prefetches never
// fault, even past the end of C.
#define PREFNEXT \
	TESTQ      R13, R13 \
	JZ         nopref \
	PREFETCHT1 (R12) \
	PREFETCHT1 64(R12) \
	PREFETCHT1 128(R12) \
	PREFETCHT1 191(R12) \
	ADDQ       BX, R12 \
	DECQ       R13 \
nopref:

// PREFB prefetches one line of the next B micro-panel into L2: R14 = cursor, R15 = end.
#define PREFB \
	CMPQ       R14, R15 \
	JAE        noprefb \
	PREFETCHT1 (R14) \
	ADDQ       $64, R14 \
noprefb:

// BODY4 is four k steps with the L1 prefetches of A (32·sz bytes per 4 steps: the lines
// at +16·sz repeat the first two for float32) and B (768 bytes per 4 steps), then the cursors advance.
#define BODY4(MOV, BCAST, FMA, sz) \
	PREFETCHT0 APF(SI) \
	PREFETCHT0 APF+64(SI) \
	PREFETCHT0 BPF(DI) \
	STEP(MOV, BCAST, FMA, sz, 0, 0) \
	PREFETCHT0 BPF+64(DI) \
	PREFETCHT0 BPF+128(DI) \
	PREFETCHT0 APF+16*sz(SI) \
	PREFETCHT0 APF+16*sz+64(SI) \
	STEP(MOV, BCAST, FMA, sz, 8*sz, 192) \
	PREFETCHT0 BPF+192(DI) \
	PREFETCHT0 BPF+256(DI) \
	PREFETCHT0 BPF+320(DI) \
	PREFETCHT0 BPF+384(DI) \
	STEP(MOV, BCAST, FMA, sz, 16*sz, 384) \
	PREFETCHT0 BPF+448(DI) \
	PREFETCHT0 BPF+512(DI) \
	PREFETCHT0 BPF+576(DI) \
	PREFETCHT0 BPF+640(DI) \
	PREFETCHT0 BPF+704(DI) \
	STEP(MOV, BCAST, FMA, sz, 24*sz, 576) \
	ADDQ       $32*sz, SI \
	ADDQ       $768, DI \
	SUBQ       $4, CX

// MASK sets kreg to the lanes of the next vector of V lanes that hold columns < n:
// R10 = min(R11, V), kreg = (1<<R10)−1, R11 −= R10, where R11 counts the columns left.
// Clobbers AX, CX, R10.
#define MASK(V, kreg) \
	MOVQ    R11, R10 \
	MOVQ    $V, AX \
	CMPQ    R10, AX \
	CMOVQGT AX, R10 \
	SUBQ    R10, R11 \
	MOVL    $1, AX \
	MOVQ    R10, CX \
	SHLL    CX, AX \
	DECL    AX \
	KMOVW   AX, kreg

// TILES is the strip loop of both kernels: for each tile down the strip (R11 rows
// left), the k steps four at a time with the C prefetches (LATE steps before the end
// the tile's own rows, PREFC), then singly, then the store of min(8, R11) rows (β read
// from beta, its sign bit shifted out to test for ±0).
#define TILES(MOV, BCAST, FMA, MUL, sz, beta, BETAMOV, BETASHL) \
tile: \
	MOVQ R9, DI \
	MOVQ k+72(FP), CX \
	LEAQ (DX)(BX*8), R12 \
	MOVQ $8, R13 \
	ZERO24 \
	CMPQ CX, $LATE+4 \
	JB   late \
loop4: \
	PREFNEXT \
	PREFB \
	BODY4(MOV, BCAST, FMA, sz) \
	CMPQ CX, $LATE+4 \
	JAE  loop4 \
late: \
	PREFC \
	CMPQ CX, $4 \
	JB   tail \
loop4b: \
	BODY4(MOV, BCAST, FMA, sz) \
	CMPQ CX, $4 \
	JAE  loop4b \
tail: \
	TESTQ CX, CX \
	JZ    store \
loop1: \
	STEP(MOV, BCAST, FMA, sz, 0, 0) \
	ADDQ $8*sz, SI \
	ADDQ $192, DI \
	DECQ CX \
	JNZ  loop1 \
store: \
	MOVQ    $8, R8 \
	CMPQ    R11, R8 \
	CMOVQLT R11, R8 \
	SUBQ    R8, R11 \
	BETAMOV beta, AX \
	BETASHL $1, AX \
	JZ      beta0 \
	STOREB(MUL, FMA, MOV) \
	JMP     next \
beta0: \
	STORE0(MUL, MOV) \
next: \
	TESTQ R11, R11 \
	JNZ   tile

// func gemmF64AVX512(a, b, c []float64, k, ldc int, alpha, beta float64, m, n int)
// Requires: AVX512F
TEXT ·gemmF64AVX512(SB), NOSPLIT, $0-120
	MOVQ         a_base+0(FP), SI
	MOVQ         b_base+24(FP), R9
	MOVQ         c_base+48(FP), DX
	MOVQ         ldc+80(FP), BX
	SHLQ         $3, BX
	MOVQ         n+112(FP), R11
	MASK(8, K1)
	MASK(8, K2)
	MASK(8, K3)
	MOVQ         m+104(FP), R11
	VBROADCASTSD alpha+88(FP), Z29
	VBROADCASTSD beta+96(FP), Z30
	MOVQ         k+72(FP), AX
	IMULQ        $192, AX // bytes of one B micro-panel (k·NR elements)
	LEAQ         (R9)(AX*1), R14
	LEAQ         (R14)(AX*1), R15

	TILES(VMOVUPD, VBROADCASTSD, VFMADD231PD, VMULPD, 8, beta+96(FP), MOVQ, SHLQ)
	VZEROUPPER
	RET

// func gemmF32AVX512(a, b, c []float32, k, ldc int, alpha, beta float32, m, n int)
// Requires: AVX512F
TEXT ·gemmF32AVX512(SB), NOSPLIT, $0-112
	MOVQ         a_base+0(FP), SI
	MOVQ         b_base+24(FP), R9
	MOVQ         c_base+48(FP), DX
	MOVQ         ldc+80(FP), BX
	SHLQ         $2, BX
	MOVQ         n+104(FP), R11
	MASK(16, K1)
	MASK(16, K2)
	MASK(16, K3)
	MOVQ         m+96(FP), R11
	VBROADCASTSS alpha+88(FP), Z29
	VBROADCASTSS beta+92(FP), Z30
	MOVQ         k+72(FP), AX
	IMULQ        $192, AX // bytes of one B micro-panel (k·NR elements)
	LEAQ         (R9)(AX*1), R14
	LEAQ         (R14)(AX*1), R15

	TILES(VMOVUPS, VBROADCASTSS, VFMADD231PS, VMULPS, 4, beta+92(FP), MOVL, SHLL)
	VZEROUPPER
	RET

// Packing for the blocked GEMM (see gemm_generic.go for the Go equivalents).

// func packRunsF64AVX512(d []float64, w int, src []float64, stride, kb, cols int)
// Requires: AVX512F
// Register plan: DI = destination slot (w elements), SI = source run, R8 = w in bytes,
// R9 = stride in bytes, CX = runs left, K1–K3 = lanes < cols (loads, zeroing the rest),
// K4–K6 = lanes < w (stores). Invariant: slots before DI hold their run and zeros up to w.
TEXT ·packRunsF64AVX512(SB), NOSPLIT, $0-80
	MOVQ d_base+0(FP), DI
	MOVQ w+24(FP), R8
	MOVQ src_base+32(FP), SI
	MOVQ stride+56(FP), R9
	MOVQ kb+64(FP), DX
	MOVQ cols+72(FP), R11
	MASK(8, K1)
	MASK(8, K2)
	MASK(8, K3)
	MOVQ R8, R11
	MASK(8, K4)
	MASK(8, K5)
	MASK(8, K6)
	SHLQ $3, R8
	SHLQ $3, R9
	MOVQ DX, CX
	TESTQ CX, CX
	JZ   done

loop:
	VMOVUPD.Z (SI), K1, Z0
	VMOVUPD.Z 64(SI), K2, Z1
	VMOVUPD.Z 128(SI), K3, Z2
	VMOVUPD   Z0, K4, (DI)
	VMOVUPD   Z1, K5, 64(DI)
	VMOVUPD   Z2, K6, 128(DI)
	ADDQ      R9, SI
	ADDQ      R8, DI
	DECQ      CX
	JNZ       loop

done:
	VZEROUPPER
	RET

// func packRunsF32AVX512(d []float32, w int, src []float32, stride, kb, cols int)
// Requires: AVX512F
// Register plan as packRunsF64AVX512, with 16-lane masks.
TEXT ·packRunsF32AVX512(SB), NOSPLIT, $0-80
	MOVQ d_base+0(FP), DI
	MOVQ w+24(FP), R8
	MOVQ src_base+32(FP), SI
	MOVQ stride+56(FP), R9
	MOVQ kb+64(FP), DX
	MOVQ cols+72(FP), R11
	MASK(16, K1)
	MASK(16, K2)
	MASK(16, K3)
	MOVQ R8, R11
	MASK(16, K4)
	MASK(16, K5)
	MASK(16, K6)
	SHLQ $2, R8
	SHLQ $2, R9
	MOVQ DX, CX
	TESTQ CX, CX
	JZ   done

loop:
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z 64(SI), K2, Z1
	VMOVUPS.Z 128(SI), K3, Z2
	VMOVUPS   Z0, K4, (DI)
	VMOVUPS   Z1, K5, 64(DI)
	VMOVUPS   Z2, K6, 128(DI)
	ADDQ      R9, SI
	ADDQ      R8, DI
	DECQ      CX
	JNZ       loop

done:
	VZEROUPPER
	RET

// TRANSPOSE8 transposes the 8×8 float64 block in Z0–Z7 (row r in Zr) into Z16–Z23
// (column p in Z(16+p)), using Z8–Z15 as scratch.
#define TRANSPOSE8 \
	VUNPCKLPD  Z1, Z0, Z8 \
	VUNPCKHPD  Z1, Z0, Z9 \
	VUNPCKLPD  Z3, Z2, Z10 \
	VUNPCKHPD  Z3, Z2, Z11 \
	VUNPCKLPD  Z5, Z4, Z12 \
	VUNPCKHPD  Z5, Z4, Z13 \
	VUNPCKLPD  Z7, Z6, Z14 \
	VUNPCKHPD  Z7, Z6, Z15 \
	VSHUFF64X2 $0x88, Z10, Z8, Z0 \
	VSHUFF64X2 $0xDD, Z10, Z8, Z1 \
	VSHUFF64X2 $0x88, Z11, Z9, Z2 \
	VSHUFF64X2 $0xDD, Z11, Z9, Z3 \
	VSHUFF64X2 $0x88, Z14, Z12, Z4 \
	VSHUFF64X2 $0xDD, Z14, Z12, Z5 \
	VSHUFF64X2 $0x88, Z15, Z13, Z6 \
	VSHUFF64X2 $0xDD, Z15, Z13, Z7 \
	VSHUFF64X2 $0x88, Z4, Z0, Z16 \
	VSHUFF64X2 $0xDD, Z4, Z0, Z20 \
	VSHUFF64X2 $0x88, Z5, Z1, Z18 \
	VSHUFF64X2 $0xDD, Z5, Z1, Z22 \
	VSHUFF64X2 $0x88, Z6, Z2, Z17 \
	VSHUFF64X2 $0xDD, Z6, Z2, Z21 \
	VSHUFF64X2 $0x88, Z7, Z3, Z19 \
	VSHUFF64X2 $0xDD, Z7, Z3, Z23

// func packGather8F64AVX512(d []float64, w int, src []float64, stride, kb int)
// Requires: AVX512F
// Register plan: AX = rows 0–3 cursor, BX = rows 4–7 cursor (both advance 8 elements per
// block), R9 = stride in bytes, R13 = 3·stride in bytes, DI = destination of the block's
// first p, DX = destination cursor within a block, R8 = w in bytes, CX = full blocks left,
// R10 = kb mod 8, K1 = its lane mask. Each block: 8 row loads, an 8×8 transpose, 8 stores
// of 8 elements at stride w. Invariant: d[p*w : p*w+8] holds column p for every p before
// the current block.
TEXT ·packGather8F64AVX512(SB), NOSPLIT, $0-72
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
	VMOVUPD (BX)(R13*1), Z7
	TRANSPOSE8
	MOVQ    DI, DX
	VMOVUPD Z16, (DX)
	ADDQ    R8, DX
	VMOVUPD Z17, (DX)
	ADDQ    R8, DX
	VMOVUPD Z18, (DX)
	ADDQ    R8, DX
	VMOVUPD Z19, (DX)
	ADDQ    R8, DX
	VMOVUPD Z20, (DX)
	ADDQ    R8, DX
	VMOVUPD Z21, (DX)
	ADDQ    R8, DX
	VMOVUPD Z22, (DX)
	ADDQ    R8, DX
	VMOVUPD Z23, (DX)
	ADDQ    R8, DX
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
	VMOVUPD.Z (BX)(R13*1), K1, Z7
	TRANSPOSE8
	// Store columns 0 … R10−1 only.
	VMOVUPD Z16, (DI)
	DECQ    R10
	JZ      done
	ADDQ    R8, DI
	VMOVUPD Z17, (DI)
	DECQ    R10
	JZ      done
	ADDQ    R8, DI
	VMOVUPD Z18, (DI)
	DECQ    R10
	JZ      done
	ADDQ    R8, DI
	VMOVUPD Z19, (DI)
	DECQ    R10
	JZ      done
	ADDQ    R8, DI
	VMOVUPD Z20, (DI)
	DECQ    R10
	JZ      done
	ADDQ    R8, DI
	VMOVUPD Z21, (DI)
	DECQ    R10
	JZ      done
	ADDQ    R8, DI
	VMOVUPD Z22, (DI)

done:
	VZEROUPPER
	RET
