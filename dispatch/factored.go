package dispatch

import "github.com/matkern/matkern/asm"

// Factored holds the sliced-multiply kernels of the Kronecker-free products (one step
// of Y = X·(F1⊗…⊗Fk): a small factor applied to a strided operand, every row tile in
// one call). Its fields are function values filled per level by register calls in this
// file and in factored_amd64.go.
//
// A sliced kernel computes C_b = α·A_bᵀ·F + β·C_b for nb batches (A_b = a[b*sa:], p×r
// with row stride lda; F p×q with row stride ldf; C_b = c[b*sc:], r×q with row stride
// ldc); β = 0 means C is not read. F must be packed by the same level's PackF64/PackF32
// (row t of F at f[t*ldf:], ldf ≥ LDF64(q)/LDF32(q)): the layout matches the kernel's
// register tiles. See package asm.
type Factored struct {
	SlicedF64 func(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64)
	SlicedF32 func(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32)

	// SlicedNTF64 and SlicedNTF32 compute the same as SlicedF64/SlicedF32 (same packed
	// F) with non-temporal stores of C, for a final output larger than the caches, where
	// the level has them and β = 0, q is one or two 64-byte vectors, and C's rows and
	// batches start on 64-byte boundaries; otherwise they report false having done
	// nothing. With nothing to compute (nb = 0) they report whether the level has them.
	// Elem.StoreFence must follow the last call for an output.
	SlicedNTF64 func(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) bool
	SlicedNTF32 func(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) bool

	// PackF64 sets dst (p rows of ldf) to the packed form of F, element (t, j) at
	// src[t*rs+j*cs], t < p, j < q.
	PackF64 func(dst []float64, ldf int, src []float64, rs, cs, p, q int)
	PackF32 func(dst []float32, ldf int, src []float32, rs, cs, p, q int)

	// LDF64 and LDF32 return the shortest packed row of a q-column F.
	LDF64, LDF32 func(q int) int
}

var _ = register(Generic, func(t *Table) {
	t.Factored = Factored{
		SlicedF64: asm.SlicedF64Generic, SlicedF32: asm.SlicedF32Generic,
		PackF64: asm.SlicedPackF64Generic, PackF32: asm.SlicedPackF32Generic,
		LDF64: asm.SlicedLDGeneric, LDF32: asm.SlicedLDGeneric,
		SlicedNTF64: noSlicedNT[float64], SlicedNTF32: noSlicedNT[float32],
	}
})

// noSlicedNT is SlicedNTF64/SlicedNTF32 for levels without non-temporal stores: it
// refuses.
func noSlicedNT[T float32 | float64](nb, r, p, q int, a []T, lda, sa int, f []T, ldf int, c []T, ldc, sc int, alpha, beta T) bool {
	return false
}
