//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	t.GEMM = GEMM{
		KernelF64: asm.GemmF64AVX2, MRF64: asm.GemmMRF64AVX2, NRF64: asm.GemmNRF64AVX2,
		KernelF32: asm.GemmF32AVX2, MRF32: asm.GemmMRF32AVX2, NRF32: asm.GemmNRF32AVX2,
	}
})

var _ = register(AVX512, func(t *Table) {
	t.GEMM = GEMM{
		KernelF64: asm.GemmF64AVX512, MRF64: asm.GemmMRF64AVX512, NRF64: asm.GemmNRF64AVX512,
		KernelF32: asm.GemmF32AVX512, MRF32: asm.GemmMRF32AVX512, NRF32: asm.GemmNRF32AVX512,
	}
})
