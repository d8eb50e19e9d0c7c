package blocked

import (
	"fmt"
	"math"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestKronPlanPaths forces every way a step can run — the sliced multiply in one call,
// in batches of rows, in row strips; the GEMM micro-kernels instead; Y streamed through
// the buffer with non-temporal copies; one, two and three workers — at every level, in
// both precisions, and compares with the materialized product.
func TestKronPlanPaths(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("f64", testKronPaths[float64])
		t.Run("f32", testKronPaths[float32])
	})
}

type kronKnobs struct {
	name    string
	maxDim  int     // kronSlicedMax
	ntBytes int     // kronNTBytes
	flops   float64 // kronCallFlops
	group   int     // kronGroupLen
	threads int
}

func testKronPaths[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	defer func(a int, b int, c float64, d int, e float64) {
		kronSlicedMax, kronNTBytes, kronCallFlops, kronGroupLen, parallelMinFlops = a, b, c, d, e
	}(kronSlicedMax, kronNTBytes, kronCallFlops, kronGroupLen, parallelMinFlops)
	defer SetThreads(SetThreads(0))
	parallelMinFlops = 0
	knobs := []kronKnobs{
		{"default", -1, 16 << 20, 2e6, 8192, 1},
		{"gemm-path", 0, 16 << 20, 2e6, 8192, 1},
		{"nt+strips", 1 << 30, 0, 500, 8192, 2},
		{"groups", 1 << 30, 0, 1e4, 1 << 20, 3},
		{"mixed", 12, 1 << 30, 3000, 64, 2},
	}
	shapes := [][][2]int{
		{{8, 8}, {8, 8}, {4, 4}},
		{{16, 16}, {16, 16}},
		{{4, 4}, {3, 5}, {6, 2}},   // non-identity order, a b = 1 first step
		{{5, 17}, {9, 3}},          // wide and narrow
		{{2, 33}, {7, 7}, {1, 1}},  // q past two vectors, a 1×1 factor
		{{3, 3}},                   // k = 1
		{{17, 4}, {2, 20}, {3, 9}}, // strips and groups of every kind
	}
	for _, kn := range knobs {
		kronSlicedMax, kronNTBytes, kronCallFlops, kronGroupLen = kn.maxDim, kn.ntBytes, kn.flops, kn.group
		SetThreads(kn.threads)
		for _, sh := range shapes {
			for _, trans := range []bool{false, true} {
				m := []int{1, 5, 23}[r.IntN(3)]
				runKronPath(t, r, kn.name, sh, trans, m, T(1.25), []T{0, 0.5}[r.IntN(2)], false)
			}
		}
	}
}

// TestKronPlanNTDirect forces Y (β = 0, 64-byte aligned, rows of whole lines) to be
// streamed by the non-temporal sliced multiply straight from the last step, with final
// steps of one and two vectors' columns and others that keep the buffer, at every level.
func TestKronPlanNTDirect(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("f64", testKronNTDirect[float64])
		t.Run("f32", testKronNTDirect[float32])
	})
}

func testKronNTDirect[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	defer func(a int, b float64, c float64) { kronNTBytes, kronCallFlops, parallelMinFlops = a, b, c }(kronNTBytes, kronCallFlops, parallelMinFlops)
	defer SetThreads(SetThreads(0))
	kronNTBytes, parallelMinFlops = 0, 0
	shapes := [][][2]int{
		{{8, 8}, {8, 8}},
		{{16, 16}, {16, 16}},
		{{2, 2}, {32, 32}},
		{{3, 4}, {5, 16}},
		{{16, 16}, {8, 16}, {4, 8}},
		{{16, 32}, {32, 16}},
		{{4, 4}, {2, 64}}, // wide: the buffer
	}
	for _, sh := range shapes {
		for _, kf := range []float64{2e6, 3000} { // one call, strips
			kronCallFlops = kf
			SetThreads(1 + r.IntN(2))
			m := []int{1, 5, 23}[r.IntN(3)]
			runKronPath(t, r, fmt.Sprintf("nt-direct/flops=%g", kf), sh, false, m, []T{1, 1.25}[r.IntN(2)], 0, true)
		}
	}
}

// runKronPath checks one product against the materialized one; with alignY, Y is 64-byte
// aligned with a row stride of whole lines.
func runKronPath[T view.Float](t *testing.T, r interface{ IntN(int) int }, knob string, sh [][2]int, trans bool, m int, alpha, beta T, alignY bool) {
	t.Helper()
	rr := testutil.Rand(t)
	fs := make([]view.Matrix[T], len(sh))
	in, out := 1, 1
	K := view.Matrix[T]{Rows: 1, Cols: 1, Stride: 1, Data: []T{1}}
	for i, d := range sh {
		f := testutil.Matrix[T](rr, d[0], d[1]+r.IntN(2))
		f.Cols = d[1]
		fs[i] = f
		op := f
		if trans {
			op = ref.Transpose(f)
		}
		in, out = in*op.Rows, out*op.Cols
		K = ref.Kron(K, op)
	}
	pl, err := NewKronPlan("test", fs, trans)
	if err != nil {
		t.Fatal(err)
	}
	x := testutil.GuardedMatrixCopy(testutil.Matrix[T](rr, m, in), in+r.IntN(3), r.IntN(8))
	var y *testutil.GuardedMatrix[T]
	if alignY {
		y = testutil.NewAlignedGuardedMatrix[T](m, out, (out+15)/16*16+16*r.IntN(2), 64) // NaN: must not be read
	} else if beta == 0 {
		y = testutil.NewGuardedMatrix[T](m, out, out+r.IntN(3), r.IntN(8)) // NaN: must not be read
	} else {
		y = testutil.GuardedMatrixCopy(testutil.Matrix[T](rr, m, out), out+r.IntN(3), r.IntN(8))
	}
	y0 := view.Matrix[T]{Rows: m, Cols: out, Stride: out, Data: make([]T, m*out)}
	for i := 0; i < m; i++ {
		copy(y0.Row(i), y.M.Row(i))
	}
	snap := testutil.Snap(x.M.Data)
	pl.Apply("test", alpha, x.M, beta, y.M)
	name := fmt.Sprintf("%s/%v/trans=%v/m=%d/β=%v", knob, sh, trans, m, beta)
	y.Check(t, name+"/y guards")
	snap.Check(t, name+"/x", x.M.Data)
	want := ref.Gemm(false, false, float64(alpha), x.M, K, float64(beta), y0)
	bound := ref.GemmBound(false, false, float64(alpha), x.M, K, float64(beta), y0)
	// Each element is the sum over the steps of dot products of length pi, each rounding
	// at most (pi+1)·ε relative to its absolute sum, which compose to the absolute
	// product bound of the materialized product: (Σ(pi+1) + 2)·ε times GemmBound.
	steps := 2.0
	for _, f := range fs {
		p := f.Rows
		if trans {
			p = f.Cols
		}
		steps += float64(p + 1)
	}
	tol := steps * testutil.Eps[T]()
	for i := 0; i < m; i++ {
		for j := 0; j < out; j++ {
			got, w := float64(y.M.At(i, j)), float64(want.At(i, j))
			if d := math.Abs(got - w); !(d <= tol*bound.At(i, j)) {
				t.Fatalf("%s: y(%d, %d) = %v, want %v (error %.3g, bound %.3g)", name, i, j, got, w, d, tol*bound.At(i, j))
			}
		}
	}
}
