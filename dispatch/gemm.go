package dispatch

import "github.com/matkern/matkern/asm"

// GEMM holds the matrix-multiply micro-kernels and the register-tile geometry (MR×NR) each level uses.
// Its fields are function values filled per level by register calls in this file and
// in gemm_amd64.go.
//
// A kernel computes a strip of ⌈m/MR⌉ MR×NR tiles of C = α·A·B + β·C, one below the
// other, from packed panels k steps deep (a[t*MR*k + p*MR + i] = A(t*MR+i, p),
// b[p*NR+j] = B(p, j)) and stores the m×n strip (m ≥ 1, 1 ≤ n ≤ NR) into c with row
// stride ldc; β = 0 means c is not read. See package asm.
type GEMM struct {
	// KernelF64 is the float64 micro-kernel; MRF64×NRF64 is its register tile.
	KernelF64    func(k int, a, b, c []float64, ldc int, alpha, beta float64, m, n int)
	MRF64, NRF64 int
	// KernelF32 is the float32 micro-kernel; MRF32×NRF32 is its register tile.
	KernelF32    func(k int, a, b, c []float32, ldc int, alpha, beta float32, m, n int)
	MRF32, NRF32 int

	// Packing: PackRuns sets d[p*w : p*w+w] = src[p*stride : p*stride+cols] followed by
	// zeros; PackGather8 sets d[p*w+r] = src[r*stride+p] for r < 8 (see package asm).
	PackRunsF64    func(d []float64, w int, src []float64, stride, kb, cols int)
	PackRunsF32    func(d []float32, w int, src []float32, stride, kb, cols int)
	PackGather8F64 func(d []float64, w int, src []float64, stride, kb int)
	PackGather8F32 func(d []float32, w int, src []float32, stride, kb int)

	// SupF64 and SupF32 are the small-unpacked kernels: the strip of tiles above with A
	// read in place at strides rsa, csa (A(i, p) = a[i*rsa+p*csa]; the rows up to
	// ⌈m/SupMR⌉·SupMR must exist) and B at stride ldb (B(p, j) = b[p*ldb+j]); SupMR×SupNR
	// is their tile. SupMaxF64 and SupMaxF32 are the largest m·n·k for which the blocked
	// layer uses them instead of packing (0: never at this level); see blocked/sup.go.
	SupF64               func(k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, m, n int)
	SupF32               func(k int, a []float32, rsa, csa int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, m, n int)
	SupMRF64, SupNRF64   int
	SupMRF32, SupNRF32   int
	SupMaxF64, SupMaxF32 float64
}

// supMaxGeneric is the generic level's small-unpacked bound (m·n·k): 0, the packed path
// always. The generic sup kernel (plain loops, no register tile in the compiler's hands)
// took 2.2–2.9× the time of the packed generic path at n = 64…256 (Emerald Rapids,
// blocked.BenchmarkGemmSupBound, float64 and float32); it stays as the reference
// implementation of the primitive.
const supMaxGeneric = 0

var _ = register(Generic, func(t *Table) {
	t.GEMM = GEMM{
		KernelF64: asm.GemmF64Generic, MRF64: asm.GemmMRF64Generic, NRF64: asm.GemmNRF64Generic,
		KernelF32: asm.GemmF32Generic, MRF32: asm.GemmMRF32Generic, NRF32: asm.GemmNRF32Generic,

		PackRunsF64: asm.GemmPackRunsF64Generic, PackRunsF32: asm.GemmPackRunsF32Generic,
		PackGather8F64: asm.GemmPackGather8F64Generic, PackGather8F32: asm.GemmPackGather8F32Generic,

		SupF64: asm.GemmSupF64Generic, SupMRF64: asm.GemmMRF64Generic, SupNRF64: asm.GemmNRF64Generic,
		SupF32: asm.GemmSupF32Generic, SupMRF32: asm.GemmMRF32Generic, SupNRF32: asm.GemmNRF32Generic,
		SupMaxF64: supMaxGeneric, SupMaxF32: supMaxGeneric,
	}
})
