//go:build !purego

#include "textflag.h"

// GEMM micro-kernels for AVX-512: one MR×NR tile of C = α·A·B + β·C from packed panels.
// The tile is 14 rows × 2 ZMM vectors (14×16 float64, 14×32 float32): rows are broadcast
// from the packed A panel (a[p*14+i]), columns loaded as vectors from the packed B panel
// (b[p*NR+j]). The Go wrappers (gemm_amd64.go) check every length.
//
// Register plan (both precisions):
//   SI = A panel cursor, DI = B panel cursor, CX = k steps left,
//   DX = C row cursor, BX = ldc in bytes, R8 = rows of C left to store (m),
//   Z0–Z27 = accumulators, row i in Z(2i) (columns 0…V−1) and Z(2i+1) (columns V…2V−1),
//   Z28, Z29 = the current row of the B panel, Z30/Z31 = broadcast A element (alternating,
//   so two rows' FMAs can be in flight), then α and β in the store phase,
//   K1, K2 = column masks of the two vectors (all ones for a full tile).
// Loop invariant: after p steps, Z(2i+h) holds Σ_{q<p} a[q*14+i]·b[q*NR+hV…] with one
// rounding per fused multiply-add, summed in q order.
// Store: C[i][j] = α·acc (β = ±0: C is not read) or fma(β, C[i][j], α·acc), rows
// i < m, columns masked to j < n, so nothing outside the m×n tile is read or written.

// One k step of the float64 kernel: B row at boff, A column at aoff.
#define STEP64(aoff, boff) \
	VMOVUPD      boff(DI), Z28 \
	VMOVUPD      boff+64(DI), Z29 \
	VBROADCASTSD aoff+0(SI), Z30 \
	VFMADD231PD  Z30, Z28, Z0 \
	VFMADD231PD  Z30, Z29, Z1 \
	VBROADCASTSD aoff+8(SI), Z31 \
	VFMADD231PD  Z31, Z28, Z2 \
	VFMADD231PD  Z31, Z29, Z3 \
	VBROADCASTSD aoff+16(SI), Z30 \
	VFMADD231PD  Z30, Z28, Z4 \
	VFMADD231PD  Z30, Z29, Z5 \
	VBROADCASTSD aoff+24(SI), Z31 \
	VFMADD231PD  Z31, Z28, Z6 \
	VFMADD231PD  Z31, Z29, Z7 \
	VBROADCASTSD aoff+32(SI), Z30 \
	VFMADD231PD  Z30, Z28, Z8 \
	VFMADD231PD  Z30, Z29, Z9 \
	VBROADCASTSD aoff+40(SI), Z31 \
	VFMADD231PD  Z31, Z28, Z10 \
	VFMADD231PD  Z31, Z29, Z11 \
	VBROADCASTSD aoff+48(SI), Z30 \
	VFMADD231PD  Z30, Z28, Z12 \
	VFMADD231PD  Z30, Z29, Z13 \
	VBROADCASTSD aoff+56(SI), Z31 \
	VFMADD231PD  Z31, Z28, Z14 \
	VFMADD231PD  Z31, Z29, Z15 \
	VBROADCASTSD aoff+64(SI), Z30 \
	VFMADD231PD  Z30, Z28, Z16 \
	VFMADD231PD  Z30, Z29, Z17 \
	VBROADCASTSD aoff+72(SI), Z31 \
	VFMADD231PD  Z31, Z28, Z18 \
	VFMADD231PD  Z31, Z29, Z19 \
	VBROADCASTSD aoff+80(SI), Z30 \
	VFMADD231PD  Z30, Z28, Z20 \
	VFMADD231PD  Z30, Z29, Z21 \
	VBROADCASTSD aoff+88(SI), Z31 \
	VFMADD231PD  Z31, Z28, Z22 \
	VFMADD231PD  Z31, Z29, Z23 \
	VBROADCASTSD aoff+96(SI), Z30 \
	VFMADD231PD  Z30, Z28, Z24 \
	VFMADD231PD  Z30, Z29, Z25 \
	VBROADCASTSD aoff+104(SI), Z31 \
	VFMADD231PD  Z31, Z28, Z26 \
	VFMADD231PD  Z31, Z29, Z27

// One k step of the float32 kernel.
#define STEP32(aoff, boff) \
	VMOVUPS      boff(DI), Z28 \
	VMOVUPS      boff+64(DI), Z29 \
	VBROADCASTSS aoff+0(SI), Z30 \
	VFMADD231PS  Z30, Z28, Z0 \
	VFMADD231PS  Z30, Z29, Z1 \
	VBROADCASTSS aoff+4(SI), Z31 \
	VFMADD231PS  Z31, Z28, Z2 \
	VFMADD231PS  Z31, Z29, Z3 \
	VBROADCASTSS aoff+8(SI), Z30 \
	VFMADD231PS  Z30, Z28, Z4 \
	VFMADD231PS  Z30, Z29, Z5 \
	VBROADCASTSS aoff+12(SI), Z31 \
	VFMADD231PS  Z31, Z28, Z6 \
	VFMADD231PS  Z31, Z29, Z7 \
	VBROADCASTSS aoff+16(SI), Z30 \
	VFMADD231PS  Z30, Z28, Z8 \
	VFMADD231PS  Z30, Z29, Z9 \
	VBROADCASTSS aoff+20(SI), Z31 \
	VFMADD231PS  Z31, Z28, Z10 \
	VFMADD231PS  Z31, Z29, Z11 \
	VBROADCASTSS aoff+24(SI), Z30 \
	VFMADD231PS  Z30, Z28, Z12 \
	VFMADD231PS  Z30, Z29, Z13 \
	VBROADCASTSS aoff+28(SI), Z31 \
	VFMADD231PS  Z31, Z28, Z14 \
	VFMADD231PS  Z31, Z29, Z15 \
	VBROADCASTSS aoff+32(SI), Z30 \
	VFMADD231PS  Z30, Z28, Z16 \
	VFMADD231PS  Z30, Z29, Z17 \
	VBROADCASTSS aoff+36(SI), Z31 \
	VFMADD231PS  Z31, Z28, Z18 \
	VFMADD231PS  Z31, Z29, Z19 \
	VBROADCASTSS aoff+40(SI), Z30 \
	VFMADD231PS  Z30, Z28, Z20 \
	VFMADD231PS  Z30, Z29, Z21 \
	VBROADCASTSS aoff+44(SI), Z31 \
	VFMADD231PS  Z31, Z28, Z22 \
	VFMADD231PS  Z31, Z29, Z23 \
	VBROADCASTSS aoff+48(SI), Z30 \
	VFMADD231PS  Z30, Z28, Z24 \
	VFMADD231PS  Z30, Z29, Z25 \
	VBROADCASTSS aoff+52(SI), Z31 \
	VFMADD231PS  Z31, Z28, Z26 \
	VFMADD231PS  Z31, Z29, Z27

// Store one row (accumulators r0, r1), C not read; then advance DX and stop after m rows.
#define ROW0(MUL, MOV, r0, r1) \
	MUL  Z30, r0, r0 \
	MUL  Z30, r1, r1 \
	MOV  r0, K1, (DX) \
	MOV  r1, K2, 64(DX) \
	ADDQ BX, DX \
	DECQ R8 \
	JZ   done

// Store one row as fma(β, C, α·acc); masked-off lanes of C are neither read nor written.
#define ROWB(MUL, FMA, MOV, r0, r1) \
	MUL  Z30, r0, r0 \
	MUL  Z30, r1, r1 \
	FMA  (DX), Z31, K1, r0 \
	FMA  64(DX), Z31, K2, r1 \
	MOV  r0, K1, (DX) \
	MOV  r1, K2, 64(DX) \
	ADDQ BX, DX \
	DECQ R8 \
	JZ   done

#define STORE0(MUL, MOV) \
	ROW0(MUL, MOV, Z0, Z1) \
	ROW0(MUL, MOV, Z2, Z3) \
	ROW0(MUL, MOV, Z4, Z5) \
	ROW0(MUL, MOV, Z6, Z7) \
	ROW0(MUL, MOV, Z8, Z9) \
	ROW0(MUL, MOV, Z10, Z11) \
	ROW0(MUL, MOV, Z12, Z13) \
	ROW0(MUL, MOV, Z14, Z15) \
	ROW0(MUL, MOV, Z16, Z17) \
	ROW0(MUL, MOV, Z18, Z19) \
	ROW0(MUL, MOV, Z20, Z21) \
	ROW0(MUL, MOV, Z22, Z23) \
	ROW0(MUL, MOV, Z24, Z25) \
	ROW0(MUL, MOV, Z26, Z27)

#define STOREB(MUL, FMA, MOV) \
	ROWB(MUL, FMA, MOV, Z0, Z1) \
	ROWB(MUL, FMA, MOV, Z2, Z3) \
	ROWB(MUL, FMA, MOV, Z4, Z5) \
	ROWB(MUL, FMA, MOV, Z6, Z7) \
	ROWB(MUL, FMA, MOV, Z8, Z9) \
	ROWB(MUL, FMA, MOV, Z10, Z11) \
	ROWB(MUL, FMA, MOV, Z12, Z13) \
	ROWB(MUL, FMA, MOV, Z14, Z15) \
	ROWB(MUL, FMA, MOV, Z16, Z17) \
	ROWB(MUL, FMA, MOV, Z18, Z19) \
	ROWB(MUL, FMA, MOV, Z20, Z21) \
	ROWB(MUL, FMA, MOV, Z22, Z23) \
	ROWB(MUL, FMA, MOV, Z24, Z25) \
	ROWB(MUL, FMA, MOV, Z26, Z27)

#define ZERO28 \
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
	VPXORQ Z23, Z23, Z23 \
	VPXORQ Z24, Z24, Z24 \
	VPXORQ Z25, Z25, Z25 \
	VPXORQ Z26, Z26, Z26 \
	VPXORQ Z27, Z27, Z27

// MASKS sets K1 and K2 from n (columns to store) for vectors of V lanes:
// K1 = (1<<min(n,V))−1, K2 = (1<<(n−min(n,V)))−1. Clobbers AX, CX, R10, R11.
#define MASKS(V) \
	MOVQ    n+112(FP), R10 \
	MOVQ    $V, R11 \
	CMPQ    R10, R11 \
	CMOVQGT R11, R10 \
	MOVQ    n+112(FP), R11 \
	SUBQ    R10, R11 \
	MOVL    $1, AX \
	MOVQ    R10, CX \
	SHLL    CX, AX \
	DECL    AX \
	KMOVW   AX, K1 \
	MOVL    $1, AX \
	MOVQ    R11, CX \
	SHLL    CX, AX \
	DECL    AX \
	KMOVW   AX, K2

// PREFC prefetches the 14 rows of the C tile (3 lines each, for any alignment) so the
// store phase does not wait on memory. Clobbers R12.
#define PREFC \
	MOVQ       DX, R12 \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW \
	PREFROW

#define PREFROW \
	PREFETCHT0 (R12) \
	PREFETCHT0 64(R12) \
	PREFETCHT0 127(R12) \
	ADDQ       BX, R12

// func gemmF64AVX512(a, b, c []float64, k, ldc int, alpha, beta float64, m, n int)
// Requires: AVX512F
TEXT ·gemmF64AVX512(SB), NOSPLIT, $0-120
	MOVQ a_base+0(FP), SI
	MOVQ b_base+24(FP), DI
	MOVQ c_base+48(FP), DX
	MOVQ k+72(FP), CX
	MOVQ ldc+80(FP), BX
	SHLQ $3, BX
	PREFC
	ZERO28
	CMPQ CX, $4
	JB   tail

loop4:
	PREFETCHT0 1024(SI)
	STEP64(0, 0)
	STEP64(112, 128)
	PREFETCHT0 1024(DI)
	STEP64(224, 256)
	STEP64(336, 384)
	ADDQ $448, SI
	ADDQ $512, DI
	SUBQ $4, CX
	CMPQ CX, $4
	JAE  loop4

tail:
	TESTQ CX, CX
	JZ    store

loop1:
	STEP64(0, 0)
	ADDQ $112, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  loop1

store:
	MASKS(8)
	MOVQ         m+104(FP), R8
	VBROADCASTSD alpha+88(FP), Z30
	VBROADCASTSD beta+96(FP), Z31
	MOVQ         beta+96(FP), AX
	SHLQ         $1, AX
	JZ           beta0
	STOREB(VMULPD, VFMADD231PD, VMOVUPD)
	JMP done

beta0:
	STORE0(VMULPD, VMOVUPD)

done:
	VZEROUPPER
	RET

// func gemmF32AVX512(a, b, c []float32, k, ldc int, alpha, beta float32, m, n int)
// Requires: AVX512F
TEXT ·gemmF32AVX512(SB), NOSPLIT, $0-112
	MOVQ a_base+0(FP), SI
	MOVQ b_base+24(FP), DI
	MOVQ c_base+48(FP), DX
	MOVQ k+72(FP), CX
	MOVQ ldc+80(FP), BX
	SHLQ $2, BX
	PREFC
	ZERO28
	CMPQ CX, $4
	JB   tail

loop4:
	PREFETCHT0 512(SI)
	STEP32(0, 0)
	STEP32(56, 128)
	PREFETCHT0 1024(DI)
	STEP32(112, 256)
	STEP32(168, 384)
	ADDQ $224, SI
	ADDQ $512, DI
	SUBQ $4, CX
	CMPQ CX, $4
	JAE  loop4

tail:
	TESTQ CX, CX
	JZ    store

loop1:
	STEP32(0, 0)
	ADDQ $56, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  loop1

store:
	MOVQ         n+104(FP), R10
	MOVQ         $16, R11
	CMPQ         R10, R11
	CMOVQGT      R11, R10
	MOVQ         n+104(FP), R11
	SUBQ         R10, R11
	MOVL         $1, AX
	MOVQ         R10, CX
	SHLL         CX, AX
	DECL         AX
	KMOVW        AX, K1
	MOVL         $1, AX
	MOVQ         R11, CX
	SHLL         CX, AX
	DECL         AX
	KMOVW        AX, K2
	MOVQ         m+96(FP), R8
	VBROADCASTSS alpha+88(FP), Z30
	VBROADCASTSS beta+92(FP), Z31
	MOVL         beta+92(FP), AX
	SHLL         $1, AX
	JZ           beta0
	STOREB(VMULPS, VFMADD231PS, VMOVUPS)
	JMP done

beta0:
	STORE0(VMULPS, VMOVUPS)

done:
	VZEROUPPER
	RET
