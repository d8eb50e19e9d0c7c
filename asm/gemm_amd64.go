//go:build !purego

package asm

// Register-tile geometry of the assembly micro-kernels (see gemm_generic.go for what a
// micro-kernel computes). Rows of the tile are broadcast from packed A, columns are
// vectors of packed B. Measured on the Ice Lake server (2 FMA-512 units), kernel alone on
// cache-resident panels, k = 128 and 256, timed interleaved with the FMA probe (fraction
// of the probe's rate, three runs each on a loaded 2-core machine):
//
//	AVX-512 float64  14×16 (28 accumulators; 16 loads per 28 FMAs): 0.71–0.79
//	                  8×24 (24 accumulators; 11 loads per 24 FMAs): 0.81–0.88  ← chosen
//	                  6×32 (24 accumulators; 10 loads per 24 FMAs): 0.81–0.88
//	8×24 beats 14×16 by needing fewer loads per FMA, and wastes less than 6×32 on
//	narrow matrices (NR = 24 against 32). float32 uses the same 8 rows × 3 vectors (8×48).
//	AVX2 float64: 6×8 (12 YMM accumulators, 2 B vectors, 2 broadcast registers: all 16
//	YMM registers), 0.86 of its probe; float32 6×16, 0.90–1.0. With the strip loop in the
//	assembly and the next B micro-panel prefetched into L2 (PREFB), walking through a
//	packed panel as the blocked loops do (m = 84, k = 384): float64 0.85 → 0.95,
//	float32 0.94 → 0.97.
const (
	GemmMRF64AVX512, GemmNRF64AVX512 = 8, 24
	GemmMRF32AVX512, GemmNRF32AVX512 = 8, 48
	GemmMRF64AVX2, GemmNRF64AVX2     = 6, 8
	GemmMRF32AVX2, GemmNRF32AVX2     = 6, 16
)

// GemmF64AVX512 is the float64 micro-kernel with 8×24 tiles on ZMM registers; the loop
// down the strip is in the assembly, edge tiles are stored with masks. Requires: AVX512F.
func GemmF64AVX512(k int, a, b, c []float64, ldc int, alpha, beta float64, m, n int) {
	needAVX512("GemmF64AVX512")

	const mr, nr = GemmMRF64AVX512, GemmNRF64AVX512
	checkGemmTile(mr, nr, k, len(a), len(b), len(c), ldc, m, n)
	gemmF64AVX512(a[:(m+mr-1)/mr*mr*k], b[:k*nr], c[:(m-1)*ldc+n], k, ldc, alpha, beta, m, n)
}

// GemmF32AVX512 is the float32 micro-kernel with 8×48 tiles on ZMM registers; the loop
// down the strip is in the assembly, edge tiles are stored with masks. Requires: AVX512F.
func GemmF32AVX512(k int, a, b, c []float32, ldc int, alpha, beta float32, m, n int) {
	needAVX512("GemmF32AVX512")

	const mr, nr = GemmMRF32AVX512, GemmNRF32AVX512
	checkGemmTile(mr, nr, k, len(a), len(b), len(c), ldc, m, n)
	gemmF32AVX512(a[:(m+mr-1)/mr*mr*k], b[:k*nr], c[:(m-1)*ldc+n], k, ldc, alpha, beta, m, n)
}

// GemmF64AVX2 is the float64 micro-kernel with a 6×8 tile on YMM registers; the loop
// down the strip's full tiles is in the assembly, an edge tile is computed into a buffer
// on the stack and its m×n corner copied out.
// Requires: AVX2, FMA3.
func GemmF64AVX2(k int, a, b, c []float64, ldc int, alpha, beta float64, m, n int) {
	needAVX2("GemmF64AVX2")

	const mr, nr = GemmMRF64AVX2, GemmNRF64AVX2
	checkGemmTile(mr, nr, k, len(a), len(b), len(c), ldc, m, n)
	t := 0
	if n == nr && m >= mr {
		full := m / mr
		t = full * mr
		gemmF64AVX2(a[:t*k], b[:k*nr], c[:(t-1)*ldc+nr], k, ldc, alpha, beta, full)
	}
	for ; t < m; t += mr {
		var buf [mr * nr]float64
		gemmF64AVX2(a[t*k:(t+mr)*k], b[:k*nr], buf[:], k, nr, 1, 0, 1)
		storeTile(buf[:], nr, c[t*ldc:], ldc, alpha, beta, min(mr, m-t), n)
	}
}

// GemmF32AVX2 is the float32 micro-kernel with a 6×16 tile on YMM registers; edge
// tiles go through a buffer as in GemmF64AVX2. Requires: AVX2, FMA3.
func GemmF32AVX2(k int, a, b, c []float32, ldc int, alpha, beta float32, m, n int) {
	needAVX2("GemmF32AVX2")

	const mr, nr = GemmMRF32AVX2, GemmNRF32AVX2
	checkGemmTile(mr, nr, k, len(a), len(b), len(c), ldc, m, n)
	t := 0
	if n == nr && m >= mr {
		full := m / mr
		t = full * mr
		gemmF32AVX2(a[:t*k], b[:k*nr], c[:(t-1)*ldc+nr], k, ldc, alpha, beta, full)
	}
	for ; t < m; t += mr {
		var buf [mr * nr]float32
		gemmF32AVX2(a[t*k:(t+mr)*k], b[:k*nr], buf[:], k, nr, 1, 0, 1)
		storeTile(buf[:], nr, c[t*ldc:], ldc, alpha, beta, min(mr, m-t), n)
	}
}

// The assembly trusts its wrappers: len(a) = ⌈m/MR⌉·MR·k (tiles·MR·k for AVX2),
// len(b) = k·NR, and c covers the m×n strip (tiles full tiles for AVX2) with row stride
// ldc.

//go:noescape
func gemmF64AVX512(a, b, c []float64, k, ldc int, alpha, beta float64, m, n int)

//go:noescape
func gemmF32AVX512(a, b, c []float32, k, ldc int, alpha, beta float32, m, n int)

//go:noescape
func gemmF64AVX2(a, b, c []float64, k, ldc int, alpha, beta float64, tiles int)

//go:noescape
func gemmF32AVX2(a, b, c []float32, k, ldc int, alpha, beta float32, tiles int)

// GemmSupF64AVX512 is the small-unpacked float64 kernel with 8×24 tiles on ZMM registers
// (see GemmSupF64Generic): A and B are read in place with their strides, B's columns
// j ≥ n are masked off (not read), edge tiles are stored with masks. Requires: AVX512F.
func GemmSupF64AVX512(k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, m, n int) {
	needAVX512("GemmSupF64AVX512")

	const mr, nr = GemmMRF64AVX512, GemmNRF64AVX512
	la, lb, lc := checkGemmSup(mr, nr, k, len(a), rsa, csa, len(b), ldb, len(c), ldc, m, n)
	gemmSupF64AVX512(a[:la], b[:lb], c[:lc], k, rsa, csa, ldb, ldc, alpha, beta, m, n)
}

// GemmSupF32AVX512 is GemmSupF64AVX512 for float32, with 8×48 tiles. Requires: AVX512F.
func GemmSupF32AVX512(k int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, m, n int) {
	needAVX512("GemmSupF32AVX512")

	const mr, nr = GemmMRF32AVX512, GemmNRF32AVX512
	la, lb, lc := checkGemmSup(mr, nr, k, len(a), rsa, csa, len(b), ldb, len(c), ldc, m, n)
	gemmSupF32AVX512(a[:la], b[:lb], c[:lc], k, rsa, csa, ldb, ldc, alpha, beta, m, n)
}

// The sup assembly trusts its wrappers: a holds the ⌈m/8⌉·8 rows, k deep, at strides
// rsa and csa, b the k rows of n columns at stride ldb, c the m×n strip at stride ldc
// (checkGemmSup).

//go:noescape
func gemmSupF64AVX512(a, b, c []float64, k, rsa, csa, ldb, ldc int, alpha, beta float64, m, n int)

//go:noescape
func gemmSupF32AVX512(a, b, c []float32, k, rsa, csa, ldb, ldc int, alpha, beta float32, m, n int)

// GemmPackRunsF64AVX512 is GemmPackRunsF64Generic with masked 512-bit loads and stores,
// for w ≤ 24. Requires: AVX512F.
func GemmPackRunsF64AVX512(d []float64, w int, src []float64, stride, kb, cols int) {
	needAVX512("GemmPackRunsF64AVX512")

	checkPackRuns(len(d), w, len(src), stride, kb, cols)
	if w > 24 {
		packRunsGeneric(d, w, src, stride, kb, cols)
		return
	}
	packRunsF64AVX512(d, w, src, stride, kb, cols)
}

// GemmPackRunsF32AVX512 is GemmPackRunsF32Generic with masked 512-bit loads and stores,
// for w ≤ 48. Requires: AVX512F.
func GemmPackRunsF32AVX512(d []float32, w int, src []float32, stride, kb, cols int) {
	needAVX512("GemmPackRunsF32AVX512")

	checkPackRuns(len(d), w, len(src), stride, kb, cols)
	if w > 48 {
		packRunsGeneric(d, w, src, stride, kb, cols)
		return
	}
	packRunsF32AVX512(d, w, src, stride, kb, cols)
}

// GemmPackGather8F64AVX512 is GemmPackGather8F64Generic with 8×8 register transposes.
// Requires: AVX512F.
func GemmPackGather8F64AVX512(d []float64, w int, src []float64, stride, kb int) {
	needAVX512("GemmPackGather8F64AVX512")

	checkPackGather8(len(d), w, len(src), stride, kb)
	if kb == 0 {
		return
	}
	packGather8F64AVX512(d, w, src, stride, kb)
}

// The packing assembly trusts its wrappers for every length (checkPackRuns,
// checkPackGather8) and for w ≤ 3 vectors.

//go:noescape
func packRunsF64AVX512(d []float64, w int, src []float64, stride, kb, cols int)

//go:noescape
func packRunsF32AVX512(d []float32, w int, src []float32, stride, kb, cols int)

//go:noescape
func packGather8F64AVX512(d []float64, w int, src []float64, stride, kb int)

// GemmPackGather8F32AVX2 is GemmPackGather8F32Generic with 8×8 register transposes on
// YMM registers for each 8 columns, the last kb mod 8 columns in Go. Requires: AVX.
func GemmPackGather8F32AVX2(d []float32, w int, src []float32, stride, kb int) {
	needAVX2("GemmPackGather8F32AVX2")

	checkPackGather8(len(d), w, len(src), stride, kb)
	blocks := kb / 8
	if blocks > 0 {
		packGather8F32AVX2(d, w, src, stride, blocks)
	}
	if p0 := blocks * 8; p0 < kb {
		packGather8Generic(d[p0*w:], w, src[p0:], stride, kb-p0)
	}
}

//go:noescape
func packGather8F32AVX2(d []float32, w int, src []float32, stride, blocks int)
