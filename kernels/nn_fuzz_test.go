package kernels

import (
	"math"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// Fuzz targets of the network kernels: each level against the generic level on
// arbitrary values and lengths. Documented bounds: ReLU, ReLUVJP, Tanh, TanhVJP, the
// bias epilogues, ColSums and the optimizers are the same bits at every level; GELU is
// the same bits at AVX2 and within 3 ULP (float32 4) at AVX-512 (the sigmoid's 2 and 3
// plus the product); GELUVJP, whose vector levels take σ′(w) = σ(w)·σ(−w), within
// 16ε·(|σ(w)| + |x·w′·σ′(w)|)·|v| of the generic result (both are within a few ε of
// that size of the exact value; near the zero of GELU′ only such a bound holds).

// geluFuzzULP bounds GELU at level l against the generic code.
func geluFuzzULP[T view.Float](l dispatch.Level) uint64 {
	if l < dispatch.AVX512 {
		return 0
	}
	if view.Is32[T]() {
		return 4
	}
	return 3
}

// geluScale returns |σ(w)| + |x·w′·σ′(w)| in float64, the size of GELU′'s terms.
func geluScale(x float64) float64 {
	const k, c = 1.5957691216057307, 0.044715
	w := k * (x + c*x*x*x)
	s, sn := 1/(1+math.Exp(-w)), 1/(1+math.Exp(w))
	t := math.Abs(x * k * (1 + 3*c*x*x) * s * sn)
	if t != t {
		t = 0 // infinite x: σ′ = 0
	}
	return s + t
}

// geluGradClose fails unless got is within 16ε·scale·|v| (plus the product's rounding
// and a subnormal floor) of want.
func geluGradClose[T view.Float](t *testing.T, name string, x, v, got, want []T) {
	t.Helper()
	eps, floor := testutil.Eps[T](), 0x1p-1060
	if view.Is32[T]() {
		floor = 0x1p-140
	}
	for i := range got {
		g, w := float64(got[i]), float64(want[i])
		if g == w || (g != g && w != w) {
			continue
		}
		tol := 16*eps*geluScale(float64(x[i]))*math.Abs(float64(v[i])) + eps*math.Abs(w) + floor
		if !(math.Abs(g-w) <= tol) {
			t.Fatalf("%s: element %d (x = %v, v = %v) is %v, want %v (bound %.3g)", name, i, x[i], v[i], g, w, tol)
		}
	}
}

func FuzzNNActivations(f *testing.F) {
	f.Add(uint8(0), []byte("activations: some bytes to decode into values, and a few more bytes"))
	f.Add(uint8(5), make([]byte, 300))
	f.Fuzz(func(t *testing.T, off uint8, data []byte) {
		n := len(data) / 6
		vals := actFuzzVals(data, 2*n)
		o := int(off % 8)
		fuzzNN(t, "", o, vals[:n], vals[n:], nnFuncs64())
		fuzzNN(t, "32", o, to32(vals[:n]), to32(vals[n:]), nnFuncs32())
	})
}

func fuzzNN[T view.Float](t *testing.T, sfx string, o int, x, v []T, f nnFuncs[T]) {
	n := len(x)
	type res struct{ relu, rgrad, tanh, tgrad, gelu, ggrad []T }
	outs := actEachLevel(t, func(dispatch.Level) res {
		var r res
		for _, p := range []*[]T{&r.relu, &r.rgrad, &r.tanh, &r.tgrad, &r.gelu, &r.ggrad} {
			*p = make([]T, n+o)[o:]
		}
		f.relu(r.relu, x)
		f.reluVJP(r.rgrad, x, v)
		f.tanh(r.tanh, x)
		f.tanhVJP(r.tgrad, x, v) // x as a saved output: the formula applies to any value
		f.gelu(r.gelu, x)
		f.gVJP(r.ggrad, x, v)
		return r
	})
	for k, g := range outs[1:] {
		l := dispatch.Available()[k+1]
		sameVals(t, l.String()+" ReLU"+sfx, g.relu, outs[0].relu)
		sameVals(t, l.String()+" ReLUVJP"+sfx, g.rgrad, outs[0].rgrad)
		sameVals(t, l.String()+" Tanh"+sfx, g.tanh, outs[0].tanh)
		sameVals(t, l.String()+" TanhVJP"+sfx, g.tgrad, outs[0].tgrad)
		actWithinULP(t, l.String()+" GELU"+sfx, g.gelu, outs[0].gelu, geluFuzzULP[T](l))
		geluGradClose(t, l.String()+" GELUVJP"+sfx, x, v, g.ggrad, outs[0].ggrad)
	}
}

// FuzzNNLayer runs BiasAct, ActVJP (every activation) and ColSums on an arbitrary
// rows×cols shape with a stride gap, at every level against the generic level.
func FuzzNNLayer(f *testing.F) {
	f.Add(uint8(3), uint8(2), []byte("layer: bytes for z, b and g, z and b and g, and more of them"))
	f.Add(uint8(40), uint8(5), make([]byte, 900))
	f.Fuzz(func(t *testing.T, cols, gap uint8, data []byte) {
		c := int(cols%80) + 1
		stride := c + int(gap%4)
		vals := actFuzzVals(data, len(data)/3)
		rows := (len(vals) - c) / (2 * stride) // z and g, and b
		if rows <= 0 {
			return
		}
		fuzzLayer(t, "", rows, c, stride, vals, nnMat64())
		fuzzLayer(t, "32", rows, c, stride, to32(vals), nnMat32())
	})
}

func fuzzLayer[T view.Float](t *testing.T, sfx string, rows, cols, stride int, vals []T, f nnMatFuncs[T]) {
	span := (rows-1)*stride + cols
	zv, gv, b := vals[:span], vals[span:2*span], vals[2*span:2*span+cols]
	for act := ActIdentity; act < numAct; act++ {
		type res struct{ z, y, d []T }
		outs := actEachLevel(t, func(dispatch.Level) res {
			r := res{append([]T(nil), zv...), make([]T, span), make([]T, span)}
			z := view.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: r.z}
			y := view.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: r.y}
			d := view.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: r.d}
			g := view.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: gv}
			f.biasAct(y, z, b, act)
			f.actVJP(d, z, y, g, act)
			return r
		})
		for k, g := range outs[1:] {
			l := dispatch.Available()[k+1]
			name := l.String() + " " + act.String() + sfx
			sameVals(t, name+" BiasAct z", g.z, outs[0].z)
			if b := layerULP[T](act, l); b > 0 {
				actWithinULP(t, name+" BiasAct y", g.y, outs[0].y, b)
				continue // the gradient's input differs where y does
			}
			sameVals(t, name+" BiasAct y", g.y, outs[0].y)
			sameVals(t, name+" ActVJP", g.d, outs[0].d)
		}
	}
	for _, beta := range []T{0, 1, -0.5} {
		outs := actEachLevel(t, func(dispatch.Level) []T {
			d := append([]T(nil), b...)
			f.colSums(d, view.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: zv}, beta)
			return d
		})
		for k, g := range outs[1:] {
			sameVals(t, dispatch.Available()[k+1].String()+" ColSums"+sfx, g, outs[0])
		}
	}
}

// layerULP is the bound of BiasAct's y at level l against the generic level: Sigmoid's
// (2 ULP, float32 3, at AVX-512: see FuzzSigmoid) and GELU's (whose ActVJP differs at
// every vector level, so it is at least 1 there); 0 means the same bits, and then ActVJP
// is compared bit for bit too.
func layerULP[T view.Float](act Activation, l dispatch.Level) uint64 {
	switch act {
	case ActSigmoid:
		if l >= dispatch.AVX512 {
			if view.Is32[T]() {
				return 3
			}
			return 2
		}
	case ActGELU:
		if l > dispatch.Generic {
			return max(1, geluFuzzULP[T](l)) // ActVJP differs at AVX2 too
		}
	}
	return 0
}

// FuzzOptimizers runs two steps of every optimizer case on arbitrary values at every
// level against the generic level (the same bits).
func FuzzOptimizers(f *testing.F) {
	f.Add(uint8(0), []byte("optimizers: bytes for w, the state and g; w, the state and g again"))
	f.Add(uint8(6), make([]byte, 600))
	f.Fuzz(func(t *testing.T, cs uint8, data []byte) {
		c := optCases()[int(cs)%len(optCases())]
		n := len(data) / 15
		vals := actFuzzVals(data, 5*n)
		fuzzOpt(t, c, vals, n)
		fuzzOpt(t, c, to32(vals), n)
	})
}

func fuzzOpt[T view.Float](t *testing.T, c optCase, vals []T, n int) {
	outs := actEachLevel(t, func(dispatch.Level) []T {
		w, a, b := append([]T(nil), vals[:n]...), append([]T(nil), vals[n:2*n]...), make([]T, n)
		for i, x := range vals[2*n : 3*n] {
			b[i] = x * x // v ≥ 0
		}
		s := optState[T]{w, a, b}
		optStep(c, s, vals[3*n:4*n], 1)
		optStep(c, s, vals[4*n:5*n], 2)
		return append(append(w, a...), b...)
	})
	for k, g := range outs[1:] {
		sameVals(t, dispatch.Available()[k+1].String()+" "+c.name, g, outs[0])
	}
}
