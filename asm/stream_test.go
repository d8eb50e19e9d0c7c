package asm_test

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
)

// streamSizes cover 0, every tail length around the 4-vector unroll of both levels, and a
// size large enough to run many unrolled rounds.
func streamSizes() []int {
	var s []int
	for n := 0; n <= 70; n++ {
		s = append(s, n)
	}
	return append(s, 1000, 4099)
}

func TestStreamProbes(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		p := dispatch.Current().Probe
		for _, n := range streamSizes() {
			for off := 0; off < 8; off++ {
				name := fmt.Sprintf("n=%d/off=%d", n, off)
				a := testutil.GuardedCopy(testutil.Slice[float64](r, n), off)
				b := testutil.GuardedCopy(testutil.Slice[float64](r, n), (off+3)%8)
				sa, sb := testutil.Snap(a.S()), testutil.Snap(b.S())

				dst := testutil.NewGuarded[float64](n, off)
				p.Copy(dst.S(), a.S())
				testutil.EqualBits(t, name+"/copy", dst.S(), a.S())
				dst.Check(t, name+"/copy")

				dst = testutil.NewGuarded[float64](n, (off+1)%8)
				p.CopyNT(dst.S(), a.S())
				testutil.EqualBits(t, name+"/copyNT", dst.S(), a.S())
				dst.Check(t, name+"/copyNT")
				sa.Check(t, name+"/copyNT src", a.S())

				dst = testutil.NewGuarded[float64](n, (off+5)%8)
				p.Add(dst.S(), a.S(), b.S())
				testutil.EqualBits(t, name+"/add", dst.S(), ref.Add(a.S(), b.S()))
				dst.Check(t, name+"/add")
				sa.Check(t, name+"/add a", a.S())
				sb.Check(t, name+"/add b", b.S())

				dst = testutil.NewGuarded[float64](n, (off+6)%8)
				p.AddNT(dst.S(), a.S(), b.S())
				testutil.EqualBits(t, name+"/addNT", dst.S(), ref.Add(a.S(), b.S()))
				dst.Check(t, name+"/addNT")

				// dst exactly aliasing a, then b.
				want := ref.Add(a.S(), b.S())
				p.Add(a.S(), a.S(), b.S())
				testutil.EqualBits(t, name+"/add in place", a.S(), want)
				a.Check(t, name+"/add in place")
				want = ref.Add(a.S(), b.S())
				p.AddNT(b.S(), a.S(), b.S())
				testutil.EqualBits(t, name+"/addNT in place", b.S(), want)
				b.Check(t, name+"/addNT in place")

				for _, fill := range []struct {
					name string
					f    func([]float64, float64)
				}{{"fill", p.Fill}, {"fillNT", p.FillNT}} {
					dst = testutil.NewGuarded[float64](n, off)
					fill.f(dst.S(), 1.5)
					testutil.EqualBits(t, name+"/"+fill.name, dst.S(), ref.Fill(n, 1.5))
					dst.Check(t, name+"/"+fill.name)
				}
			}
		}
	})
}

func TestFMAPeakCountsFlops(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		p := dispatch.Current().Probe
		for _, iters := range []int{0, 1, 1000} {
			f64, f32 := p.FMAPeakF64(iters), p.FMAPeakF32(iters)
			if iters == 0 && (f64 != 0 || f32 != 0) {
				t.Errorf("0 rounds report %d and %d flops, want 0", f64, f32)
			}
			if iters > 0 && (f64 <= 0 || f32 < f64 || f64%(2*iters) != 0) {
				t.Errorf("%d rounds report %d (f64) and %d (f32) flops: want a positive multiple of 2·rounds, f32 ≥ f64", iters, f64, f32)
			}
		}
	})
}
