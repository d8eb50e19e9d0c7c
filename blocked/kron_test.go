package blocked

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// TestKronThreads splits small outputs across several workers (the threshold lowered to
// zero), including more workers than output rows and splits that do not divide the rows
// evenly, in both the non-temporal (dst = A⊗B) and the accumulating form, at every
// level, against internal/ref with guard bands around dst and its stride gaps. Under
// -race (make test-race) it also checks that the workers' rows do not overlap.
func TestKronThreads(t *testing.T) {
	saved := tune.KronNTMinBytes
	tune.KronNTMinBytes = 0
	defer func() { tune.KronNTMinBytes = saved }()
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		for _, th := range []int{2, 3, 7} {
			prev := SetThreads(th)
			t.Run(fmt.Sprintf("threads=%d", th), func(t *testing.T) {
				testKronThreads[float64](t)
				testKronThreads[float32](t)
			})
			SetThreads(prev)
		}
	})
}

func testKronThreads[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	for _, sh := range [][4]int{{1, 3, 2, 5}, {2, 2, 3, 17}, {5, 3, 1, 40}, {3, 4, 5, 16}, {1, 1, 1, 9}} {
		m, n, p, q := sh[0], sh[1], sh[2], sh[3]
		a, b := testutil.Matrix[T](r, m, n), testutil.Matrix[T](r, p, q)
		name := fmt.Sprintf("%v/%d-byte", sh, view.SizeOf[T]())

		d := testutil.NewGuardedMatrix[T](m*p, n*q, n*q+3, r.IntN(8))
		Kron(d.M, a, b, 1, false)
		testutil.EqualBits(t, name, ref.Dense(d.M), ref.Dense(ref.Kron(a, b)))
		d.Check(t, name)

		alpha := T(-1.5)
		acc := testutil.GuardedMatrixCopy(testutil.Matrix[T](r, m*p, n*q), n*q+1, r.IntN(8))
		want := ref.KronAdd(acc.M, alpha, a, b)
		Kron(acc.M, a, b, alpha, true)
		testutil.EqualBits(t, name+"/acc", ref.Dense(acc.M), ref.Dense(want))
		acc.Check(t, name+"/acc")
	}
}
