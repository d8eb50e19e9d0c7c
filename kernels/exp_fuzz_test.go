package kernels

import (
	"math"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// Fuzz targets of the exp, sigmoid and softmax families: each decodes arbitrary bytes
// into a shape and values (the working range, large and tiny magnitudes, the special
// values), runs the public kernel at every available level and compares each level's
// result with the generic level's within the documented bound (bit for bit where the
// documentation says every level gives the same bits). Run one with, for example,
//
//	go test ./kernels -run '^$' -fuzz FuzzExp -fuzztime 30s

// actSpecials are the values a fuzz input can select besides ordinary numbers.
var actSpecials = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e308, -1e308, 5e-324}

// actFuzzVals decodes n values from data, three bytes each (zeros once data runs out):
// the first byte picks a special value (1 in 16) or a scale 1, 10, 100 or 1000, the next
// two a value uniform in [−scale, scale].
func actFuzzVals(data []byte, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		if len(data) < 3 {
			break
		}
		c, u := data[0], uint16(data[1])|uint16(data[2])<<8
		data = data[3:]
		if c%16 == 0 {
			out[i] = actSpecials[int(c/16)%len(actSpecials)]
			continue
		}
		scale := []float64{1, 10, 100, 1000}[c%4]
		out[i] = scale * (float64(u)/32767.5 - 1)
	}
	return out
}

// actEachLevel runs f with each available level in force and returns the outputs,
// generic's first.
func actEachLevel[T any](t *testing.T, f func(l dispatch.Level) T) []T {
	var outs []T
	for _, l := range dispatch.Available() {
		restore, err := dispatch.Set(l)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, f(l))
		restore()
	}
	return outs
}

// actWithinULP fails unless got is within bound ULP of want (NaN matching NaN).
func actWithinULP[T view.Float](t *testing.T, name string, got, want []T, bound uint64) {
	t.Helper()
	for i := range got {
		if d := testutil.ULP(got[i], want[i]); d > bound {
			t.Fatalf("%s: element %d is %v, want %v (%d ULP, bound %d)", name, i, got[i], want[i], d, bound)
		}
	}
}

// actWithinAbs fails unless each got[i] is within tol[i] of want[i]; NaN must match NaN
// and an infinite want must be matched exactly.
func actWithinAbs[T view.Float](t *testing.T, name string, got, want []T, tol []float64) {
	t.Helper()
	for i := range got {
		g, w := float64(got[i]), float64(want[i])
		switch {
		case math.IsNaN(w) || math.IsInf(w, 0):
			if !(g == w || math.IsNaN(g) && math.IsNaN(w)) {
				t.Fatalf("%s: element %d is %v, want %v", name, i, g, w)
			}
		case !(math.Abs(g-w) <= tol[i]):
			t.Fatalf("%s: element %d is %v, want %v (bound %.3g)", name, i, g, w, tol[i])
		}
	}
}

// FuzzExp: Exp and Exp32 give the same bits at every level, in place too.
func FuzzExp(f *testing.F) {
	f.Add(uint8(0), []byte("exp: some bytes to decode into values, some bytes more"))
	f.Add(uint8(5), make([]byte, 300))
	f.Fuzz(func(t *testing.T, off uint8, data []byte) {
		x := actFuzzVals(data, len(data)/3)
		o := int(off % 8)
		outs := actEachLevel(t, func(dispatch.Level) []float64 {
			d := make([]float64, len(x)+o)[o:]
			Exp(d, x)
			in := append([]float64(nil), x...)
			Exp(in, in)
			sameVals(t, "Exp in place", in, d)
			return d
		})
		for _, g := range outs[1:] {
			sameVals(t, "Exp", g, outs[0])
		}
		x32 := to32(x)
		outs32 := actEachLevel(t, func(dispatch.Level) []float32 {
			d := make([]float32, len(x32)+o)[o:]
			Exp32(d, x32)
			return d
		})
		for _, g := range outs32[1:] {
			sameVals(t, "Exp32", g, outs32[0])
		}
	})
}
