package testutil

import (
	"math"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing, so the harness's
// own checks can be shown to fail when they should.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

func TestGuardsCatchStrayWrites(t *testing.T) {
	for off := 0; off < 8; off++ {
		g := NewGuarded[float64](5, off)
		copy(g.S(), []float64{1, 2, 3, 4, 5})
		r := &recorder{TB: t}
		g.Check(r, "clean")
		if r.failed {
			t.Fatal("Check failed on untouched guards")
		}
		full := g.S()[:cap(g.S())]
		if len(full) != 5 {
			t.Fatalf("S() has capacity %d past its length 5", cap(g.S()))
		}
		g.all[g.hi] = math.NaN() // one past the end: a different NaN must still be caught
		g.Check(r, "after")
		if !r.failed {
			t.Error("a write just past the end was not caught")
		}
	}
	m := NewGuardedMatrix[float32](3, 2, 4, 1)
	r := &recorder{TB: t}
	m.M.Data[2] = 0 // the gap after row 0
	m.Check(r, "gap")
	if !r.failed {
		t.Error("a write into the stride gap was not caught")
	}
}

func TestULP(t *testing.T) {
	cases := []struct {
		a, b float64
		want uint64
	}{
		{1, 1, 0}, {0, math.Copysign(0, -1), 0}, {1, math.Nextafter(1, 2), 1},
		{math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 2},
		{math.NaN(), math.NaN(), 0}, {math.NaN(), 1, math.MaxUint64},
		{math.MaxFloat64, math.Inf(1), 1},
	}
	for _, c := range cases {
		if got := ULP(c.a, c.b); got != c.want {
			t.Errorf("ULP(%v, %v) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := ULP(c.b, c.a); got != c.want {
			t.Errorf("ULP(%v, %v) = %d, want %d", c.b, c.a, got, c.want)
		}
	}
	if got := ULP[float32](1, math.Nextafter32(1, 0)); got != 1 {
		t.Errorf("float32 ULP across one step = %d", got)
	}
}

func TestComparisonsFail(t *testing.T) {
	r := &recorder{TB: t}
	WithinULP(r, "x", []float64{1}, []float64{math.Nextafter(1, 2)}, 0)
	if !r.failed {
		t.Error("WithinULP accepted 1 ULP with bound 0")
	}
	r = &recorder{TB: t}
	WithinRel(r, "x", []float32{1.1}, []float32{1}, 0.05, 1e-6)
	if !r.failed {
		t.Error("WithinRel accepted a 10% error with bound 5%")
	}
	r = &recorder{TB: t}
	EqualBits(r, "x", []float64{0}, []float64{math.Copysign(0, -1)})
	if !r.failed {
		t.Error("EqualBits accepted -0 for +0")
	}
	if RelErr(math.Inf(1), math.Inf(-1), 1) != math.Inf(1) || RelErr(math.NaN(), math.NaN(), 1) != 0 {
		t.Error("RelErr mishandles infinities or NaN")
	}
}
