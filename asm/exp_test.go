package asm_test

import (
	"encoding/binary"
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

// sameValue reports whether a and b have the same bits, or are both NaN (NaN payloads
// may differ between levels).
func sameValue[T view.Float](a, b T) bool { return testutil.SameBits(a, b) || (a != a && b != b) }

// equalValues fails t at the first element where got and want are not sameValue.
func equalValues[T view.Float](t testing.TB, name string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if !sameValue(got[i], want[i]) {
			t.Errorf("%s: element %d is %v (%#x), want %v (bit-exact)", name, i, got[i], bitsOf(got[i]), want[i])
			return
		}
	}
}

func bitsOf[T view.Float](v T) uint64 {
	if f, ok := any(v).(float32); ok {
		return uint64(math.Float32bits(f))
	}
	return math.Float64bits(float64(v))
}

// Thresholds of the exponential: the largest x with a finite e^x, the smallest x with
// a nonzero e^x, and the start of the subnormal results.
const (
	expOverflow64  = 709.782712893384
	expUnderflow64 = -745.1332191019411
	expSubnormal64 = -708.3964185322641
	expOverflow32  = 88.72283
	expUnderflow32 = -103.97208
	expSubnormal32 = -87.33655
)

// around returns the 2n+1 consecutive floats centred on x.
func around64(x float64, n int) []float64 {
	out := []float64{x}
	lo, hi := x, x
	for range n {
		lo, hi = math.Nextafter(lo, math.Inf(-1)), math.Nextafter(hi, math.Inf(1))
		out = append(out, lo, hi)
	}
	return out
}

func around32(x float32, n int) []float32 {
	out := []float32{x}
	lo, hi := x, x
	for range n {
		lo, hi = math.Nextafter32(lo, float32(math.Inf(-1))), math.Nextafter32(hi, float32(math.Inf(1)))
		out = append(out, lo, hi)
	}
	return out
}

// expInputs64 returns the accuracy test's float64 inputs: a dense uniform sweep of
// [−746, 710], a denser one of the subnormal-result range, random bit patterns of
// small magnitudes, the neighbourhoods of the thresholds and of 0, and the specials.
func expInputs64(r *rand.Rand) []float64 {
	n := 10000
	if testutil.Long() {
		n = 500000
	}
	var x []float64
	for i := range n {
		x = append(x, -746+1456*(float64(i)+r.Float64())/float64(n))
	}
	for i := range n / 4 {
		x = append(x, expUnderflow64+(expSubnormal64-expUnderflow64)*(float64(i)+r.Float64())/float64(n/4))
	}
	for range n / 4 { // |x| from 2^-1074 to 2^9, uniformly in the exponent
		v := math.Float64frombits(r.Uint64N(math.Float64bits(512)))
		if r.IntN(2) == 0 {
			v = -v
		}
		x = append(x, v)
	}
	for _, c := range []float64{expOverflow64, expUnderflow64, expSubnormal64, 0, -0.5 * math.Ln2, 0.5 * math.Ln2, 1, -1} {
		x = append(x, around64(c, 300)...)
	}
	return append(x, math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1),
		math.MaxFloat64, -math.MaxFloat64, 5e-324, -5e-324, 710, -746, 1e6, -1e6)
}

func expInputs32(r *rand.Rand) []float32 {
	n := 50000
	if testutil.Long() {
		n = 10000000
	}
	var x []float32
	for i := range n {
		x = append(x, float32(-104+193*(float64(i)+r.Float64())/float64(n)))
	}
	for i := range n / 4 {
		x = append(x, float32(expUnderflow32+(expSubnormal32-expUnderflow32)*(float64(i)+r.Float64())/float64(n/4)))
	}
	for range n / 4 {
		v := math.Float32frombits(r.Uint32N(math.Float32bits(128)))
		if r.IntN(2) == 0 {
			v = -v
		}
		x = append(x, v)
	}
	for _, c := range []float32{expOverflow32, expUnderflow32, expSubnormal32, 0, -0.5 * math.Ln2, 0.5 * math.Ln2, 1, -1} {
		x = append(x, around32(c, 1000)...)
	}
	inf := float32(math.Inf(1))
	return append(x, float32(math.NaN()), inf, -inf, float32(math.Copysign(0, -1)),
		math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, 89, -104, 1e6, -1e6)
}

// TestExpAccuracy compares every level with the correctly rounded exponential: at most
// 1 ULP anywhere (the bound the algorithm guarantees, see exp_generic.go), special
// values exact, and every level bit for bit equal to the generic code.
func TestExpAccuracy(t *testing.T) {
	r := testutil.Rand(t)
	x64, x32 := expInputs64(r), expInputs32(r)
	want64, want32 := make([]float64, len(x64)), make([]float32, len(x32))
	for i, v := range x64 {
		want64[i] = ref.Exp64(v)
	}
	for i, v := range x32 {
		want32[i] = ref.Exp32(v)
	}
	gen64, gen32 := make([]float64, len(x64)), make([]float32, len(x32))
	asm.ExpF64Generic(gen64, x64)
	asm.ExpF32Generic(gen32, x32)
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		a := dispatch.Current().Act
		got64, got32 := make([]float64, len(x64)), make([]float32, len(x32))
		a.ExpF64(got64, x64)
		a.ExpF32(got32, x32)
		worst := func(name string, n int, ulp func(i int) uint64, show func(i int) string, normal func(i int) bool) {
			var w, wn uint64
			wi := -1
			for i := range n {
				d := ulp(i)
				if normal(i) {
					wn = max(wn, d)
				}
				if d > w || wi < 0 {
					w, wi = d, i
				}
			}
			t.Logf("%s: worst error %d ULP over %d inputs (%s); %d ULP where the result is normal", name, w, n, show(wi), wn)
			if w > 1 {
				t.Errorf("%s: %d ULP, bound 1", name, w)
			}
		}
		worst("float64", len(x64), func(i int) uint64 { return testutil.ULP(got64[i], want64[i]) },
			func(i int) string { return fmt.Sprintf("x=%v got %v want %v", x64[i], got64[i], want64[i]) },
			func(i int) bool { return want64[i] >= 0x1p-1022 })
		worst("float32", len(x32), func(i int) uint64 { return testutil.ULP(got32[i], want32[i]) },
			func(i int) string { return fmt.Sprintf("x=%v got %v want %v", x32[i], got32[i], want32[i]) },
			func(i int) bool { return want32[i] >= 0x1p-126 })
		equalValues(t, "float64 vs generic", got64, gen64)
		equalValues(t, "float32 vs generic", got32, gen32)
	})
}

// TestExpSpecials checks the special values and thresholds exactly.
func TestExpSpecials(t *testing.T) {
	inf := math.Inf(1)
	cases64 := []struct{ x, want float64 }{
		{math.NaN(), math.NaN()}, {inf, inf}, {-inf, 0}, {0, 1}, {math.Copysign(0, -1), 1},
		{expOverflow64, 1.7976931348622732e308}, {math.Nextafter(expOverflow64, inf), inf},
		{expUnderflow64, 5e-324}, {math.Nextafter(expUnderflow64, -inf), 0},
		{1000, inf}, {-1000, 0}, {5e-324, 1}, {1, math.E},
	}
	cases32 := []struct{ x, want float32 }{
		{float32(math.NaN()), float32(math.NaN())}, {float32(inf), float32(inf)}, {float32(-inf), 0}, {0, 1},
		{expOverflow32, 3.4028e38}, {math.Nextafter32(expOverflow32, float32(inf)), float32(inf)},
		{expUnderflow32, 1e-45}, {math.Nextafter32(expUnderflow32, float32(-inf)), 0},
		{100, float32(inf)}, {-200, 0}, {1, float32(math.E)},
	}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		a := dispatch.Current().Act
		for n := 1; n <= 40; n += 13 { // through the vector body and the tails
			for _, c := range cases64 {
				x := make([]float64, n)
				for i := range x {
					x[i] = c.x
				}
				a.ExpF64(x, x)
				for i := range x {
					if !sameValue(x[i], c.want) && (c.want == 0 || math.IsInf(c.want, 0) || testutil.ULP(x[i], ref.Exp64(c.x)) > 1) {
						t.Errorf("float64 exp(%v) = %v, want %v", c.x, x[i], c.want)
						break
					}
				}
			}
			for _, c := range cases32 {
				x := make([]float32, n)
				for i := range x {
					x[i] = c.x
				}
				a.ExpF32(x, x)
				for i := range x {
					if !sameValue(x[i], c.want) && (c.want == 0 || math.IsInf(float64(c.want), 0) || testutil.ULP(x[i], ref.Exp32(c.x)) > 1) {
						t.Errorf("float32 exp(%v) = %v, want %v", c.x, x[i], c.want)
						break
					}
				}
			}
		}
	})
}

// actSizes cover 0, every tail length through two 8-vector unrolled rounds of both
// precisions, and sizes spanning several strips.
func actSizes() []int {
	var s []int
	for n := 0; n <= 140; n++ {
		s = append(s, n)
	}
	return append(s, 257, 1023, 4099, 1<<14+37, 3<<14+5)
}

// randArgs returns n values spread over [−scale, scale] with an occasional special value.
func randArgs[T view.Float](r *rand.Rand, n int, scale float64) []T {
	sp := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e300, -1e300}
	out := make([]T, n)
	for i := range out {
		if r.IntN(50) == 0 {
			out[i] = T(sp[r.IntN(len(sp))])
		} else {
			out[i] = T(scale * (2*r.Float64() - 1))
		}
	}
	return out
}

// TestExpSlices checks every length and alignment: guard bands intact, input
// unchanged, in-place use, and bit-equality with the generic code.
func TestExpSlices(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		a := dispatch.Current().Act
		for _, n := range actSizes() {
			off := r.IntN(8)
			name := fmt.Sprintf("n=%d/off=%d", n, off)
			checkUnary(t, name+"/f64", r, n, off, 800, a.ExpF64, asm.ExpF64Generic)
			checkUnary(t, name+"/f32", r, n, off, 120, a.ExpF32, asm.ExpF32Generic)
		}
	})
}

// checkUnary runs f on a guarded copy of random input and compares with gen.
func checkUnary[T view.Float](t *testing.T, name string, r *rand.Rand, n, off int, scale float64, f, gen func(dst, x []T)) {
	t.Helper()
	x := testutil.GuardedCopy(randArgs[T](r, n, scale), (off+3)%8)
	snap := testutil.Snap(x.S())
	want := make([]T, n)
	gen(want, x.S())
	dst := testutil.NewGuarded[T](n, off)
	f(dst.S(), x.S())
	equalValues(t, name, dst.S(), want)
	dst.Check(t, name)
	snap.Check(t, name+" input", x.S())
	f(x.S(), x.S()) // in place
	equalValues(t, name+" in place", x.S(), want)
	x.Check(t, name+" in place")
}

// floatsFrom decodes fuzz bytes as float values.
func floatsFrom64(b []byte) []float64 {
	out := make([]float64, len(b)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out
}

func floatsFrom32(b []byte) []float32 {
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// FuzzExp compares every level with the generic code on arbitrary bit patterns.
func FuzzExp(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef+"))
	f.Add(binary.LittleEndian.AppendUint64(nil, math.Float64bits(expUnderflow64)))
	f.Fuzz(func(t *testing.T, b []byte) {
		x64, x32 := floatsFrom64(b), floatsFrom32(b)
		w64, w32 := make([]float64, len(x64)), make([]float32, len(x32))
		asm.ExpF64Generic(w64, x64)
		asm.ExpF32Generic(w32, x32)
		for _, l := range dispatch.Available() {
			a := dispatch.TableFor(l).Act
			g64, g32 := make([]float64, len(x64)), make([]float32, len(x32))
			a.ExpF64(g64, x64)
			a.ExpF32(g32, x32)
			equalValues(t, l.String()+" f64", g64, w64)
			equalValues(t, l.String()+" f32", g32, w32)
		}
	})
}
