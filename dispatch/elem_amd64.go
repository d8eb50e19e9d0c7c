//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	e := &t.Elem
	e.MulF64, e.MulAddF64, e.AddF64, e.SubF64 = asm.MulF64AVX2, asm.MulAddF64AVX2, asm.AddF64AVX2, asm.SubF64AVX2
	e.MulF32, e.MulAddF32, e.AddF32, e.SubF32 = asm.MulF32AVX2, asm.MulAddF32AVX2, asm.AddF32AVX2, asm.SubF32AVX2
	e.MulNTF64, e.MulNTF32 = asm.MulNTF64AVX2, asm.MulNTF32AVX2
	e.ScaleF64, e.AxpyF64 = asm.ScaleF64AVX2, asm.AxpyF64AVX2
	e.ScaleF32, e.AxpyF32 = asm.ScaleF32AVX2, asm.AxpyF32AVX2
	e.KronRowF64, e.KronRowF32 = asm.KronRowF64AVX2, asm.KronRowF32AVX2
	e.KronRowAddF64, e.KronRowAddF32 = asm.KronRowAddF64AVX2, asm.KronRowAddF32AVX2
	e.KronRowNTF64, e.KronRowNTF32 = asm.KronRowNTF64AVX2, asm.KronRowNTF32AVX2
	e.CopyNTF64, e.CopyNTF32, e.StoreFence = asm.CopyNTF64AVX2, asm.CopyNTF32AVX2, asm.StoreFence
	e.TransposeF64, e.TransposeF32 = asm.TransposeF64AVX2, asm.TransposeF32AVX2
})

var _ = register(AVX512, func(t *Table) {
	e := &t.Elem
	// AddF64 stays the AVX2 loop: asm.AddF64AVX512 is the 512-bit add probe, slower than
	// 256-bit vectors from L1 to L3 on the test machine (see asm/elem_gen.go).
	e.MulF64, e.MulAddF64, e.SubF64 = asm.MulF64AVX512, asm.MulAddF64AVX512, asm.SubF64AVX512
	e.MulF32, e.MulAddF32, e.AddF32, e.SubF32 = asm.MulF32AVX512, asm.MulAddF32AVX512, asm.AddF32AVX512, asm.SubF32AVX512
	e.MulNTF64, e.MulNTF32 = asm.MulNTF64AVX512, asm.MulNTF32AVX512
	e.ScaleF64, e.AxpyF64 = asm.ScaleF64AVX512, asm.AxpyF64AVX512
	e.ScaleF32, e.AxpyF32 = asm.ScaleF32AVX512, asm.AxpyF32AVX512
	e.KronRowF64, e.KronRowF32 = asm.KronRowF64AVX512, asm.KronRowF32AVX512
	e.KronRowAddF64, e.KronRowAddF32 = asm.KronRowAddF64AVX512, asm.KronRowAddF32AVX512
	e.KronRowNTF64, e.KronRowNTF32 = asm.KronRowNTF64AVX512, asm.KronRowNTF32AVX512
	e.CopyNTF64, e.CopyNTF32 = asm.CopyNTF64AVX512, asm.CopyNTF32AVX512
	e.TransposeF64 = asm.TransposeF64AVX512 // float32 keeps the 8×8 AVX2 tile
	e.TransposeNTF64 = asm.TransposeNTF64AVX512
})
