//go:build amd64 && !purego

package asm

import (
	"fmt"
	"testing"

	"github.com/klauspost/cpuid/v2"

	"github.com/matkern/matkern/internal/mem"
)

// BenchmarkElemLayers times each layer under kernels.Hadamard at L1 sizes: the raw
// assembly of both levels (256-bit vectors at both since elem_gen.go), the Go wrapper,
// and the 256- and 512-bit add probes for comparison.
func BenchmarkElemLayers(b *testing.B) {
	if !cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512DQ, cpuid.AVX512BW, cpuid.AVX512VL) {
		b.Skip("no AVX-512")
	}
	for _, n := range []int{1000, 1024} {
		x := mem.Arrays[float64](3, n)
		a, c, d := x[0], x[1], x[2]
		for _, f := range []struct {
			name string
			f    func(dst, a, b []float64)
		}{
			{"mulF64AVX512", mulF64AVX512}, {"mulF64AVX2", mulF64AVX2}, {"MulF64AVX512", MulF64AVX512},
			{"addF64AVX512", addF64AVX512}, {"addF64AVX2", addF64AVX2},
		} {
			b.Run(fmt.Sprintf("n=%d/%s", n, f.name), func(b *testing.B) {
				b.SetBytes(int64(24 * n))
				for b.Loop() {
					f.f(d, a, c)
				}
			})
		}
	}
}
