package blocked

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	lapackgonum "gonum.org/v1/gonum/lapack/gonum"

	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// The factorization benchmarks run on one thread (SetThreads(1)) and report GFLOP/s with
// the conventional flop counts: LU 2n³/3, LU + inverse 2n³, Cholesky n³/3, Cholesky +
// inverse n³. impl=gemm is one n×n×n GEMM on the engine (2n³ flops) in the same run, the
// rate the others are compared with; impl=gonum is gonum's LAPACK (Dgetrf/Dgetri,
// Dpotrf/Dpotri) on this package's BLAS, impl=gonum-native on gonum's own.
//
//	go test ./blocked -run '^$' -bench 'LUInverse|CholeskyInverse' -count 5

var factorSizes = []int{64, 256, 1024}

func BenchmarkLU(b *testing.B)              { benchFactor(b, "lu", 2.0/3) }
func BenchmarkLUInverse(b *testing.B)       { benchFactor(b, "lu+inv", 2) }
func BenchmarkCholesky(b *testing.B)        { benchFactor(b, "chol", 1.0/3) }
func BenchmarkCholeskyInverse(b *testing.B) { benchFactor(b, "chol+inv", 1) }

func benchFactor(b *testing.B, op string, flops float64) {
	prev := SetThreads(1)
	defer SetThreads(prev)
	for _, n := range factorSizes {
		r := testutil.Rand(b)
		var src view.Matrix[float64]
		if op == "chol" || op == "chol+inv" {
			src = spd[float64](r, n)
		} else {
			src = testutil.Matrix[float64](r, n, n)
		}
		a := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
		ipiv := make([]int, n)
		work := make([]float64, max(LUInverseWork(n), 4*n*n))
		for _, impl := range []string{"matkern", "gemm", "gonum", "gonum-native"} {
			b.Run(fmt.Sprintf("n=%d/impl=%s", n, impl), func(b *testing.B) {
				prevBLAS := blas64.Implementation()
				defer blas64.Use(prevBLAS)
				switch impl {
				case "gonum":
					blas64.Use(Implementation{})
				case "gonum-native":
					blas64.Use(gonum.Implementation{})
				}
				var lp lapackgonum.Implementation
				f := flops
				if impl == "gemm" {
					f = 2
				}
				gb := view.General64(testutil.Matrix[float64](r, n, n))
				for b.Loop() {
					b.StopTimer()
					copy(a.Data, src.Data)
					b.StartTimer()
					switch impl {
					case "gemm":
						Gemm(blas.NoTrans, blas.NoTrans, 1, view.General64(src), gb, 0, a)
					case "matkern":
						switch op {
						case "lu", "lu+inv":
							LU(a, ipiv)
							if op == "lu+inv" {
								LUInverse(a, ipiv, work[:LUInverseWork(n)])
							}
						default:
							Cholesky(a)
							if op == "chol+inv" {
								CholeskyInverse(a)
							}
						}
					default:
						switch op {
						case "lu", "lu+inv":
							lp.Dgetrf(n, n, a.Data, n, ipiv)
							if op == "lu+inv" {
								lp.Dgetri(n, a.Data, n, ipiv, work, len(work))
							}
						default:
							lp.Dpotrf(blas.Lower, n, a.Data, n)
							if op == "chol+inv" {
								lp.Dpotri(blas.Lower, n, a.Data, n)
							}
						}
					}
				}
				b.ReportMetric(f*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
