package kernels

import (
	"math"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// smxFuncs are the softmax-family entry points of one precision, over views.
type smxFuncs[T view.Float] struct {
	softmax, logSoftmax func(d, x view.Matrix[T])
	jvp, vjp, logVJP    func(d, s, v view.Matrix[T])
	ce                  func(g, x view.Matrix[T], c []int, r Reduction) float64
	ceProb              func(g, x, y view.Matrix[T], r Reduction) float64
}

func smxFuncs64() smxFuncs[float64] {
	g := view.General64
	return smxFuncs[float64]{
		softmax:    func(d, x view.Matrix[float64]) { Softmax(g(d), g(x)) },
		logSoftmax: func(d, x view.Matrix[float64]) { LogSoftmax(g(d), g(x)) },
		jvp:        func(d, s, v view.Matrix[float64]) { SoftmaxJVP(g(d), g(s), g(v)) },
		vjp:        func(d, s, v view.Matrix[float64]) { SoftmaxVJP(g(d), g(s), g(v)) },
		logVJP:     func(d, s, v view.Matrix[float64]) { LogSoftmaxVJP(g(d), g(s), g(v)) },
		ce: func(gr, x view.Matrix[float64], c []int, r Reduction) float64 {
			return SoftmaxCrossEntropy(g(gr), g(x), c, r)
		},
		ceProb: func(gr, x, y view.Matrix[float64], r Reduction) float64 {
			return SoftmaxCrossEntropyProb(g(gr), g(x), g(y), r)
		},
	}
}

func smxFuncs32() smxFuncs[float32] {
	g := view.General32
	return smxFuncs[float32]{
		softmax:    func(d, x view.Matrix[float32]) { Softmax32(g(d), g(x)) },
		logSoftmax: func(d, x view.Matrix[float32]) { LogSoftmax32(g(d), g(x)) },
		jvp:        func(d, s, v view.Matrix[float32]) { SoftmaxJVP32(g(d), g(s), g(v)) },
		vjp:        func(d, s, v view.Matrix[float32]) { SoftmaxVJP32(g(d), g(s), g(v)) },
		logVJP:     func(d, s, v view.Matrix[float32]) { LogSoftmaxVJP32(g(d), g(s), g(v)) },
		ce: func(gr, x view.Matrix[float32], c []int, r Reduction) float64 {
			return SoftmaxCrossEntropy32(g(gr), g(x), c, r)
		},
		ceProb: func(gr, x, y view.Matrix[float32], r Reduction) float64 {
			return SoftmaxCrossEntropyProb32(g(gr), g(x), g(y), r)
		},
	}
}

// smxShape decodes a shape: up to 4 rows, up to 299 columns, a stride 0–2 past the
// columns and an element offset 0–7.
func smxShape(shape uint16, off uint8) (rows, cols, stride, o int) {
	rows, cols = int(shape%5), int(shape/5%300)
	return rows, cols, max(1, cols+int(off/8%3)), int(off % 8)
}

// smxMatrix returns a rows×cols view with the given stride at element offset o, filled
// from vals (row-major, cycling).
func smxMatrix[T view.Float](rows, cols, stride, o int, vals []float64) view.Matrix[T] {
	n := 0
	if rows > 0 {
		n = (rows-1)*stride + cols
	}
	m := view.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: make([]T, n+o)[o:]}
	k := 0
	for i := range rows {
		for j := range cols {
			if len(vals) > 0 {
				m.Data[i*stride+j] = T(vals[k%len(vals)])
			}
			k++
		}
	}
	return m
}

// smxRows flattens the rows of m.
func smxRows[T view.Float](m view.Matrix[T]) []T {
	var out []T
	for i := range m.Rows {
		out = append(out, m.Row(i)...)
	}
	return out
}

// FuzzSoftmax compares Softmax, LogSoftmax, SoftmaxJVP, SoftmaxVJP and LogSoftmaxVJP
// (and the float32 forms) at every level with the generic level. The exponentials are
// the same bits at every level; the row sums and ⟨s, v⟩ add in a different order per
// level, which bounds the differences (K = columns, ε of the precision):
//   - softmax: the two sums of K non-negative terms differ by at most (K − 1)ε relative,
//     the reciprocal and the product round once each: |Δs| ≤ (K + 2)ε·s (+ the smallest
//     subnormal, for subnormal results);
//   - log-softmax: log Σ differs by at most (K − 1)ε absolute, the float conversion of
//     the log (≤ log K + … ≤ 6) and the subtraction add ε·6 and ε|y|:
//     |Δy| ≤ (K + 10)ε + 2ε|y|;
//   - JVP = VJP: ⟨s, v⟩ differs by at most (K + 1)ε·Σ|s v| (both sums round K times), then
//     (v − d)·s rounds twice: |Δ| ≤ s·((K + 3)ε·Σ|s v| + 2ε|v|) + 2ε|dst|;
//   - log-softmax VJP: v − exp(y)·Σv with Σv summed in Go: the same bits.
//
// s, the input of the JVP, is the generic softmax of x (non-negative, summing to 1).
func FuzzSoftmax(f *testing.F) {
	f.Add(uint16(5*17+3), uint8(9), []byte("softmax rows from these bytes, and some more, and more still to fill the rows"))
	f.Add(uint16(5*70+1), uint8(3), make([]byte, 600))
	f.Fuzz(func(t *testing.T, shape uint16, off uint8, data []byte) {
		rows, cols, stride, o := smxShape(shape, off)
		vals := actFuzzVals(data, len(data)/3)
		half := len(vals) / 2
		fuzzSoftmax(t, smxFuncs64(), rows, cols, stride, o, vals[:half], vals[half:])
		fuzzSoftmax(t, smxFuncs32(), rows, cols, stride, o, vals[:half], vals[half:])
	})
}

func fuzzSoftmax[T view.Float](t *testing.T, fs smxFuncs[T], rows, cols, stride, o int, xv, vv []float64) {
	eps := testutil.Eps[T]()
	tiny := float64(math.SmallestNonzeroFloat64)
	if eps != 0x1p-52 {
		tiny = math.SmallestNonzeroFloat32
	}
	x := smxMatrix[T](rows, cols, stride, o, xv)
	v := smxMatrix[T](rows, cols, stride, (o+3)%8, vv)
	restore, err := dispatch.Set(dispatch.Generic)
	if err != nil {
		t.Fatal(err)
	}
	s := smxMatrix[T](rows, cols, cols+1, 1, nil)
	fs.softmax(s, x)
	restore()

	type res struct{ s, ls, jvp, vjp, lvjp []T }
	outs := actEachLevel(t, func(dispatch.Level) res {
		var r res
		for _, c := range []struct {
			p *[]T
			f func(d view.Matrix[T])
		}{
			{&r.s, func(d view.Matrix[T]) { fs.softmax(d, x) }},
			{&r.ls, func(d view.Matrix[T]) { fs.logSoftmax(d, x) }},
			{&r.jvp, func(d view.Matrix[T]) { fs.jvp(d, s, v) }},
			{&r.vjp, func(d view.Matrix[T]) { fs.vjp(d, s, v) }},
			{&r.lvjp, func(d view.Matrix[T]) { fs.logVJP(d, x, v) }},
		} {
			d := smxMatrix[T](rows, cols, stride, (o+5)%8, nil)
			c.f(d)
			*c.p = smxRows(d)
		}
		return r
	})
	g := outs[0]
	n := rows * cols
	tS, tL, tJ := make([]float64, n), make([]float64, n), make([]float64, n)
	K := float64(cols)
	for i := range rows {
		sr, vr := s.Row(i), v.Row(i)
		sv := 0.0
		for j := range cols {
			sv += math.Abs(float64(sr[j]) * float64(vr[j]))
		}
		for j := range cols {
			k := i*cols + j
			tS[k] = (K+2)*eps*float64(g.s[k]) + tiny
			tL[k] = (K+10)*eps + 2*eps*math.Abs(float64(g.ls[k]))
			tJ[k] = float64(sr[j])*((K+3)*eps*sv+2*eps*math.Abs(float64(vr[j]))) + 2*eps*math.Abs(float64(g.jvp[k])) + tiny
		}
	}
	for k, r := range outs[1:] {
		l := dispatch.Available()[k+1].String()
		actWithinAbs(t, l+" Softmax", r.s, g.s, tS)
		actWithinAbs(t, l+" LogSoftmax", r.ls, g.ls, tL)
		actWithinAbs(t, l+" SoftmaxJVP", r.jvp, g.jvp, tJ)
		actWithinAbs(t, l+" SoftmaxVJP", r.vjp, g.jvp, tJ)
		sameVals(t, l+" LogSoftmaxVJP", r.lvjp, g.lvjp)
	}
}

// FuzzSoftmaxCrossEntropy compares the fused loss and gradient (class indices and
// probability targets, mean and sum) at every level with the generic level. Only the
// row sums differ (see FuzzSoftmax): log Σ by at most (K + 1)ε_T per row, which moves
// each row's loss by that much times the row's target mass Y (1 for a class index,
// Σ|y| for probabilities), plus float64 roundings of the row terms (≤ 8ε₆₄ times their
// magnitude, (max|x| + 10)·Y). Each gradient element w·(s − y) moves by at most
// (K + 2)ε_T·w·s + 2ε_T|g| (w·s = g + w·y).
func FuzzSoftmaxCrossEntropy(f *testing.F) {
	f.Add(uint16(5*17+3), uint8(9), []byte("cross-entropy rows from these bytes, and some more, and more"))
	f.Add(uint16(5*40+4), uint8(2), make([]byte, 400))
	f.Fuzz(func(t *testing.T, shape uint16, off uint8, data []byte) {
		rows, cols, stride, o := smxShape(shape, off)
		if cols == 0 {
			cols = 1
			stride = max(stride, 1)
		}
		vals := actFuzzVals(data, len(data)/3)
		half := len(vals) / 2
		classes := make([]int, rows)
		for i := range classes {
			if i < len(data) {
				classes[i] = int(data[i]) % cols
			}
		}
		fuzzCrossEntropy(t, smxFuncs64(), rows, cols, stride, o, vals[:half], vals[half:], classes)
		fuzzCrossEntropy(t, smxFuncs32(), rows, cols, stride, o, vals[:half], vals[half:], classes)
	})
}

func fuzzCrossEntropy[T view.Float](t *testing.T, fs smxFuncs[T], rows, cols, stride, o int, xv, yv []float64, classes []int) {
	eps := testutil.Eps[T]()
	tiny := float64(math.SmallestNonzeroFloat64)
	if eps != 0x1p-52 {
		tiny = math.SmallestNonzeroFloat32
	}
	// Probability targets: non-negative and finite, not necessarily summing to 1.
	for i, v := range yv {
		yv[i] = math.Min(math.Abs(v), 1000)
		if v != v {
			yv[i] = 0
		}
	}
	x := smxMatrix[T](rows, cols, stride, o, xv)
	y := smxMatrix[T](rows, cols, cols, 2, yv)
	type res struct {
		loss     [4]float64
		grad     [4][]T
		inPlace  float64
		inPlaceG []T
	}
	outs := actEachLevel(t, func(dispatch.Level) res {
		var r res
		for k, red := range []Reduction{Mean, Sum} {
			g := smxMatrix[T](rows, cols, stride, (o+5)%8, nil)
			r.loss[k] = fs.ce(g, x, classes, red)
			r.grad[k] = smxRows(g)
			g = smxMatrix[T](rows, cols, stride, (o+5)%8, nil)
			r.loss[2+k] = fs.ceProb(g, x, y, red)
			r.grad[2+k] = smxRows(g)
		}
		// In place over the logits: the same loss and gradient as out of place.
		xc := smxMatrix[T](rows, cols, stride, o, nil)
		for i := range rows {
			copy(xc.Row(i), x.Row(i))
		}
		r.inPlace = fs.ce(xc, xc, classes, Mean)
		r.inPlaceG = smxRows(xc)
		if !(r.inPlace == r.loss[0] || r.inPlace != r.inPlace && r.loss[0] != r.loss[0]) {
			t.Fatalf("in place loss %v, out of place %v", r.inPlace, r.loss[0])
		}
		sameVals(t, "in place grad", r.inPlaceG, r.grad[0])
		return r
	})
	K := float64(cols)
	g := outs[0]
	for k := range 4 {
		w := 1.0
		if k%2 == 0 && rows > 0 {
			w = 1 / float64(rows)
		}
		lossTol := 0.0
		gradTol := make([]float64, rows*cols)
		for i := range rows {
			Y, mx := 1.0, 0.0
			for j := range cols {
				mx = math.Max(mx, math.Abs(float64(x.At(i, j))))
				if k >= 2 {
					Y += float64(y.At(i, j))
				}
			}
			lossTol += w * ((K+1)*eps*Y + 8*0x1p-52*(mx+10)*Y)
			for j := range cols {
				e := i*cols + j
				yw := 0.0
				if k >= 2 {
					yw = w * float64(y.At(i, j))
				} else if j == classes[i] {
					yw = w
				}
				gj := float64(g.grad[k][e])
				gradTol[e] = (K+2)*eps*math.Abs(gj+yw) + 2*eps*math.Abs(gj) + tiny
			}
		}
		lossTol += 8 * 0x1p-52 * math.Abs(g.loss[k])
		for l, r := range outs[1:] {
			name := dispatch.Available()[l+1].String()
			if want, got := g.loss[k], r.loss[k]; !(math.Abs(got-want) <= lossTol || got == want || got != got && want != want) {
				t.Fatalf("%s: loss %d is %v, want %v (bound %.3g)", name, k, got, want, lossTol)
			}
			actWithinAbs(t, name+" grad", r.grad[k], g.grad[k], gradTol)
		}
	}
}
