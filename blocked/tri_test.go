package blocked

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

func TestTestblasTri(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("Dtrsm", func(t *testing.T) { testblas.DtrsmTest(t, Implementation{}) })
		t.Run("Dtrmm", func(t *testing.T) { testblas.DtrmmTest(t, Implementation{}) })
		t.Run("Ssyrk", func(t *testing.T) { testblas.DsyrkTest(t, ssyrkAsDsyrk{}) })
	})
}

// ssyrkAsDsyrk runs gonum's Dsyrk cases through Ssyrk (small integers: exact in float32).
type ssyrkAsDsyrk struct{ Implementation }

func (s ssyrkAsDsyrk) Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	c32 := to32(c)
	s.Ssyrk(ul, tA, n, k, float32(alpha), to32(a), lda, float32(beta), c32, ldc)
	for i, v := range c32 {
		c[i] = float64(v)
	}
}

func to32(x []float64) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = float32(v)
	}
	return y
}

// triMatrix returns a k×k stored triangle (stride k+extra) whose ul part is random and
// well conditioned (diagonal ±(k/2+1), or off-diagonal entries scaled by 1/k for a unit
// diagonal) and whose other part, and the diagonal when unit, are NaN: they must not be read.
func triMatrix[T view.Float](r *rand.Rand, k, stride int, lower, unit bool) view.Matrix[T] {
	a := view.Matrix[T]{Rows: k, Cols: k, Stride: stride, Data: make([]T, max(0, (k-1)*stride+k))}
	nan := T(math.NaN())
	for i := range a.Data {
		a.Data[i] = nan
	}
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			in := (lower && j < i) || (!lower && j > i)
			switch {
			case in && unit:
				a.Set(i, j, T((2*r.Float64()-1)/float64(k)))
			case in:
				a.Set(i, j, T(2*r.Float64()-1))
			case i == j && !unit:
				s := 1.0
				if r.IntN(2) == 0 {
					s = -1
				}
				a.Set(i, j, T(s*(float64(k)/2+1+r.Float64())))
			}
		}
	}
	return a
}

type triCase struct {
	s  blas.Side
	ul blas.Uplo
	tA blas.Transpose
	d  blas.Diag
}

func triCases() []triCase {
	var cs []triCase
	for _, s := range []blas.Side{blas.Left, blas.Right} {
		for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
			for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				for _, d := range []blas.Diag{blas.NonUnit, blas.Unit} {
					cs = append(cs, triCase{s, ul, tA, d})
				}
			}
		}
	}
	return cs
}

// TestTrsmTrmm compares Dtrsm, Dtrmm, Strsm and Strmm with gonum's native routines for
// every side, uplo, transpose and diag, at triangle orders around the 32-row diagonal
// blocks and the recursion's splits, with strides past the columns, NaN outside the
// triangle, and guard bands around B, at every level.
// Tolerance: the same sums in another order (blocked, fused): |Δ| ≤ 8·k·ε·max|B| for
// well-conditioned triangles (condition number below about 3 by construction).
func TestTrsmTrmm(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		testTri[float64](t, r)
		testTri[float32](t, r)
	})
}

func testTri[T view.Float](t *testing.T, r *rand.Rand) {
	var impl Implementation
	var native gonum.Implementation
	eps := testutil.Eps[T]()
	for _, c := range triCases() {
		for _, k := range []int{1, 2, 31, 32, 33, 63, 64, 65, 97, 200, 300} {
			if k > 100 && testing.Short() {
				continue
			}
			other := []int{1, 7, 50}[r.IntN(3)]
			for _, alpha := range []float64{1, -0.75, 0} {
				m, n := k, other
				if c.s == blas.Right {
					m, n = other, k
				}
				lower := c.ul == blas.Lower
				a := triMatrix[T](r, k, k+r.IntN(3), lower, c.d == blas.Unit)
				src := testutil.Matrix[T](r, m, n)
				ldb := n + r.IntN(4)
				for _, op := range []string{"trsm", "trmm"} {
					name := fmt.Sprintf("%T/%s/side=%c/ul=%c/tA=%c/d=%c/m=%d/n=%d/alpha=%v", T(0), op, c.s, c.ul, c.tA, c.d, m, n, alpha)
					g := testutil.GuardedMatrixCopy(src, ldb, r.IntN(8))
					if alpha == 0 {
						for i := 0; i < m; i++ {
							for j := range g.M.Row(i) {
								g.M.Row(i)[j] = T(math.NaN())
							}
						}
					}
					want := append([]T(nil), g.M.Data...)
					snapA := testutil.Snap(a.Data)
					switch x := any(a.Data).(type) {
					case []float64:
						w, b := any(want).([]float64), any(g.M.Data).([]float64)
						if op == "trsm" {
							native.Dtrsm(c.s, c.ul, c.tA, c.d, m, n, alpha, x, a.Stride, w, ldb)
							impl.Dtrsm(c.s, c.ul, c.tA, c.d, m, n, alpha, x, a.Stride, b, ldb)
						} else {
							native.Dtrmm(c.s, c.ul, c.tA, c.d, m, n, alpha, x, a.Stride, w, ldb)
							impl.Dtrmm(c.s, c.ul, c.tA, c.d, m, n, alpha, x, a.Stride, b, ldb)
						}
					case []float32:
						w, b := any(want).([]float32), any(g.M.Data).([]float32)
						if op == "trsm" {
							native.Strsm(c.s, c.ul, c.tA, c.d, m, n, float32(alpha), x, a.Stride, w, ldb)
							impl.Strsm(c.s, c.ul, c.tA, c.d, m, n, float32(alpha), x, a.Stride, b, ldb)
						} else {
							native.Strmm(c.s, c.ul, c.tA, c.d, m, n, float32(alpha), x, a.Stride, w, ldb)
							impl.Strmm(c.s, c.ul, c.tA, c.d, m, n, float32(alpha), x, a.Stride, b, ldb)
						}
					}
					g.Check(t, name)
					snapA.Check(t, name+" a", a.Data)
					big := 1.0
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							big = max(big, math.Abs(float64(want[i*ldb+j])))
						}
					}
					tol := 8 * float64(k) * eps * big
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							gv, wv := float64(g.M.Data[i*ldb+j]), float64(want[i*ldb+j])
							if !(math.Abs(gv-wv) <= tol) {
								t.Fatalf("%s: B[%d,%d] = %v, native %v (tol %.3g)", name, i, j, gv, wv, tol)
							}
						}
					}
				}
			}
		}
	}
}

// TestTriArgs checks that bad arguments panic with gonum's own messages.
func TestTriArgs(t *testing.T) {
	var impl Implementation
	calls := []struct {
		name         string
		mine, theirs func()
	}{
		{"lda", func() {
			impl.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, 3, 2, 1, make([]float64, 9), 2, make([]float64, 6), 2)
		}, func() {
			impl.Implementation.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, 3, 2, 1, make([]float64, 9), 2, make([]float64, 6), 2)
		}},
		{"side", func() {
			impl.Strmm('x', blas.Lower, blas.NoTrans, blas.Unit, 3, 2, 1, make([]float32, 9), 3, make([]float32, 6), 2)
		}, func() {
			impl.Implementation.Strmm('x', blas.Lower, blas.NoTrans, blas.Unit, 3, 2, 1, make([]float32, 9), 3, make([]float32, 6), 2)
		}},
		{"shortB", func() {
			impl.Dtrmm(blas.Right, blas.Upper, blas.Trans, blas.NonUnit, 3, 2, 1, make([]float64, 4), 2, make([]float64, 5), 2)
		}, func() {
			impl.Implementation.Dtrmm(blas.Right, blas.Upper, blas.Trans, blas.NonUnit, 3, 2, 1, make([]float64, 4), 2, make([]float64, 5), 2)
		}},
	}
	for _, c := range calls {
		var mine, theirs any
		func() { defer func() { mine = recover() }(); c.mine() }()
		func() { defer func() { theirs = recover() }(); c.theirs() }()
		if mine == nil || mine != theirs {
			t.Errorf("%s: panic %v, gonum panics %v", c.name, mine, theirs)
		}
	}
}
