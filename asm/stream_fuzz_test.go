package asm_test

import (
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
)

// FuzzStreamLevels compares every level's streaming probes with the generic ones on
// arbitrary lengths, offsets and values.
func FuzzStreamLevels(f *testing.F) {
	f.Add(uint16(0), uint8(0), 1.5, -2.25)
	f.Add(uint16(37), uint8(3), 1e308, 1e308)
	f.Fuzz(func(t *testing.T, n16 uint16, off8 uint8, x, y float64) {
		n, off := int(n16%2048), int(off8%8)
		a, b := make([]float64, n), make([]float64, n)
		for i := range a {
			a[i], b[i] = x*float64(i%7), y-float64(i%5)
		}
		gen := dispatch.TableFor(dispatch.Generic).Probe
		want := make([]float64, n)
		gen.Add(want, a, b)
		testutil.EqualBits(t, "generic add", want, ref.Add(a, b)) // so that generic-only builds test something
		fill := make([]float64, n)
		gen.Fill(fill, x)
		for _, l := range dispatch.Available()[1:] {
			p := dispatch.TableFor(l).Probe
			for _, add := range []func(d, a, b []float64){p.Add, p.AddNT} {
				d := testutil.NewGuarded[float64](n, off)
				add(d.S(), a, b)
				testutil.EqualBits(t, l.String()+" add", d.S(), want)
				d.Check(t, l.String()+" add")
			}
			for _, fl := range []func([]float64, float64){p.Fill, p.FillNT} {
				d := testutil.NewGuarded[float64](n, off)
				fl(d.S(), x)
				testutil.EqualBits(t, l.String()+" fill", d.S(), fill)
				d.Check(t, l.String()+" fill")
			}
			for _, cp := range []func(d, s []float64){p.Copy, p.CopyNT} {
				d := testutil.NewGuarded[float64](n, off)
				cp(d.S(), b)
				testutil.EqualBits(t, l.String()+" copy", d.S(), b)
				d.Check(t, l.String()+" copy")
			}
		}
	})
}
