package asm_test

import (
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

// slicedKernel is one level's sliced multiply with its packer of F.
type slicedKernel[T view.Float] struct {
	f    func(nb, r, p, q int, a []T, lda, sa int, f []T, ldf int, c []T, ldc, sc int, alpha, beta T)
	pack func(dst []T, ldf int, src []T, rs, cs, p, q int)
	ld   func(q int) int
}

func slicedOf[T view.Float](t *dispatch.Table) slicedKernel[T] {
	var z T
	f := &t.Factored
	if _, ok := any(z).(float32); ok {
		return any(slicedKernel[float32]{f.SlicedF32, f.PackF32, f.LDF32}).(slicedKernel[T])
	}
	return any(slicedKernel[float64]{f.SlicedF64, f.PackF64, f.LDF64}).(slicedKernel[T])
}

// packed returns F (p×q, row-major, or column-major if trans) packed by k with ldf =
// k.ld(q) + extra, at element offset off, guarded; with nan, every padding value (a
// packed zero: F has none) is NaN, which must not reach any stored value.
func packed[T view.Float](k slicedKernel[T], fs []T, trans bool, p, q, extra, off int, nan bool) (*testutil.Guarded[T], int) {
	ldf := k.ld(q) + extra
	n := 0
	if p > 0 {
		n = (p-1)*ldf + k.ld(q)
	}
	g := testutil.NewGuarded[T](n, off)
	if p == 0 || q == 0 {
		return g, ldf
	}
	buf := make([]T, p*ldf)
	rs, cs := q, 1
	if trans {
		rs, cs = 1, p
	}
	k.pack(buf, ldf, fs, rs, cs, p, q)
	copy(g.S(), buf)
	if nan {
		for i, v := range g.S() {
			if v == 0 {
				g.S()[i] = T(math.NaN())
			}
		}
	}
	return g, ldf
}

func slicedGeneric[T view.Float]() slicedKernel[T] {
	return slicedOf[T](dispatch.TableFor(dispatch.Generic))
}

// slicedCase is one call: sizes, strides (extra elements beyond the minimum), offsets.
type slicedCase struct {
	nb, r, p, q          int
	xlda, xldf, xldc, xs int // extra stride: lda = r+xlda, ldf = padded q + xldf·pad, ldc = q+xldc, batch gaps xs
	offA, offF, offC     int
	alpha, beta          float64
	nanA                 bool // NaN in A's unused gaps and F's padding (must not matter)
	transF               bool // F given column-major to the packer
	alignC               bool // C 64-byte aligned (offC unused), so non-temporal stores can run
	negZero              bool // A all +0 and F negative: every product is −0, the sums +0
}

func (s slicedCase) String() string {
	return fmt.Sprintf("nb=%d/r=%d/p=%d/q=%d/x=%d,%d,%d,%d/off=%d,%d,%d/α=%v/β=%v/nan=%v/transF=%v",
		s.nb, s.r, s.p, s.q, s.xlda, s.xldf, s.xldc, s.xs, s.offA, s.offF, s.offC, s.alpha, s.beta, s.nanA, s.transF)
}

// runSliced runs one case with kernel k and checks it: against ref.Sliced within
// (p+2)·ε·scale (each of the p fused steps and the α, β products rounds once), bit for
// bit against the generic kernel (both fuse every step in the same order), guards and
// gaps of C untouched, A and F unchanged.
func runSliced[T view.Float](t *testing.T, r *rand.Rand, k slicedKernel[T], s slicedCase) {
	t.Helper()
	lda := s.r + s.xlda
	ldc := s.q + s.xldc
	sa := (s.p-1)*lda + s.r + s.xs
	if s.p == 0 {
		sa = s.xs
	}
	sc := max(0, (s.r-1)*ldc+s.q) + s.xs
	la := 0
	if s.p > 0 && s.nb > 0 {
		la = (s.nb-1)*sa + (s.p-1)*lda + s.r
	}
	lc := 0
	if s.nb > 0 && s.r > 0 && s.q > 0 {
		lc = (s.nb-1)*sc + (s.r-1)*ldc + s.q
	}
	nan := T(math.NaN())
	a := testutil.NewGuarded[T](la, s.offA)
	for i := range a.S() {
		a.S()[i] = nan
	}
	for b := 0; b < s.nb; b++ {
		for tt := 0; tt < s.p; tt++ {
			for i := 0; i < s.r; i++ {
				a.S()[b*sa+tt*lda+i] = T(r.NormFloat64())
				if s.negZero {
					a.S()[b*sa+tt*lda+i] = 0
				}
			}
		}
	}
	if !s.nanA {
		for i, v := range a.S() {
			if v != v {
				a.S()[i] = T(r.NormFloat64())
			}
		}
	}
	fs := make([]T, s.p*s.q)
	for i := range fs {
		fs[i] = T(r.NormFloat64())
		if s.negZero {
			fs[i] = -T(math.Abs(r.NormFloat64())) - 1
		}
	}
	f, ldf := packed(k, fs, s.transF, s.p, s.q, s.xldf, s.offF, s.nanA)
	gk := slicedGeneric[T]()
	gf, gldf := packed(gk, fs, s.transF, s.p, s.q, s.xldf, 0, false)
	var c interface {
		S() []T
		Check(testing.TB, string)
	} = testutil.NewGuarded[T](lc, s.offC)
	if s.alignC {
		c = alignedC[T]{testutil.NewAlignedGuardedMatrix[T](1, lc, lc, 64)}
	}
	if s.beta != 0 {
		for i := range c.S() {
			c.S()[i] = T(r.NormFloat64())
		}
	}
	cin := append([]T(nil), c.S()...)
	snapA, snapF := testutil.Snap(a.S()), testutil.Snap(f.S())
	alpha, beta := T(s.alpha), T(s.beta)

	k.f(s.nb, s.r, s.p, s.q, a.S(), lda, sa, f.S(), ldf, c.S(), ldc, sc, alpha, beta)

	name := s.String()
	a.Check(t, name+"/a guards")
	f.Check(t, name+"/f guards")
	c.Check(t, name+"/c guards")
	snapA.Check(t, name+"/a", a.S())
	snapF.Check(t, name+"/f", f.S())

	want := append([]T(nil), cin...)
	scale := ref.Sliced(s.nb, s.r, s.p, s.q, a.S(), lda, sa, gf.S(), gldf, want, ldc, sc, alpha, beta)
	eps := testutil.Eps[T]()
	for i, got := range c.S() {
		if scale[i] == 0 && testutil.SameBits(want[i], cin[i]) {
			if !testutil.SameBits(got, cin[i]) {
				t.Fatalf("%s: element %d outside the r×q corners changed from %v to %v", name, i, cin[i], got)
			}
			continue
		}
		tol := float64(s.p+2)*eps*scale[i] + 1e-300
		if d := math.Abs(float64(got) - float64(want[i])); !(d <= tol) {
			t.Fatalf("%s: element %d is %v, want %v (error %.3g, bound %.3g)", name, i, got, want[i], d, tol)
		}
	}

	g := append([]T(nil), cin...)
	gk.f(s.nb, s.r, s.p, s.q, a.S(), lda, sa, gf.S(), gldf, g, ldc, sc, alpha, beta)
	testutil.EqualBits(t, name+"/vs generic", c.S(), g)
}

// alignedC is a 64-byte aligned guarded slice (a one-row guarded matrix).
type alignedC[T view.Float] struct{ *testutil.GuardedMatrix[T] }

func (a alignedC[T]) S() []T { return a.M.Data }

func TestSliced(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("f64", func(t *testing.T) { testSliced(t, slicedOf[float64](dispatch.Current())) })
		t.Run("f32", func(t *testing.T) { testSliced(t, slicedOf[float32](dispatch.Current())) })
	})
}

func testSliced[T view.Float](t *testing.T, k slicedKernel[T]) {
	r := testutil.Rand(t)
	rnd := func() slicedCase {
		return slicedCase{nb: 1, p: []int{1, 2, 3, 8, 17}[r.IntN(5)],
			xlda: r.IntN(3) * r.IntN(9), xldf: r.IntN(2), xldc: r.IntN(3) * r.IntN(5), xs: r.IntN(4),
			offA: r.IntN(8), offF: r.IntN(8), offC: r.IntN(8),
			alpha: []float64{1, -0.5, 3}[r.IntN(3)], beta: []float64{0, 0, 1, -0.75}[r.IntN(4)], nanA: r.IntN(2) == 0,
			transF: r.IntN(2) == 0}
	}
	// Every row count through several tiles of the tallest tile (48 rows: the float32
	// two-rows-per-register kernel), at column counts of every kind.
	for _, q := range []int{1, 3, 4, 7, 8, 9, 16, 17, 24, 32, 33, 40, 64, 65} {
		for rr := 0; rr <= 100; rr++ {
			if rr > 60 && r.IntN(4) != 0 {
				continue
			}
			s := rnd()
			s.r, s.q = rr, q
			runSliced(t, r, k, s)
		}
	}
	// Every column count through several chunks of the widest tile (4 vectors).
	for q := 0; q <= 140; q++ {
		for _, rr := range []int{1, 2, 5, 13, 50} {
			s := rnd()
			s.r, s.q = rr, q
			runSliced(t, r, k, s)
		}
	}
	// Depths, batches, α = 0.
	for _, p := range []int{0, 1, 2, 5, 64, 130} {
		for _, nb := range []int{0, 1, 2, 3} {
			s := rnd()
			s.p, s.nb, s.r, s.q = p, nb, 1+r.IntN(60), 1+r.IntN(40)
			runSliced(t, r, k, s)
		}
	}
	s := rnd()
	s.alpha, s.r, s.q = 0, 30, 20
	runSliced(t, r, k, s)
	// Signed zeros: sums of −0 products start from +0 at every level, as in the generic
	// code (a kernel that starts from its first product gives −0).
	for _, q := range []int{1, 2, 3, 4, 5, 8, 12, 16, 24, 32, 40} {
		for _, p := range []int{1, 2, 8} {
			s := rnd()
			s.r, s.q, s.p, s.alpha, s.beta, s.negZero = 1+r.IntN(40), q, p, 1, 0, true
			runSliced(t, r, k, s)
		}
	}
}

// slicedNTOf is the level's non-temporal sliced multiply falling back to the plain one
// where it refuses, with its packer of F; *ran counts the calls it accepted.
func slicedNTOf[T view.Float](t *dispatch.Table, ran *int) slicedKernel[T] {
	var z T
	f := &t.Factored
	if _, ok := any(z).(float32); ok {
		k := func(nb, r, p, q int, a []float32, lda, sa int, fp []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
			if f.SlicedNTF32(nb, r, p, q, a, lda, sa, fp, ldf, c, ldc, sc, alpha, beta) {
				*ran++
				return
			}
			f.SlicedF32(nb, r, p, q, a, lda, sa, fp, ldf, c, ldc, sc, alpha, beta)
		}
		return any(slicedKernel[float32]{k, f.PackF32, f.LDF32}).(slicedKernel[T])
	}
	k := func(nb, r, p, q int, a []float64, lda, sa int, fp []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
		if f.SlicedNTF64(nb, r, p, q, a, lda, sa, fp, ldf, c, ldc, sc, alpha, beta) {
			*ran++
			return
		}
		f.SlicedF64(nb, r, p, q, a, lda, sa, fp, ldf, c, ldc, sc, alpha, beta)
	}
	return any(slicedKernel[float64]{k, f.PackF64, f.LDF64}).(slicedKernel[T])
}

// TestSlicedNT checks the non-temporal kernels like the plain ones (runSliced: against
// the reference, bit for bit against generic, guards), on aligned C with the column
// counts and strides that take the non-temporal stores (q and ldc multiples of a
// vector, two rows per broadcast) at every row count through several tiles, and on
// the cases they refuse (β ≠ 0, other q, unaligned C, odd ldc), which then run the
// plain kernels. A level that has them (the nb = 0 probe) must accept some calls; one
// that has not must accept only calls with nothing to do.
func TestSlicedNT(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		tab := dispatch.Current()
		has := tab.Factored.SlicedNTF64(0, 0, 0, 0, nil, 0, 0, nil, 0, nil, 0, 0, 0, 0)
		if has != tab.Factored.SlicedNTF32(0, 0, 0, 0, nil, 0, 0, nil, 0, nil, 0, 0, 0, 0) {
			t.Fatal("the float64 and float32 probes disagree")
		}
		t.Run("f64", func(t *testing.T) {
			var ran int
			testSlicedNT(t, slicedNTOf[float64](tab, &ran), 8)
			checkRan(t, has, ran)
		})
		t.Run("f32", func(t *testing.T) {
			var ran int
			testSlicedNT(t, slicedNTOf[float32](tab, &ran), 16)
			checkRan(t, has, ran)
		})
	})
}

func checkRan(t *testing.T, has bool, ran int) {
	t.Helper()
	if has && ran < 20 || !has && ran != 0 {
		t.Errorf("level has the kernel: %v, but it accepted %d calls", has, ran)
	}
}

func testSlicedNT[T view.Float](t *testing.T, k slicedKernel[T], v int) {
	r := testutil.Rand(t)
	for _, q := range []int{v, 2 * v, v / 2, v + 1, 3 * v} {
		for rr := 2; rr <= 80; rr++ {
			s := slicedCase{nb: 1 + r.IntN(3), r: rr, q: q, p: []int{1, 2, 3, 16, 17}[r.IntN(5)],
				xlda: r.IntN(3) * r.IntN(9), xldf: r.IntN(2), xldc: v * r.IntN(2), xs: v * r.IntN(2),
				offA: r.IntN(8), offF: r.IntN(8), alignC: true,
				alpha: []float64{1, 1, -0.5}[r.IntN(3)], nanA: r.IntN(2) == 0, transF: r.IntN(2) == 0}
			switch r.IntN(8) {
			case 0:
				s.beta = 0.5 // C read: refused
			case 1:
				s.alignC, s.offC = false, 1+r.IntN(7) // unaligned: refused
			case 2:
				s.xldc = 1 // rows not whole lines: refused
			}
			if s.nb > 1 && ((rr-1)*(q+s.xldc)+q+s.xs)%v != 0 {
				s.xs += v - ((rr-1)*(q+s.xldc)+q+s.xs)%v // batches at whole lines
			}
			runSliced(t, r, k, s)
		}
	}
}

func FuzzSliced(f *testing.F) {
	f.Add(uint8(1), uint8(30), uint8(8), uint8(16), uint8(0), uint64(1))
	f.Add(uint8(3), uint8(49), uint8(3), uint8(8), uint8(7), uint64(2))
	f.Add(uint8(2), uint8(7), uint8(32), uint8(33), uint8(255), uint64(3))
	f.Fuzz(func(t *testing.T, nb, rr, p, q, flags uint8, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 0x511CED))
		s := slicedCase{nb: int(nb % 4), r: int(rr), p: int(p % 70), q: int(q % 100),
			xlda: int(flags & 3), xldf: int(flags>>2) & 1, xldc: int(flags>>3) & 3, xs: int(flags>>5) & 3,
			offA: r.IntN(8), offF: r.IntN(8), offC: r.IntN(8),
			alpha: []float64{1, -2}[flags>>7], beta: []float64{0, 1, 0.5}[seed%3], nanA: flags&1 != 0}
		for _, l := range dispatch.Available() {
			t.Run(l.String(), func(t *testing.T) {
				runSliced(t, r, slicedOf[float64](dispatch.TableFor(l)), s)
				runSliced(t, r, slicedOf[float32](dispatch.TableFor(l)), s)
				var ran int
				nt := s
				nt.alignC = true
				runSliced(t, r, slicedNTOf[float64](dispatch.TableFor(l), &ran), nt)
				runSliced(t, r, slicedNTOf[float32](dispatch.TableFor(l), &ran), nt)
			})
		}
	})
}

// The wrappers refuse lengths that do not cover the sizes.
func TestSlicedPanics(t *testing.T) {
	a, f, c := make([]float64, 64), make([]float64, 256), make([]float64, 64)
	for _, l := range dispatch.Available() {
		k := dispatch.TableFor(l).Factored.SlicedF64
		testutil.MustPanic(t, func() { k(1, 4, 4, 8, a[:15], 4, 0, f, 32, c, 8, 0, 1, 0) }, "len(a)")
		testutil.MustPanic(t, func() { k(1, 4, 4, 8, a, 4, 0, f, 32, c[:31], 8, 0, 1, 0) }, "len(c)")
		testutil.MustPanic(t, func() { k(2, 4, 2, 8, a, 4, 8, f, 32, c, 8, 16, 1, 0) }, "overlap")
		testutil.MustPanic(t, func() { k(1, 4, 2, 8, a, 4, 0, f, 32, c, 7, 0, 1, 0) }, "strides")
	}
	_ = asm.SlicedLDGeneric
}
