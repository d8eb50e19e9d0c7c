//go:build !purego

package asm

import (
	"math"
	"testing"
)

// TestHugeArgumentsPanic checks that the assembly wrappers refuse sizes and strides whose
// extents would overflow int, in their Go checks before any assembly runs (so it needs no
// particular CPU). Each of these calls used to pass its length check by wrap-around and
// read or write outside its slices.
func TestHugeArgumentsPanic(t *testing.T) {
	s := make([]float64, 64)
	cases := map[string]func(){
		"transpose":    func() { TransposeF64AVX2(s[:16], 1<<62-1, s[16:32], 4, 4, 4) },
		"sliced":       func() { SlicedF64AVX2(2, 1, 1, 4, s[:8], 1, 0, s[8:16], 4, s[16:24], 4, math.MaxInt64, 1, 0) },
		"pack runs":    func() { GemmPackRunsF64AVX512(s[:8], 8, s[8:9], 0, 1<<61+1, 1) },
		"pack gather8": func() { GemmPackGather8F64AVX512(s[:8], 8, s[8:], math.MaxInt64/7+1, 8) },
		"gemm tile":    func() { GemmF64AVX512(1<<61+1, s[:8], s[8:32], s[32:], 1, 1, 0, 1, 1) },
	}
	for name, f := range cases {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: huge arguments did not panic", name)
				}
			}()
			f()
		}()
	}
}
