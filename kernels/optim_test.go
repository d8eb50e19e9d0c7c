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

// Tests of the optimizer updates. Two checks per configuration, over several steps:
//   - against the float64 textbook step of internal/ref (m̂, v̂ and divisions written out,
//     not the kernel's scalars), element by element and step by step, within optRelTol
//     relative to the size of the update's terms (the kernel rounds in another order:
//     a few ε per step, float32 a few ε₃₂ plus the rounding of the coefficients);
//   - at every level against the generic level, bit for bit (the same IEEE operations).

// optSizes are the parameter counts tested: every count through a few vector widths
// past the unroll, then around a strip and large enough to split across cores.
func optSizes() []int {
	var s []int
	for n := 0; n <= 70; n++ {
		s = append(s, n)
	}
	return append(s, 127, 255, 1021, 1<<14+3, 70001)
}

type optCase struct {
	name string
	sgd  *SGDParams
	adam *AdamParams
}

func optCases() []optCase {
	return []optCase{
		{name: "sgd", sgd: &SGDParams{LR: 0.1}},
		{name: "sgd-wd", sgd: &SGDParams{LR: 0.05, WeightDecay: 0.01}},
		{name: "momentum", sgd: &SGDParams{LR: 0.1, Momentum: 0.9, WeightDecay: 1e-3}},
		{name: "nesterov", sgd: &SGDParams{LR: 0.1, Momentum: 0.8, WeightDecay: 1e-3, Nesterov: true}},
		{name: "adam", adam: &AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}},
		{name: "adam-wd", adam: &AdamParams{LR: 1e-2, Beta1: 0.8, Beta2: 0.99, Eps: 1e-6, WeightDecay: 0.1}},
		{name: "adamw", adam: &AdamParams{LR: 1e-2, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.05, Decoupled: true}},
	}
}

// optState is the state of one run: parameters, momentum or moments, in T.
type optState[T view.Float] struct{ w, a, b []T }

// optStep runs one step of case c at step t (1-based) with the public API.
func optStep[T view.Float](c optCase, s optState[T], g []T, t int) {
	switch w := any(s.w).(type) {
	case []float64:
		a, b, g := any(s.a).([]float64), any(s.b).([]float64), any(g).([]float64)
		if c.sgd != nil {
			if c.sgd.Momentum == 0 {
				a = nil
			}
			SGD(w, a, g, *c.sgd)
			return
		}
		p := *c.adam
		p.Step = t
		Adam(w, a, b, g, p)
	case []float32:
		a, b, g := any(s.a).([]float32), any(s.b).([]float32), any(g).([]float32)
		if c.sgd != nil {
			if c.sgd.Momentum == 0 {
				a = nil
			}
			SGD32(w, a, g, *c.sgd)
			return
		}
		p := *c.adam
		p.Step = t
		Adam32(w, a, b, g, p)
	}
}

// refStep runs the reference step in float64.
func refStep(c optCase, w, a, b, g []float64, t int) {
	if c.sgd != nil {
		p := c.sgd
		ref.SGDStep(w, a, g, p.LR, p.Momentum, p.WeightDecay, p.Nesterov)
		return
	}
	p := c.adam
	ref.AdamStep(w, a, b, g, p.LR, p.Beta1, p.Beta2, p.Eps, p.WeightDecay, t, p.Decoupled)
}

const optSteps = 5

// testOptimizer runs each case for optSteps steps on n parameters at offsets off and
// compares with the reference after every step; it returns the final state for the
// comparison between levels.
func testOptimizer[T view.Float](t *testing.T, r *rand.Rand, c optCase, n, off int, tol float64) optState[T] {
	t.Helper()
	w0 := make([]float64, n)
	for i := range w0 {
		w0[i] = 2*r.Float64() - 1
		w0[i] = float64(T(w0[i]))
	}
	gw := testutil.GuardedCopy(toT[T](w0), off)
	ga := testutil.NewGuarded[T](n, (off+1)%8)
	gb := testutil.NewGuarded[T](n, (off+2)%8)
	clear(ga.S())
	clear(gb.S())
	rw, ra, rb := append([]float64(nil), w0...), make([]float64, n), make([]float64, n)
	s := optState[T]{gw.S(), ga.S(), gb.S()}
	// magW and magA accumulate, per element, the magnitudes that the steps so far have
	// added and cancelled (errors carry from step to step, and w or the momentum may
	// pass through 0): the bounds are relative to them.
	magW, magA, magB := make([]float64, n), make([]float64, n), make([]float64, n)
	wd := 0.0 // the weight decay added to the gradient
	if c.sgd != nil {
		wd = c.sgd.WeightDecay
	} else if !c.adam.Decoupled {
		wd = c.adam.WeightDecay
	}
	for step := 1; step <= optSteps; step++ {
		g := make([]float64, n)
		for i := range g {
			g[i] = float64(T(r.NormFloat64()))
			if r.IntN(20) == 0 {
				g[i] = 0
			}
		}
		gg := testutil.GuardedCopy(toT[T](g), (off+3)%8)
		snap := testutil.Snap(gg.S())
		prev, prevA, prevB := append([]float64(nil), rw...), append([]float64(nil), ra...), append([]float64(nil), rb...)
		optStep(c, s, gg.S(), step)
		refStep(c, rw, ra, rb, g, step)
		name := fmt.Sprintf("%s/n=%d/off=%d/step=%d", c.name, n, off, step)
		for _, gd := range []*testutil.Guarded[T]{gw, ga, gb, gg} {
			gd.Check(t, name)
		}
		snap.Check(t, name+" g", gg.S())
		for i := range rw {
			magW[i] += math.Abs(prev[i]) + math.Abs(rw[i]-prev[i])
			dm := math.Abs(g[i]) + wd*math.Abs(prev[i]) // d = g + wd·w may cancel
			magA[i] += math.Abs(prevA[i]) + math.Abs(ra[i]) + dm
			magB[i] += math.Abs(prevB[i]) + math.Abs(rb[i]) + dm*dm
			// An error δ in d moves the step by lr·δ (SGD) or by up to lr·δ/(√v̂ + ε)
			// (Adam, whose step is m̂/(√v̂ + ε)): with a small ε and d cancelling, a lot.
			if c.sgd != nil {
				magW[i] += c.sgd.LR * dm / (1 - c.sgd.Momentum)
			} else {
				p := c.adam
				vh := rb[i] / (1 - math.Pow(p.Beta2, float64(step)))
				magW[i] += p.LR * dm / (1 - math.Pow(p.Beta1, float64(step))) / (math.Sqrt(vh) + p.Eps)
			}
			lim := tol * magW[i]
			if e := math.Abs(float64(s.w[i]) - rw[i]); !(e <= lim) {
				t.Fatalf("%s: w[%d] = %v, want %v (error %.3g, bound %.3g)", name, i, s.w[i], rw[i], e, lim)
			}
			if c.sgd != nil && c.sgd.Momentum == 0 {
				continue
			}
			if e := math.Abs(float64(s.a[i]) - ra[i]); !(e <= tol*magA[i]) {
				t.Fatalf("%s: state a[%d] = %v, want %v (error %.3g)", name, i, s.a[i], ra[i], e)
			}
			if c.adam != nil {
				if e := math.Abs(float64(s.b[i]) - rb[i]); !(e <= tol*magB[i]) {
					t.Fatalf("%s: state v[%d] = %v, want %v (error %.3g)", name, i, s.b[i], rb[i], e)
				}
			}
		}
	}
	return s
}

func toT[T view.Float](x []float64) []T {
	out := make([]T, len(x))
	for i, v := range x {
		out[i] = T(v)
	}
	return out
}

// optRelTol: float64, a few ε per step over optSteps steps (the kernel's step is
// lr/(1 − β₁ᵗ)·m/(√v·isb2 + ε), the reference's lr·m̂/(√v̂ + ε)); float32 likewise in ε₃₂.
const (
	optRelTol64 = 64 * 0x1p-52
	optRelTol32 = 64 * 0x1p-23
)

func TestOptimizers(t *testing.T) {
	seed := testutil.Rand(t).Uint64()
	type final struct {
		w64, a64, b64 []float64
		w32, a32, b32 []float32
	}
	res := map[string][]final{}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := rand.New(rand.NewPCG(seed, 7)) // the same inputs at every level
		for _, c := range optCases() {
			for _, n := range optSizes() {
				off := r.IntN(8)
				s64 := testOptimizer[float64](t, r, c, n, off, optRelTol64)
				s32 := testOptimizer[float32](t, r, c, n, off, optRelTol32)
				key := fmt.Sprintf("%s/%d", c.name, n)
				res[key] = append(res[key], final{s64.w, s64.a, s64.b, s32.w, s32.a, s32.b})
			}
		}
	})
	for key, fs := range res {
		for k, f := range fs[1:] {
			name := fmt.Sprintf("%s at %s against generic", key, dispatch.Available()[k+1])
			sameVals(t, name+" w", f.w64, fs[0].w64)
			sameVals(t, name+" state", f.a64, fs[0].a64)
			sameVals(t, name+" v", f.b64, fs[0].b64)
			sameVals(t, name+" w32", f.w32, fs[0].w32)
			sameVals(t, name+" state32", f.a32, fs[0].a32)
			sameVals(t, name+" v32", f.b32, fs[0].b32)
		}
	}
}

// TestOptimizerFirstSteps pins hand-computed values: one Adam step moves every weight by
// lr·sign(g) (m̂ = g, v̂ = g², up to ε); AdamW also scales by 1 − lr·wd; SGD with
// momentum moves by lr·g on the first step and by lr·(μ·g + g) on the second for a
// constant g; Nesterov by lr·(g + μ·g) on the first.
func TestOptimizerFirstSteps(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		n := 37
		w, m, v, g := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range g {
			w[i], g[i] = 1, float64(i-18)
		}
		Adam(w, m, v, g, AdamParams{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 0, Step: 1})
		for i := range w {
			want := 1 - 0.01*math.Copysign(1, g[i])
			if g[i] == 0 {
				want = 1 // 0/0 would be NaN with ε = 0: check only the others
				continue
			}
			if math.Abs(w[i]-want) > 1e-15 {
				t.Fatalf("Adam step 1: w[%d] = %v, want %v", i, w[i], want)
			}
		}
		for i := range w {
			w[i], m[i], v[i] = 2, 0, 0
		}
		Adam(w, m, v, g, AdamParams{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-300, WeightDecay: 0.5, Step: 1, Decoupled: true})
		for i := range w {
			want := 2*(1-0.01*0.5) - 0.01*math.Copysign(1, g[i])
			if g[i] == 0 {
				want = 2 * (1 - 0.01*0.5)
			}
			if math.Abs(w[i]-want) > 1e-15 {
				t.Fatalf("AdamW step 1: w[%d] = %v, want %v", i, w[i], want)
			}
		}
		vel := make([]float64, n)
		for i := range w {
			w[i] = 0
		}
		p := SGDParams{LR: 0.5, Momentum: 0.25}
		SGD(w, vel, g, p)
		SGD(w, vel, g, p)
		for i := range w {
			if want := -0.5*g[i] - 0.5*(0.25*g[i]+g[i]); math.Abs(w[i]-want) > 1e-13 {
				t.Fatalf("SGD momentum 2 steps: w[%d] = %v, want %v", i, w[i], want)
			}
		}
		clear(vel)
		clear(w)
		p.Nesterov = true
		SGD(w, vel, g, p)
		for i := range w {
			if want := -0.5 * (g[i] + 0.25*g[i]); math.Abs(w[i]-want) > 1e-13 {
				t.Fatalf("SGD Nesterov step 1: w[%d] = %v, want %v", i, w[i], want)
			}
		}
	})
}

func TestOptimizerPanics(t *testing.T) {
	buf := make([]float64, 40)
	b32 := make([]float32, 40)
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"kernels.SGD", func() { SGD(buf[:4], nil, buf[10:13], SGDParams{LR: 1}) }},
		{"kernels.SGD", func() { SGD(buf[:4], nil, buf[2:6], SGDParams{LR: 1}) }},
		{"kernels.SGD", func() { SGD(buf[:4], nil, buf[10:14], SGDParams{LR: 1, Momentum: 0.9}) }},
		{"kernels.SGD", func() { SGD(buf[:4], buf[3:7], buf[10:14], SGDParams{LR: 1, Momentum: 0.9}) }},
		{"kernels.SGD32", func() { SGD32(b32[:4], b32[20:24], b32[20:24], SGDParams{LR: 1, Momentum: 0.9}) }},
		{"kernels.SGD", func() { SGD(buf[:4], buf[10:14], buf[20:24], SGDParams{LR: 1, Nesterov: true}) }},
		{"kernels.Adam", func() { Adam(buf[:4], buf[10:14], buf[20:24], buf[30:34], AdamParams{Step: 0}) }},
		{"kernels.Adam", func() { Adam(buf[:4], buf[10:14], buf[20:23], buf[30:34], AdamParams{Step: 1}) }},
		{"kernels.Adam", func() { Adam(buf[:4], buf[10:14], buf[10:14], buf[30:34], AdamParams{Step: 1}) }},
		{"kernels.Adam32", func() { Adam32(b32[:4], b32[10:14], b32[20:24], b32[2:6], AdamParams{Step: 1}) }},
	} {
		testutil.MustPanic(t, c.f, c.name+":")
	}
}
