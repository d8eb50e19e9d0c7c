//go:build amd64 && !purego

package asm

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/klauspost/cpuid/v2"
)

// alignedArrays returns k slices of n float64, each starting on a 64-byte boundary and
// staggered by 320 bytes within its page (as bench.Arrays does, against 4 KiB aliasing).
func alignedArrays(k, n int) [][]float64 {
	span := (n*8+4095)/4096*4096 + 4096
	buf := make([]float64, (k*span+64)/8)
	start := int(uintptr(unsafe.Pointer(unsafe.SliceData(buf)))%64) / 8
	start = (8 - start) % 8
	out := make([][]float64, k)
	for j := range out {
		off := start + (j*span+(k-1-j)*320)/8
		out[j] = buf[off : off+n : off+n]
		for i := range out[j] {
			out[j][i] = 1 + float64(i%7)/8
		}
	}
	return out
}

// BenchmarkElemLayers times each layer under kernels.Hadamard at L1 sizes: the raw
// assembly of both levels (256-bit vectors at both since elem_gen.go), the Go wrapper,
// and the 256- and 512-bit add probes for comparison.
func BenchmarkElemLayers(b *testing.B) {
	if !cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512DQ, cpuid.AVX512BW, cpuid.AVX512VL) {
		b.Skip("no AVX-512")
	}
	for _, n := range []int{1000, 1024} {
		x := alignedArrays(3, n)
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
