package bench

import (
	"math"
	"testing"

	"github.com/matkern/matkern/internal/view"
)

// TestMLPImplsAgree runs three steps of each implementation of the MLP benchmark on a
// small problem and checks that they end with the same parameters (within 1e-9
// relative for float64 and 2e-4 for float32: the implementations sum in other orders),
// so that the cases time the same work.
func TestMLPImplsAgree(t *testing.T) {
	for _, impl := range []string{"unfused", "gonum"} {
		mlpAgrees(t, impl, func(batch int, sizes []int) mlpImpl[float64] { return newMLPImpl[float64](impl, batch, sizes) }, 1e-9)
		mlpAgrees(t, impl, func(batch int, sizes []int) mlpImpl[float32] { return newMLPImpl[float32](impl, batch, sizes) }, 2e-4)
	}
	// The GEMM-only step runs too.
	newMLPImpl[float64]("gemm", 16, []int{20, 12, 8, 5}).step()
	newMLPImpl[float32]("gemm", 16, []int{20, 12, 8, 5}).step()
}

// mlpAgrees runs three steps of grad/nn's MLP (the "matkern" case) and of the
// implementation that mk builds on a small problem (batch 16, 20-12-8-5) and fails
// unless their parameters end within tol (relative, at least absolute) of each other.
func mlpAgrees[T view.Float](t *testing.T, name string, mk func(batch int, sizes []int) mlpImpl[T], tol float64) {
	t.Helper()
	const batch = 16
	sizes := []int{20, 12, 8, 5}
	run := func(m mlpImpl[T]) (p0, p []T) {
		p0 = append([]T(nil), m.params()...)
		for range 3 {
			m.step()
		}
		return p0, m.params()
	}
	p0, want := run(newMLPImpl[T]("matkern", batch, sizes))
	moved := 0
	for i := range want {
		if want[i] != p0[i] {
			moved++
		}
	}
	if moved < len(want)/2 {
		t.Fatalf("%T: only %d of %d parameters moved", T(0), moved, len(want))
	}
	_, p := run(mk(batch, sizes))
	if len(p) != len(want) {
		t.Fatalf("%T %s: %d parameters, matkern's %d", T(0), name, len(p), len(want))
	}
	for i := range p {
		if d := math.Abs(float64(p[i] - want[i])); !(d <= tol*max(1, math.Abs(float64(want[i])))) {
			t.Fatalf("%T %s: parameter %d is %v, matkern's %v", T(0), name, i, p[i], want[i])
		}
	}
}
