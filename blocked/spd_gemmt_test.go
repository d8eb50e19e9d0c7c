package blocked

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestGemmtBand checks gemmtBand, at every level, on one to three workers and with the
// default and with shrunken cache blocks (so products cross many mc, kc and nc
// boundaries), against a plain float64 loop: the lower triangle to within
// 4·(k+2)·ε·(|α|·Σ|a||b| + |β||c|) per element, the strict upper triangle beyond the
// band of diagonal tiles (columns j > i + MR + NR − 2) and the guard bands and row gaps
// of c untouched, the inputs unchanged, and the result bitwise the same on every worker
// count.
func TestGemmtBand(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("f64", testGemmtBand[float64])
		t.Run("f32", testGemmtBand[float32])
	})
}

func testGemmtBand[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	mr, nr := gemmTile[T]()
	defer func(o blockSizes, p float64) { override, gemmMinFlops = o, p }(override, gemmMinFlops)
	gemmMinFlops = 0
	blocks := []blockSizes{{}, {mc: 2 * mr, kc: 7, nc: 2 * nr}, {mc: mr, kc: 16, nc: 3 * nr}}
	for bi, bs := range blocks {
		override = bs
		for _, n := range []int{1, 2, 3, 7, 16, 17, 31, 33, 64, 65, 100, 130} {
			for _, k := range []int{1, 5, 17, 64, 301} {
				if raceEnabled && n*k > 4000 {
					continue
				}
				trans := r.IntN(2) == 0
				alpha := []T{1, -1, 0.75}[r.IntN(3)]
				beta := []T{0, 1, -0.5}[r.IntN(3)]
				name := fmt.Sprintf("blocks=%d/n=%d/k=%d/trans=%v/α=%v/β=%v", bi, n, k, trans, alpha, beta)
				runGemmtBand(t, r, name, mr, nr, n, k, trans, alpha, beta)
			}
		}
	}
}

func runGemmtBand[T view.Float](t *testing.T, r *rand.Rand, name string, mr, nr, n, k int, trans bool, alpha, beta T) {
	t.Helper()
	ar, ac := n, k
	if trans {
		ar, ac = k, n
	}
	a := testutil.Matrix[T](r, ar, ac)
	b := testutil.Matrix[T](r, ar, ac)
	a0, b0 := testutil.Snap(a.Data), testutil.Snap(b.Data)
	c0 := testutil.Matrix[T](r, n, n)
	// opA(i, p) is element (i, p) of op(A) (n×k).
	op := func(x view.Matrix[T], i, p int) float64 {
		if trans {
			return float64(x.At(p, i))
		}
		return float64(x.At(i, p))
	}
	var first []T
	for _, threads := range []int{1, 2, 3} {
		g := testutil.GuardedMatrixCopy(c0, n+r.IntN(4), r.IntN(8))
		// The strict upper triangle past the band must not be written: sentinels there.
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				g.M.Set(i, j, testutil.Sentinel[T]())
			}
		}
		newLin[T](dispatch.Current(), threads).gemmtBand(trans, alpha, a, b, beta, g.M)
		tag := fmt.Sprintf("%s/threads=%d", name, threads)
		g.Check(t, tag)
		a0.Check(t, tag+": a", a.Data)
		b0.Check(t, tag+": b", b.Data)
		for i := 0; i < n; i++ {
			for j := 0; j <= i; j++ {
				want, mag := 0.0, 0.0
				for p := 0; p < k; p++ {
					x := op(a, i, p) * op(b, j, p)
					want += x
					mag += math.Abs(x)
				}
				want = float64(alpha)*want + float64(beta)*float64(c0.At(i, j))
				mag = math.Abs(float64(alpha))*mag + math.Abs(float64(beta)*float64(c0.At(i, j)))
				got := float64(g.M.At(i, j))
				if tol := 4 * float64(k+2) * testutil.Eps[T]() * mag; !(math.Abs(got-want) <= tol) {
					t.Fatalf("%s: c[%d,%d] = %v, want %v (tolerance %.3g)", tag, i, j, got, want, tol)
				}
			}
			for j := i + mr + nr - 1; j < n; j++ {
				if v := g.M.At(i, j); !testutil.IsSentinel(v) {
					t.Fatalf("%s: c[%d,%d] above the band (MR %d, NR %d) overwritten with %v", tag, i, j, mr, nr, v)
				}
			}
		}
		lower := make([]T, 0, n*(n+1)/2)
		for i := 0; i < n; i++ {
			lower = append(lower, g.M.Row(i)[:i+1]...)
		}
		if first == nil {
			first = lower
		} else {
			testutil.EqualBits(t, tag+": against one worker", lower, first)
		}
	}
}
