package blocked

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

func spdInvOf[T view.Float](a view.Matrix[T]) (float64, int) {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		return SPDInverse32(view.General32(x))
	}
	return SPDInverse(view.General64(any(a).(view.Matrix[float64])))
}

// TestSPDInverse inverts random SPD matrices of the listed orders at every level, in
// guarded storage with strides past the columns and NaN in the strict upper triangle
// (which must not be read), with the default block width and two others, and checks:
// the guards, exact symmetry, the residual ‖A·X − I‖ (as LU's test), and X and log det
// against Cholesky + CholeskyInverse (same rounding order of magnitude: the bound is
// 10·n·ε·κ∞·‖X‖, κ∞ from the computed inverse).
func TestSPDInverse(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		widths := []int{spdBlock, 0, 48}
		if raceEnabled {
			widths = widths[2:]
		}
		for _, w := range widths {
			saved := spdBlock
			spdBlock = w
			testSPD[float64](t, r, fmt.Sprintf("spdb=%d", w))
			testSPD[float32](t, r, fmt.Sprintf("spdb=%d", w))
			spdBlock = saved
		}
	})
}

func testSPD[T view.Float](t *testing.T, r *rand.Rand, knobs string) {
	for _, n := range []int{0, 1, 2, 3, 17, 64, 65, 130, 300, 600} {
		if n == 600 && (testing.Short() || raceEnabled || view.Is32[T]()) {
			continue
		}
		name := fmt.Sprintf("%s/%T/n=%d", knobs, T(0), n)
		a := spd[T](r, n)
		in := view.Matrix[T]{Rows: n, Cols: n, Stride: max(n, 1), Data: append([]T(nil), a.Data...)}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				in.Set(i, j, T(math.NaN()))
			}
		}
		g := testutil.GuardedMatrixCopy(in, max(1, n+r.IntN(5)), r.IntN(8))
		ld, f := spdInvOf(g.M)
		if f != -1 {
			t.Fatalf("%s: failed = %d", name, f)
		}
		g.Check(t, name)
		for i := 0; i < n; i++ {
			for j := 0; j < i; j++ {
				if g.M.At(i, j) != g.M.At(j, i) {
					t.Fatalf("%s: X[%d,%d] = %v ≠ X[%d,%d] = %v", name, i, j, g.M.At(i, j), j, i, g.M.At(j, i))
				}
			}
		}
		checkInverse(t, name, a, g.M)
		c := view.Matrix[T]{Rows: n, Cols: n, Stride: max(n, 1), Data: append([]T(nil), a.Data...)}
		cholOf(c)
		cl := 0.0
		for i := 0; i < n; i++ {
			cl += 2 * math.Log(float64(c.At(i, i)))
		}
		cholInvOf(c)
		eps := float64(testutil.Eps[T]())
		var nx, na float64
		for i := 0; i < n; i++ {
			var sx, sa float64
			for j := 0; j < n; j++ {
				sx += math.Abs(float64(g.M.At(i, j)))
				sa += math.Abs(float64(a.At(i, j)))
			}
			nx, na = max(nx, sx), max(na, sa)
		}
		ltol := 4 * float64(n) * eps * (1 + math.Abs(cl) + nx*na)
		if d := math.Abs(ld - cl); !(d <= ltol) {
			t.Fatalf("%s: log det %v, Cholesky's %v", name, ld, cl)
		}
		tol := 10 * float64(n) * eps * nx * na * nx
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if d := math.Abs(float64(g.M.At(i, j) - c.At(i, j))); !(d <= tol) {
					t.Fatalf("%s: X[%d,%d] = %v, Cholesky's %v (tolerance %v)", name, i, j, g.M.At(i, j), c.At(i, j), tol)
				}
			}
		}
		if n > 0 && n <= 130 && !view.Is32[T]() {
			// Against the unblocked Gauss–Jordan reference.
			a64 := make([]float64, n*n)
			for i := range a64 {
				a64[i] = float64(a.Data[i])
			}
			ref, _, refLog, _ := gjRef(a64, n)
			if !(math.Abs(refLog-ld) <= ltol) {
				t.Fatalf("%s: log det %v, reference %v", name, ld, refLog)
			}
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					if d := math.Abs(float64(g.M.At(i, j)) - ref[i*n+j]); !(d <= tol) {
						t.Fatalf("%s: X[%d,%d] = %v, reference %v (tolerance %v)", name, i, j, g.M.At(i, j), ref[i*n+j], tol)
					}
				}
			}
		}
	}
}

func cholOf[T view.Float](a view.Matrix[T]) int {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		return Cholesky32(view.General32(x))
	}
	return Cholesky(view.General64(any(a).(view.Matrix[float64])))
}

func cholInvOf[T view.Float](a view.Matrix[T]) {
	if x, ok := any(a).(view.Matrix[float32]); ok {
		CholeskyInverse32(view.General32(x))
		return
	}
	CholeskyInverse(view.General64(any(a).(view.Matrix[float64])))
}

var _ = blas32.General{}
var _ = blas64.General{}
