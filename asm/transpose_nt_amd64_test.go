//go:build !purego

package asm_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/matkern/matkern/asm"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
)

// TestTransposeNTF64 checks the non-temporal, prefetching AVX-512 transpose on every
// shape up to 19×19 and a few larger ones, with several prefetch distances (including
// none and more than the rows), dst strides that are multiples of 8 and src strides that
// are not, guards around and between the dst rows, src unchanged; and that it refuses
// (writing nothing) a dst that is not 64-byte aligned or whose stride is not a multiple
// of 8.
func TestTransposeNTF64(t *testing.T) {
	testutil.NeedLevel(t, dispatch.AVX512)
	r := testutil.Rand(t)
	shapes := [][2]int{{33, 65}, {64, 64}, {72, 17}, {130, 40}, {41, 136}}
	for m := 0; m <= 19; m++ {
		for n := 0; n <= 19; n++ {
			shapes = append(shapes, [2]int{m, n})
		}
	}
	for _, sh := range shapes {
		m, n := sh[0], sh[1]
		for _, pf := range []int{0, 8, 13, 16, 1 << 40} {
			lds, ldd := max(n, 1)+r.IntN(3), (max(m, 1)+7)/8*8+8*r.IntN(2)
			name := fmt.Sprintf("%d×%d/lds=%d/ldd=%d/pf=%d", m, n, lds, ldd, pf)
			am := testutil.Matrix[float64](r, m, n)
			src := testutil.GuardedMatrixCopy(am, lds, r.IntN(8))
			snap := testutil.Snap(src.M.Data)
			dst := testutil.NewAlignedGuardedMatrix[float64](n, m, ldd, 64)
			if !asm.TransposeNTF64AVX512(dst.M.Data, ldd, src.M.Data, lds, m, n, pf) {
				t.Fatalf("%s: refused an aligned dst", name)
			}
			asm.StoreFence()
			testutil.EqualBits(t, name, ref.Dense(dst.M), ref.Dense(ref.Transpose(am)))
			dst.Check(t, name)
			snap.Check(t, name+" src", src.M.Data)
		}
	}
	a := testutil.Matrix[float64](r, 16, 16)
	for _, c := range []struct{ off, ldd int }{{1, 16}, {0, 17}, {3, 20}} {
		d := testutil.NewAlignedGuardedMatrix[float64](17, c.ldd, c.ldd, 64) // room for the offset
		s := d.M.Data[c.off:]
		if asm.TransposeNTF64AVX512(s, c.ldd, a.Data, a.Stride, 16, 16, 8) {
			t.Errorf("offset %d, ldd %d: not refused", c.off, c.ldd)
		}
		d.Check(t, "refused")
		for i, v := range d.M.Data {
			if !testutil.IsSentinel(v) {
				t.Fatalf("offset %d, ldd %d: element %d written by a refused call", c.off, c.ldd, i)
			}
		}
	}
}

// FuzzTransposeNTF64 compares the non-temporal AVX-512 transpose with the generic one on
// fuzzed shapes, strides and prefetch distances (aligned dst with a stride that is a
// multiple of 8, so that it runs).
func FuzzTransposeNTF64(f *testing.F) {
	if !slices.Contains(dispatch.Available(), dispatch.AVX512) {
		testutil.CheckRequired(f)
		f.Skip("no AVX-512")
	}
	f.Add(uint8(17), uint8(9), uint8(2), uint8(1), uint8(16), int64(1))
	f.Add(uint8(64), uint8(64), uint8(0), uint8(0), uint8(8), int64(2))
	f.Fuzz(func(t *testing.T, m8, n8, ldsPad, lddPad, pf uint8, seed int64) {
		m, n := int(m8%100), int(n8%100)
		lds, ldd := max(n, 1)+int(ldsPad%5), (max(m, 1)+7)/8*8+8*int(lddPad%3)
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		a := testutil.Matrix[float64](r, m, n)
		src := testutil.GuardedMatrixCopy(a, lds, 0)
		want := testutil.NewAlignedGuardedMatrix[float64](n, m, ldd, 64)
		got := testutil.NewAlignedGuardedMatrix[float64](n, m, ldd, 64)
		asm.TransposeF64Generic(want.M.Data, ldd, src.M.Data, lds, m, n)
		if !asm.TransposeNTF64AVX512(got.M.Data, ldd, src.M.Data, lds, m, n, int(pf)) {
			t.Fatal("refused an aligned dst")
		}
		asm.StoreFence()
		testutil.EqualBits(t, "nt vs generic", got.M.Data, want.M.Data)
		got.Check(t, "nt")
	})
}
