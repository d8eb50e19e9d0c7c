package dispatch

import "github.com/matkern/matkern/asm"

// Factored holds the sliced-multiply kernels of the Kronecker-free products (one step
// of Y = X·(F1⊗…⊗Fk): a small factor applied to a strided operand, every row tile in
// one call). Its fields are function values filled per level by register calls in this
// file and in factored_amd64.go.
//
// A sliced kernel computes C_b = α·A_bᵀ·F + β·C_b for nb batches (A_b = a[b*sa:], p×r
// with row stride lda; F p×q with row stride ldf; C_b = c[b*sc:], r×q with row stride
// ldc); β = 0 means C is not read. F's rows must be padded with readable values to a
// multiple of PadF64/PadF32 columns. See package asm.
type Factored struct {
	SlicedF64 func(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64)
	SlicedF32 func(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32)

	PadF64, PadF32 int // the column padding of F the kernels need
}

var _ = register(Generic, func(t *Table) {
	t.Factored = Factored{
		SlicedF64: asm.SlicedF64Generic, SlicedF32: asm.SlicedF32Generic,
		PadF64: asm.SlicedPadGeneric, PadF32: asm.SlicedPadGeneric,
	}
})
