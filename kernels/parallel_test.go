package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// forceParallel makes every elementwise, activation and softmax call split its output
// across three workers, however small it is (more workers than this machine's cores,
// uneven parts, some of only 16 elements or one row), until restore is called.
func forceParallel() (restore func()) {
	saved, savedRow := tune.ParMinBytes, tune.RowParMinBytes
	tune.ParMinBytes, tune.RowParMinBytes = 0, 0
	prev := blocked.SetThreads(3)
	return func() {
		tune.ParMinBytes, tune.RowParMinBytes = saved, savedRow
		blocked.SetThreads(prev)
	}
}

// TestParallelElementwise runs the Hadamard-family and sigmoid tests (reference values,
// guard bands, in-place cases, every level) with every output split across workers,
// the non-temporal forms included, and checks Exp split the same way against the
// generic level's bits (Exp gives the same bits at every level, NaN payloads aside).
func TestParallelElementwise(t *testing.T) {
	defer forceParallel()()
	t.Run("HadamardFamily", TestHadamardFamily)
	t.Run("HadamardNonTemporal", TestHadamardNonTemporal)
	t.Run("SigmoidKernels", TestSigmoidKernels)
	t.Run("SigmoidJVPNonTemporal", TestSigmoidJVPNonTemporal)
	t.Run("Exp", func(t *testing.T) {
		testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
			testParallelExp(t, Exp, dispatch.TableFor(dispatch.Generic).Act.ExpF64)
			testParallelExp(t, Exp32, dispatch.TableFor(dispatch.Generic).Act.ExpF32)
		})
	})
}

func testParallelExp[T view.Float](t *testing.T, exp, want func(dst, x []T)) {
	r := testutil.Rand(t)
	for _, n := range []int{0, 1, 15, 16, 17, 47, 48, 100, 1000, 4099} {
		off := r.IntN(8)
		name := fmt.Sprintf("%d-byte/n=%d/off=%d", view.SizeOf[T](), n, off)
		x := make([]T, n)
		for i := range x {
			x[i] = T(100 * (2*r.Float64() - 1))
		}
		if n > 3 {
			x[0], x[n/2], x[n-1] = T(math.NaN()), T(math.Inf(-1)), T(math.Inf(1))
		}
		w := make([]T, n)
		want(w, x)
		d := testutil.NewGuarded[T](n, off)
		exp(d.S(), x)
		actWithinULP(t, name, d.S(), w, 0) // the same bits, any NaN for NaN
		d.Check(t, name)
	}
}

// TestParallelTraining runs the tests of the network activations, the layer epilogues
// (by rows; ColSums by columns) and the optimizers (by parameters) with every call
// split across workers.
func TestParallelTraining(t *testing.T) {
	defer forceParallel()()
	t.Run("NNActivations", TestNNActivations)
	t.Run("NNMatrices", TestNNMatrices)
	t.Run("Optimizers", TestOptimizers)
}
