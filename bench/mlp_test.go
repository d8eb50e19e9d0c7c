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
	testMLPImpls[float64](t, 1e-9)
	testMLPImpls[float32](t, 2e-4)
}

func testMLPImpls[T view.Float](t *testing.T, tol float64) {
	sizes := []int{20, 12, 8, 5}
	var want []T
	for _, impl := range []string{"matkern", "unfused", "gonum"} {
		m := newMLPImpl[T](impl, 16, sizes)
		p0 := append([]T(nil), m.params()...)
		for range 3 {
			m.step()
		}
		p := m.params()
		if want == nil {
			want = p
			moved := 0
			for i := range p {
				if p[i] != p0[i] {
					moved++
				}
			}
			if moved < len(p)/2 {
				t.Fatalf("%T: only %d of %d parameters moved", T(0), moved, len(p))
			}
			continue
		}
		for i := range p {
			if d := math.Abs(float64(p[i] - want[i])); d > tol*max(1, math.Abs(float64(want[i]))) {
				t.Fatalf("%T %s: parameter %d is %v, matkern's %v", T(0), impl, i, p[i], want[i])
			}
		}
	}
	// The GEMM-only step runs too.
	newMLPImpl[T]("gemm", 16, sizes).step()
}
