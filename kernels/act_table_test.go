package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// The table-driven tests of the elementwise activations: one actCase per activation
// runs it, at every level, against its reference (TestActTable), each level against the
// generic code on fuzzed inputs (FuzzActTable), and through the no-allocation check
// (TestActTableAllocs). Adding an activation to the package adds one entry to
// actCases (docs/adding-a-kernel.md); the bespoke tests of the existing ones
// (nn_test.go, sigmoid_test.go) go further (specials, the bias epilogues, JVPs).

// actCase is one activation f with its VJP dst = f′ ⊙ v.
type actCase struct {
	name         string
	f64          func(dst, x []float64)
	f32          func(dst, x []float32)
	vjp64        func(dst, a, v []float64)
	vjp32        func(dst, a, v []float32)
	vjpOfOutput  bool                              // the VJP's a is the saved output f(x), else x
	ref          func(x float64) float64           // f(x) correctly rounded to float64 (float32: rounded once more)
	deriv        func(a float64) float64           // f′ as a function of the VJP's a, in float64
	ulp          func(x float64, is32 bool) uint64 // bound of f at any level against ref, in ULP
	vjpScale     func(a float64) float64           // the VJP's error bound, in units of ε·|v|
	vjpExact     bool                              // the VJP is f′(a)·v exactly (no bound)
	fuzzULP      func(l dispatch.Level, is32 bool) uint64
	tiny64, tiny float64 // below these |f(x)| (float64, float32) only an absolute bound of the floor holds
}

// ulps returns a bound function that is u64 ULP in float64 and u32 in float32.
func ulps(u64, u32 uint64) func(float64, bool) uint64 {
	return func(_ float64, is32 bool) uint64 {
		if is32 {
			return u32
		}
		return u64
	}
}

// sameBits is the fuzz bound of an activation that is the same bits at every level.
func sameBits(dispatch.Level, bool) uint64 { return 0 }

// exactBelow returns a fuzz bound of 0 below level from and u64/u32 ULP at or above it.
func exactBelow(from dispatch.Level, u64, u32 uint64) func(dispatch.Level, bool) uint64 {
	return func(l dispatch.Level, is32 bool) uint64 {
		if l < from {
			return 0
		}
		if is32 {
			return u32
		}
		return u64
	}
}

var actCases = []actCase{
	{
		name: "Tanh", f64: Tanh, f32: Tanh32, vjp64: TanhVJP, vjp32: TanhVJP32, vjpOfOutput: true,
		ref:      ref.Tanh64,
		deriv:    func(t float64) float64 { return 1 - t*t },
		ulp:      ulps(nnTanhULP, 1),
		vjpScale: func(float64) float64 { return 3 }, // 1 − t² to ε absolute (|t| ≤ 1), then the product
		fuzzULP:  sameBits,
	},
	{
		name: "ReLU", f64: ReLU, f32: ReLU32, vjp64: ReLUVJP, vjp32: ReLUVJP32,
		ref: func(x float64) float64 { return nnReLU(x) },
		deriv: func(x float64) float64 {
			if x > 0 {
				return 1
			}
			return 0
		},
		ulp:      ulps(0, 0),
		vjpScale: func(float64) float64 { return 0 },
		vjpExact: true,
		fuzzULP:  sameBits,
	},
	{
		name: "GELU", f64: GELU, f32: GELU32, vjp64: GELUVJP, vjp32: GELUVJP32,
		ref: ref.GELU64,
		deriv: func(x float64) float64 {
			d, _ := ref.GELUDeriv64(x)
			return d
		},
		ulp: func(x float64, _ bool) uint64 { return geluULP(x) },
		vjpScale: func(x float64) float64 { // as in nn_test.go, the term scale from math/big
			_, scale := ref.GELUDeriv64(x)
			return geluAmp(x) * scale
		},
		fuzzULP: exactBelow(dispatch.AVX512, 3, 4),
		tiny64:  0x1p-1000, tiny: 0x1p-120,
	},
	{
		name: "Sigmoid", f64: Sigmoid, f32: Sigmoid32, vjp64: SigmoidVJP, vjp32: SigmoidVJP32, vjpOfOutput: true,
		ref:      ref.Sigmoid64,
		deriv:    func(s float64) float64 { return s * (1 - s) },
		ulp:      ulps(3, 3),
		vjpScale: func(float64) float64 { return 4 }, // s·(1 − s) with |s| ≤ 1, then the product
		fuzzULP:  exactBelow(dispatch.AVX512, 2, 3),
	},
}

// actTableSizes are lengths around every vector width and unroll, and a long one.
func actTableSizes() []int {
	s := []int{}
	for n := 0; n <= 70; n++ {
		s = append(s, n)
	}
	return append(s, 127, 128, 129, 255, 1023, 4099)
}

// actTableInputs returns n values: mostly in [−12, 12], some large, some tiny.
func actTableInputs(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		switch r.IntN(8) {
		case 0:
			x[i] = (r.Float64() - 0.5) * 200
		case 1:
			x[i] = (r.Float64() - 0.5) * 1e-6
		default:
			x[i] = (r.Float64() - 0.5) * 24
		}
	}
	return x
}

func TestActTable(t *testing.T) {
	for _, c := range actCases {
		t.Run(c.name, func(t *testing.T) {
			testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
				r := testutil.Rand(t)
				for _, n := range actTableSizes() {
					x := actTableInputs(r, n)
					off := r.IntN(8)
					checkActCase(t, c, c.f64, c.vjp64, x, off, c.tiny64)
					checkActCase(t, c, c.f32, c.vjp32, to32(x), off, c.tiny)
				}
			})
		})
	}
}

// checkActCase checks f and its VJP on x at offset off: guard bands, inputs unchanged, in
// place (nnCheckUnary, nnCheckBinary), f within c.ulp of the reference, the VJP within
// c.vjpScale·ε·|v| (plus its own rounding) of f′(a)·v, NaN in → NaN out.
func checkActCase[T view.Float](t *testing.T, c actCase, f func(dst, x []T), vjp func(dst, a, v []T), x []T, off int, tiny float64) {
	t.Helper()
	is32 := view.Is32[T]()
	name := fmt.Sprintf("%s/n=%d/off=%d", c.name, len(x), off)
	if is32 {
		name = fmt.Sprintf("%s32/n=%d/off=%d", c.name, len(x), off)
	}
	y := nnCheckUnary(t, name, f, x, off)
	for i, xi := range x {
		want := T(c.ref(float64(xi)))
		if math.Abs(float64(want)) < tiny {
			if math.Abs(float64(y[i]-want)) > tiny {
				t.Fatalf("%s: f(%v) = %v, want %v within %g", name, xi, y[i], want, tiny)
			}
			continue
		}
		if u := testutil.ULP(y[i], want); u > c.ulp(float64(xi), is32) {
			t.Fatalf("%s: f(%v) = %v, want %v (%d ULP, bound %d)", name, xi, y[i], want, u, c.ulp(float64(xi), is32))
		}
	}
	a := x
	if c.vjpOfOutput {
		a = y
	}
	v := make([]T, len(x))
	for i := range v {
		v[i] = T(float64(i%7) - 3.25)
	}
	g := nnCheckBinary(t, name+" VJP", vjp, a, v, off)
	eps := testutil.Eps[T]()
	floor := 0x1p-1060
	if is32 {
		floor = 0x1p-140
	}
	for i := range g {
		want := c.deriv(float64(a[i])) * float64(v[i])
		tol := c.vjpScale(float64(a[i]))*eps*math.Abs(float64(v[i])) + eps*math.Abs(want) + floor
		if c.vjpExact {
			tol = 0
		}
		if d := math.Abs(float64(g[i]) - want); !(d <= tol) {
			t.Fatalf("%s VJP: a = %v, v = %v: %v, want %v (bound %.3g)", name, a[i], v[i], g[i], want, tol)
		}
	}
	if len(x) > 0 {
		nan := append([]T(nil), x...)
		nan[len(x)/2] = T(math.NaN())
		out := make([]T, len(x))
		f(out, nan)
		if o := out[len(x)/2]; o == o {
			t.Fatalf("%s: f(NaN) = %v, want NaN", name, o)
		}
	}
}

func FuzzActTable(f *testing.F) {
	f.Add(uint8(0), []byte("activations from the table: bytes to decode into values, and more bytes"))
	f.Add(uint8(3), make([]byte, 200))
	f.Fuzz(func(t *testing.T, off uint8, data []byte) {
		n := len(data) / 6
		vals := actFuzzVals(data, 2*n)
		for _, c := range actCases {
			fuzzActCase(t, c, c.f64, c.vjp64, vals[:n], vals[n:], int(off%8))
			fuzzActCase(t, c, c.f32, c.vjp32, to32(vals[:n]), to32(vals[n:]), int(off%8))
		}
	})
}

// fuzzActCase checks every level's f against the generic one within c.fuzzULP, and the
// VJP within twice its reference bound (each side is within one bound of f′·v).
func fuzzActCase[T view.Float](t *testing.T, c actCase, f func(dst, x []T), vjp func(dst, a, v []T), x, v []T, off int) {
	t.Helper()
	is32 := view.Is32[T]()
	type res struct{ y, g []T }
	outs := actEachLevel(t, func(dispatch.Level) res {
		y := make([]T, len(x)+off)[off:]
		f(y, x)
		a := x
		if c.vjpOfOutput {
			a = y
		}
		g := make([]T, len(x)+off)[off:]
		vjp(g, a, v)
		return res{y, g}
	})
	eps, tiny := testutil.Eps[T](), c.tiny64
	if is32 {
		tiny = c.tiny
	}
	for li, o := range outs[1:] {
		l := dispatch.Available()[li+1]
		for i := range x {
			if testutil.SameBits(o.y[i], outs[0].y[i]) || (o.y[i] != o.y[i] && outs[0].y[i] != outs[0].y[i]) {
				continue
			}
			if u := testutil.ULP(o.y[i], outs[0].y[i]); u > c.fuzzULP(l, is32) && math.Abs(float64(outs[0].y[i])) >= tiny {
				t.Fatalf("%s at %v: f(%v) = %v, generic %v (%d ULP)", c.name, l, x[i], o.y[i], outs[0].y[i], u)
			}
		}
		for i := range x {
			gl, g0 := float64(o.g[i]), float64(outs[0].g[i])
			if gl == g0 || (gl != gl && g0 != g0) {
				continue
			}
			a := float64(x[i])
			if c.vjpOfOutput {
				a = float64(outs[0].y[i])
			}
			tol := 2 * (c.vjpScale(a)*eps*math.Abs(float64(v[i])) + eps*math.Abs(g0))
			if !(math.Abs(gl-g0) <= tol) && !math.IsInf(a, 0) {
				t.Fatalf("%s VJP at %v: a = %v, v = %v: %v, generic %v", c.name, l, a, v[i], gl, g0)
			}
		}
	}
}

// TestActTableAllocs checks that each activation and its VJP allocate nothing below the
// multi-core split, at every level.
func TestActTableAllocs(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		x, v, d := actTableInputs(r, 1000), actTableInputs(r, 1000), make([]float64, 1000)
		x32, v32, d32 := to32(x), to32(v), make([]float32, 1000)
		for _, c := range actCases {
			for _, call := range []struct {
				name string
				f    func()
			}{
				{c.name, func() { c.f64(d, x) }},
				{c.name + " VJP", func() { c.vjp64(d, x, v) }},
				{c.name + "32", func() { c.f32(d32, x32) }},
				{c.name + "32 VJP", func() { c.vjp32(d32, x32, v32) }},
			} {
				if a := testing.AllocsPerRun(10, call.f); a != 0 {
					t.Errorf("%s allocates %v times per call", call.name, a)
				}
			}
		}
	})
}
