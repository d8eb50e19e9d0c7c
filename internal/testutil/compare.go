package testutil

import (
	"math"
	"testing"

	"github.com/matkern/matkern/internal/view"
)

// ULP returns the distance between a and b in units in the last place of T: the number
// of representable values between them (0 if equal, including +0 and -0). Two NaNs are
// 0 apart; a NaN and a number are as far apart as possible.
func ULP[T view.Float](a, b T) uint64 {
	if a != a || b != b {
		if a != a && b != b {
			return 0
		}
		return math.MaxUint64
	}
	if a == b {
		return 0
	}
	var ia, ib int64
	switch x := any(a).(type) {
	case float32:
		ia, ib = int64(ordered32(x)), int64(ordered32(any(b).(float32)))
	case float64:
		ia, ib = ordered64(x), ordered64(any(b).(float64))
	}
	if ia > ib {
		ia, ib = ib, ia
	}
	return uint64(ib) - uint64(ia)
}

// ordered64 maps a float64 to an integer with the same order, consecutive floats
// mapping to consecutive integers.
func ordered64(x float64) int64 {
	i := int64(math.Float64bits(x))
	if i < 0 {
		i = math.MinInt64 - i
	}
	return i
}

func ordered32(x float32) int32 {
	i := int32(math.Float32bits(x))
	if i < 0 {
		i = math.MinInt32 - i
	}
	return i
}

// RelErr returns |got − want| / max(|want|, tiny), where tiny keeps the bound meaningful
// near zero; NaN and infinities must match exactly (0 if they do, +Inf if not).
func RelErr(got, want, tiny float64) float64 {
	switch {
	case math.IsNaN(want) || math.IsNaN(got):
		if math.IsNaN(want) && math.IsNaN(got) {
			return 0
		}
		return math.Inf(1)
	case math.IsInf(want, 0) || math.IsInf(got, 0):
		if got == want {
			return 0
		}
		return math.Inf(1)
	}
	return math.Abs(got-want) / math.Max(math.Abs(want), tiny)
}

// Eps returns the machine epsilon of T (2⁻⁵² or 2⁻²³).
func Eps[T view.Float]() float64 {
	var z T
	if _, ok := any(z).(float32); ok {
		return 0x1p-23
	}
	return 0x1p-52
}

// EqualBits fails t at the first element where got and want differ in bits.
// Use it where the kernel must be exact (elementwise code whose generic version
// fuses exactly as the assembly does).
func EqualBits[T view.Float](t testing.TB, name string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if !SameBits(got[i], want[i]) {
			t.Errorf("%s: element %d is %v, want %v (bit-exact)", name, i, got[i], want[i])
			return
		}
	}
}

// WithinULP fails t at the first element more than maxULP units in the last place from want.
func WithinULP[T view.Float](t testing.TB, name string, got, want []T, maxULP uint64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if d := ULP(got[i], want[i]); d > maxULP {
			t.Errorf("%s: element %d is %v, want %v (%d ULP apart, bound %d)", name, i, got[i], want[i], d, maxULP)
			return
		}
	}
}

// WithinRel fails t at the first element whose RelErr against want (with floor tiny)
// exceeds tol. The caller states the bound's justification next to the call.
func WithinRel[T view.Float](t testing.TB, name string, got, want []T, tol, tiny float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if e := RelErr(float64(got[i]), float64(want[i]), tiny); e > tol {
			t.Errorf("%s: element %d is %v, want %v (relative error %.3g, bound %.3g)", name, i, got[i], want[i], e, tol)
			return
		}
	}
}
