package kernels

import (
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// Fuzz targets of the network kernels: each level against the generic level on
// arbitrary values and lengths. Documented bounds: ReLU, ReLUVJP, TanhVJP, the bias
// epilogues, ColSums and the optimizers are the same bits at every level; Tanh and GELU
// (and GELUVJP) within nnFuzzULP of the generic results.

// nnFuzzULP bounds Tanh, GELU and GELUVJP at a level against the generic code.
func nnFuzzULP(l dispatch.Level) uint64 { return 0 }

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
		b := nnFuzzULP(l)
		sameVals(t, l.String()+" ReLU"+sfx, g.relu, outs[0].relu)
		sameVals(t, l.String()+" ReLUVJP"+sfx, g.rgrad, outs[0].rgrad)
		actWithinULP(t, l.String()+" Tanh"+sfx, g.tanh, outs[0].tanh, b)
		sameVals(t, l.String()+" TanhVJP"+sfx, g.tgrad, outs[0].tgrad)
		actWithinULP(t, l.String()+" GELU"+sfx, g.gelu, outs[0].gelu, b)
		actWithinULP(t, l.String()+" GELUVJP"+sfx, g.ggrad, outs[0].ggrad, b)
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
// (2 ULP, float32 3, at AVX-512: see FuzzSigmoid), Tanh's and GELU's; 0 means the same
// bits, and then ActVJP is compared bit for bit too.
func layerULP[T view.Float](act Activation, l dispatch.Level) uint64 {
	switch act {
	case ActSigmoid:
		if l >= dispatch.AVX512 {
			if view.Is32[T]() {
				return 3
			}
			return 2
		}
	case ActTanh, ActGELU:
		return nnFuzzULP(l)
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
