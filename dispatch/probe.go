package dispatch

import "github.com/matkern/matkern/asm"

// Probe holds the loops that measure this machine's ceilings, which every benchmark
// uses as its denominator: FMA throughput and streaming bandwidth.
type Probe struct {
	// FMAPeakF64 and FMAPeakF32 run iters rounds of independent FMAs (scalar multiply-adds
	// at the generic level, the ceiling of plain Go code) and return the flops done.
	FMAPeakF64, FMAPeakF32 func(iters int) (flops int)
	// Copy sets dst = src; Add sets dst = a + b (the Hadamard traffic pattern);
	// Fill writes v everywhere. The NT forms use non-temporal stores (the same as the
	// plain forms where the level has none).
	Copy, CopyNT func(dst, src []float64)
	Add, AddNT   func(dst, a, b []float64)
	Fill, FillNT func(dst []float64, v float64)
}

var _ = register(Generic, func(t *Table) {
	t.Probe = Probe{
		FMAPeakF64: asm.FMAPeakF64Generic,
		FMAPeakF32: asm.FMAPeakF32Generic,
		Copy:       asm.CopyF64Generic,
		CopyNT:     asm.CopyF64Generic,
		Add:        asm.AddF64Generic,
		AddNT:      asm.AddF64Generic,
		Fill:       asm.FillF64Generic,
		FillNT:     asm.FillF64Generic,
	}
})
