package blocked

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// BenchmarkGemmSq times small square products C = A·B (β = 0, one thread) through the
// public Gemm and Gemm32 at every level, the sizes the small-unpacked path is for, with
// the transposes VecAXB uses (tt: Xᵀ·Aᵀ, tn: Bᵀ·W); compare before and after with
//
//	go test ./blocked -run '^$' -bench 'GemmSq/.*level=avx512' -count 10 | tee new.txt
//	benchstat old.txt new.txt
func BenchmarkGemmSq(b *testing.B) {
	defer SetThreads(SetThreads(1))
	for _, n := range []int{8, 16, 24, 32, 48, 64, 96, 128} {
		for _, l := range dispatch.Available() {
			for _, tr := range []string{"nn", "tt", "tn"} {
				tA, tB := blas.NoTrans, blas.NoTrans
				if tr[0] == 't' {
					tA = blas.Trans
				}
				if tr[1] == 't' {
					tB = blas.Trans
				}
				b.Run(fmt.Sprintf("f64/%s/n=%d/level=%s", tr, n, l), func(b *testing.B) {
					r := testutil.Rand(b)
					a, bb, c := testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n)
					A, B, C := view.General64(a), view.General64(bb), view.General64(c)
					restore, err := dispatch.Set(l)
					if err != nil {
						b.Fatal(err)
					}
					defer restore()
					for b.Loop() {
						Gemm(tA, tB, 1, A, B, 0, C)
					}
					b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
				b.Run(fmt.Sprintf("f32/%s/n=%d/level=%s", tr, n, l), func(b *testing.B) {
					r := testutil.Rand(b)
					a, bb, c := testutil.Matrix[float32](r, n, n), testutil.Matrix[float32](r, n, n), testutil.Matrix[float32](r, n, n)
					A, B, C := view.General32(a), view.General32(bb), view.General32(c)
					restore, err := dispatch.Set(l)
					if err != nil {
						b.Fatal(err)
					}
					defer restore()
					for b.Loop() {
						Gemm32(tA, tB, 1, A, B, 0, C)
					}
					b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}

// BenchmarkGemmSupBound times square products (nn, β = 0, one thread) on the sup path and
// on the packed path at each level that has a sup kernel, around the bound (the table's
// SupMax raised to +Inf or set to 0 in a copy of the table); run with -count and compare
// the paths with benchstat -col /path.
func BenchmarkGemmSupBound(b *testing.B) {
	for _, n := range []int{64, 96, 112, 128, 160, 192, 256} {
		for _, l := range dispatch.Available() {
			for _, path := range []string{"sup", "packed"} {
				tab := *dispatch.TableFor(l)
				lim := math.Inf(1)
				if path == "packed" {
					lim = 0
				}
				tab.GEMM.SupMaxF64, tab.GEMM.SupMaxF32 = lim, lim
				b.Run(fmt.Sprintf("f64/n=%d/level=%s/path=%s", n, l, path), func(b *testing.B) {
					r := testutil.Rand(b)
					a, bb, c := testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n)
					for b.Loop() {
						gemm(&tab, false, false, 1, a, bb, 0, c, 1)
					}
					b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
				b.Run(fmt.Sprintf("f32/n=%d/level=%s/path=%s", n, l, path), func(b *testing.B) {
					r := testutil.Rand(b)
					a, bb, c := testutil.Matrix[float32](r, n, n), testutil.Matrix[float32](r, n, n), testutil.Matrix[float32](r, n, n)
					for b.Loop() {
						gemm(&tab, false, false, 1, a, bb, 0, c, 1)
					}
					b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}
