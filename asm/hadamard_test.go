package asm_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/matkern/matkern/asm"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// The element offsets 0–7 of dst give the alignment peels (scalar at AVX2, one masked
// vector at AVX-512) every length; the inputs sit at other offsets, and the in-place
// cases (dst = x, dst = a = b) make them co-aligned with dst.

// elemSizes cover 0, every tail length around the four-vector unroll of both levels
// and both precisions (64 float32 per AVX-512 round), and sizes with many rounds.
func elemSizes() []int {
	var s []int
	for n := 0; n <= 70; n++ {
		s = append(s, n)
	}
	return append(s, 127, 128, 129, 1000, 4099)
}

// binOp is one three-slice primitive and its reference.
type binOp[T view.Float] struct {
	name string
	f    func(dst, a, b []T)
	ref  func(d, a, b []T) []T // d is dst's value before the call
}

func binOps64(e dispatch.Elem) []binOp[float64] {
	return []binOp[float64]{
		{"mul", e.MulF64, func(_, a, b []float64) []float64 { return ref.Mul(a, b) }},
		{"mulNT", e.MulNTF64, func(_, a, b []float64) []float64 { return ref.Mul(a, b) }},
		{"mulAdd", e.MulAddF64, ref.MulAdd[float64]},
		{"add", e.AddF64, func(_, a, b []float64) []float64 { return ref.Add(a, b) }},
		{"sub", e.SubF64, func(_, a, b []float64) []float64 { return ref.Sub(a, b) }},
	}
}

func binOps32(e dispatch.Elem) []binOp[float32] {
	return []binOp[float32]{
		{"mul", e.MulF32, func(_, a, b []float32) []float32 { return ref.Mul(a, b) }},
		{"mulNT", e.MulNTF32, func(_, a, b []float32) []float32 { return ref.Mul(a, b) }},
		{"mulAdd", e.MulAddF32, ref.MulAdd[float32]},
		{"add", e.AddF32, func(_, a, b []float32) []float32 { return ref.Add(a, b) }},
		{"sub", e.SubF32, func(_, a, b []float32) []float32 { return ref.Sub(a, b) }},
	}
}

// sprinkle puts a few NaNs, infinities, zeros and subnormals into s, so the kernels are
// checked on IEEE special values too.
func sprinkle[T view.Float](r *rand.Rand, s []T) {
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e-310, 3e38}
	for k := 0; k < len(s)/16; k++ {
		s[r.IntN(len(s))] = T(special[r.IntN(len(special))])
	}
}

func testBinOps[T view.Float](t *testing.T, ops []binOp[T]) {
	r := testutil.Rand(t)
	for _, op := range ops {
		for _, n := range elemSizes() {
			for off := 0; off < 8; off++ {
				name := fmt.Sprintf("%s/n=%d/off=%d", op.name, n, off)
				av, bv, dv := testutil.Slice[T](r, n), testutil.Slice[T](r, n), testutil.Slice[T](r, n)
				sprinkle(r, av)
				sprinkle(r, bv)
				a, b := testutil.GuardedCopy(av, off), testutil.GuardedCopy(bv, (off+3)%8)
				sa, sb := testutil.Snap(a.S()), testutil.Snap(b.S())
				want := op.ref(dv, av, bv)

				dst := testutil.GuardedCopy(dv, (off+5)%8)
				op.f(dst.S(), a.S(), b.S())
				sameValues(t, name, dst.S(), want)
				dst.Check(t, name)
				sa.Check(t, name+" a", a.S())
				sb.Check(t, name+" b", b.S())

				// dst exactly a, then dst exactly b.
				ac := testutil.GuardedCopy(av, off)
				op.f(ac.S(), ac.S(), b.S())
				sameValues(t, name+"/dst=a", ac.S(), op.ref(av, av, bv))
				ac.Check(t, name+"/dst=a")
				bc := testutil.GuardedCopy(bv, off)
				op.f(bc.S(), a.S(), bc.S())
				sameValues(t, name+"/dst=b", bc.S(), op.ref(bv, av, bv))
				bc.Check(t, name+"/dst=b")
				// dst = a = b: co-aligned (with every peel length, as off varies).
				xc := testutil.GuardedCopy(av, off)
				op.f(xc.S(), xc.S(), xc.S())
				sameValues(t, name+"/dst=a=b", xc.S(), op.ref(av, av, av))
				xc.Check(t, name+"/dst=a=b")
			}
		}
	}
}

// sameValues fails t unless got and want agree bit for bit, except that any NaN
// matches any NaN (the payload of a propagated NaN is not specified).
func sameValues[T view.Float](t *testing.T, name string, got, want []T) {
	t.Helper()
	testutil.WithinULP(t, name, got, want, 0)
	for i := range got {
		if got[i] == 0 && want[i] == 0 && !testutil.SameBits(got[i], want[i]) {
			t.Errorf("%s: element %d is %v, want %v (sign of zero)", name, i, got[i], want[i])
			return
		}
	}
}

func TestHadamardPrimitives(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		e := dispatch.Current().Elem
		t.Run("f64", func(t *testing.T) { testBinOps(t, binOps64(e)) })
		t.Run("f32", func(t *testing.T) { testBinOps(t, binOps32(e)) })
	})
}

// scaOp is one scalar-times-vector primitive and its reference.
type scaOp[T view.Float] struct {
	name string
	f    func(dst []T, alpha T, x []T)
	ref  func(d []T, alpha T, x []T) []T
}

func testScaOps[T view.Float](t *testing.T, ops []scaOp[T]) {
	r := testutil.Rand(t)
	for _, op := range ops {
		for _, n := range elemSizes() {
			for off := 0; off < 8; off++ {
				name := fmt.Sprintf("%s/n=%d/off=%d", op.name, n, off)
				alpha := T(4*r.Float64() - 2)
				if off == 7 {
					alpha = T(math.Inf(-1))
				}
				xv, dv := testutil.Slice[T](r, n), testutil.Slice[T](r, n)
				sprinkle(r, xv)
				x := testutil.GuardedCopy(xv, off)
				sx := testutil.Snap(x.S())
				dst := testutil.GuardedCopy(dv, (off+3)%8)
				op.f(dst.S(), alpha, x.S())
				sameValues(t, name, dst.S(), op.ref(dv, alpha, xv))
				dst.Check(t, name)
				sx.Check(t, name+" x", x.S())

				xc := testutil.GuardedCopy(xv, off)
				op.f(xc.S(), alpha, xc.S())
				sameValues(t, name+"/dst=x", xc.S(), op.ref(xv, alpha, xv))
				xc.Check(t, name+"/dst=x")
			}
		}
	}
}

func TestScaleAxpyPrimitives(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		e := dispatch.Current().Elem
		t.Run("f64", func(t *testing.T) {
			testScaOps(t, []scaOp[float64]{
				{"scale", e.ScaleF64, func(_ []float64, a float64, x []float64) []float64 { return ref.Scale(a, x) }},
				{"axpy", e.AxpyF64, ref.Axpy[float64]},
			})
		})
		t.Run("f32", func(t *testing.T) {
			testScaOps(t, []scaOp[float32]{
				{"scale", e.ScaleF32, func(_ []float32, a float32, x []float32) []float32 { return ref.Scale(a, x) }},
				{"axpy", e.AxpyF32, ref.Axpy[float32]},
			})
		})
	})
}

// TestFMA32 checks the generic float32 fused multiply-add against the exact reference,
// on random triples whose terms overlap (so the float64 sum rounds) and on cases where
// the float64 sum lands exactly on a float32 midpoint, where naive double rounding fails.
func TestFMA32(t *testing.T) {
	r := testutil.Rand(t)
	one := float32(1)
	ulp := float32(math.Nextafter32(1, 2) - 1) // 2⁻²³
	crafted := [][3]float32{
		// p = 2⁻²⁴ − 2⁻⁷⁰, z = 1 + 2⁻²³: the float64 sum is the midpoint 1 + 2⁻²³ + 2⁻²⁴,
		// the exact value is below it, so the answer is 1 + 2⁻²³ (naive: 1 + 2⁻²²).
		{1 + ulp, (1 - ulp) / (1 << 24), 1 + ulp},
		{-(1 + ulp), (1 - ulp) / (1 << 24), -(1 + ulp)},
		{1 + ulp, 1 - ulp, -one},
		{3e38, 3e38, -3e38},
		{1e-30, 1e-30, 1e-45},
	}
	for _, c := range crafted {
		if got, want := asm.FMA32(c[0], c[1], c[2]), ref.FMA32(c[0], c[1], c[2]); !testutil.SameBits(got, want) {
			t.Errorf("FMA32(%g, %g, %g) = %g, want %g", c[0], c[1], c[2], got, want)
		}
	}
	if got := asm.FMA32(crafted[0][0], crafted[0][1], crafted[0][2]); got != 1+ulp {
		t.Errorf("midpoint case: got %g, want 1+2⁻²³", got)
	}
	n := 200000
	if testutil.Long() {
		n = 5000000
	}
	rnd := func(e int) float32 {
		return float32(math.Ldexp(1+r.Float64(), e-r.IntN(3))) * float32(1-2*r.IntN(2))
	}
	for i := 0; i < n; i++ {
		e := r.IntN(60) - 30
		x, y := rnd(e), rnd(-e-r.IntN(30))
		z := rnd(r.IntN(3) - 1)
		if i%7 == 0 { // subnormal and tiny results
			x, y, z = rnd(-70), rnd(-70), rnd(-140)
		}
		if got, want := asm.FMA32(x, y, z), ref.FMA32(x, y, z); !testutil.SameBits(got, want) {
			t.Fatalf("FMA32(%g, %g, %g) = %g, want %g", x, y, z, got, want)
		}
	}
}
