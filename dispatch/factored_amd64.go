//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	f := &t.Factored
	f.SlicedF64, f.PadF64 = asm.SlicedF64AVX2, asm.SlicedPadF64AVX2
	f.SlicedF32, f.PadF32 = asm.SlicedF32AVX2, asm.SlicedPadF32AVX2
})

var _ = register(AVX512, func(t *Table) {
	f := &t.Factored
	f.SlicedF64, f.PadF64 = asm.SlicedF64AVX512, asm.SlicedPadF64AVX512
	f.SlicedF32, f.PadF32 = asm.SlicedF32AVX512, asm.SlicedPadF32AVX512
})
