package kernels

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sync"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// Kernel-level tests of the sigmoid family (the asm package tests the primitives; these
// test what users call: shape checks, the choice of primitive by size, aliasing).
//
// Bounds, each against an independent reference and justified where it is used:
//   - σ within 3 ULP of the correctly rounded value (ref.Sigmoid64 via math/big; for
//     float32 the float64 reference rounded once more): e^−|x| ≤ 1 ULP, 1 + e and the
//     division (or VRCP14 + Newton at AVX-512) add at most 2 more.
//   - σ'(x)·v (SigmoidGrad) within 8ε relative of RN(σ'(x))·v (exact in float64): the
//     computed σ' is within 6 ULP of RN(σ') (the asm accuracy test), i.e. within 6ε
//     relative, and the product with v adds one rounding (ε/2): 6.5ε, bound 8ε. Results
//     below the smallest normal are compared absolutely (8ε·2^-1022, 8ε·2^-126).
//   - s(1 − s)·v (SigmoidJVP/VJP): the documented formula, the same bits at every level
//     (checked bit for bit against a plain loop), and that formula within 3 roundings of
//     the exact s(1 − s)v (checked with math/big): relative error ≤ 3u(1 + 3u), u = ε/2.

// sigSizes are the lengths tested: every length through a few vector widths past the
// unroll (the AVX-512 loops do 4 vectors, 32 float64 / 64 float32 elements), lengths
// around a strip of the assembly (1<<14) and beyond.
func sigSizes() []int {
	var s []int
	for n := 0; n <= 150; n++ {
		s = append(s, n)
	}
	return append(s, 255, 256, 257, 1023, 4099, 1<<14-1, 1<<14+37, 3<<14+5)
}

// sigPool is a pool of inputs with their correctly rounded σ and σ' (computed once: the
// math/big reference is slow), reused as windows by every test. It mixes the working
// range, the far tails (underflow of e^−|x|), tiny arguments and the special values.
type sigPool[T view.Float] struct {
	x, s, ds []T
}

const sigPoolLen = 6007

var (
	sigPool64Once, sigPool32Once sync.Once
	sigPool64                    sigPool[float64]
	sigPool32                    sigPool[float32]
)

func sigPoolArgs(r *rand.Rand, n int, scale, far, huge float64) []float64 {
	sp := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), huge, -huge}
	x := make([]float64, n)
	for i := range x {
		switch u := r.IntN(100); {
		case u < 70:
			x[i] = scale * (2*r.Float64() - 1)
		case u < 85:
			x[i] = far * (2*r.Float64() - 1)
		case u < 95:
			x[i] = 1e-3 * (2*r.Float64() - 1)
		default:
			x[i] = sp[r.IntN(len(sp))]
		}
	}
	return x
}

func getSigPool64() *sigPool[float64] {
	sigPool64Once.Do(func() {
		r := rand.New(rand.NewPCG(64, 1))
		p := &sigPool64
		p.x = sigPoolArgs(r, sigPoolLen, 40, 750, 1e300)
		p.s, p.ds = make([]float64, len(p.x)), make([]float64, len(p.x))
		for i, v := range p.x {
			p.s[i], p.ds[i] = ref.Sigmoid64(v), ref.SigmoidDeriv64(v)
		}
	})
	return &sigPool64
}

func getSigPool32() *sigPool[float32] {
	sigPool32Once.Do(func() {
		r := rand.New(rand.NewPCG(32, 1))
		p := &sigPool32
		x := sigPoolArgs(r, sigPoolLen, 20, 110, 3e38)
		p.x, p.s, p.ds = make([]float32, len(x)), make([]float32, len(x)), make([]float32, len(x))
		for i, v := range x {
			p.x[i] = float32(v)
			p.s[i], p.ds[i] = ref.Sigmoid32(p.x[i]), ref.SigmoidDeriv32(p.x[i])
		}
	})
	return &sigPool32
}

// sigFuncs are the public entry points of one precision.
type sigFuncs[T view.Float] struct {
	sigmoid             func(dst, x []T)
	jvp, vjp, grad      func(dst, a, v []T)
	name                string // "" or "32"
	sigULP, derivRelEps uint64
}

func sigFuncs64() sigFuncs[float64] {
	return sigFuncs[float64]{Sigmoid, SigmoidJVP, SigmoidVJP, SigmoidGrad, "", 3, 8}
}

func sigFuncs32() sigFuncs[float32] {
	return sigFuncs[float32]{Sigmoid32, SigmoidJVP32, SigmoidVJP32, SigmoidGrad32, "32", 3, 8}
}

// sigRandV returns upstream values in [−2, 2] with some exact zeros and ones.
func sigRandV[T view.Float](r *rand.Rand, n int) []T {
	v := make([]T, n)
	for i := range v {
		switch r.IntN(10) {
		case 0:
			v[i] = 0
		case 1:
			v[i] = 1
		default:
			v[i] = T(4*r.Float64() - 2)
		}
	}
	return v
}

// sigJVPWant returns (s(1 − s))·v rounded as the documentation states.
func sigJVPWant[T view.Float](s, v []T) []T {
	out := make([]T, len(s))
	for i := range s {
		p := s[i] * (1 - s[i])
		out[i] = p * v[i]
	}
	return out
}

// sigGradWant returns RN(σ'(x))·v from the pool's reference derivatives, in float64.
func sigGradWant[T view.Float](ds, v []T) []float64 {
	out := make([]float64, len(ds))
	for i := range ds {
		out[i] = float64(ds[i]) * float64(v[i])
	}
	return out
}

// sigCheckRel fails at the first element of got farther than tol relative to want
// (NaNs must match; results below tiny are compared absolutely at tol·tiny).
func sigCheckRel[T view.Float](t *testing.T, name string, got []T, want []float64, tol, tiny float64) {
	t.Helper()
	for i := range got {
		if e := testutil.RelErr(float64(got[i]), want[i], tiny); e > tol {
			t.Errorf("%s: element %d is %v, want %v (relative error %.3g, bound %.3g)", name, i, got[i], want[i], e, tol)
			return
		}
	}
}

// testSigmoidFlat checks every entry point of one precision at one level, for every
// length, with a random (or, for short lengths, every) offset 0–7 of the output and
// other offsets of the inputs, guard bands, unchanged inputs and exact in-place use.
func testSigmoidFlat[T view.Float](t *testing.T, r *rand.Rand, f sigFuncs[T], p *sigPool[T]) {
	eps := testutil.Eps[T]()
	tiny := 0x1p-1022 // smallest normal: subnormal results compared absolutely
	if eps != 0x1p-52 {
		tiny = 0x1p-126
	}
	for _, n := range sigSizes() {
		offs := []int{r.IntN(8)}
		if n <= 70 {
			offs = []int{0, 1, 2, 3, 4, 5, 6, 7}
		}
		for _, off := range offs {
			name := fmt.Sprintf("n=%d/off=%d", n, off)
			// The inputs come from the pool: x, the correctly rounded σ(x) (used as the
			// saved output s) and σ'(x), at the same positions.
			at := r.IntN(len(p.x))
			win := func(src []T) []T {
				out := make([]T, n)
				for i := range out {
					out[i] = src[(at+i)%len(src)]
				}
				return out
			}
			xs, ss, ds := win(p.x), win(p.s), win(p.ds)
			vs := sigRandV[T](r, n)

			x := testutil.GuardedCopy(xs, (off+3)%8)
			s := testutil.GuardedCopy(ss, (off+5)%8)
			v := testutil.GuardedCopy(vs, (off+6)%8)
			snapX, snapS, snapV := testutil.Snap(x.S()), testutil.Snap(s.S()), testutil.Snap(v.S())
			checkInputs := func(what string) {
				t.Helper()
				snapX.Check(t, what+" x", x.S())
				snapS.Check(t, what+" s", s.S())
				snapV.Check(t, what+" v", v.S())
				x.Check(t, what+" x")
				s.Check(t, what+" s")
				v.Check(t, what+" v")
			}

			// Forward.
			fn := "Sigmoid" + f.name + "/" + name
			d := testutil.NewGuarded[T](n, off)
			f.sigmoid(d.S(), x.S())
			testutil.WithinULP(t, fn, d.S(), ss, f.sigULP)
			d.Check(t, fn)
			checkInputs(fn)
			fwd := append([]T(nil), d.S()...)
			in := testutil.GuardedCopy(xs, off)
			f.sigmoid(in.S(), in.S())
			testutil.EqualBits(t, fn+" in place", in.S(), fwd)
			in.Check(t, fn+" in place")

			// From the saved output: the documented formula bit for bit, at every level.
			want := sigJVPWant(ss, vs)
			for _, c := range []struct {
				name string
				f    func(dst, s, v []T)
			}{{"SigmoidJVP", f.jvp}, {"SigmoidVJP", f.vjp}} {
				fn := c.name + f.name + "/" + name
				d := testutil.NewGuarded[T](n, off)
				c.f(d.S(), s.S(), v.S())
				testutil.EqualBits(t, fn, d.S(), want)
				d.Check(t, fn)
				checkInputs(fn)
				a := testutil.GuardedCopy(ss, off)
				c.f(a.S(), a.S(), v.S()) // dst == s
				testutil.EqualBits(t, fn+" in place over s", a.S(), want)
				a.Check(t, fn+" in place over s")
				b := testutil.GuardedCopy(vs, off)
				c.f(b.S(), s.S(), b.S()) // dst == v
				testutil.EqualBits(t, fn+" in place over v", b.S(), want)
				b.Check(t, fn+" in place over v")
			}

			// Fused from x: σ'(x)·v against the correctly rounded σ' times v.
			fn = "SigmoidGrad" + f.name + "/" + name
			d = testutil.NewGuarded[T](n, off)
			f.grad(d.S(), x.S(), v.S())
			gw := sigGradWant(ds, vs)
			sigCheckRel(t, fn, d.S(), gw, float64(f.derivRelEps)*eps, tiny)
			d.Check(t, fn)
			checkInputs(fn)
			got := append([]T(nil), d.S()...)
			a := testutil.GuardedCopy(xs, off)
			f.grad(a.S(), a.S(), v.S())
			testutil.EqualBits(t, fn+" in place over x", a.S(), got)
			b := testutil.GuardedCopy(vs, off)
			f.grad(b.S(), x.S(), b.S())
			testutil.EqualBits(t, fn+" in place over v", b.S(), got)
			b.Check(t, fn+" in place over v")
		}
	}
}

func TestSigmoidKernels(t *testing.T) {
	p64, p32 := getSigPool64(), getSigPool32()
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		testSigmoidFlat(t, r, sigFuncs64(), p64)
		testSigmoidFlat(t, r, sigFuncs32(), p32)
	})
}

// TestSigmoidJVPNonTemporal runs the JVP tests with the non-temporal threshold at 0, so
// every length takes the streaming form (aligned head peeled at every offset), and then
// at its real value on an output just past it.
func TestSigmoidJVPNonTemporal(t *testing.T) {
	saved := tune.NTMinBytes
	defer func() { tune.NTMinBytes = saved }()
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		tune.NTMinBytes = 0
		for _, n := range sigSizes() {
			off := r.IntN(8)
			name := fmt.Sprintf("NT/n=%d/off=%d", n, off)
			sigJVPBits(t, r, name, n, off, SigmoidJVP, SigmoidVJP)
			sigJVPBits(t, r, name, n, off, SigmoidJVP32, SigmoidVJP32)
		}
		tune.NTMinBytes = saved
		n64, n32 := saved/8+13, saved/4+29
		sigJVPBits(t, r, fmt.Sprintf("n=%d", n64), n64, 3, SigmoidJVP, SigmoidVJP)
		sigJVPBits(t, r, fmt.Sprintf("n=%d", n32), n32, 5, SigmoidJVP32, SigmoidVJP32)
	})
}

// sigJVPBits checks the JVP and VJP of length n at offset off bit for bit against the
// documented formula, with guard bands.
func sigJVPBits[T view.Float](t *testing.T, r *rand.Rand, name string, n, off int, jvp, vjp func(dst, s, v []T)) {
	t.Helper()
	s, v := make([]T, n), sigRandV[T](r, n)
	for i := range s {
		s[i] = T(r.Float64())
	}
	want := sigJVPWant(s, v)
	for _, f := range []func(dst, s, v []T){jvp, vjp} {
		d := testutil.NewGuarded[T](n, off)
		f(d.S(), s, v)
		testutil.EqualBits(t, name, d.S(), want)
		d.Check(t, name)
	}
}

// TestSigmoidJVPFormulaAccuracy checks that the documented formula (s(1 − s))·v is
// within 3 roundings of the exact value, with math/big: relative error ≤ 3u(1 + 3u).
func TestSigmoidJVPFormulaAccuracy(t *testing.T) {
	r := testutil.Rand(t)
	const n = 2000
	s64, v64 := make([]float64, n), sigRandV[float64](r, n)
	for i := range s64 {
		s64[i] = r.Float64()
		if i%7 == 0 {
			s64[i] = math.Ldexp(s64[i], -r.IntN(60)) // small s: 1 − s rounds
		}
	}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		got := make([]float64, n)
		SigmoidJVP(got, s64, v64)
		for i := range got {
			bs := new(big.Float).SetPrec(300).SetFloat64(s64[i])
			e := new(big.Float).SetPrec(300).Sub(big.NewFloat(1), bs)
			e.Mul(e, bs).Mul(e, new(big.Float).SetPrec(300).SetFloat64(v64[i]))
			want, _ := e.Float64()
			const u = 0x1p-53
			if err := testutil.RelErr(got[i], want, 0x1p-1022); err > 3*u*(1+3*u) {
				t.Fatalf("s=%v v=%v: got %v, want %v (relative error %.3g)", s64[i], v64[i], got[i], want, err)
			}
		}
	})
}

// TestSigmoidJacobianProducts checks, per level and precision: the materialized
// Jacobian is diag(s(1 − s)); the JVP equals J·v (bit for bit: one nonzero product per
// row, float32 products exact in float64) and VJP equals Jᵀv; the JVP from σ(x) and the
// fused SigmoidGrad equal a central finite difference of the forward pass.
func TestSigmoidJacobianProducts(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, k := range []int{0, 1, 2, 5, 8, 17, 40} {
			x := testutil.Slice[float64](r, k)
			for i := range x {
				x[i] *= 6
			}
			v := sigRandV[float64](r, k)
			s := make([]float64, k)
			Sigmoid(s, x)
			J := testutil.NewGuarded[float64](k*k, 3)
			SigmoidJacobian(blas64.General{Rows: k, Cols: k, Stride: max(k, 1), Data: J.S()}, s)
			J.Check(t, "J")
			for i := range k {
				for j := range k {
					w := 0.0
					if i == j {
						w = s[i] * (1 - s[i])
					}
					if J.S()[i*k+j] != w {
						t.Fatalf("K=%d: J[%d][%d] = %v, want %v", k, i, j, J.S()[i*k+j], w)
					}
				}
			}
			jvp, vjp := make([]float64, k), make([]float64, k)
			SigmoidJVP(jvp, s, v)
			SigmoidVJP(vjp, s, v)
			testutil.EqualBits(t, fmt.Sprintf("K=%d JVP = J·v", k), jvp, ref.MatVec(J.S(), v))
			testutil.EqualBits(t, fmt.Sprintf("K=%d VJP = Jᵀv", k), vjp, ref.MatTVec(J.S(), v))

			// Central difference (σ(x + hv) − σ(x − hv))/2h: truncation h²|σ'''|v³/6 ≤ 1e-11,
			// rounding ~ε/h ≈ 2e-11 (h = 1e-5); bound 1e-9·max(1, |v|).
			const h = 1e-5
			xp, xm, sp, sm := make([]float64, k), make([]float64, k), make([]float64, k), make([]float64, k)
			for i := range k {
				xp[i], xm[i] = x[i]+h*v[i], x[i]-h*v[i]
			}
			Sigmoid(sp, xp)
			Sigmoid(sm, xm)
			g := make([]float64, k)
			SigmoidGrad(g, x, v)
			for i := range k {
				fd := (sp[i] - sm[i]) / (2 * h)
				if math.Abs(jvp[i]-fd) > 1e-9*math.Max(1, math.Abs(v[i])) || math.Abs(g[i]-fd) > 1e-9*math.Max(1, math.Abs(v[i])) {
					t.Fatalf("K=%d: x=%v v=%v: JVP %v, SigmoidGrad %v, central difference %v", k, x[i], v[i], jvp[i], g[i], fd)
				}
			}

			// float32: the same identities; the central difference in float32 with
			// h = 2^-7 has rounding ~ε₃₂/h ≈ 1.5e-5 and truncation ~h²/6·|σ'''| ≈ 3e-6.
			x32, v32, s32 := make([]float32, k), make([]float32, k), make([]float32, k)
			for i := range k {
				x32[i], v32[i] = float32(x[i]), float32(v[i])
			}
			Sigmoid32(s32, x32)
			J32 := make([]float32, k*k)
			SigmoidJacobian32(blas32.General{Rows: k, Cols: k, Stride: max(k, 1), Data: J32}, s32)
			j32, vj32 := make([]float32, k), make([]float32, k)
			SigmoidJVP32(j32, s32, v32)
			SigmoidVJP32(vj32, s32, v32)
			J64, v64 := make([]float64, k*k), make([]float64, k)
			for i := range J32 {
				J64[i] = float64(J32[i])
			}
			for i := range k {
				v64[i] = float64(v32[i])
			}
			jv, jtv := ref.MatVec(J64, v64), ref.MatTVec(J64, v64)
			for i := range k {
				if j32[i] != float32(jv[i]) || vj32[i] != float32(jtv[i]) || J32[i*k+i] != s32[i]*(1-s32[i]) {
					t.Fatalf("K=%d float32: JVP %v VJP %v, want %v %v", k, j32[i], vj32[i], float32(jv[i]), float32(jtv[i]))
				}
			}
			const h32 = 0x1p-7
			xp32, xm32, sp32, sm32 := make([]float32, k), make([]float32, k), make([]float32, k), make([]float32, k)
			for i := range k {
				xp32[i], xm32[i] = x32[i]+h32*v32[i], x32[i]-h32*v32[i]
			}
			Sigmoid32(sp32, xp32)
			Sigmoid32(sm32, xm32)
			g32 := make([]float32, k)
			SigmoidGrad32(g32, x32, v32)
			for i := range k {
				// The perturbation actually applied is (xp32 − xm32)/2, not h·v (rounding).
				dx := float64(xp32[i]-xm32[i]) / 2
				fd := 0.0
				if dx != 0 {
					fd = float64(sp32[i]-sm32[i]) / (2 * dx) * float64(v32[i])
				}
				if math.Abs(float64(j32[i])-fd) > 1e-4*math.Max(1, math.Abs(float64(v32[i]))) || math.Abs(float64(g32[i])-fd) > 1e-4*math.Max(1, math.Abs(float64(v32[i]))) {
					t.Fatalf("K=%d float32: x=%v v=%v: JVP %v, SigmoidGrad %v, central difference %v", k, x32[i], v32[i], j32[i], g32[i], fd)
				}
			}
		}
	})
}

// TestSigmoidSpecials pins the documented special values at every level: NaN → NaN,
// σ(±Inf) = 1, +0, σ'(±Inf) = 0 (SigmoidGrad with finite v), σ(±0) = 1/2, and finite
// input never gives NaN (however large).
func TestSigmoidSpecials(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	x := []float64{nan, inf, -inf, 0, math.Copysign(0, -1), 1e308, -1e308, 746, -746, 40, -40, 5e-324}
	// Exact where the value is representable (the first nine), else the reference.
	wantS := []float64{nan, 1, 0, 0.5, 0.5, 1, 0, 1, 0, ref.Sigmoid64(40), ref.Sigmoid64(-40), 0.5}
	wantD := []float64{nan, 0, 0, 0.25, 0.25, 0, 0, 0, 0, ref.SigmoidDeriv64(40), ref.SigmoidDeriv64(-40), 0.25}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		// Repeat the pattern so both the vector loops and the tails see every value.
		n := 5 * len(x)
		xs, ones := make([]float64, n), make([]float64, n)
		for i := range xs {
			xs[i], ones[i] = x[i%len(x)], 1
		}
		s, d := make([]float64, n), make([]float64, n)
		Sigmoid(s, xs)
		SigmoidGrad(d, xs, ones)
		s32, d32 := make([]float32, n), make([]float32, n)
		x32, ones32 := make([]float32, n), make([]float32, n)
		for i := range xs {
			x32[i], ones32[i] = float32(xs[i]), 1
		}
		Sigmoid32(s32, x32)
		SigmoidGrad32(d32, x32, ones32)
		for i := range xs {
			j := i % len(x)
			exact := uint64(0)
			if j >= 9 {
				exact = 1
			}
			if testutil.ULP(s[i], wantS[j]) > 3*exact || testutil.ULP(d[i], wantD[j]) > 6*exact {
				t.Errorf("x = %v: σ = %v σ' = %v, want %v and %v", xs[i], s[i], d[i], wantS[j], wantD[j])
			}
			if !math.IsNaN(xs[i]) && (math.Signbit(s[i]) || math.Signbit(d[i])) {
				t.Errorf("x = %v: σ = %v σ' = %v: negative zero", xs[i], s[i], d[i])
			}
			w32s, w32d := ref.Sigmoid32(x32[i]), ref.SigmoidDeriv32(x32[i])
			if testutil.ULP(s32[i], w32s) > 3 || testutil.ULP(d32[i], w32d) > 6 {
				t.Errorf("float32 x = %v: σ = %v σ' = %v, want %v and %v", x32[i], s32[i], d32[i], w32s, w32d)
			}
			if !math.IsNaN(xs[i]) && (math.IsNaN(s[i]) || math.IsNaN(d[i]) || s32[i] != s32[i] || d32[i] != d32[i]) {
				t.Errorf("x = %v: NaN from a non-NaN input", xs[i])
			}
		}
		// JVP from s: NaN in s or v gives NaN; s = 0 or 1 gives 0 for finite v.
		g := make([]float64, 4)
		SigmoidJVP(g, []float64{nan, 0.5, 1, 0}, []float64{1, nan, 7, -7})
		if !math.IsNaN(g[0]) || !math.IsNaN(g[1]) || g[2] != 0 || g[3] != 0 {
			t.Errorf("JVP specials: %v", g)
		}
	})
}

// TestSigmoidPanics checks the length and overlap messages of every entry point; exact
// aliasing is allowed (tested above), partial overlap is not.
func TestSigmoidPanics(t *testing.T) {
	buf := make([]float64, 20)
	b32 := make([]float32, 20)
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"kernels.Sigmoid", func() { Sigmoid(buf[:3], buf[10:14]) }},
		{"kernels.Sigmoid", func() { Sigmoid(buf[:4], buf[1:5]) }},
		{"kernels.Sigmoid32", func() { Sigmoid32(b32[:4], b32[3:7]) }},
		{"kernels.SigmoidJVP", func() { SigmoidJVP(buf[:4], buf[10:14], buf[15:18]) }},
		{"kernels.SigmoidJVP", func() { SigmoidJVP(buf[:4], buf[2:6], buf[10:14]) }},
		{"kernels.SigmoidJVP", func() { SigmoidJVP(buf[4:8], buf[10:14], buf[5:9]) }},
		{"kernels.SigmoidJVP32", func() { SigmoidJVP32(b32[:4], b32[1:5], b32[10:14]) }},
		{"kernels.SigmoidVJP", func() { SigmoidVJP(buf[:4], buf[10:14], buf[3:7]) }},
		{"kernels.SigmoidVJP32", func() { SigmoidVJP32(b32[:4], b32[10:13], b32[14:18]) }},
		{"kernels.SigmoidGrad", func() { SigmoidGrad(buf[:4], buf[1:5], buf[10:14]) }},
		{"kernels.SigmoidGrad32", func() { SigmoidGrad32(b32[:4], b32[10:14], b32[2:6]) }},
		{"kernels.SigmoidJacobian", func() {
			SigmoidJacobian(blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: buf[:6]}, buf[10:13])
		}},
		{"kernels.SigmoidJacobian32", func() {
			SigmoidJacobian32(blas32.General{Rows: 3, Cols: 3, Stride: 3, Data: b32[:9]}, b32[10:12])
		}},
	} {
		testutil.MustPanic(t, c.f, c.name+":")
	}
}
