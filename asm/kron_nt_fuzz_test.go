package asm_test

import (
	"math/rand/v2"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
)

// FuzzKronRowNTF64 compares every level's non-temporal Kronecker row kernel with the
// generic row kernel on fuzzed lengths (long rows of a, every len(b) up to 300, so the
// AVX-512 whole-line path meets every phase), on a 64-byte-aligned dst and one shifted
// by an element (where a kernel may decline, writing nothing), with special values.
func FuzzKronRowNTF64(f *testing.F) {
	f.Add(uint16(200), uint16(20), uint8(0), int64(1))
	f.Add(uint16(33), uint16(9), uint8(1), int64(2))
	f.Fuzz(func(t *testing.T, n16, q16 uint16, shift uint8, seed int64) {
		n, q := int(n16%400), int(q16%300)
		r := rand.New(rand.NewPCG(uint64(seed), 3))
		a, b := testutil.Slice[float64](r, n), testutil.Slice[float64](r, q)
		sprinkle(r, a)
		sprinkle(r, b)
		want := make([]float64, n*q)
		dispatch.TableFor(dispatch.Generic).Elem.KronRowF64(want, a, b)
		for _, l := range dispatch.Available() {
			e := dispatch.TableFor(l).Elem
			g := testutil.NewAlignedGuarded[float64](n*q, 64, int(shift%2))
			d := g.S()
			if e.KronRowNTF64(d, a, b) {
				e.StoreFence()
				testutil.EqualBits(t, l.String(), d, want)
			} else {
				for i, v := range d {
					if !testutil.IsSentinel(v) {
						t.Fatalf("%v declined but wrote element %d", l, i)
					}
				}
			}
			g.Check(t, l.String())
		}
	})
}
