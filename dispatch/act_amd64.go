//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	a := &t.Act
	a.ExpF64, a.ExpF32 = asm.ExpF64AVX2, asm.ExpF32AVX2
})

var _ = register(AVX512, func(t *Table) {
	a := &t.Act
	a.ExpF64, a.ExpF32 = asm.ExpF64AVX512, asm.ExpF32AVX512
})
