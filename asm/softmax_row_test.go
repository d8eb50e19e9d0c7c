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

// TestSoftmaxRows checks the fused row kernels at every level against the separate
// primitives of the same level, bit for bit (the fused assembly promises the arithmetic
// of the primitives; the primitives are checked against the generic code and the
// kernels against references elsewhere): every length through the unroll and past a
// strip, offsets 0–7, with and without a next row to prefetch (the next row a guarded
// slice, so a prefetch past it would be harmless but is still bounded by its length),
// guard bands, unchanged inputs, in place, and special values.
func TestSoftmaxRows(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		a := dispatch.Current().Act
		for _, n := range actSizes() {
			off := r.IntN(8)
			name := fmt.Sprintf("n=%d/off=%d", n, off)
			softmaxRowCase(t, name+"/f64", r, n, off, a.SoftmaxRowF64, a.SoftmaxJVPRowF64,
				a.SoftmaxMaxF64, a.SoftmaxExpSumF64, a.SoftmaxScaleF64, a.SoftmaxDotF64, a.SoftmaxJVPF64)
			softmaxRowCase(t, name+"/f32", r, n, off, a.SoftmaxRowF32, a.SoftmaxJVPRowF32,
				a.SoftmaxMaxF32, a.SoftmaxExpSumF32, a.SoftmaxScaleF32, a.SoftmaxDotF32, a.SoftmaxJVPF32)
		}
	})
}

func softmaxRowCase[T view.Float](t *testing.T, name string, r *rand.Rand, n, off int,
	row func(dst, x, next []T), jvpRow func(dst, s, v, ns, nv []T),
	max func([]T) T, expSum func(dst, x []T, m T) T, scale func(dst, x []T, a T), dot func(a, b []T) T, jvp func(dst, s, v []T, d T)) {
	t.Helper()
	xs := testutil.Slice[T](r, n)
	shift := T(30 * (2*r.Float64() - 1))
	for i := range xs {
		xs[i] = 20*xs[i] + shift
		if r.IntN(50) == 0 {
			xs[i] = T([]float64{math.Inf(-1), -1e30, 1e-30}[r.IntN(3)])
		}
	}
	if n > 0 && r.IntN(10) == 0 {
		xs[r.IntN(n)] = T([]float64{math.NaN(), math.Inf(1)}[r.IntN(2)]) // a NaN row
	}
	x := testutil.GuardedCopy(xs, (off+3)%8)
	next := testutil.GuardedCopy(testutil.Slice[T](r, n+r.IntN(3)), 1)
	sx, snext := testutil.Snap(x.S()), testutil.Snap(next.S())

	want := make([]T, n)
	if n > 0 {
		sum := expSum(want, x.S(), max(x.S()))
		scale(want, want, 1/sum)
	}
	for _, nx := range [][]T{nil, next.S(), next.S()[:n/2]} {
		d := testutil.NewGuarded[T](n, off)
		row(d.S(), x.S(), nx)
		sameBitsOrNaN(t, name+" row", d.S(), want)
		d.Check(t, name+" row")
	}
	sx.Check(t, name+" x", x.S())
	snext.Check(t, name+" next", next.S())
	next.Check(t, name+" next")
	in := testutil.GuardedCopy(xs, off)
	row(in.S(), in.S(), next.S())
	sameBitsOrNaN(t, name+" row in place", in.S(), want)
	in.Check(t, name+" row in place")

	// The Jacobian product from s = want and an upstream v.
	s := testutil.GuardedCopy(want, (off+2)%8)
	v := testutil.GuardedCopy(testutil.Slice[T](r, n), (off+5)%8)
	ns, nv := testutil.GuardedCopy(testutil.Slice[T](r, n), 4), testutil.GuardedCopy(testutil.Slice[T](r, n), 6)
	ss, sv := testutil.Snap(s.S()), testutil.Snap(v.S())
	wj := make([]T, n)
	jvp(wj, s.S(), v.S(), dot(s.S(), v.S()))
	for _, nn := range [][2][]T{{nil, nil}, {ns.S(), nv.S()}, {ns.S(), nil}} {
		d := testutil.NewGuarded[T](n, off)
		jvpRow(d.S(), s.S(), v.S(), nn[0], nn[1])
		sameBitsOrNaN(t, name+" jvp row", d.S(), wj)
		d.Check(t, name+" jvp row")
	}
	ss.Check(t, name+" s", s.S())
	sv.Check(t, name+" v", v.S())
	ins := testutil.GuardedCopy(want, off)
	jvpRow(ins.S(), ins.S(), v.S(), ns.S(), nv.S())
	sameBitsOrNaN(t, name+" jvp row in place over s", ins.S(), wj)
	inv := testutil.GuardedCopy(v.S(), off)
	jvpRow(inv.S(), s.S(), inv.S(), nil, nil)
	sameBitsOrNaN(t, name+" jvp row in place over v", inv.S(), wj)
	inv.Check(t, name+" jvp row in place over v")
}

// sameBitsOrNaN fails at the first element that differs in bits (any NaN matches any NaN).
func sameBitsOrNaN[T view.Float](t *testing.T, name string, got, want []T) {
	t.Helper()
	for i := range got {
		if !testutil.SameBits(got[i], want[i]) && !(got[i] != got[i] && want[i] != want[i]) {
			t.Errorf("%s: element %d is %v, want %v (bit for bit)", name, i, got[i], want[i])
			return
		}
	}
}

// TestSoftmaxLogPrimitives checks the log-softmax primitives at every level against the
// generic code: the shift and the VJP bit for bit (elementwise; the exponential is the
// same at every level), the log-sum-exp's max exactly and its sum to the bound of a
// reordered sum of non-negative terms (rows longer than a strip are combined from
// strips, one more rounding per strip, far inside that bound); guard bands, unchanged
// inputs, in place, NaN rows.
func TestSoftmaxLogPrimitives(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		if l == dispatch.Generic {
			t.Skip("the generic primitives are the reference here; kernels tests check them against internal/ref")
		}
		r := testutil.Rand(t)
		a := dispatch.Current().Act
		for _, n := range actSizes() {
			off := r.IntN(8)
			name := fmt.Sprintf("n=%d/off=%d", n, off)
			softmaxLogCase(t, name+"/f64", r, n, off, a.SoftmaxLSEF64, a.SoftmaxShiftF64, a.SoftmaxLogVJPF64,
				asm.SoftmaxLSEF64Generic, asm.SoftmaxShiftF64Generic, asm.SoftmaxLogVJPF64Generic)
			softmaxLogCase(t, name+"/f32", r, n, off, a.SoftmaxLSEF32, a.SoftmaxShiftF32, a.SoftmaxLogVJPF32,
				asm.SoftmaxLSEF32Generic, asm.SoftmaxShiftF32Generic, asm.SoftmaxLogVJPF32Generic)
		}
	})
}

func softmaxLogCase[T view.Float](t *testing.T, name string, r *rand.Rand, n, off int,
	lse func(x, next []T) (T, T), shift func(dst, x []T, m, c T), logVJP func(dst, y, v []T, sv T),
	glse func(x, next []T) (T, T), gshift func(dst, x []T, m, c T), glogVJP func(dst, y, v []T, sv T)) {
	t.Helper()
	xs := testutil.Slice[T](r, n)
	shiftBy := T(30 * (2*r.Float64() - 1))
	for i := range xs {
		xs[i] = 20*xs[i] + shiftBy
	}
	if n > 0 && r.IntN(10) == 0 {
		xs[r.IntN(n)] = T([]float64{math.NaN(), math.Inf(1)}[r.IntN(2)])
	}
	x := testutil.GuardedCopy(xs, (off+3)%8)
	next := testutil.GuardedCopy(testutil.Slice[T](r, n), 2)
	sx := testutil.Snap(x.S())

	gm, gs := glse(x.S(), nil)
	for _, nx := range [][]T{nil, next.S()} {
		m, s := lse(x.S(), nx)
		if !(m == gm || m != m && gm != gm) && gs == gs {
			t.Errorf("%s: lse max %v, want %v", name, m, gm)
		}
		if !sumClose(s, gs, n, float64(gs)) {
			t.Errorf("%s: lse sum %v, want %v", name, s, gs)
		}
	}
	sx.Check(t, name+" x", x.S())
	x.Check(t, name+" x")

	c := T(math.Log(float64(gs)))
	want := make([]T, n)
	gshift(want, x.S(), gm, c)
	d := testutil.NewGuarded[T](n, off)
	shift(d.S(), x.S(), gm, c)
	sameBitsOrNaN(t, name+" shift", d.S(), want)
	d.Check(t, name+" shift")
	in := testutil.GuardedCopy(xs, off)
	shift(in.S(), in.S(), gm, c)
	sameBitsOrNaN(t, name+" shift in place", in.S(), want)
	in.Check(t, name+" shift in place")

	// The VJP from y = the log-softmax row (and some arbitrary y: large, NaN).
	ys := append([]T(nil), want...)
	if n > 2 {
		ys[0], ys[n-1] = T(100), T(math.Inf(-1))
	}
	y := testutil.GuardedCopy(ys, (off+1)%8)
	v := testutil.GuardedCopy(testutil.Slice[T](r, n), (off+6)%8)
	sy, sv := testutil.Snap(y.S()), testutil.Snap(v.S())
	svs := T(r.Float64()*4 - 2)
	wv := make([]T, n)
	glogVJP(wv, y.S(), v.S(), svs)
	g := testutil.NewGuarded[T](n, off)
	logVJP(g.S(), y.S(), v.S(), svs)
	sameBitsOrNaN(t, name+" log vjp", g.S(), wv)
	g.Check(t, name+" log vjp")
	sy.Check(t, name+" y", y.S())
	sv.Check(t, name+" v", v.S())
	iy := testutil.GuardedCopy(ys, off)
	logVJP(iy.S(), iy.S(), v.S(), svs)
	sameBitsOrNaN(t, name+" log vjp in place over y", iy.S(), wv)
	iv := testutil.GuardedCopy(v.S(), off)
	logVJP(iv.S(), y.S(), iv.S(), svs)
	sameBitsOrNaN(t, name+" log vjp in place over v", iv.S(), wv)
	iv.Check(t, name+" log vjp in place over v")
}
