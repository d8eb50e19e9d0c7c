package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
	"github.com/matkern/matkern/kernels"
)

// Shapes of the row tests: N = 0, 1, several; K = 0, 1, every tail length through two
// vector widths, and a row longer than one strip of the assembly.
func softmaxShapes() [][2]int {
	var s [][2]int
	for _, k := range []int{0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 100, 1000} {
		s = append(s, [2]int{3, k})
	}
	return append(s, [2]int{0, 5}, [2]int{1, 1}, [2]int{5, 1}, [2]int{1, 20000})
}

// logits returns an N×K matrix of logits spread over ±scale around a random offset.
func logits(r *rand.Rand, n, k int, scale float64) view.Matrix[float64] {
	m := testutil.Matrix[float64](r, n, k)
	off := 50 * (2*r.Float64() - 1)
	for i := range m.Data {
		m.Data[i] = scale*m.Data[i] + off
	}
	return m
}

// TestSoftmaxParallel runs the softmax tests with every output split by rows across
// workers (kernels.ForceParallel).
func TestSoftmaxParallel(t *testing.T) {
	defer kernels.ForceParallel()()
	t.Run("Rows", TestSoftmaxRows)
	t.Run("Edges", TestSoftmaxEdges)
	t.Run("JacobianProducts", TestSoftmaxJacobianProducts)
}

func TestSoftmaxRows(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, sh := range softmaxShapes() {
			n, k := sh[0], sh[1]
			stride, off := k+r.IntN(3), r.IntN(8)
			name := fmt.Sprintf("%dx%d/stride=%d/off=%d", n, k, max(stride, 1), off)
			x := logits(r, n, k, 10)
			gx := testutil.GuardedMatrixCopy(x, max(stride, 1), (off+3)%8)
			snap := testutil.Snap(gx.M.Data)
			d := testutil.NewGuardedMatrix[float64](n, k, max(stride, 1), off)
			kernels.Softmax(view.General64(d.M), view.General64(gx.M))
			d.Check(t, name)
			snap.Check(t, name+" x", gx.M.Data)
			// Rows sum to 1 within (K + 4)·ε; each probability within 8 ULP·… relative
			// 8ε of the float64 reference (exp ≤ 1 ULP, sum, reciprocal, product).
			for i := range n {
				want := ref.SoftmaxRow(x.Row(i))
				sum := 0.0
				for j, v := range d.M.Row(i) {
					sum += v
					if e := testutil.RelErr(v, want[j], 1e-300); e > 8*0x1p-52+float64(k)*0x1p-53 {
						t.Fatalf("%s: s[%d][%d] = %v, want %v (rel err %.3g)", name, i, j, v, want[j], e)
					}
				}
				if k > 0 && math.Abs(sum-1) > float64(k+4)*0x1p-52 {
					t.Errorf("%s: row %d sums to 1%+.3g", name, i, sum-1)
				}
			}
			// Log-softmax: log of the probabilities, absolute error ≤ (|x − m| + log K + 4)·ε.
			ld := testutil.NewGuardedMatrix[float64](n, k, max(stride, 1), off)
			kernels.LogSoftmax(view.General64(ld.M), view.General64(gx.M))
			ld.Check(t, name+" log")
			for i := range n {
				want := ref.LogSoftmaxRow(x.Row(i))
				for j, v := range ld.M.Row(i) {
					if math.Abs(v-want[j]) > (math.Abs(want[j])+math.Log(float64(k))+4)*4*0x1p-52 {
						t.Fatalf("%s: log s[%d][%d] = %v, want %v", name, i, j, v, want[j])
					}
				}
			}
			// In place gives the same bits.
			cp := testutil.GuardedMatrixCopy(gx.M, max(stride, 1), off)
			kernels.Softmax(view.General64(cp.M), view.General64(cp.M))
			cp.Check(t, name+" in place")
			for i := range n {
				testutil.EqualBits(t, name+" in place", cp.M.Row(i), d.M.Row(i))
			}
			cp = testutil.GuardedMatrixCopy(gx.M, max(stride, 1), off)
			kernels.LogSoftmax(view.General64(cp.M), view.General64(cp.M))
			for i := range n {
				testutil.EqualBits(t, name+" log in place", cp.M.Row(i), ld.M.Row(i))
			}
		}
	})
}

func row64(v ...float64) blas64.General {
	return blas64.General{Rows: 1, Cols: len(v), Stride: max(1, len(v)), Data: v}
}

// TestSoftmaxEdges pins the documented edge cases at every level.
func TestSoftmaxEdges(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	cases := []struct {
		name      string
		x, s, log []float64 // want; nil entries of s checked as NaN rows
	}{
		{"K=1", []float64{3}, []float64{1}, []float64{0}},
		{"huge", []float64{1e308, -1e308, 1e308}, []float64{0.5, 0, 0.5}, []float64{-math.Ln2, -inf, -math.Ln2}},
		{"tiny", []float64{1e-300, -1e-300}, []float64{0.5, 0.5}, []float64{-math.Ln2, -math.Ln2}},
		{"-Inf among finite", []float64{0, -inf, 0}, []float64{0.5, 0, 0.5}, []float64{-math.Ln2, -inf, -math.Ln2}},
		{"NaN", []float64{0, nan, 1}, nil, nil},
		{"+Inf", []float64{0, inf, 1}, nil, nil},
		{"all -Inf", []float64{-inf, -inf}, nil, nil},
	}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		for _, c := range cases {
			{
				x := c.x
				s := make([]float64, len(x))
				lg := make([]float64, len(x))
				kernels.Softmax(row64(s...), row64(x...))
				kernels.LogSoftmax(row64(lg...), row64(x...))
				for j := range x {
					if c.s == nil {
						if !math.IsNaN(s[j]) || !math.IsNaN(lg[j]) {
							t.Errorf("%s: got %v / %v, want a NaN row", c.name, s, lg)
							break
						}
						continue
					}
					if math.Abs(s[j]-c.s[j]) > 1e-15 || !(lg[j] == c.log[j] || math.Abs(lg[j]-c.log[j]) < 1e-15) {
						t.Errorf("%s: softmax %v log %v, want %v and %v", c.name, s, lg, c.s, c.log)
						break
					}
				}
			}
		}
		// N = 0 and K = 0 do nothing (and do not panic).
		kernels.Softmax(blas64.General{Rows: 0, Cols: 3, Stride: 3}, blas64.General{Rows: 0, Cols: 3, Stride: 3})
		kernels.Softmax(blas64.General{Rows: 2, Cols: 0, Stride: 1, Data: []float64{0}}, blas64.General{Rows: 2, Cols: 0, Stride: 1, Data: []float64{0}})
	})
}

// TestSoftmaxJacobianProducts checks JVP = J·v (materialized) = central finite
// difference of the forward pass, VJP = Jᵀv, and the log-softmax VJP against its
// Jacobian I − 1sᵀ.
func TestSoftmaxJacobianProducts(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, k := range []int{1, 2, 5, 8, 13, 40} {
			n := 3
			x := logits(r, n, k, 3)
			v := testutil.Matrix[float64](r, n, k)
			s := view.Matrix[float64]{Rows: n, Cols: k, Stride: k, Data: make([]float64, n*k)}
			kernels.Softmax(view.General64(s), view.General64(x))
			jvp := testutil.NewGuardedMatrix[float64](n, k, k+1, 2)
			vjp := testutil.NewGuardedMatrix[float64](n, k, k+2, 5)
			kernels.SoftmaxJVP(view.General64(jvp.M), view.General64(s), view.General64(v))
			kernels.SoftmaxVJP(view.General64(vjp.M), view.General64(s), view.General64(v))
			jvp.Check(t, "jvp")
			vjp.Check(t, "vjp")
			for i := range n {
				J := make([]float64, k*k)
				kernels.SoftmaxJacobian(blas64.General{Rows: k, Cols: k, Stride: k, Data: J}, s.Row(i))
				testutil.WithinRel(t, "J from ref", J, ref.SoftmaxJacobian(s.Row(i)), 0, 0)
				// |error| ≤ 4Kε·max(|v|) (the dot product and the products).
				tol := 4 * float64(k+2) * 0x1p-52
				withinAbs(t, fmt.Sprintf("K=%d JVP = Jv", k), jvp.M.Row(i), ref.MatVec(J, v.Row(i)), tol)
				withinAbs(t, fmt.Sprintf("K=%d VJP = Jᵀv", k), vjp.M.Row(i), ref.MatTVec(J, v.Row(i)), tol)
				// Central difference of the forward pass: (s(x+hv) − s(x−hv))/2h, error
				// O(h²) plus rounding ε/h: h = 1e-5 gives ~1e-10.
				const h = 1e-5
				xp, xm := make([]float64, k), make([]float64, k)
				for j := range k {
					xp[j] = x.At(i, j) + h*v.At(i, j)
					xm[j] = x.At(i, j) - h*v.At(i, j)
				}
				sp, sm := make([]float64, k), make([]float64, k)
				kernels.Softmax(row64(sp...), row64(xp...))
				kernels.Softmax(row64(sm...), row64(xm...))
				fd := make([]float64, k)
				for j := range k {
					fd[j] = (sp[j] - sm[j]) / (2 * h)
				}
				withinAbs(t, fmt.Sprintf("K=%d JVP = central difference", k), jvp.M.Row(i), fd, 1e-8)
				// Log-softmax VJP from y = log s: v − s·Σv = (I − 1sᵀ)ᵀ v.
				y := make([]float64, k)
				kernels.LogSoftmax(row64(y...), row64(x.Row(i)...))
				g := make([]float64, k)
				kernels.LogSoftmaxVJP(row64(g...), row64(y...), row64(v.Row(i)...))
				L := make([]float64, k*k)
				for a := range k {
					for b := range k {
						L[a*k+b] = -s.At(i, b)
					}
					L[a*k+a]++
				}
				withinAbs(t, fmt.Sprintf("K=%d log-softmax VJP", k), g, ref.MatTVec(L, v.Row(i)), tol*4)
			}
		}
	})
}

// withinAbs fails at the first element farther than tol·max(1, max|want|) from want.
func withinAbs(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	scale := 1.0
	for _, w := range want {
		scale = math.Max(scale, math.Abs(w))
	}
	for i := range got {
		if !(math.Abs(got[i]-want[i]) <= tol*scale) {
			t.Errorf("%s: element %d is %v, want %v (bound %.3g)", name, i, got[i], want[i], tol*scale)
			return
		}
	}
}

// TestCrossEntropy checks the fused loss and gradient against their composition:
// loss = mean/sum of −log softmax at the class (or −⟨y, log softmax⟩), gradient
// = w·(softmax − y), in place over the logits too.
func TestCrossEntropy(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, sh := range [][2]int{{0, 4}, {1, 1}, {4, 3}, {7, 10}, {3, 100}} {
			n, k := sh[0], sh[1]
			x := logits(r, n, k, 5)
			classes := make([]int, n)
			y := view.Matrix[float64]{Rows: n, Cols: k, Stride: k, Data: make([]float64, n*k)}
			for i := range n {
				classes[i] = r.IntN(k)
				tot := 0.0
				for j := range k {
					y.Data[i*k+j] = r.Float64()
					tot += y.Data[i*k+j]
				}
				for j := range k {
					y.Data[i*k+j] /= tot
				}
			}
			s := view.Matrix[float64]{Rows: n, Cols: k, Stride: k, Data: make([]float64, n*k)}
			ls := view.Matrix[float64]{Rows: n, Cols: k, Stride: k, Data: make([]float64, n*k)}
			kernels.Softmax(view.General64(s), view.General64(x))
			kernels.LogSoftmax(view.General64(ls), view.General64(x))
			for _, red := range []kernels.Reduction{kernels.Mean, kernels.Sum} {
				w := 1.0
				if red == kernels.Mean && n > 0 {
					w = 1 / float64(n)
				}
				name := fmt.Sprintf("%dx%d/red=%d", n, k, red)
				// One-hot.
				wantLoss, wantG := 0.0, make([]float64, n*k)
				for i := range n {
					wantLoss -= w * ls.At(i, classes[i])
					for j := range k {
						wantG[i*k+j] = w * s.At(i, j)
					}
					wantG[i*k+classes[i]] -= w
				}
				g := testutil.NewGuardedMatrix[float64](n, k, k+1, 3)
				loss := kernels.SoftmaxCrossEntropy(view.General64(g.M), view.General64(x), classes, red)
				g.Check(t, name)
				if math.Abs(loss-wantLoss) > 1e-13*math.Max(1, math.Abs(wantLoss)) {
					t.Errorf("%s: loss %v, want %v", name, loss, wantLoss)
				}
				for i := range n {
					withinAbs(t, name+" grad", g.M.Row(i), wantG[i*k:(i+1)*k], 1e-15*float64(k+4))
				}
				xc := testutil.GuardedMatrixCopy(x, k, 1)
				if l2 := kernels.SoftmaxCrossEntropy(view.General64(xc.M), view.General64(xc.M), classes, red); l2 != loss {
					t.Errorf("%s: in place loss %v, want %v", name, l2, loss)
				}
				for i := range n {
					testutil.EqualBits(t, name+" in place grad", xc.M.Row(i), g.M.Row(i))
				}
				// Probability targets.
				wantLoss = 0
				for i := range n {
					for j := range k {
						wantLoss -= w * y.At(i, j) * ls.At(i, j)
						wantG[i*k+j] = w * (s.At(i, j) - y.At(i, j))
					}
				}
				loss = kernels.SoftmaxCrossEntropyProb(view.General64(g.M), view.General64(x), view.General64(y), red)
				if math.Abs(loss-wantLoss) > 1e-12*math.Max(1, math.Abs(wantLoss)) {
					t.Errorf("%s: prob loss %v, want %v", name, loss, wantLoss)
				}
				for i := range n {
					withinAbs(t, name+" prob grad", g.M.Row(i), wantG[i*k:(i+1)*k], 1e-15*float64(k+4))
				}
			}
		}
	})
}

// TestSoftmaxPanics checks the shape, aliasing and class-index messages: each names the
// function and the offending shape or value (a bare index-out-of-range panic from a
// class index that slipped through the check fails it).
func TestSoftmaxPanics(t *testing.T) {
	a := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}
	b := blas64.General{Rows: 3, Cols: 2, Stride: 2, Data: make([]float64, 6)}
	testutil.MustPanic(t, func() { kernels.Softmax(a, b) }, "kernels.Softmax: shapes differ: dst is 2×3, x is 3×2")
	shifted := blas64.General{Rows: 1, Cols: 3, Stride: 3, Data: a.Data[1:4]}
	testutil.MustPanic(t, func() { kernels.Softmax(blas64.General{Rows: 1, Cols: 3, Stride: 3, Data: a.Data[:3]}, shifted) },
		"kernels.Softmax: dst and x overlap partially")
	testutil.MustPanic(t, func() { kernels.SoftmaxCrossEntropy(a, a, []int{0}, kernels.Mean) },
		"kernels.SoftmaxCrossEntropy: len(classes) = 1, want 2 (rows of x, 2×3)")
	a32 := blas32.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float32, 6)}
	for _, c := range []int{3, -1, 4, math.MaxInt, math.MinInt} {
		want := fmt.Sprintf("classes[1] = %d, want a class in [0, 3)", c)
		testutil.MustPanic(t, func() { kernels.SoftmaxCrossEntropy(a, a, []int{0, c}, kernels.Mean) },
			"kernels.SoftmaxCrossEntropy: "+want)
		testutil.MustPanic(t, func() { kernels.SoftmaxCrossEntropy32(a32, a32, []int{0, c}, kernels.Sum) },
			"kernels.SoftmaxCrossEntropy32: "+want)
	}
}

// TestSoftmaxZeroColumns runs every softmax-family function on N×0 matrices whose Data
// is shorter than one row (valid views: there are no elements): nothing to do, no
// panic. The cross-entropies have no class to score at K = 0 and panic, both forms alike
// and whatever the data, naming the function and the shape; N = 0 gives a loss of 0.
func TestSoftmaxZeroColumns(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		for _, n := range []int{1, 2, 5, 1000} {
			for _, data := range []int{0, 1} {
				z := blas64.General{Rows: n, Cols: 0, Stride: 1, Data: make([]float64, data)}
				z2 := blas64.General{Rows: n, Cols: 0, Stride: 1, Data: make([]float64, data)}
				z3 := blas64.General{Rows: n, Cols: 0, Stride: 1, Data: make([]float64, data)}
				f := blas32.General{Rows: n, Cols: 0, Stride: 1, Data: make([]float32, data)}
				f2 := blas32.General{Rows: n, Cols: 0, Stride: 1, Data: make([]float32, data)}
				f3 := blas32.General{Rows: n, Cols: 0, Stride: 1, Data: make([]float32, data)}
				kernels.Softmax(z, z2)
				kernels.LogSoftmax(z, z2)
				kernels.SoftmaxJVP(z, z2, z3)
				kernels.SoftmaxVJP(z, z2, z3)
				kernels.LogSoftmaxVJP(z, z2, z3)
				kernels.Softmax32(f, f2)
				kernels.LogSoftmax32(f, f2)
				kernels.SoftmaxJVP32(f, f2, f3)
				kernels.SoftmaxVJP32(f, f2, f3)
				kernels.LogSoftmaxVJP32(f, f2, f3)
				want := fmt.Sprintf("x is %d×0: no classes (K = 0)", n)
				classes := make([]int, n)
				testutil.MustPanic(t, func() { kernels.SoftmaxCrossEntropy(z, z2, classes, kernels.Mean) }, "kernels.SoftmaxCrossEntropy: "+want)
				testutil.MustPanic(t, func() { kernels.SoftmaxCrossEntropy32(f, f2, classes, kernels.Mean) }, "kernels.SoftmaxCrossEntropy32: "+want)
				testutil.MustPanic(t, func() { kernels.SoftmaxCrossEntropyProb(z, z2, z3, kernels.Sum) }, "kernels.SoftmaxCrossEntropyProb: "+want)
				testutil.MustPanic(t, func() { kernels.SoftmaxCrossEntropyProb32(f, f2, f3, kernels.Mean) }, "kernels.SoftmaxCrossEntropyProb32: "+want)
			}
		}
		e := blas64.General{Rows: 0, Cols: 0, Stride: 1}
		if l := kernels.SoftmaxCrossEntropyProb(e, e, blas64.General{Stride: 1}, kernels.Mean); l != 0 {
			t.Errorf("SoftmaxCrossEntropyProb on 0×0: %v, want 0", l)
		}
		if l := kernels.SoftmaxCrossEntropy(e, e, nil, kernels.Mean); l != 0 {
			t.Errorf("SoftmaxCrossEntropy on 0×0: %v, want 0", l)
		}
	})
}
