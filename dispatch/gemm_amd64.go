//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	g := &t.GEMM
	g.KernelF64, g.MRF64, g.NRF64 = asm.GemmF64AVX2, asm.GemmMRF64AVX2, asm.GemmNRF64AVX2
	g.KernelF32, g.MRF32, g.NRF32 = asm.GemmF32AVX2, asm.GemmMRF32AVX2, asm.GemmNRF32AVX2
	g.PackGather8F32 = asm.GemmPackGather8F32AVX2
	g.SupMaxF64, g.SupMaxF32 = 0, 0 // no small-unpacked kernel of its own: the packed one (see blocked/sup.go)
})

var _ = register(AVX512, func(t *Table) {
	g := &t.GEMM
	g.KernelF64, g.MRF64, g.NRF64 = asm.GemmF64AVX512, asm.GemmMRF64AVX512, asm.GemmNRF64AVX512
	g.KernelF32, g.MRF32, g.NRF32 = asm.GemmF32AVX512, asm.GemmMRF32AVX512, asm.GemmNRF32AVX512
	g.PackRunsF64, g.PackRunsF32 = asm.GemmPackRunsF64AVX512, asm.GemmPackRunsF32AVX512
	g.PackGather8F64 = asm.GemmPackGather8F64AVX512 // PackGather8F32: the AVX2 one
	g.SupF64, g.SupMRF64, g.SupNRF64 = asm.GemmSupF64AVX512, asm.GemmMRF64AVX512, asm.GemmNRF64AVX512
	g.SupF32, g.SupMRF32, g.SupNRF32 = asm.GemmSupF32AVX512, asm.GemmMRF32AVX512, asm.GemmNRF32AVX512
	g.SupMaxF64, g.SupMaxF32 = supMaxAVX512F64, supMaxAVX512F32
})

// The AVX-512 small-unpacked bounds (m·n·k). Measured on the Emerald Rapids (2 vCPUs
// shared with five other builds), blocked.TestGemmSupTune: square nn products, β = 0,
// one thread, best thread CPU time of 15 interleaved rounds, sup/packed: n = 8 0.28,
// 16 0.40, 32 0.64, 48 0.73, 64 0.85, 96 0.80, 112 0.93, 128 1.20, 160 1.03, 192 1.07,
// 256 1.10. The bound is 112³; float32 the same (BenchmarkGemmSupBound: sup ahead to
// n = 96, level at 112–128, within the noise).
const (
	supMaxAVX512F64 = 112 * 112 * 112
	supMaxAVX512F32 = 112 * 112 * 112
)
