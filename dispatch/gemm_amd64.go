//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	g := &t.GEMM
	g.KernelF64, g.MRF64, g.NRF64 = asm.GemmF64AVX2, asm.GemmMRF64AVX2, asm.GemmNRF64AVX2
	g.KernelF32, g.MRF32, g.NRF32 = asm.GemmF32AVX2, asm.GemmMRF32AVX2, asm.GemmNRF32AVX2
	g.PackGather8F32 = asm.GemmPackGather8F32AVX2
})

var _ = register(AVX512, func(t *Table) {
	g := &t.GEMM
	g.KernelF64, g.MRF64, g.NRF64 = asm.GemmF64AVX512, asm.GemmMRF64AVX512, asm.GemmNRF64AVX512
	g.KernelF32, g.MRF32, g.NRF32 = asm.GemmF32AVX512, asm.GemmMRF32AVX512, asm.GemmNRF32AVX512
	g.PackRunsF64, g.PackRunsF32 = asm.GemmPackRunsF64AVX512, asm.GemmPackRunsF32AVX512
	g.PackGather8F64 = asm.GemmPackGather8F64AVX512 // PackGather8F32: the AVX2 one
})
