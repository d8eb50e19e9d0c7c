//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	f := &t.Factored
	f.SlicedF64, f.PackF64, f.LDF64 = asm.SlicedF64AVX2, asm.SlicedPackF64AVX2, asm.SlicedLDF64AVX2
	f.SlicedF32, f.PackF32, f.LDF32 = asm.SlicedF32AVX2, asm.SlicedPackF32AVX2, asm.SlicedLDF32AVX2
})

var _ = register(AVX512, func(t *Table) {
	f := &t.Factored
	f.SlicedF64, f.PackF64, f.LDF64 = asm.SlicedF64AVX512, asm.SlicedPackF64AVX512, asm.SlicedLDF64AVX512
	f.SlicedF32, f.PackF32, f.LDF32 = asm.SlicedF32AVX512, asm.SlicedPackF32AVX512, asm.SlicedLDF32AVX512
	f.SlicedNTF64, f.SlicedNTF32 = asm.SlicedNTF64AVX512, asm.SlicedNTF32AVX512
})
