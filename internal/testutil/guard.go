package testutil

import (
	"math"
	"testing"

	"github.com/matkern/matkern/internal/view"
)

// GuardLen is the number of sentinel elements on each side of a guarded slice.
const GuardLen = 16

// Sentinels are NaNs with a payload no arithmetic produces; guards are compared bit for
// bit, so a stray write of any value, even another NaN, is caught.
const (
	sentinel64 = 0x7FF4_DEAD_BEEF_0BAD
	sentinel32 = 0x7FA0_BAD1
)

// Sentinel returns the guard value of type T.
func Sentinel[T view.Float]() T {
	var z T
	switch any(z).(type) {
	case float32:
		return T(math.Float32frombits(sentinel32))
	}
	return T(math.Float64frombits(sentinel64))
}

// IsSentinel reports whether v has exactly the sentinel's bits.
func IsSentinel[T view.Float](v T) bool {
	switch x := any(v).(type) {
	case float32:
		return math.Float32bits(x) == sentinel32
	case float64:
		return math.Float64bits(x) == sentinel64
	}
	return false
}

// Guarded is a slice of n elements placed off elements (0–7 in tests, to vary alignment)
// after a band of sentinels, with another band after it.
type Guarded[T view.Float] struct {
	all    []T
	lo, hi int
}

// NewGuarded returns a guarded slice of length n at element offset off, its elements
// set to the sentinel (so an output element the kernel forgets to write is caught too).
func NewGuarded[T view.Float](n, off int) *Guarded[T] {
	all := make([]T, GuardLen+off+n+GuardLen)
	s := Sentinel[T]()
	for i := range all {
		all[i] = s
	}
	return &Guarded[T]{all: all, lo: GuardLen + off, hi: GuardLen + off + n}
}

// GuardedCopy returns a guarded slice at offset off holding a copy of src.
func GuardedCopy[T view.Float](src []T, off int) *Guarded[T] {
	g := NewGuarded[T](len(src), off)
	copy(g.S(), src)
	return g
}

// S returns the slice between the guards, with capacity ending at the upper guard.
func (g *Guarded[T]) S() []T { return g.all[g.lo:g.hi:g.hi] }

// Check fails t if any guard element was changed.
func (g *Guarded[T]) Check(t testing.TB, name string) {
	t.Helper()
	for i, v := range g.all {
		if (i < g.lo || i >= g.hi) && !IsSentinel(v) {
			t.Errorf("%s: guard element %d (relative to start) overwritten with %v", name, i-g.lo, v)
			return
		}
	}
}

// GuardedMatrix is a rows×cols matrix with the given stride at element offset off,
// with sentinel bands before and after it and sentinels in the gaps between rows
// (columns cols … stride-1), all checked by Check.
type GuardedMatrix[T view.Float] struct {
	buf *Guarded[T]
	M   view.Matrix[T]
}

// NewGuardedMatrix returns a guarded matrix whose elements are all sentinels.
func NewGuardedMatrix[T view.Float](rows, cols, stride, off int) *GuardedMatrix[T] {
	n := 0
	if rows > 0 {
		n = (rows-1)*stride + cols
	}
	g := NewGuarded[T](n, off)
	return &GuardedMatrix[T]{buf: g, M: view.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: g.S()}}
}

// GuardedMatrixCopy returns a guarded matrix (stride, offset off) holding a copy of src.
func GuardedMatrixCopy[T view.Float](src view.Matrix[T], stride, off int) *GuardedMatrix[T] {
	g := NewGuardedMatrix[T](src.Rows, src.Cols, stride, off)
	for i := 0; i < src.Rows; i++ {
		copy(g.M.Row(i), src.Row(i))
	}
	return g
}

// Check fails t if a guard band or a gap between rows was written.
func (g *GuardedMatrix[T]) Check(t testing.TB, name string) {
	t.Helper()
	g.buf.Check(t, name)
	for i := 0; i+1 < g.M.Rows; i++ {
		for j := g.M.Cols; j < g.M.Stride; j++ {
			if v := g.M.Data[i*g.M.Stride+j]; !IsSentinel(v) {
				t.Errorf("%s: gap element (%d, %d) past the %d columns overwritten with %v", name, i, j, g.M.Cols, v)
				return
			}
		}
	}
}

// Snapshot keeps a bitwise copy of an input so a test can check the kernel left it unchanged.
type Snapshot[T view.Float] struct{ data []T }

// Snap copies s.
func Snap[T view.Float](s []T) Snapshot[T] { return Snapshot[T]{append([]T(nil), s...)} }

// Check fails t unless s is bit for bit what was snapped.
func (p Snapshot[T]) Check(t testing.TB, name string, s []T) {
	t.Helper()
	if len(s) != len(p.data) {
		t.Errorf("%s: input length changed from %d to %d", name, len(p.data), len(s))
		return
	}
	for i := range s {
		if !SameBits(s[i], p.data[i]) {
			t.Errorf("%s: input element %d changed from %v to %v", name, i, p.data[i], s[i])
			return
		}
	}
}

// SameBits reports whether a and b have identical bit patterns.
func SameBits[T view.Float](a, b T) bool {
	switch x := any(a).(type) {
	case float32:
		return math.Float32bits(x) == math.Float32bits(any(b).(float32))
	case float64:
		return math.Float64bits(x) == math.Float64bits(any(b).(float64))
	}
	return false
}
