//go:build amd64 && !purego

package dispatch

import "github.com/matkern/matkern/asm"

var _ = register(AVX2, func(t *Table) {
	o := &t.Opt
	o.SGDF64, o.SGDF32 = asm.SGDF64AVX2, asm.SGDF32AVX2
	o.SGDMomF64, o.SGDMomF32 = asm.SGDMomF64AVX2, asm.SGDMomF32AVX2
	o.SGDNesterovF64, o.SGDNesterovF32 = asm.SGDNesterovF64AVX2, asm.SGDNesterovF32AVX2
	o.AdamF64, o.AdamF32 = asm.AdamF64AVX2, asm.AdamF32AVX2
})

var _ = register(AVX512, func(t *Table) {
	o := &t.Opt
	o.SGDF64, o.SGDF32 = asm.SGDF64AVX512, asm.SGDF32AVX512
	o.SGDMomF64, o.SGDMomF32 = asm.SGDMomF64AVX512, asm.SGDMomF32AVX512
	o.SGDNesterovF64, o.SGDNesterovF32 = asm.SGDNesterovF64AVX512, asm.SGDNesterovF32AVX512
	o.AdamF64, o.AdamF32 = asm.AdamF64AVX512, asm.AdamF32AVX512
})
