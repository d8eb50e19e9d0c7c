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

// The network primitives of every level against their …Generic specification, bit for
// bit (GELU within 3 ULP, float32 4, at AVX-512, where the sigmoid differs; GELU′ is
// tested against the math/big reference in package kernels), for every length through
// a few vector widths past the unroll, at offsets 0–7 with guard bands, inputs unchanged,
// and the first slice exactly aliasing each other one where the generic code allows it.

func nnVals[T view.Float](r *rand.Rand, n int) []T {
	sp := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e30, -1e30}
	out := make([]T, n)
	for i := range out {
		if r.IntN(12) == 0 {
			out[i] = T(sp[r.IntN(len(sp))])
		} else {
			out[i] = T(6*r.Float64() - 3)
		}
	}
	return out
}

// nnPrimCheck runs f (a level's primitive) and gen (the generic one) on copies of ins
// (ins[0] is written, like every argument that is state) and compares every slice.
func nnPrimCheck[T view.Float](t *testing.T, name string, r *rand.Rand, n int, nin int, written []bool, f, gen func(s [][]T), bound uint64, nonneg int) {
	t.Helper()
	ins := make([][]T, nin)
	for k := range ins {
		ins[k] = nnVals[T](r, n)
		if k == nonneg {
			for i := range ins[k] {
				ins[k][i] = T(math.Abs(float64(ins[k][i]))) // Adam's v is ≥ 0
			}
		}
	}
	run := func(fn func(s [][]T)) ([][]T, []*testutil.Guarded[T]) {
		gs := make([]*testutil.Guarded[T], nin)
		s := make([][]T, nin)
		for k := range ins {
			gs[k] = testutil.GuardedCopy(ins[k], (k*3+r.IntN(8))%8)
			s[k] = gs[k].S()
		}
		fn(s)
		return s, gs
	}
	want, _ := run(gen)
	got, gs := run(f)
	for k := range got {
		gs[k].Check(t, fmt.Sprintf("%s arg %d", name, k))
		if bound == 0 || !written[k] {
			equalValues(t, fmt.Sprintf("%s arg %d", name, k), got[k], want[k])
		} else {
			withinULPOrNaN(t, fmt.Sprintf("%s arg %d", name, k), got[k], want[k], bound)
		}
	}
}

type nnPrim[T view.Float] struct {
	name    string
	written []bool // which arguments the primitive writes
	alias   []int  // arguments the first may exactly alias
	f, gen  func(s [][]T)
	bound   uint64
}

func un[T view.Float](f func(d, x []T)) func(s [][]T) { return func(s [][]T) { f(s[0], s[1]) } }
func bi[T view.Float](f func(d, a, b []T)) func(s [][]T) {
	return func(s [][]T) { f(s[0], s[1], s[2]) }
}

func nnPrims64(t *dispatch.Table) []nnPrim[float64] {
	a, o := &t.Act, &t.Opt
	sc := [asm.SGDCoefs]float64{0.1, 0.9, 0.01}
	ac := [asm.AdamCoefs]float64{0.999, 0.01, 0.9, 0.1, 0.999, 0.001, 1.3, 1e-8, 0.004}
	gelu := uint64(0)
	if t.Level >= dispatch.AVX512 {
		gelu = 3
	}
	return []nnPrim[float64]{
		{"ReLU", []bool{true, false}, []int{1}, un(a.ReLUF64), un(asm.ReLUF64Generic), 0},
		{"ReLUGrad", []bool{true, false, false}, []int{1, 2}, bi(a.ReLUGradF64), bi(asm.ReLUGradF64Generic), 0},
		{"TanhGrad", []bool{true, false, false}, []int{1, 2}, bi(a.TanhGradF64), bi(asm.TanhGradF64Generic), 0},
		{"Bias", []bool{true, true, false}, []int{1}, bi(a.BiasF64), bi(asm.BiasF64Generic), 0},
		{"BiasReLU", []bool{true, true, false}, []int{1}, bi(a.BiasReLUF64), bi(asm.BiasReLUF64Generic), 0},
		{"GELU", []bool{true, false}, []int{1}, un(a.GELUF64), un(asm.GELUF64Generic), gelu},
		{"Tanh", []bool{true, false}, []int{1}, un(a.TanhF64), un(asm.TanhF64Generic), 0},
		{"SGD", []bool{true, false}, nil, func(s [][]float64) { o.SGDF64(s[0], s[1], sc) }, func(s [][]float64) { asm.SGDF64Generic(s[0], s[1], sc) }, 0},
		{"SGDMom", []bool{true, true, false}, nil, func(s [][]float64) { o.SGDMomF64(s[0], s[1], s[2], sc) }, func(s [][]float64) { asm.SGDMomF64Generic(s[0], s[1], s[2], sc) }, 0},
		{"SGDNesterov", []bool{true, true, false}, nil, func(s [][]float64) { o.SGDNesterovF64(s[0], s[1], s[2], sc) }, func(s [][]float64) { asm.SGDNesterovF64Generic(s[0], s[1], s[2], sc) }, 0},
		{"Adam", []bool{true, true, true, false}, nil, func(s [][]float64) { o.AdamF64(s[0], s[1], s[2], s[3], ac) }, func(s [][]float64) { asm.AdamF64Generic(s[0], s[1], s[2], s[3], ac) }, 0},
	}
}

func nnPrims32(t *dispatch.Table) []nnPrim[float32] {
	a, o := &t.Act, &t.Opt
	sc := [asm.SGDCoefs]float32{0.1, 0.9, 0.01}
	ac := [asm.AdamCoefs]float32{0.999, 0.01, 0.9, 0.1, 0.999, 0.001, 1.3, 1e-8, 0.004}
	gelu := uint64(0)
	if t.Level >= dispatch.AVX512 {
		gelu = 4
	}
	return []nnPrim[float32]{
		{"ReLU", []bool{true, false}, []int{1}, un(a.ReLUF32), un(asm.ReLUF32Generic), 0},
		{"ReLUGrad", []bool{true, false, false}, []int{1, 2}, bi(a.ReLUGradF32), bi(asm.ReLUGradF32Generic), 0},
		{"TanhGrad", []bool{true, false, false}, []int{1, 2}, bi(a.TanhGradF32), bi(asm.TanhGradF32Generic), 0},
		{"Bias", []bool{true, true, false}, []int{1}, bi(a.BiasF32), bi(asm.BiasF32Generic), 0},
		{"BiasReLU", []bool{true, true, false}, []int{1}, bi(a.BiasReLUF32), bi(asm.BiasReLUF32Generic), 0},
		{"GELU", []bool{true, false}, []int{1}, un(a.GELUF32), un(asm.GELUF32Generic), gelu},
		{"Tanh", []bool{true, false}, []int{1}, un(a.TanhF32), un(asm.TanhF32Generic), 0},
		{"SGD", []bool{true, false}, nil, func(s [][]float32) { o.SGDF32(s[0], s[1], sc) }, func(s [][]float32) { asm.SGDF32Generic(s[0], s[1], sc) }, 0},
		{"SGDMom", []bool{true, true, false}, nil, func(s [][]float32) { o.SGDMomF32(s[0], s[1], s[2], sc) }, func(s [][]float32) { asm.SGDMomF32Generic(s[0], s[1], s[2], sc) }, 0},
		{"SGDNesterov", []bool{true, true, false}, nil, func(s [][]float32) { o.SGDNesterovF32(s[0], s[1], s[2], sc) }, func(s [][]float32) { asm.SGDNesterovF32Generic(s[0], s[1], s[2], sc) }, 0},
		{"Adam", []bool{true, true, true, false}, nil, func(s [][]float32) { o.AdamF32(s[0], s[1], s[2], s[3], ac) }, func(s [][]float32) { asm.AdamF32Generic(s[0], s[1], s[2], s[3], ac) }, 0},
	}
}

func testNNPrims[T view.Float](t *testing.T, r *rand.Rand, prims []nnPrim[T]) {
	sizes := []int{}
	for n := 0; n <= 100; n++ {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 255, 1000, 4099)
	for _, p := range prims {
		for _, n := range sizes {
			name := fmt.Sprintf("%s/n=%d", p.name, n)
			nonneg := -1
			if p.name == "Adam" {
				nonneg = 2
			}
			nnPrimCheck(t, name, r, n, len(p.written), p.written, p.f, p.gen, p.bound, nonneg)
			// In place: the first slice is exactly argument k (then both are written).
			for _, k := range p.alias {
				alias := func(f func(s [][]T)) func(s [][]T) {
					return func(s [][]T) {
						s2 := append([][]T(nil), s...)
						s2[0] = s[k]
						f(s2)
					}
				}
				w := append([]bool(nil), p.written...)
				w[k] = true
				nnPrimCheck(t, name+fmt.Sprintf(" in place over %d", k), r, n, len(w), w, alias(p.f), alias(p.gen), p.bound, -1)
			}
		}
	}
}

func TestNNPrimitives(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		tab := dispatch.TableFor(l)
		testNNPrims(t, r, nnPrims64(tab))
		testNNPrims(t, r, nnPrims32(tab))
	})
}
