//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	t.Probe = Probe{
		FMAPeakF64: asm.FMAPeakF64AVX2,
		FMAPeakF32: asm.FMAPeakF32AVX2,
		Copy:       asm.CopyF64AVX2,
		CopyNT:     asm.CopyNTF64AVX2,
		Add:        asm.AddF64AVX2,
		AddNT:      asm.AddNTF64AVX2,
		Fill:       asm.FillF64AVX2,
		FillNT:     asm.FillNTF64AVX2,
	}
})

var _ = register(AVX512, func(t *Table) {
	t.Probe = Probe{
		FMAPeakF64: asm.FMAPeakF64AVX512,
		FMAPeakF32: asm.FMAPeakF32AVX512,
		Copy:       asm.CopyF64AVX512,
		CopyNT:     asm.CopyNTF64AVX512,
		Add:        asm.AddF64AVX512,
		AddNT:      asm.AddNTF64AVX512,
		Fill:       asm.FillF64AVX512,
		FillNT:     asm.FillNTF64AVX512,
	}
})
