package asm

import (
	"fmt"
	"math"
)

// GEMM micro-kernels. A micro-kernel computes one MR×NR tile of C = α·A·B + β·C from
// packed panels, k steps deep:
//
//	a[p*MR+i] = A(i, p)   (the packed A panel, k·MR values, rows padded with zeros to MR)
//	b[p*NR+j] = B(p, j)   (the packed B panel, k·NR values, columns padded to NR)
//	acc(i, j) = Σ_p a[p*MR+i]·b[p*NR+j]       (in p order, one fused multiply-add per step
//	                                            in the assembly)
//	C[i*ldc+j] = α·acc(i, j)                   if β = 0 (C is not read: NaN in C cannot leak)
//	C[i*ldc+j] = fma(β, C[i*ldc+j], α·acc(i, j)) otherwise
//
// for i < m ≤ MR and j < n ≤ NR: the kernel always computes the full tile and stores
// only its m×n corner, so nothing outside it is read or written. NaN and Inf in A and B
// propagate (no entry is skipped). Cost: 2·MR·NR·k flops.
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
// corner of its tile, k steps deep.
func checkGemmTile(mr, nr, k, la, lb, lc, ldc, m, n int) {
	switch {
	case k < 0 || m < 1 || m > mr || n < 1 || n > nr:
		panic(fmt.Sprintf("asm: gemm %d×%d kernel: bad k = %d, m = %d, n = %d", mr, nr, k, m, n))
	case m > 1 && ldc < n:
		panic(fmt.Sprintf("asm: gemm %d×%d kernel: ldc = %d < n = %d", mr, nr, ldc, n))
	case la < k*mr || lb < k*nr || lc < (m-1)*ldc+n:
		panic(fmt.Sprintf("asm: gemm %d×%d kernel: short slice: len(a) = %d, len(b) = %d, len(c) = %d for k = %d, m = %d, n = %d, ldc = %d",
			mr, nr, la, lb, lc, k, m, n, ldc))
	}
}
