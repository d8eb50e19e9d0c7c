package dispatch

import "github.com/matkern/matkern/asm"

// Elem holds the elementwise, Kronecker and transpose primitives (the Hadamard family,
// scaled row copies, register-tile transposes). Its fields are function values filled
// per level by register calls in this file and in elem_amd64.go. Every function works
// on len(dst) elements and panics if an input is shorter; see package asm for each.
type Elem struct {
	// Hadamard family: dst = a⊙b, dst += a⊙b (fused), dst = a+b, dst = a−b.
	MulF64, MulAddF64, AddF64, SubF64 func(dst, a, b []float64)
	MulF32, MulAddF32, AddF32, SubF32 func(dst, a, b []float32)
	// MulNT is Mul with non-temporal stores where the level has them (for outputs
	// larger than the last-level cache); the same as Mul where it has not.
	MulNTF64 func(dst, a, b []float64)
	MulNTF32 func(dst, a, b []float32)
	// Scale sets dst = αx; Axpy sets dst += αx (fused).
	ScaleF64, AxpyF64 func(dst []float64, alpha float64, x []float64)
	ScaleF32, AxpyF32 func(dst []float32, alpha float32, x []float32)

	// KronRow writes one output row of A⊗B: block j of len(b) elements is a[j]·b.
	// KronRowAdd accumulates alpha·a[j]·b into each block instead (fused).
	KronRowF64    func(dst, a, b []float64)
	KronRowF32    func(dst, a, b []float32)
	KronRowAddF64 func(dst []float64, alpha float64, a, b []float64)
	KronRowAddF32 func(dst []float32, alpha float32, a, b []float32)
	// KronRowNT is KronRow with non-temporal stores, straight to dst; it reports false
	// (and does nothing) unless its alignment conditions hold.
	KronRowNTF64 func(dst, a, b []float64) bool
	KronRowNTF32 func(dst, a, b []float32) bool
	// CopyNT copies src to dst with non-temporal stores where the level has them;
	// StoreFence must follow the last copy of an output.
	CopyNTF64  func(dst, src []float64)
	CopyNTF32  func(dst, src []float32)
	StoreFence func()

	// Transpose sets dst[j·ldd+i] = src[i·lds+j] for a rows×cols block of src (register
	// tiles: 4×4 float64 at AVX2, 8×8 at AVX-512; 8×8 float32 at both).
	TransposeF64 func(dst []float64, ldd int, src []float64, lds int, rows, cols int)
	TransposeF32 func(dst []float32, ldd int, src []float32, lds int, rows, cols int)
	// TransposeNTF64 is TransposeF64 with non-temporal stores and a software prefetch of
	// src pf rows ahead, for outputs too large for the caches; it runs only if the level
	// has it and dst is 64-byte aligned with ldd a multiple of 8, reports whether it
	// did, and needs StoreFence after the last call for an output.
	TransposeNTF64 func(dst []float64, ldd int, src []float64, lds int, rows, cols, pf int) bool
}

var _ = register(Generic, func(t *Table) {
	t.Elem = Elem{
		MulF64: asm.MulF64Generic, MulAddF64: asm.MulAddF64Generic,
		AddF64: asm.AddF64Generic, SubF64: asm.SubF64Generic,
		MulF32: asm.MulF32Generic, MulAddF32: asm.MulAddF32Generic,
		AddF32: asm.AddF32Generic, SubF32: asm.SubF32Generic,
		MulNTF64: asm.MulF64Generic, MulNTF32: asm.MulF32Generic,
		ScaleF64: asm.ScaleF64Generic, AxpyF64: asm.AxpyF64Generic,
		ScaleF32: asm.ScaleF32Generic, AxpyF32: asm.AxpyF32Generic,
		KronRowF64: asm.KronRowF64Generic, KronRowF32: asm.KronRowF32Generic,
		KronRowAddF64: asm.KronRowAddF64Generic, KronRowAddF32: asm.KronRowAddF32Generic,
		KronRowNTF64: asm.KronRowNTF64Generic, KronRowNTF32: asm.KronRowNTF32Generic,
		CopyNTF64: asm.CopyF64Generic, CopyNTF32: asm.CopyF32Generic, StoreFence: asm.StoreFenceGeneric,
		TransposeF64: asm.TransposeF64Generic, TransposeF32: asm.TransposeF32Generic,
		TransposeNTF64: noTransposeNT,
	}
})

// noTransposeNT is TransposeNTF64 for levels without non-temporal stores: it refuses.
func noTransposeNT([]float64, int, []float64, int, int, int, int) bool { return false }
