package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// Kernel-level tests of the network activations (Tanh, ReLU, GELU and their VJPs), the
// dense-layer epilogues (BiasAct, ActVJP, ColSums). Bounds, each against an independent
// reference (internal/ref: math/big for tanh and GELU, plain loops for the rest):
//   - ReLU, ReLUVJP, ColSums, the bias sums: exact (the same bits as the definition).
//   - TanhVJP: the documented formula bit for bit.
//   - Tanh within nnTanhULP = 2 ULP of the correctly rounded value: below |x| = 0.625 the
//     rational x·P/Q (truncation < 2^-60, positive terms: a few roundings of ½ ULP), above
//     it (1 − E)/(1 + E) with E within 1 ULP and the cancellation in 1 − E at most 0.4×;
//     measured on 60000 points dense around 0 and 0.625: 0, 1 and 2 ULP (75 cases).
//     float32 rounds the float64 result once more: 1 ULP (all correctly rounded there).
//   - GELU within 4 + 4|w| ULP where |GELU(x)| > 2^-1000 (float32 2^-120), w = 2u the
//     argument of σ: w is computed in working precision (x³, the constants 0.044715 and
//     2√(2/π) rounded: a few ε relative), and σ(w) amplifies an error δ in w by
//     (1 − σ(w))·|w| relatively, about |w| for w < 0; σ itself is within 3 ULP. Measured
//     worst on the pools: 2 ULP near 0, 34 ULP at w ≈ −17 (2.0 per unit of 1 + |w|).
//   - GELU′(x)·v within (4 + 4|w|)·ε·scale·|v| (+ the product's rounding) of
//     RN(GELU′(x))·v, scale = |σ(w)| + |x·w′·σ′(w)| from the reference: each term carries
//     a few roundings and the same amplification by |w|, and their sum cancels near
//     x ≈ −0.75, where only this absolute bound holds. Measured worst: 2.7 per unit of
//     1 + |w|.

// nnSizes are the flat lengths tested: every length through a few vector widths past the
// 4-vector unroll (32 float64 / 64 float32 at AVX-512), then around strips and large.
func nnSizes() []int {
	var s []int
	for n := 0; n <= 140; n++ {
		s = append(s, n)
	}
	return append(s, 255, 256, 257, 1023, 4099, 1<<14+37, 3<<14+5)
}

const nnPoolLen = 3001

// nnPool holds inputs with their reference tanh, GELU, GELU′ and GELU′'s term scale.
type nnPool[T view.Float] struct {
	x, tanh, gelu, dgelu []T
	scale                []float64
}

var (
	nnPool64Once, nnPool32Once sync.Once
	nnPool64                   nnPool[float64]
	nnPool32                   nnPool[float32]
)

func getNNPool64() *nnPool[float64] {
	nnPool64Once.Do(func() {
		r := rand.New(rand.NewPCG(64, 2))
		x := sigPoolArgs(r, nnPoolLen, 6, 60, 1e300)
		nnFillPool(&nnPool64, x)
	})
	return &nnPool64
}

func getNNPool32() *nnPool[float32] {
	nnPool32Once.Do(func() {
		r := rand.New(rand.NewPCG(32, 2))
		x := sigPoolArgs(r, nnPoolLen, 6, 30, 3e38)
		for i := range x {
			x[i] = float64(float32(x[i]))
		}
		nnFillPool(&nnPool32, x)
	})
	return &nnPool32
}

func nnFillPool[T view.Float](p *nnPool[T], x []float64) {
	n := len(x)
	p.x, p.tanh, p.gelu, p.dgelu = make([]T, n), make([]T, n), make([]T, n), make([]T, n)
	p.scale = make([]float64, n)
	for i, v := range x {
		p.x[i] = T(v)
		p.tanh[i] = T(ref.Tanh64(v))
		p.gelu[i] = T(ref.GELU64(v))
		d, s := ref.GELUDeriv64(v)
		p.dgelu[i], p.scale[i] = T(d), s
	}
}

// nnReLU is the documented ReLU: x < 0 ? 0 : x.
func nnReLU[T view.Float](x T) T {
	if x < 0 {
		return 0
	}
	return x
}

type nnFuncs[T view.Float] struct {
	tanh, relu, gelu       func(dst, x []T)
	tanhVJP, reluVJP, gVJP func(dst, a, v []T)
	name                   string
	tanhULP                uint64
	geluTiny               float64
}

func nnFuncs64() nnFuncs[float64] {
	return nnFuncs[float64]{Tanh, ReLU, GELU, TanhVJP, ReLUVJP, GELUVJP, "", nnTanhULP, 0x1p-1000}
}

func nnFuncs32() nnFuncs[float32] {
	return nnFuncs[float32]{Tanh32, ReLU32, GELU32, TanhVJP32, ReLUVJP32, GELUVJP32, "32", 1, 0x1p-120}
}

// geluAmp returns 4 + 4|w|, w = 2√(2/π)(x + 0.044715x³) (Inf for infinite x: the
// specials are tested exactly elsewhere).
func geluAmp(x float64) float64 {
	return 4 + 4*math.Abs(1.5957691216057307*(x+0.044715*x*x*x))
}

// geluULP is the GELU bound in ULP at x, 4 + 4|w|.
func geluULP(x float64) uint64 {
	a := geluAmp(x)
	if a > 1e18 {
		return math.MaxUint64
	}
	return uint64(a)
}

// nnTanhULP is the float64 tanh bound.
const nnTanhULP = 2

// nnCheckUnary runs f on x (guarded at off, inputs at another offset), checks guard bands,
// the unchanged input and the in-place call (the same bits), and returns the output.
func nnCheckUnary[T view.Float](t *testing.T, name string, f func(dst, x []T), xs []T, off int) []T {
	t.Helper()
	x := testutil.GuardedCopy(xs, (off+3)%8)
	snap := testutil.Snap(x.S())
	d := testutil.NewGuarded[T](len(xs), off)
	f(d.S(), x.S())
	d.Check(t, name)
	x.Check(t, name+" x")
	snap.Check(t, name+" x", x.S())
	in := testutil.GuardedCopy(xs, off)
	f(in.S(), in.S())
	sameVals(t, name+" in place", in.S(), d.S())
	in.Check(t, name+" in place")
	return d.S()
}

// nnCheckBinary is nnCheckUnary for f(dst, a, v), in place over a and over v.
func nnCheckBinary[T view.Float](t *testing.T, name string, f func(dst, a, v []T), as, vs []T, off int) []T {
	t.Helper()
	a, v := testutil.GuardedCopy(as, (off+3)%8), testutil.GuardedCopy(vs, (off+5)%8)
	sa, sv := testutil.Snap(a.S()), testutil.Snap(v.S())
	d := testutil.NewGuarded[T](len(as), off)
	f(d.S(), a.S(), v.S())
	d.Check(t, name)
	a.Check(t, name+" a")
	v.Check(t, name+" v")
	sa.Check(t, name+" a", a.S())
	sv.Check(t, name+" v", v.S())
	ia := testutil.GuardedCopy(as, off)
	f(ia.S(), ia.S(), v.S())
	sameVals(t, name+" in place over a", ia.S(), d.S())
	ia.Check(t, name+" in place over a")
	iv := testutil.GuardedCopy(vs, off)
	f(iv.S(), a.S(), iv.S())
	sameVals(t, name+" in place over v", iv.S(), d.S())
	iv.Check(t, name+" in place over v")
	return d.S()
}

func testNNFlat[T view.Float](t *testing.T, r *rand.Rand, f nnFuncs[T], p *nnPool[T]) {
	eps := testutil.Eps[T]()
	for _, n := range nnSizes() {
		offs := []int{r.IntN(8)}
		if n <= 40 {
			offs = []int{0, 1, 2, 3, 4, 5, 6, 7}
		}
		for _, off := range offs {
			name := fmt.Sprintf("n=%d/off=%d", n, off)
			at := r.IntN(len(p.x))
			idx := make([]int, n)
			for i := range idx {
				idx[i] = (at + i) % len(p.x)
			}
			win := func(src []T) []T {
				out := make([]T, n)
				for i, j := range idx {
					out[i] = src[j]
				}
				return out
			}
			xs := win(p.x)
			vs := sigRandV[T](r, n)

			// ReLU and its mask: exact.
			got := nnCheckUnary(t, "ReLU"+f.name+"/"+name, f.relu, xs, off)
			want := make([]T, n)
			for i, v := range xs {
				want[i] = nnReLU(v)
			}
			sameVals(t, "ReLU"+f.name+"/"+name, got, want)
			ys := append([]T(nil), want...)
			got = nnCheckBinary(t, "ReLUVJP"+f.name+"/"+name, f.reluVJP, ys, vs, off)
			for i := range want {
				want[i] = 0
				if ys[i] > 0 {
					want[i] = vs[i]
				}
			}
			sameVals(t, "ReLUVJP"+f.name+"/"+name, got, want)
			got = nnCheckBinary(t, "ReLUVJP"+f.name+" from x/"+name, f.reluVJP, xs, vs, off)
			sameVals(t, "ReLUVJP"+f.name+" from x/"+name, got, want)

			// Tanh against math/big, TanhVJP the formula bit for bit.
			ts := win(p.tanh)
			got = nnCheckUnary(t, "Tanh"+f.name+"/"+name, f.tanh, xs, off)
			testutil.WithinULP(t, "Tanh"+f.name+"/"+name, got, ts, f.tanhULP)
			got = nnCheckBinary(t, "TanhVJP"+f.name+"/"+name, f.tanhVJP, ts, vs, off)
			for i := range want {
				// Conversions round each step, so no platform fuses them (arm64 would).
				q := T(ts[i] * ts[i])
				want[i] = T(1-q) * vs[i]
			}
			sameVals(t, "TanhVJP"+f.name+"/"+name, got, want)

			// GELU within geluULP where the value is not tiny.
			gs := win(p.gelu)
			got = nnCheckUnary(t, "GELU"+f.name+"/"+name, f.gelu, xs, off)
			for i := range got {
				if math.Abs(float64(gs[i])) > f.geluTiny || gs[i] != gs[i] {
					if d := testutil.ULP(got[i], gs[i]); d > geluULP(float64(xs[i])) {
						t.Errorf("GELU%s/%s: x = %v: %v, want %v (%d ULP)", f.name, name, xs[i], got[i], gs[i], d)
						break
					}
				} else if math.Abs(float64(got[i])) > 2*f.geluTiny {
					t.Errorf("GELU%s/%s: x = %v: %v, want %v (tiny)", f.name, name, xs[i], got[i], gs[i])
					break
				}
			}
			// GELU′·v within geluDerivEps·ε·scale·|v| plus the product's rounding.
			ds, sc := win(p.dgelu), make([]float64, n)
			for i, j := range idx {
				sc[i] = p.scale[j]
			}
			got = nnCheckBinary(t, "GELUVJP"+f.name+"/"+name, f.gVJP, xs, vs, off)
			for i := range got {
				w := float64(ds[i]) * float64(vs[i])
				tol := geluAmp(float64(xs[i]))*eps*sc[i]*math.Abs(float64(vs[i])) + eps*math.Abs(w)
				if sc[i] < f.geluTiny { // the terms are below the normal range: only small
					tol = 2 * f.geluTiny
				}
				if e := math.Abs(float64(got[i]) - w); !(e <= tol) && !(w != w && got[i] != got[i]) && float64(got[i]) != w {
					t.Errorf("GELUVJP%s/%s: x = %v v = %v: %v, want %v (error %.3g, bound %.3g)", f.name, name, xs[i], vs[i], got[i], w, e, tol)
					break
				}
			}
		}
	}
}

func TestNNActivations(t *testing.T) {
	p64, p32 := getNNPool64(), getNNPool32()
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		testNNFlat(t, r, nnFuncs64(), p64)
		testNNFlat(t, r, nnFuncs32(), p32)
	})
}

// TestNNSpecials pins the documented special values at every level.
func TestNNSpecials(t *testing.T) {
	inf, nan, nz := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	x := []float64{nan, inf, -inf, 0, nz, 1e308, -1e308, 3, -3}
	wantReLU := []float64{nan, inf, 0, 0, nz, 1e308, 0, 3, 0}
	wantTanh := []float64{nan, 1, -1, 0, nz, 1, -1, ref.Tanh64(3), ref.Tanh64(-3)}
	wantGELU := []float64{nan, inf, nz, 0, nz, 1e308, nz, ref.GELU64(3), ref.GELU64(-3)}
	d3, _ := ref.GELUDeriv64(3)
	dm3, _ := ref.GELUDeriv64(-3)
	wantDG := []float64{nan, 1, 0, 0.5, 0.5, 1, 0, d3, dm3}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		n := 7 * len(x) // the pattern repeated: vector loops and tails see every value
		xs, ones := make([]float64, n), make([]float64, n)
		for i := range xs {
			xs[i], ones[i] = x[i%len(x)], 1
		}
		rl, th, ge, dg := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		ReLU(rl, xs)
		Tanh(th, xs)
		GELU(ge, xs)
		GELUVJP(dg, xs, ones)
		x32, ones32 := to32(xs), to32(ones)
		rl32, th32, ge32, dg32 := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		ReLU32(rl32, x32)
		Tanh32(th32, x32)
		GELU32(ge32, x32)
		GELUVJP32(dg32, x32, ones32)
		for i := range xs {
			j := i % len(x)
			if !testutil.SameBits(rl[i], wantReLU[j]) && !(j == 0 && rl[i] != rl[i]) {
				t.Errorf("ReLU(%v) = %v, want %v", xs[i], rl[i], wantReLU[j])
			}
			if !testutil.SameBits(rl32[i], float32(wantReLU[j])) && !(j == 0 && rl32[i] != rl32[i]) {
				t.Errorf("ReLU32(%v) = %v, want %v", x32[i], rl32[i], wantReLU[j])
			}
			exact := j < 7
			gu := geluULP(xs[i]) // the scale of GELU′(±3) is |GELU′|: no cancellation there
			for _, c := range []struct {
				name      string
				got, want float64
				ulp       uint64
			}{
				{"Tanh", th[i], wantTanh[j], nnTanhULP}, {"GELU", ge[i], wantGELU[j], gu}, {"GELUVJP", dg[i], wantDG[j], gu},
				{"Tanh32", float64(th32[i]), float64(float32(wantTanh[j])), 1},
				{"GELU32", float64(ge32[i]), float64(float32(wantGELU[j])), gu},
				{"GELUVJP32", float64(dg32[i]), float64(float32(wantDG[j])), gu},
			} {
				if exact {
					if !testutil.SameBits(c.got, c.want) && !(j == 0 && c.got != c.got) {
						t.Errorf("%s(%v) = %v, want %v exactly", c.name, xs[i], c.got, c.want)
					}
				} else if c.name[len(c.name)-2:] == "32" && testutil.ULP(float32(c.got), float32(c.want)) > c.ulp {
					t.Errorf("%s(%v) = %v, want %v", c.name, xs[i], c.got, c.want)
				} else if c.name[len(c.name)-2:] != "32" && testutil.ULP(c.got, c.want) > c.ulp {
					t.Errorf("%s(%v) = %v, want %v", c.name, xs[i], c.got, c.want)
				}
			}
		}
	})
}

// nnMat returns a rows×cols guarded matrix with the given stride holding values from gen.
func nnMat[T view.Float](rows, cols, stride, off int, gen func() T) *testutil.GuardedMatrix[T] {
	g := testutil.NewGuardedMatrix[T](rows, cols, stride, off)
	for i := 0; i < rows; i++ {
		row := g.M.Row(i)
		for j := range row {
			row[j] = gen()
		}
	}
	return g
}

func nnShapes(r *rand.Rand) [][3]int { // rows, cols, stride
	var s [][3]int
	for _, rc := range [][2]int{{0, 0}, {0, 5}, {3, 0}, {1, 1}, {2, 7}, {3, 8}, {5, 33}, {4, 64}, {7, 65}, {3, 130}, {64, 512}, {256, 10}, {17, 257}} {
		s = append(s, [3]int{rc[0], rc[1], rc[1]}, [3]int{rc[0], rc[1], rc[1] + 1 + r.IntN(9)})
	}
	return s
}

// actFlat applies the public flat activation act to x (identity copies).
func actFlat[T view.Float](act Activation, dst, x []T) {
	switch d := any(dst).(type) {
	case []float64:
		xs := any(x).([]float64)
		switch act {
		case ActIdentity:
			copy(d, xs)
		case ActSigmoid:
			Sigmoid(d, xs)
		case ActTanh:
			Tanh(d, xs)
		case ActReLU:
			ReLU(d, xs)
		case ActGELU:
			GELU(d, xs)
		}
	case []float32:
		xs := any(x).([]float32)
		switch act {
		case ActIdentity:
			copy(d, xs)
		case ActSigmoid:
			Sigmoid32(d, xs)
		case ActTanh:
			Tanh32(d, xs)
		case ActReLU:
			ReLU32(d, xs)
		case ActGELU:
			GELU32(d, xs)
		}
	}
}

// actVJPFlat applies the public flat VJP of act (from y, or from z for GELU).
func actVJPFlat[T view.Float](act Activation, dst, z, y, g []T) {
	switch d := any(dst).(type) {
	case []float64:
		zs, ys, gs := any(z).([]float64), any(y).([]float64), any(g).([]float64)
		switch act {
		case ActIdentity:
			copy(d, gs)
		case ActSigmoid:
			SigmoidVJP(d, ys, gs)
		case ActTanh:
			TanhVJP(d, ys, gs)
		case ActReLU:
			ReLUVJP(d, ys, gs)
		case ActGELU:
			GELUVJP(d, zs, gs)
		}
	case []float32:
		zs, ys, gs := any(z).([]float32), any(y).([]float32), any(g).([]float32)
		switch act {
		case ActIdentity:
			copy(d, gs)
		case ActSigmoid:
			SigmoidVJP32(d, ys, gs)
		case ActTanh:
			TanhVJP32(d, ys, gs)
		case ActReLU:
			ReLUVJP32(d, ys, gs)
		case ActGELU:
			GELUVJP32(d, zs, gs)
		}
	}
}

type nnMatFuncs[T view.Float] struct {
	biasAct func(y, z view.Matrix[T], b []T, act Activation)
	actVJP  func(dst, z, y, g view.Matrix[T], act Activation)
	colSums func(dst []T, a view.Matrix[T], beta T)
}

func nnMat64() nnMatFuncs[float64] {
	return nnMatFuncs[float64]{
		func(y, z view.Matrix[float64], b []float64, act Activation) {
			BiasAct(view.General64(y), view.General64(z), b, act)
		},
		func(d, z, y, g view.Matrix[float64], act Activation) {
			ActVJP(view.General64(d), view.General64(z), view.General64(y), view.General64(g), act)
		},
		func(d []float64, a view.Matrix[float64], beta float64) { ColSums(d, view.General64(a), beta) },
	}
}

func nnMat32() nnMatFuncs[float32] {
	return nnMatFuncs[float32]{
		func(y, z view.Matrix[float32], b []float32, act Activation) {
			BiasAct32(view.General32(y), view.General32(z), b, act)
		},
		func(d, z, y, g view.Matrix[float32], act Activation) {
			ActVJP32(view.General32(d), view.General32(z), view.General32(y), view.General32(g), act)
		},
		func(d []float32, a view.Matrix[float32], beta float32) { ColSums32(d, view.General32(a), beta) },
	}
}

// nnVal returns test values: mostly in [−4, 4], some zeros, some specials.
func nnVal[T view.Float](r *rand.Rand) func() T {
	sp := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 30, -30}
	return func() T {
		if r.IntN(50) == 0 {
			return T(sp[r.IntN(len(sp))])
		}
		return T(8*r.Float64() - 4)
	}
}

// testNNMat checks BiasAct and ActVJP for every activation, and ColSums, on guarded
// strided matrices: the bias sums exactly, y = the flat activation of the new z bit for
// bit, the gradients = the flat VJPs bit for bit, in place (y = z, dst = g), inputs
// unchanged, gaps between rows untouched.
func testNNMat[T view.Float](t *testing.T, r *rand.Rand, f nnMatFuncs[T]) {
	for _, sh := range nnShapes(r) {
		rows, cols, stride := sh[0], sh[1], max(sh[2], 1)
		for act := ActIdentity; act < numAct; act++ {
			off := r.IntN(8)
			name := fmt.Sprintf("%dx%d/stride=%d/off=%d/%v", rows, cols, stride, off, act)
			z0 := nnMat(rows, cols, stride, off, nnVal[T](r))
			b := testutil.GuardedCopy(sigRandV[T](r, cols), (off+1)%8)
			bSnap := testutil.Snap(b.S())
			// Expected: z0 + b, then the flat activation of each row.
			wantZ := testutil.NewGuardedMatrix[T](rows, cols, cols, 0).M
			wantY := testutil.NewGuardedMatrix[T](rows, cols, cols, 0).M
			for i := 0; i < rows; i++ {
				for j := 0; j < cols; j++ {
					wantZ.Set(i, j, z0.M.At(i, j)+b.S()[j])
				}
				actFlat(act, wantY.Row(i), wantZ.Row(i))
			}
			z := testutil.GuardedMatrixCopy(z0.M, stride, off)
			y := testutil.NewGuardedMatrix[T](rows, cols, stride+r.IntN(3), (off+2)%8)
			f.biasAct(y.M, z.M, b.S(), act)
			y.Check(t, "BiasAct y "+name)
			z.Check(t, "BiasAct z "+name)
			b.Check(t, "BiasAct b "+name)
			bSnap.Check(t, "BiasAct b "+name, b.S())
			nnSameMat(t, "BiasAct z "+name, z.M, wantZ)
			nnSameMat(t, "BiasAct y "+name, y.M, wantY)
			zi := testutil.GuardedMatrixCopy(z0.M, stride, off)
			f.biasAct(zi.M, zi.M, b.S(), act)
			zi.Check(t, "BiasAct in place "+name)
			nnSameMat(t, "BiasAct in place "+name, zi.M, wantY)

			// ActVJP from y (or z for GELU).
			g := nnMat(rows, cols, stride, (off+4)%8, nnVal[T](r))
			gSnap := testutil.Snap(g.M.Data)
			want := testutil.NewGuardedMatrix[T](rows, cols, cols, 0).M
			for i := 0; i < rows; i++ {
				actVJPFlat(act, want.Row(i), wantZ.Row(i), wantY.Row(i), g.M.Row(i))
			}
			zm, ym := z.M, y.M
			if act != ActGELU {
				zm = view.Matrix[T]{} // ignored: may be the zero General
			} else {
				ym = view.Matrix[T]{}
			}
			d := testutil.NewGuardedMatrix[T](rows, cols, stride+1, (off+6)%8)
			f.actVJP(d.M, zm, ym, g.M, act)
			d.Check(t, "ActVJP "+name)
			g.Check(t, "ActVJP g "+name)
			gSnap.Check(t, "ActVJP g "+name, g.M.Data)
			nnSameMat(t, "ActVJP "+name, d.M, want)
			gi := testutil.GuardedMatrixCopy(g.M, stride, off)
			f.actVJP(gi.M, zm, ym, gi.M, act)
			gi.Check(t, "ActVJP in place "+name)
			nnSameMat(t, "ActVJP in place "+name, gi.M, want)
		}

		// ColSums for β = 0 (dst NaN: never read), 1 and 0.5, in the documented order.
		a := nnMat(rows, cols, stride, r.IntN(8), nnVal[T](r))
		aSnap := testutil.Snap(a.M.Data)
		for _, beta := range []T{0, 1, 0.5} {
			name := fmt.Sprintf("ColSums %dx%d/stride=%d/beta=%v", rows, cols, stride, beta)
			init := sigRandV[T](r, cols)
			if beta == 0 {
				for j := range init {
					init[j] = T(math.NaN())
				}
			}
			want := make([]T, cols)
			for j := range want {
				s := init[j]
				i0 := 0
				switch {
				case beta == 0 && rows > 0:
					s, i0 = a.M.At(0, j), 1
				case beta == 0:
					s = 0
				case beta != 1:
					s *= beta
				}
				for i := i0; i < rows; i++ {
					s += a.M.At(i, j)
				}
				want[j] = s
			}
			d := testutil.GuardedCopy(init, r.IntN(8))
			f.colSums(d.S(), a.M, beta)
			d.Check(t, name)
			a.Check(t, name+" a")
			aSnap.Check(t, name+" a", a.M.Data)
			sameVals(t, name, d.S(), want)
		}
	}
}

// nnSameMat compares two matrices element by element, bit for bit (NaN matches NaN).
func nnSameMat[T view.Float](t *testing.T, name string, got, want view.Matrix[T]) {
	t.Helper()
	for i := 0; i < got.Rows; i++ {
		sameVals(t, fmt.Sprintf("%s row %d", name, i), got.Row(i), want.Row(i))
	}
}

func TestNNMatrices(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		testNNMat(t, r, nnMat64())
		testNNMat(t, r, nnMat32())
	})
}

func TestActivationString(t *testing.T) {
	for a, want := range map[Activation]string{ActIdentity: "identity", ActSigmoid: "sigmoid", ActTanh: "tanh", ActReLU: "relu", ActGELU: "gelu", 9: "Activation(9)", -1: "Activation(-1)"} {
		if got := a.String(); got != want {
			t.Errorf("Activation(%d).String() = %q, want %q", int(a), got, want)
		}
	}
}

// TestNNPanics checks the shape, length and overlap messages.
func TestNNPanics(t *testing.T) {
	buf := make([]float64, 40)
	b32 := make([]float32, 40)
	m := func(off, r, c int) blas64.General {
		return blas64.General{Rows: r, Cols: c, Stride: c, Data: buf[off : off+r*c]}
	}
	m32 := func(off, r, c int) blas32.General {
		return blas32.General{Rows: r, Cols: c, Stride: c, Data: b32[off : off+r*c]}
	}
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"kernels.Tanh", func() { Tanh(buf[:3], buf[10:14]) }},
		{"kernels.Tanh32", func() { Tanh32(b32[:4], b32[2:6]) }},
		{"kernels.TanhVJP", func() { TanhVJP(buf[:4], buf[10:14], buf[2:6]) }},
		{"kernels.ReLU", func() { ReLU(buf[:4], buf[1:5]) }},
		{"kernels.ReLU32", func() { ReLU32(b32[:4], b32[10:13]) }},
		{"kernels.ReLUVJP", func() { ReLUVJP(buf[:4], buf[10:14], buf[20:23]) }},
		{"kernels.ReLUVJP32", func() { ReLUVJP32(b32[:4], b32[3:7], b32[20:24]) }},
		{"kernels.GELU", func() { GELU(buf[:4], buf[3:7]) }},
		{"kernels.GELUVJP32", func() { GELUVJP32(b32[:4], b32[10:14], b32[1:5]) }},
		{"kernels.BiasAct", func() { BiasAct(m(0, 2, 3), m(10, 2, 3), buf[20:22], ActReLU) }},       // len(b)
		{"kernels.BiasAct", func() { BiasAct(m(0, 2, 3), m(10, 3, 2), buf[20:22], ActReLU) }},       // shapes
		{"kernels.BiasAct", func() { BiasAct(m(0, 2, 3), m(1, 2, 3), buf[20:23], ActTanh) }},        // y, z overlap
		{"kernels.BiasAct", func() { BiasAct(m(0, 2, 3), m(10, 2, 3), buf[12:15], ActIdentity) }},   // b in z
		{"kernels.BiasAct", func() { BiasAct(m(0, 2, 3), m(0, 2, 3), buf[1:4], ActSigmoid) }},       // b in y = z
		{"kernels.BiasAct", func() { BiasAct(m(0, 2, 3), m(10, 2, 3), buf[20:23], Activation(7)) }}, // unknown
		{"kernels.BiasAct32", func() { BiasAct32(m32(0, 2, 3), m32(10, 2, 3), b32[20:24], ActGELU) }},
		{"kernels.ActVJP", func() { ActVJP(m(0, 2, 3), blas64.General{}, m(10, 2, 3), m(20, 3, 2), ActReLU) }},
		{"kernels.ActVJP", func() { ActVJP(m(0, 2, 3), blas64.General{}, m(10, 2, 2), m(20, 2, 3), ActSigmoid) }},
		{"kernels.ActVJP", func() { ActVJP(m(0, 2, 3), blas64.General{}, m(10, 2, 3), m(20, 2, 3), ActGELU) }}, // z missing
		{"kernels.ActVJP", func() { ActVJP(m(0, 2, 3), blas64.General{}, m(2, 2, 3), m(20, 2, 3), ActTanh) }},
		{"kernels.ActVJP32", func() { ActVJP32(m32(0, 2, 3), blas32.General{}, m32(10, 2, 3), m32(1, 2, 3), ActIdentity) }},
		{"kernels.ColSums", func() { ColSums(buf[:2], m(10, 2, 3), 0) }},
		{"kernels.ColSums", func() { ColSums(buf[11:14], m(10, 2, 3), 1) }},
		{"kernels.ColSums32", func() { ColSums32(b32[:4], m32(10, 2, 3), 0) }},
	} {
		testutil.MustPanic(t, c.f, c.name+":")
	}
}
