package blocked

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestGemmSup runs the small-unpacked path directly (gemmSup) at every level on shapes
// around its tile and its bounds, all four transposes, strides past the width, β = 0 on a
// C of NaNs, β = 1 and −0.5, α ≠ 1, against ref.Gemm (the bound of runGemmCase), and
// checks that it takes exactly the products its bounds promise.
func TestGemmSup(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("f64", func(t *testing.T) { testGemmSup[float64](t) })
		t.Run("f32", func(t *testing.T) { testGemmSup[float32](t) })
	})
}

func testGemmSup[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	tab := dispatch.Current()
	_, mr, nr, maxMNK := supOf[T](tab)
	ms := append(sizesAround(mr), 64, 127)
	ns := append(sizesAround(nr), 64, 129)
	for _, tA := range []bool{false, true} {
		for _, tB := range []bool{false, true} {
			for _, m := range ms {
				for _, n := range ns {
					for _, k := range []int{1, 2, 7, 64, supMaxK, supMaxK + 1} {
						if (k >= 64 || m > 40 || n > 60) && r.IntN(6) != 0 {
							continue // the large ones: a sample
						}
						var s struct {
							alpha, beta T
							nanC        bool
						}
						switch r.IntN(3) {
						case 0:
							s.alpha, s.nanC = 1, true
						case 1:
							s.alpha, s.beta = -2, 1
						default:
							s.alpha, s.beta = 0.75, -0.5
						}
						g := gemmCase[T]{transA: tA, transB: tB, m: m, n: n, k: k, alpha: s.alpha, beta: s.beta,
							nanC: s.nanC, threads: 1, off: r.IntN(8), pad: r.IntN(4)}
						kc, _ := packedKC[T](tab)
						runSupCase(t, r, g, k <= min(supMaxK, kc) && float64(m*n*k) <= maxMNK)
					}
				}
			}
		}
	}
}

// runSupCase is runGemmCase with gemmSup in place of gemm; take says whether the path
// must accept the product.
func runSupCase[T view.Float](t *testing.T, r *rand.Rand, g gemmCase[T], take bool) {
	t.Helper()
	ar, ac := g.m, g.k
	if g.transA {
		ar, ac = ac, ar
	}
	br, bc := g.k, g.n
	if g.transB {
		br, bc = bc, br
	}
	a := testutil.GuardedMatrixCopy(testutil.Matrix[T](r, ar, ac), ac+g.pad, (g.off+3)%8)
	b := testutil.GuardedMatrixCopy(testutil.Matrix[T](r, br, bc), bc+g.pad, (g.off+5)%8)
	var c *testutil.GuardedMatrix[T]
	if g.nanC {
		c = testutil.NewGuardedMatrix[T](g.m, g.n, g.n+g.pad, g.off)
	} else {
		c = testutil.GuardedMatrixCopy(testutil.Matrix[T](r, g.m, g.n), g.n+g.pad, g.off)
	}
	cIn := view.Matrix[T]{Rows: c.M.Rows, Cols: c.M.Cols, Stride: c.M.Stride, Data: append([]T(nil), c.M.Data...)}
	sa, sb := testutil.Snap(a.M.Data), testutil.Snap(b.M.Data)
	name := fmt.Sprintf("sup/%v", g)
	took := gemmSup(dispatch.Current(), g.transA, g.transB, g.alpha, a.M, b.M, g.beta, c.M, g.m, g.n, g.k)
	if took != take {
		t.Fatalf("%s: gemmSup took the product: %v, want %v", name, took, take)
	}
	if !took {
		testutil.Snap(cIn.Data).Check(t, name+" c (not taken: unchanged)", c.M.Data)
		return
	}
	c.Check(t, name+" c")
	a.Check(t, name+" a")
	b.Check(t, name+" b")
	sa.Check(t, name+" a", a.M.Data)
	sb.Check(t, name+" b", b.M.Data)
	want := ref.Gemm(g.transA, g.transB, float64(g.alpha), a.M, b.M, float64(g.beta), cIn)
	bound := ref.GemmBound(g.transA, g.transB, float64(g.alpha), a.M, b.M, float64(g.beta), cIn)
	eps := testutil.Eps[T]()
	for i := 0; i < g.m; i++ {
		for j := 0; j < g.n; j++ {
			got, w := float64(c.M.At(i, j)), float64(want.At(i, j))
			tol := float64(g.k+2)*eps*bound.At(i, j) + eps/2*math.Abs(w)
			if math.IsNaN(got) || math.IsNaN(w) || math.Abs(got-w) > tol {
				t.Fatalf("%s: C(%d, %d) = %v, want %v ± %.3g", name, i, j, got, w, tol)
			}
		}
	}
}

// TestGemmSupAllocs checks that the sup path allocates nothing once its buffer exists,
// with and without packing (an edge of A, a transposed B).
func TestGemmSupAllocs(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, s := range [][2]int{{16, 0}, {13, 1}} {
			n, tB := s[0], s[1] == 1
			a, b, c := testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n)
			tab := dispatch.Current()
			gemmSup(tab, false, tB, 1, a, b, 0, c, n, n, n)
			if got := testing.AllocsPerRun(20, func() { gemmSup(tab, false, tB, 1, a, b, 0, c, n, n, n) }); got != 0 {
				t.Errorf("n = %d, transB = %v: %v allocations per call", n, tB, got)
			}
		}
	})
}

// TestGemmSupTune times the sup path against the packed path on square products (nn,
// β = 0, one thread) by the thread's CPU time, interleaved round by round, and logs the
// best of the rounds and the ratio: the figures beside the bounds in sup.go. Set
// MATKERN_SUP_TUNE=1 to run it.
func TestGemmSupTune(t *testing.T) {
	if os.Getenv("MATKERN_SUP_TUNE") == "" {
		t.Skip("set MATKERN_SUP_TUNE=1 to time the sup path")
	}
	if _, ok := testutil.ThreadCPU(); !ok {
		t.Skip("no thread CPU time on this system")
	}
	for _, l := range dispatch.Available() {
		for _, n := range []int{8, 16, 32, 48, 64, 96, 112, 128, 160, 192, 256} {
			t.Run(fmt.Sprintf("%v/n=%d", l, n), func(t *testing.T) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				r := testutil.Rand(t)
				a, b, c := testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n)
				paths := []float64{math.Inf(1), 0}
				best := []time.Duration{1 << 62, 1 << 62}
				reps := max(1, 2_000_000/(n*n*n))
				for range 15 {
					for i, lim := range paths {
						tab := *dispatch.TableFor(l)
						tab.GEMM.SupMaxF64 = lim
						t0, _ := testutil.ThreadCPU()
						for range reps {
							gemm(&tab, false, false, 1, a, b, 0, c, 1)
						}
						t1, _ := testutil.ThreadCPU()
						best[i] = min(best[i], (t1-t0)/time.Duration(reps))
					}
				}
				t.Logf("sup %v, packed %v: sup/packed %.2f", best[0], best[1], float64(best[0])/float64(best[1]))
			})
		}
	}
}

// TestGemmSupConcurrent runs sup products that need the packing buffer (an edge of A, a
// transposed B) from several goroutines at once at every level, against ref.Gemm; run it
// under -race (the buffer slots are shared).
func TestGemmSupConcurrent(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		const n = 45
		a := testutil.Matrix[float64](r, n, n)
		b := testutil.Matrix[float64](r, n, n)
		want := ref.Gemm(false, true, 1, a, b, 0, view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)})
		tab := dispatch.Current()
		done := make(chan view.Matrix[float64])
		for range 6 {
			go func() {
				c := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
				for range 20 {
					gemm(tab, false, true, 1, a, b, 0, c, 1)
				}
				done <- c
			}()
		}
		for range 6 {
			c := <-done
			testutil.WithinRel(t, "concurrent", c.Data, want.Data, 1e-12, 1)
		}
	})
}

// TestGemmSupSameBitsAsPacked checks that the sup path gives the same bits as the packed
// path (the table with its sup bound set to 0), also when the packed path's kc is
// smaller than supMaxK (168: a 32 KiB L1d with the 8×24 kernel), at every level.
func TestGemmSupSameBitsAsPacked(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		tab := dispatch.Current()
		noSup := *tab
		noSup.GEMM.SupMaxF64, noSup.GEMM.SupMaxF32 = 0, 0
		for _, kc := range []int{0, 168} {
			saved := override
			override.kc = kc
			for range 40 {
				m, n, k := 1+r.IntN(64), 1+r.IntN(64), 1+r.IntN(300)
				a := view.Matrix[float64](testutil.Matrix[float64](r, m, k))
				b := view.Matrix[float64](testutil.Matrix[float64](r, k, n))
				c1 := view.Matrix[float64](testutil.Matrix[float64](r, m, n))
				c2 := view.Matrix[float64]{Rows: m, Cols: n, Stride: n, Data: append([]float64(nil), c1.Data...)}
				gemm(&noSup, false, false, 1.5, a, b, 0.5, c1, 1)
				gemm(tab, false, false, 1.5, a, b, 0.5, c2, 1)
				testutil.EqualBits(t, fmt.Sprintf("kc=%d m=%d n=%d k=%d", kc, m, n, k), c2.Data, c1.Data)
			}
			override = saved
		}
	})
}
