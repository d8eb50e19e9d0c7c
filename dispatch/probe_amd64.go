//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	t.Probe = Probe{
		FMAPeakF64: asm.FMAPeakF64AVX2,
		FMAPeakF32: asm.FMAPeakF32AVX2,
		Copy:       asm.CopyF64AVX2,
		CopyNT:     copyNTFencedAVX2,
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
		CopyNT:     copyNTFencedAVX512,
		Add:        asm.AddF64AVX512,
		AddNT:      asm.AddNTF64AVX512,
		Fill:       asm.FillF64AVX512,
		FillNT:     asm.FillNTF64AVX512,
	}
})

// copyNTFencedAVX2 and copyNTFencedAVX512 are the level's non-temporal copy followed
// by a store fence, as the fill and add probes end, so that every non-temporal probe is
// timed until its stores are globally visible. (Named functions, not a closure, so that
// TestTablesOwnCode can tell the levels' entries apart.)
func copyNTFencedAVX2(dst, src []float64) {
	asm.CopyNTF64AVX2(dst, src)
	asm.StoreFence()
}

func copyNTFencedAVX512(dst, src []float64) {
	asm.CopyNTF64AVX512(dst, src)
	asm.StoreFence()
}
