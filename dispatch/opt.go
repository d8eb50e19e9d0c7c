package dispatch

import "github.com/matkern/matkern/asm"

// Opt holds the fused optimizer updates (asm/optim_generic.go documents each one and the
// layout of its coefficient array): plain, momentum and Nesterov SGD, and Adam/AdamW.
// Every level returns the same bits.
type Opt struct {
	SGDF64         func(w, g []float64, c [asm.SGDCoefs]float64)
	SGDF32         func(w, g []float32, c [asm.SGDCoefs]float32)
	SGDMomF64      func(w, vel, g []float64, c [asm.SGDCoefs]float64)
	SGDMomF32      func(w, vel, g []float32, c [asm.SGDCoefs]float32)
	SGDNesterovF64 func(w, vel, g []float64, c [asm.SGDCoefs]float64)
	SGDNesterovF32 func(w, vel, g []float32, c [asm.SGDCoefs]float32)
	AdamF64        func(w, m, v, g []float64, c [asm.AdamCoefs]float64)
	AdamF32        func(w, m, v, g []float32, c [asm.AdamCoefs]float32)
}

var _ = register(Generic, func(t *Table) {
	t.Opt = Opt{
		SGDF64: asm.SGDF64Generic, SGDF32: asm.SGDF32Generic,
		SGDMomF64: asm.SGDMomF64Generic, SGDMomF32: asm.SGDMomF32Generic,
		SGDNesterovF64: asm.SGDNesterovF64Generic, SGDNesterovF32: asm.SGDNesterovF32Generic,
		AdamF64: asm.AdamF64Generic, AdamF32: asm.AdamF32Generic,
	}
})
