package asm_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/matkern/matkern/asm"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// sumClose reports whether two sums of n nonnegative-weighted terms agree to the bound
// of reordered summation: |got − want| ≤ 2·n·eps·scale, scale = Σ|terms|.
func sumClose[T view.Float](got, want T, n int, scale float64) bool {
	if got != got || want != want {
		return got != got && want != want
	}
	if math.IsInf(float64(want), 0) || math.IsInf(float64(got), 0) {
		return got == want
	}
	return math.Abs(float64(got)-float64(want)) <= 2*float64(n+1)*testutil.Eps[T]()*scale
}

func TestSoftmaxPrimitives(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		if l == dispatch.Generic {
			t.Skip("the generic primitives are the reference here; kernels tests check them against internal/ref")
		}
		r := testutil.Rand(t)
		a := dispatch.Current().Act
		for _, n := range actSizes() {
			off := r.IntN(8)
			name := fmt.Sprintf("n=%d/off=%d", n, off)
			softmaxPrims(t, name+"/f64", r, n, off, a.SoftmaxMaxF64, a.SoftmaxExpSumF64, a.SoftmaxScaleF64, a.SoftmaxDotF64, a.SoftmaxJVPF64,
				asm.SoftmaxMaxF64Generic, asm.SoftmaxExpSumF64Generic, asm.SoftmaxScaleF64Generic, asm.SoftmaxDotF64Generic, asm.SoftmaxJVPF64Generic)
			softmaxPrims(t, name+"/f32", r, n, off, a.SoftmaxMaxF32, a.SoftmaxExpSumF32, a.SoftmaxScaleF32, a.SoftmaxDotF32, a.SoftmaxJVPF32,
				asm.SoftmaxMaxF32Generic, asm.SoftmaxExpSumF32Generic, asm.SoftmaxScaleF32Generic, asm.SoftmaxDotF32Generic, asm.SoftmaxJVPF32Generic)
		}
	})
}

func softmaxPrims[T view.Float](t *testing.T, name string, r *rand.Rand, n, off int,
	max func([]T) T, expSum func(dst, x []T, m T) T, scale func(dst, x []T, a T), dot func(a, b []T) T, jvp func(dst, s, v []T, d T),
	gmax func([]T) T, gexpSum func(dst, x []T, m T) T, gscale func(dst, x []T, a T), gdot func(a, b []T) T, gjvp func(dst, s, v []T, d T)) {
	t.Helper()
	// Inputs: no specials here (they are the kernels' business), but all negative
	// sometimes, so a max that reads zeros past the end would show.
	xs := testutil.Slice[T](r, n)
	shift := T(30 * (2*r.Float64() - 1))
	for i := range xs {
		xs[i] = 20*xs[i] + shift
	}
	x := testutil.GuardedCopy(xs, (off+3)%8)
	v := testutil.GuardedCopy(testutil.Slice[T](r, n), (off+5)%8)
	sx, sv := testutil.Snap(x.S()), testutil.Snap(v.S())

	if got, want := max(x.S()), gmax(x.S()); got != want {
		t.Errorf("%s: max = %v, want %v", name, got, want)
	}
	m := gmax(x.S())
	want := make([]T, n)
	wsum := gexpSum(want, x.S(), m)
	dst := testutil.NewGuarded[T](n, off)
	sum := expSum(dst.S(), x.S(), m)
	equalValues(t, name+"/expsum", dst.S(), want)
	dst.Check(t, name+"/expsum")
	if !sumClose(sum, wsum, n, float64(wsum)) {
		t.Errorf("%s: expsum sum = %v, want %v", name, sum, wsum)
	}
	s := dst.S()

	gscale(want, s, 1/sum)
	dst2 := testutil.NewGuarded[T](n, off)
	scale(dst2.S(), s, 1/sum)
	equalValues(t, name+"/scale", dst2.S(), want)
	dst2.Check(t, name+"/scale")

	var abs float64
	for i := range s {
		abs += math.Abs(float64(s[i] * v.S()[i]))
	}
	if got, w := dot(s, v.S()), gdot(s, v.S()); !sumClose(got, w, n, abs) {
		t.Errorf("%s: dot = %v, want %v", name, got, w)
	}
	d := gdot(s, v.S())
	gjvp(want, s, v.S(), d)
	dst3 := testutil.NewGuarded[T](n, off)
	jvp(dst3.S(), s, v.S(), d)
	equalValues(t, name+"/jvp", dst3.S(), want)
	dst3.Check(t, name+"/jvp")
	sx.Check(t, name+" x", x.S())
	sv.Check(t, name+" v", v.S())

	// In place.
	cp := append([]T(nil), x.S()...)
	gexpSum(want, cp, m)
	expSum(x.S(), x.S(), m)
	equalValues(t, name+"/expsum in place", x.S(), want)
	x.Check(t, name+"/expsum in place")
	jvp(v.S(), s, v.S(), d)
	equalValues(t, name+"/jvp in place", v.S(), dst3.S())
	v.Check(t, name+"/jvp in place")
}

// FuzzSoftmaxPrimitives compares every level with the generic code on arbitrary rows.
func FuzzSoftmaxPrimitives(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef+"), 0.5)
	f.Fuzz(func(t *testing.T, b []byte, c float64) {
		x := floatsFrom64(b)
		for i := range x {
			if math.IsNaN(x[i]) || math.IsInf(x[i], 0) {
				x[i] = c
			}
			x[i] = math.Mod(x[i], 1e3)
		}
		m := asm.SoftmaxMaxF64Generic(x)
		want := make([]float64, len(x))
		wsum := asm.SoftmaxExpSumF64Generic(want, x, m)
		for _, l := range dispatch.Available() {
			a := dispatch.TableFor(l).Act
			if got := a.SoftmaxMaxF64(x); got != m {
				t.Errorf("%s: max %v, want %v", l, got, m)
			}
			got := make([]float64, len(x))
			sum := a.SoftmaxExpSumF64(got, x, m)
			equalValues(t, l.String()+" expsum", got, want)
			if !sumClose(sum, wsum, len(x), wsum) {
				t.Errorf("%s: sum %v, want %v", l, sum, wsum)
			}
		}
	})
}
