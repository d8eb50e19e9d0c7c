package view

import (
	"math"
	"math/bits"
	"strings"
	"testing"
)

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want one containing %q", want)
			return
		}
		if msg, _ := r.(string); !strings.Contains(msg, want) {
			t.Errorf("panic %q, want one containing %q", r, want)
		}
	}()
	f()
}

func TestCheck(t *testing.T) {
	ok := []Matrix[float64]{
		{0, 0, nil, 1}, {0, 5, nil, 5}, {3, 0, nil, 1}, {1, 1, make([]float64, 1), 1},
		{2, 3, make([]float64, 7), 4}, {1, 3, make([]float64, 3), 10},
	}
	for _, m := range ok {
		Check("f", "m", m)
	}
	mustPanic(t, "f: m has negative shape -1×2", func() { Check("f", "m", Matrix[float64]{-1, 2, nil, 2}) })
	mustPanic(t, "f: a (2×3) has stride 2", func() { Check("f", "a", Matrix[float64]{2, 3, make([]float64, 6), 2}) })
	mustPanic(t, "has stride 0", func() { Check("f", "a", Matrix[float32]{0, 0, nil, 0}) })
	mustPanic(t, "f: m (2×3, stride 4) needs (rows−1)·stride+cols elements, has 6", func() { Check("f", "m", Matrix[float64]{2, 3, make([]float64, 6), 4}) })
	mustPanic(t, "needs (rows−1)·stride+cols elements, has 8", func() { Check("f", "m", Matrix[float64]{3, 2, make([]float64, 8), math.MaxInt / 2}) })
	mustPanic(t, "needs (rows−1)·stride+cols elements, has 8", func() { Check("f", "m", Matrix[float64]{math.MaxInt/2 + 1, 2, make([]float64, 8), 4}) })
	mustPanic(t, "g: b is 2×3, want 3×2", func() { Dims("g", "b", Matrix[float64]{2, 3, make([]float64, 6), 3}, 3, 2) })
	mustPanic(t, "h: shapes differ: a is 1×2, b is 2×1", func() {
		SameShape("h", "a", Matrix[float64]{1, 2, make([]float64, 2), 2}, "b", Matrix[float64]{2, 1, make([]float64, 2), 1})
	})
	mustPanic(t, "k: lengths differ: len(x) = 2, len(y) = 3", func() { SameLen("k", "x", make([]float32, 2), "y", make([]float32, 3)) })
}

func TestMul(t *testing.T) {
	const h = 1 << (bits.UintSize / 2) // h·h overflows an int
	for _, c := range []struct {
		a, b, want int
		ok         bool
	}{
		{0, 0, 0, true}, {0, math.MaxInt, 0, true}, {3, 4, 12, true}, {1, math.MaxInt, math.MaxInt, true},
		{h, h, 0, false}, {2, math.MaxInt/2 + 1, 0, false}, {h / 2, h, 0, false}, {h / 2, h - 1, h / 2 * (h - 1), true},
	} {
		if got, ok := Mul(c.a, c.b); got != c.want || ok != c.ok {
			t.Errorf("Mul(%d, %d) = %d, %v; want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
	mustPanic(t, "f: the rows of dst, 3·4, overflow an int", func() { TooLarge("f", "the rows of dst", 3, 4) })
}

func TestOverlap(t *testing.T) {
	s := make([]float64, 10)
	cases := []struct {
		a, b           []float64
		exact, partial bool
	}{
		{s, s, true, false},
		{s[:5], s[5:], false, false},
		{s[:6], s[5:], false, true},
		{s[1:4], s[:10], false, true},
		{s[:4], s[:5], false, true},
		{s[:0], s, false, false},
		{s, make([]float64, 10), false, false},
	}
	for i, c := range cases {
		e, p := Overlap(c.a, c.b)
		if e != c.exact || p != c.partial {
			t.Errorf("case %d: Overlap = %v, %v; want %v, %v", i, e, p, c.exact, c.partial)
		}
	}
	NoPartialOverlap("f", "dst", s, "a", s)
	mustPanic(t, "f: dst and a overlap partially", func() { NoPartialOverlap("f", "dst", s[1:], "a", s[:9]) })
}

func TestViewsShareData(t *testing.T) {
	m := Matrix[float64]{Rows: 2, Cols: 2, Stride: 3, Data: []float64{1, 2, 0, 3, 4}}
	g := General64(m)
	g.Data[4] = 9
	if m.At(1, 1) != 9 || F64(g).At(1, 1) != 9 {
		t.Error("General64/F64 copied the data")
	}
	if got := m.Row(1); len(got) != 2 || got[0] != 3 {
		t.Errorf("Row(1) = %v", got)
	}
	if len(m.Span()) != 5 || m.Contiguous() {
		t.Errorf("Span length %d, Contiguous %v", len(m.Span()), m.Contiguous())
	}
}

func TestNoOverlapAndWantLen(t *testing.T) {
	s := make([]float32, 6)
	NoOverlap("f", "dst", s[:3], "a", s[3:])
	mustPanic(t, "f: dst and a share memory", func() { NoOverlap("f", "dst", s, "a", s) })
	mustPanic(t, "f: dst and a share memory", func() { NoOverlap("f", "dst", s[:4], "a", s[3:]) })
	WantLen("g", "v", s, 6, "the elements of a (2×3)")
	mustPanic(t, "g: len(v) = 6, want 4, the elements of a (2×2)", func() { WantLen("g", "v", s, 4, "the elements of a (2×2)") })
}
