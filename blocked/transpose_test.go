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

// TestTransposeBlocked checks the blocked driver with small blocks (so that every shape
// below is cut into many blocks with ragged edges) against the reference, with guards,
// on one core and with the blocks split across three workers (the multi-core threshold
// lowered to zero; float64 dst unaligned, so the non-temporal path declines).
func TestTransposeBlocked(t *testing.T) {
	r0, b0, w0, m0 := transposeBlockRows, transposeBlockBytes, transposeWholeBytes, tune.TransposeNTMinBytes
	defer func() {
		transposeBlockRows, transposeBlockBytes, transposeWholeBytes, tune.TransposeNTMinBytes = r0, b0, w0, m0
	}()
	transposeBlockRows, transposeBlockBytes, transposeWholeBytes = 24, 128, 0
	for _, th := range []int{1, 3} {
		prev := SetThreads(th)
		tune.TransposeNTMinBytes = map[int]int{1: m0, 3: 0}[th]
		t.Run(fmt.Sprintf("threads=%d", th), testTransposeBlocked)
		SetThreads(prev)
	}
}

func testTransposeBlocked(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, sh := range [][2]int{{1, 1}, {24, 16}, {25, 17}, {100, 37}, {37, 100}, {64, 64}, {7, 200}} {
			m, n := sh[0], sh[1]
			name := fmt.Sprintf("%d×%d", m, n)
			a := testutil.Matrix[float64](r, m, n)
			src := testutil.GuardedMatrixCopy(a, n+r.IntN(3), r.IntN(8))
			d := testutil.NewGuardedMatrix[float64](n, m, m+r.IntN(3), 1+r.IntN(7)) // never 64-byte aligned
			Transpose(d.M, src.M)
			testutil.EqualBits(t, name, ref.Dense(d.M), ref.Dense(ref.Transpose(a)))
			d.Check(t, name)
			a32 := testutil.Matrix[float32](r, m, n)
			d32 := testutil.NewGuardedMatrix[float32](n, m, m, 3)
			Transpose(d32.M, view.Matrix[float32]{Rows: m, Cols: n, Stride: n, Data: a32.Data})
			testutil.EqualBits(t, name+"/f32", ref.Dense(d32.M), ref.Dense(ref.Transpose(a32)))
			d32.Check(t, name+"/f32")
		}
	})
}
