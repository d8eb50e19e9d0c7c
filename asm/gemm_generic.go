package asm

import (
	"fmt"
	"math"
)

// GEMM micro-kernels. A micro-kernel computes a strip of MR×NR tiles of
// C = α·A·B + β·C, one below the other, from packed panels k steps deep:
//
//	a[t*MR*k + p*MR + i] = A(t*MR+i, p)  (⌈m/MR⌉ packed A panels, rows padded with zeros)
//	b[p*NR+j] = B(p, j)                  (one packed B panel, columns padded to NR)
//	acc(i, j) = Σ_p A(i, p)·B(p, j)      (in p order, one fused multiply-add per step in
//	                                      the assembly)
//	C[i*ldc+j] = α·acc(i, j)                     if β = 0 (C is not read: NaN in C cannot leak)
//	C[i*ldc+j] = fma(β, C[i*ldc+j], α·acc(i, j))  otherwise
//
// for i < m and j < n ≤ NR: the kernel always computes full tiles and stores only the
// m×n strip, so nothing outside it is read or written. NaN and Inf in A and B propagate
// (no entry is skipped). Cost: 2·MR·NR·k flops per tile.
//
// Every kernel panics if a length is too short for k, m, n and ldc.

// Register-tile geometry of the generic kernels: 4×4 keeps the 16 accumulators in
// registers on amd64 and arm64 alike.
const (
	GemmMRF64Generic, GemmNRF64Generic = 4, 4
	GemmMRF32Generic, GemmNRF32Generic = 4, 4
)

// GemmF64Generic is the pure-Go float64 micro-kernel with a 4×4 tile (see above). It uses
// ordinary multiply-adds, which the compiler may fuse on some architectures.
func GemmF64Generic(k int, a, b, c []float64, ldc int, alpha, beta float64, m, n int) {
	gemmGeneric(k, a, b, c, ldc, alpha, beta, m, n)
}

// GemmF32Generic is GemmF64Generic in float32.
func GemmF32Generic(k int, a, b, c []float32, ldc int, alpha, beta float32, m, n int) {
	gemmGeneric(k, a, b, c, ldc, alpha, beta, m, n)
}

func gemmGeneric[T float32 | float64](k int, a, b, c []T, ldc int, alpha, beta T, m, n int) {
	const mr, nr = 4, 4
	checkGemmTile(mr, nr, k, len(a), len(b), len(c), ldc, m, n)
	for t := 0; t < m; t += mr {
		gemmGenericTile(k, a[t*k:(t+mr)*k], b, c[t*ldc:], ldc, alpha, beta, min(mr, m-t), n)
	}
}

func gemmGenericTile[T float32 | float64](k int, a, b, c []T, ldc int, alpha, beta T, m, n int) {
	const mr, nr = 4, 4
	a, b = a[:k*mr], b[:k*nr]
	var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 T
	for p := 0; p+mr <= len(a) && p+nr <= len(b); p += 4 {
		ap, bp := a[p:p+4:p+4], b[p:p+4:p+4]
		a0, a1, a2, a3 := ap[0], ap[1], ap[2], ap[3]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	acc := [mr * nr]T{c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33}
	storeTile(acc[:], nr, c, ldc, alpha, beta, m, n)
}

// Small-unpacked ("sup") kernels: the same strip of tiles as a micro-kernel, for
// products too small to repay packing, with both operands read in place:
//
//	A(i, p) = a[i*rsa + p*csa]   (rsa = lda, csa = 1 for A as stored; rsa = 1, csa = lda
//	                              for Aᵀ; rsa = 1, csa = MR for a packed panel)
//	B(p, j) = b[p*ldb + j]       (B as stored, row-major)
//	acc(i, j) = Σ_p A(i, p)·B(p, j)   (in p order, as the micro-kernel of the level)
//
// and C stored as by the micro-kernel (β = 0: C not read), for i < m and j < n ≤ NR.
// The kernel may read the rows i < ⌈m/MR⌉·MR of A (the assembly computes whole tiles),
// so they must exist in a; columns j ≥ n of B are not read. c must not share memory
// with a or b (a and b may overlap each other). NaN and Inf in A and B propagate. Cost: 2·MR·NR·k flops per tile, no packing. Every kernel panics if a
// length is too short for k, m, n and the strides.

// GemmSupF64Generic is the pure-Go float64 small-unpacked kernel with 4×4 tiles (see
// above); its sums are those of GemmF64Generic on the packed operands.
func GemmSupF64Generic(k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, m, n int) {
	gemmSupGeneric(k, a, rsa, csa, b, ldb, c, ldc, alpha, beta, m, n)
}

// GemmSupF32Generic is GemmSupF64Generic in float32.
func GemmSupF32Generic(k int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, m, n int) {
	gemmSupGeneric(k, a, rsa, csa, b, ldb, c, ldc, alpha, beta, m, n)
}

func gemmSupGeneric[T float32 | float64](k int, a []T, rsa, csa int, b []T, ldb int, c []T, ldc int, alpha, beta T, m, n int) {
	const mr, nr = GemmMRF64Generic, GemmNRF64Generic
	checkGemmSup(mr, nr, k, len(a), rsa, csa, len(b), ldb, len(c), ldc, m, n)
	for t := 0; t < m; t += mr {
		rows := min(mr, m-t)
		var acc [mr * nr]T
		for p := 0; p < k; p++ {
			bp := b[p*ldb : p*ldb+n]
			for i := 0; i < rows; i++ {
				x := a[(t+i)*rsa+p*csa]
				ai := acc[i*nr : i*nr+n]
				for j, y := range bp {
					ai[j] += x * y
				}
			}
		}
		storeTile(acc[:], nr, c[t*ldc:], ldc, alpha, beta, rows, n)
	}
}

// checkGemmSup panics unless the lengths suffice for an mr×nr small-unpacked kernel (see
// GemmSupF64Generic) and returns the lengths of a, b and c it uses.
func checkGemmSup(mr, nr, k, la, rsa, csa, lb, ldb, lc, ldc, m, n int) (na, nb, nc int) {
	if tooBig(k|m|n|rsa|csa|ldb|ldc) || m < 1 || n < 1 || n > nr {
		panic(fmt.Sprintf("asm: gemm sup %d×%d kernel: bad k = %d, m = %d, n = %d, rsa = %d, csa = %d, ldb = %d, ldc = %d",
			mr, nr, k, m, n, rsa, csa, ldb, ldc))
	}
	if m > 1 && ldc < n {
		panic(fmt.Sprintf("asm: gemm sup %d×%d kernel: ldc = %d < n = %d", mr, nr, ldc, n))
	}
	if k > 0 {
		na = ((m+mr-1)/mr*mr-1)*rsa + (k-1)*csa + 1
		nb = (k-1)*ldb + n
	}
	nc = (m-1)*ldc + n
	if la < na || lb < nb || lc < nc {
		panic(fmt.Sprintf("asm: gemm sup %d×%d kernel: short slice: len(a) = %d, len(b) = %d, len(c) = %d for k = %d, m = %d, n = %d, rsa = %d, csa = %d, ldb = %d, ldc = %d",
			mr, nr, la, lb, lc, k, m, n, rsa, csa, ldb, ldc))
	}
	return na, nb, nc
}

// storeTile stores the m×n corner of the tile acc (row stride accStride) into c:
// c = α·acc if β = 0 (c not read), else fma(β, c, α·acc).
func storeTile[T float32 | float64](acc []T, accStride int, c []T, ldc int, alpha, beta T, m, n int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		src := acc[i*accStride : i*accStride+n]
		if beta == 0 {
			for j := range row {
				row[j] = alpha * src[j]
			}
			continue
		}
		for j := range row {
			row[j] = T(math.FMA(float64(beta), float64(row[j]), float64(alpha*src[j])))
		}
	}
}

// checkGemmTile panics unless the lengths suffice for an mr×nr kernel storing an m×n
// strip of ⌈m/mr⌉ tiles, k steps deep.
func checkGemmTile(mr, nr, k, la, lb, lc, ldc, m, n int) {
	switch {
	case tooBig(k|m|n|ldc) || m < 1 || n < 1 || n > nr:
		panic(fmt.Sprintf("asm: gemm %d×%d kernel: bad k = %d, m = %d, n = %d", mr, nr, k, m, n))
	case m > 1 && ldc < n:
		panic(fmt.Sprintf("asm: gemm %d×%d kernel: ldc = %d < n = %d", mr, nr, ldc, n))
	case la < (m+mr-1)/mr*mr*k || lb < k*nr || lc < (m-1)*ldc+n:
		panic(fmt.Sprintf("asm: gemm %d×%d kernel: short slice: len(a) = %d, len(b) = %d, len(c) = %d for k = %d, m = %d, n = %d, ldc = %d",
			mr, nr, la, lb, lc, k, m, n, ldc))
	}
}

// Packing primitives of the blocked GEMM. A run copy fills panel slots from contiguous
// source runs (op(A) transposed, op(B) not transposed); a gather interleaves 8 source rows
// (op(A) not transposed, op(B) transposed).

// GemmPackRunsF64Generic sets d[p*w : p*w+w] to src[p*stride : p*stride+cols] followed by
// w−cols zeros, for p < kb. It panics if a slice is too short or cols > w.
func GemmPackRunsF64Generic(d []float64, w int, src []float64, stride, kb, cols int) {
	packRunsGeneric(d, w, src, stride, kb, cols)
}

// GemmPackRunsF32Generic is GemmPackRunsF64Generic for float32.
func GemmPackRunsF32Generic(d []float32, w int, src []float32, stride, kb, cols int) {
	packRunsGeneric(d, w, src, stride, kb, cols)
}

// GemmPackGather8F64Generic sets d[p*w + r] = src[r*stride + p] for r < 8 and p < kb:
// 8 rows of src, kb long, interleaved into slots of stride w ≥ 8. It panics if a slice is
// too short or w < 8.
func GemmPackGather8F64Generic(d []float64, w int, src []float64, stride, kb int) {
	packGather8Generic(d, w, src, stride, kb)
}

// GemmPackGather8F32Generic is GemmPackGather8F64Generic for float32.
func GemmPackGather8F32Generic(d []float32, w int, src []float32, stride, kb int) {
	packGather8Generic(d, w, src, stride, kb)
}

func checkPackRuns(dl, w, sl, stride, kb, cols int) {
	if kb > 0 && (tooBig(w|stride|kb|cols) || cols > w || dl < kb*w || sl < (kb-1)*stride+cols) {
		panic(fmt.Sprintf("asm: gemm pack runs: len(d) = %d, w = %d, len(src) = %d, stride = %d, kb = %d, cols = %d",
			dl, w, sl, stride, kb, cols))
	}
}

func checkPackGather8(dl, w, sl, stride, kb int) {
	if kb > 0 && (tooBig(w|stride|kb) || w < 8 || stride < kb || dl < (kb-1)*w+8 || sl < 7*stride+kb) {
		panic(fmt.Sprintf("asm: gemm pack gather: len(d) = %d, w = %d, len(src) = %d, stride = %d, kb = %d",
			dl, w, sl, stride, kb))
	}
}

func packRunsGeneric[T float32 | float64](d []T, w int, src []T, stride, kb, cols int) {
	checkPackRuns(len(d), w, len(src), stride, kb, cols)
	for p := 0; p < kb; p++ {
		dp := d[p*w : p*w+w]
		sp := src[p*stride : p*stride+cols]
		for j := range sp {
			dp[j] = sp[j]
		}
		clear(dp[cols:])
	}
}

func packGather8Generic[T float32 | float64](d []T, w int, src []T, stride, kb int) {
	checkPackGather8(len(d), w, len(src), stride, kb)
	if kb == 0 {
		return
	}
	r0 := src[0*stride : 0*stride+kb]
	r1 := src[1*stride : 1*stride+kb]
	r2 := src[2*stride : 2*stride+kb]
	r3 := src[3*stride : 3*stride+kb]
	r4 := src[4*stride : 4*stride+kb]
	r5 := src[5*stride : 5*stride+kb]
	r6 := src[6*stride : 6*stride+kb]
	r7 := src[7*stride : 7*stride+kb]
	for p := range r0 {
		dp := d[p*w : p*w+8 : p*w+8]
		dp[0], dp[1], dp[2], dp[3] = r0[p], r1[p], r2[p], r3[p]
		dp[4], dp[5], dp[6], dp[7] = r4[p], r5[p], r6[p], r7[p]
	}
}
