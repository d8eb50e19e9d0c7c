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
}

var _ = register(Generic, func(t *Table) {
	t.GEMM = GEMM{
		KernelF64: asm.GemmF64Generic, MRF64: asm.GemmMRF64Generic, NRF64: asm.GemmNRF64Generic,
		KernelF32: asm.GemmF32Generic, MRF32: asm.GemmMRF32Generic, NRF32: asm.GemmNRF32Generic,

		PackRunsF64: asm.GemmPackRunsF64Generic, PackRunsF32: asm.GemmPackRunsF32Generic,
		PackGather8F64: asm.GemmPackGather8F64Generic, PackGather8F32: asm.GemmPackGather8F32Generic,
	}
})
