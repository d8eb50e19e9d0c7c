//go:build !purego

package asm_test

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/asm"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
)

// TestSigmoidGradNT checks the non-temporal s(1 − s)·v against the generic code, bit for
// bit, over lengths through the unroll and across strips, every dst offset 0–7 (so the
// aligned head takes every length), with guard bands and unchanged inputs.
func TestSigmoidGradNT(t *testing.T) {
	testutil.NeedLevel(t, dispatch.AVX512)
	r := testutil.Rand(t)
	for _, n := range append(actSizes(), 1<<15+3) {
		for off := range 8 {
			name := fmt.Sprintf("n=%d/off=%d", n, off)
			s64, v64 := testutil.GuardedCopy(randArgs[float64](r, n, 1), 1), testutil.GuardedCopy(randArgs[float64](r, n, 3), 2)
			want64 := make([]float64, n)
			asm.SigmoidGradF64Generic(want64, s64.S(), v64.S())
			d64 := testutil.NewGuarded[float64](n, off)
			asm.SigmoidGradNTF64AVX512(d64.S(), s64.S(), v64.S())
			equalValues(t, name+"/f64", d64.S(), want64)
			d64.Check(t, name+"/f64")
			s64.Check(t, name+"/f64 s")
			v64.Check(t, name+"/f64 v")

			s32, v32 := testutil.GuardedCopy(randArgs[float32](r, n, 1), 1), testutil.GuardedCopy(randArgs[float32](r, n, 3), 2)
			want32 := make([]float32, n)
			asm.SigmoidGradF32Generic(want32, s32.S(), v32.S())
			d32 := testutil.NewGuarded[float32](n, off)
			asm.SigmoidGradNTF32AVX512(d32.S(), s32.S(), v32.S())
			equalValues(t, name+"/f32", d32.S(), want32)
			d32.Check(t, name+"/f32")
		}
	}
}
