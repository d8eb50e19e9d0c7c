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

// Bounds, in ULP, of the AVX-512 sigmoid code against the generic code (VRCP14 with
// Newton steps instead of a correctly rounded division: the reciprocal is within 1 ULP
// and the products after it add at most one rounding each), and of every level against
// the correctly rounded reference (e^−|x| within 1 ULP, 1 + e and the division or
// reciprocal 0.5–1 ULP each, then the products).
const (
	sigVsGeneric64, sigVsGeneric32   = 2, 3
	sigXVsGeneric64, sigXVsGeneric32 = 4, 5
	sigVsRef64, sigVsRef32           = 3, 3
	sigDerivVsRef64, sigDerivVsRef32 = 6, 6
	levelsExact                      = dispatch.AVX2 // levels at or below divide exactly like generic
)

// withinULPOrNaN fails t at the first element more than bound ULP from want (NaNs must match).
func withinULPOrNaN[T view.Float](t testing.TB, name string, got, want []T, bound uint64) {
	t.Helper()
	for i := range got {
		if !sameValue(got[i], want[i]) && testutil.ULP(got[i], want[i]) > bound {
			t.Errorf("%s: element %d is %v, want %v (%d ULP, bound %d)", name, i, got[i], want[i], testutil.ULP(got[i], want[i]), bound)
			return
		}
	}
}

// compareLevel checks got against the generic result: bit for bit at levels that divide,
// within bound ULP at AVX-512.
func compareLevel[T view.Float](t testing.TB, l dispatch.Level, name string, got, want []T, bound uint64) {
	t.Helper()
	if l <= levelsExact {
		equalValues(t, name, got, want)
	} else {
		withinULPOrNaN(t, name, got, want, bound)
	}
}

func TestSigmoidSlices(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		a := dispatch.Current().Act
		for _, n := range actSizes() {
			off := r.IntN(8)
			name := fmt.Sprintf("n=%d/off=%d", n, off)
			sigUnary(t, l, name+"/sigmoid f64", r, n, off, 40, a.SigmoidF64, asm.SigmoidF64Generic, sigVsGeneric64)
			sigUnary(t, l, name+"/sigmoid f32", r, n, off, 20, a.SigmoidF32, asm.SigmoidF32Generic, sigVsGeneric32)
			sigBinary(t, l, name+"/gradX f64", r, n, off, 40, a.SigmoidGradXF64, asm.SigmoidGradXF64Generic, sigXVsGeneric64)
			sigBinary(t, l, name+"/gradX f32", r, n, off, 20, a.SigmoidGradXF32, asm.SigmoidGradXF32Generic, sigXVsGeneric32)
			sigBinary(t, dispatch.Generic, name+"/grad f64", r, n, off, 1, a.SigmoidGradF64, asm.SigmoidGradF64Generic, 0)
			sigBinary(t, dispatch.Generic, name+"/grad f32", r, n, off, 1, a.SigmoidGradF32, asm.SigmoidGradF32Generic, 0)
		}
	})
}

func sigUnary[T view.Float](t *testing.T, l dispatch.Level, name string, r *rand.Rand, n, off int, scale float64, f, gen func(dst, x []T), bound uint64) {
	t.Helper()
	x := testutil.GuardedCopy(randArgs[T](r, n, scale), (off+3)%8)
	snap := testutil.Snap(x.S())
	want := make([]T, n)
	gen(want, x.S())
	dst := testutil.NewGuarded[T](n, off)
	f(dst.S(), x.S())
	compareLevel(t, l, name, dst.S(), want, bound)
	dst.Check(t, name)
	snap.Check(t, name+" input", x.S())
	f(x.S(), x.S())
	compareLevel(t, l, name+" in place", x.S(), want, bound)
	x.Check(t, name+" in place")
}

func sigBinary[T view.Float](t *testing.T, l dispatch.Level, name string, r *rand.Rand, n, off int, scale float64, f, gen func(dst, x, v []T), bound uint64) {
	t.Helper()
	x := testutil.GuardedCopy(randArgs[T](r, n, scale), (off+3)%8)
	v := testutil.GuardedCopy(randArgs[T](r, n, 2), (off+6)%8)
	sx, sv := testutil.Snap(x.S()), testutil.Snap(v.S())
	want := make([]T, n)
	gen(want, x.S(), v.S())
	dst := testutil.NewGuarded[T](n, off)
	f(dst.S(), x.S(), v.S())
	compareLevel(t, l, name, dst.S(), want, bound)
	dst.Check(t, name)
	sx.Check(t, name+" x", x.S())
	sv.Check(t, name+" v", v.S())
	f(v.S(), x.S(), v.S()) // in place over v
	compareLevel(t, l, name+" in place", v.S(), want, bound)
	v.Check(t, name+" in place")
}

// TestSigmoidAccuracy compares σ and σ' (fused from x, with v = 1) with the correctly
// rounded values over [−750, 750], denser near 0, and the specials.
func TestSigmoidAccuracy(t *testing.T) {
	r := testutil.Rand(t)
	n := 4000
	if testutil.Long() {
		n = 200000
	}
	var x64 []float64
	for i := range n {
		x64 = append(x64, -750+1500*(float64(i)+r.Float64())/float64(n), 40*(2*r.Float64()-1), 1e-3*(2*r.Float64()-1))
	}
	x64 = append(x64, math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 5e-324, 36.7, 37, 40, -708, -745, -746, 1e300)
	x32 := make([]float32, len(x64))
	for i, v := range x64 {
		x32[i] = float32(v / 7) // spans [−107, 107]
	}
	ws64, wd64 := make([]float64, len(x64)), make([]float64, len(x64))
	for i, v := range x64 {
		ws64[i], wd64[i] = ref.Sigmoid64(v), ref.SigmoidDeriv64(v)
	}
	ws32, wd32 := make([]float32, len(x32)), make([]float32, len(x32))
	for i, v := range x32 {
		ws32[i], wd32[i] = ref.Sigmoid32(v), ref.SigmoidDeriv32(v)
	}
	one64, one32 := make([]float64, len(x64)), make([]float32, len(x32))
	for i := range one64 {
		one64[i], one32[i] = 1, 1
	}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		a := dispatch.Current().Act
		g64, g32 := make([]float64, len(x64)), make([]float32, len(x32))
		a.SigmoidF64(g64, x64)
		a.SigmoidF32(g32, x32)
		worstULP(t, "sigmoid f64", g64, ws64, sigVsRef64)
		worstULP(t, "sigmoid f32", g32, ws32, sigVsRef32)
		a.SigmoidGradXF64(g64, x64, one64)
		a.SigmoidGradXF32(g32, x32, one32)
		worstULP(t, "sigmoid' f64", g64, wd64, sigDerivVsRef64)
		worstULP(t, "sigmoid' f32", g32, wd32, sigDerivVsRef32)
	})
}

// worstULP logs the largest ULP distance of got from want and fails beyond bound.
// Results below the smallest normal are compared in absolute terms (their ULP is the
// subnormal spacing, so the count is what it is).
func worstULP[T view.Float](t *testing.T, name string, got, want []T, bound uint64) {
	t.Helper()
	var w uint64
	at := 0
	for i := range got {
		if d := testutil.ULP(got[i], want[i]); d > w {
			w, at = d, i
		}
	}
	t.Logf("%s: worst %d ULP (got %v, want %v)", name, w, got[at], want[at])
	if w > bound {
		t.Errorf("%s: %d ULP, bound %d", name, w, bound)
	}
}

// FuzzSigmoid compares every level with the generic code on arbitrary bit patterns.
func FuzzSigmoid(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef+"))
	f.Fuzz(func(t *testing.T, b []byte) {
		x64, x32 := floatsFrom64(b), floatsFrom32(b)
		v64, v32 := make([]float64, len(x64)), make([]float32, len(x32))
		for i := range v64 {
			v64[i] = 1 - float64(i%3)
		}
		for i := range v32 {
			v32[i] = 1 - float32(i%3)
		}
		w64, w32 := make([]float64, len(x64)), make([]float32, len(x32))
		wx64, wx32 := make([]float64, len(x64)), make([]float32, len(x32))
		asm.SigmoidF64Generic(w64, x64)
		asm.SigmoidF32Generic(w32, x32)
		asm.SigmoidGradXF64Generic(wx64, x64, v64)
		asm.SigmoidGradXF32Generic(wx32, x32, v32)
		for _, l := range dispatch.Available() {
			a := dispatch.TableFor(l).Act
			g64, g32 := make([]float64, len(x64)), make([]float32, len(x32))
			a.SigmoidF64(g64, x64)
			a.SigmoidF32(g32, x32)
			compareLevel(t, l, l.String()+" sigmoid f64", g64, w64, sigVsGeneric64)
			compareLevel(t, l, l.String()+" sigmoid f32", g32, w32, sigVsGeneric32)
			a.SigmoidGradXF64(g64, x64, v64)
			a.SigmoidGradXF32(g32, x32, v32)
			compareLevel(t, l, l.String()+" gradX f64", g64, wx64, sigXVsGeneric64)
			compareLevel(t, l, l.String()+" gradX f32", g32, wx32, sigXVsGeneric32)
		}
	})
}
