//go:build openblas && cgo

package bench

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/kernels"
)

// TestOpenBLASAgrees checks the OpenBLAS column computes what matkern computes, on small
// cases: GEMM in both precisions (square and ragged, both transposes), vec(AXB), and
// the log-determinants and inverses of the log-det cases against gonum.
func TestOpenBLASAgrees(t *testing.T) {
	lib := openBLAS()
	t.Logf("%s, %s kernels, %d threads by default (%s)", lib.Version, lib.Kernels, lib.Threads, lib.Config)
	if lib.Warning != "" {
		t.Log("warning:", lib.Warning)
	}
	if !lib.Available || !strings.HasPrefix(lib.Version, "OpenBLAS") || lib.Kernels == "" {
		t.Errorf("library status incomplete: %+v", lib)
	}
	for _, th := range []int{1, 2} {
		setOpenBLASThreads(th)
		for _, sh := range [][3]int{{64, 64, 64}, {37, 53, 29}} {
			m, k, n := sh[0], sh[1], sh[2]
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				a, b := make([]float64, m*k), make([]float64, k*n)
				gemmFill(a, 1)
				gemmFill(b, 2)
				lda, ldb := k, n
				if tr[0] {
					lda = m
				}
				if tr[1] {
					ldb = k
				}
				got, want := make([]float64, m*n), make([]float64, m*n)
				openBLASGemm(tr[0], tr[1], m, n, k, a, lda, b, ldb, got, n)
				ga := blas64.General{Rows: m, Cols: k, Stride: lda, Data: a}
				if tr[0] {
					ga.Rows, ga.Cols = k, m
				}
				gb := blas64.General{Rows: k, Cols: n, Stride: ldb, Data: b}
				if tr[1] {
					gb.Rows, gb.Cols = n, k
				}
				blocked.Gemm(trans(tr[0]), trans(tr[1]), 1, ga, gb, 0, blas64.General{Rows: m, Cols: n, Stride: n, Data: want})
				checkClose(t, "dgemm", got, want, 1e-13*float64(k))

				a32, b32 := make([]float32, m*k), make([]float32, k*n)
				gemmFill(a32, 1)
				gemmFill(b32, 2)
				got32, want32 := make([]float32, m*n), make([]float32, m*n)
				openBLASGemm(tr[0], tr[1], m, n, k, a32, lda, b32, ldb, got32, n)
				blocked.Gemm32(trans(tr[0]), trans(tr[1]), 1,
					blas32.General{Rows: ga.Rows, Cols: ga.Cols, Stride: lda, Data: a32},
					blas32.General{Rows: gb.Rows, Cols: gb.Cols, Stride: ldb, Data: b32},
					0, blas32.General{Rows: m, Cols: n, Stride: n, Data: want32})
				checkClose(t, "sgemm", widen(got32), widen(want32), 1e-5*float64(k))
			}
		}
	}

	const n = 16
	a, x, b := square(n, 1), square(n, 2), square(n, 3)
	got, want, w := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
	openBLASVecAXB(got, a.Data, x.Data, b.Data, w, n)
	kernels.VecAXB(want, a, x, b, make([]float64, n*n))
	checkClose(t, "vec(AXB)", got, want, 1e-12)

	for _, chol := range []bool{false, true} {
		const n = 64
		a0 := logDetMatrix(n, chol)
		a := append([]float64(nil), a0...)
		ld, sign, err := openBLASLogDet(a, n, chol, newLUScratch(n))
		if err != nil {
			t.Fatal(err)
		}
		var lu mat.LU
		lu.Factorize(mat.NewDense(n, n, append([]float64(nil), a0...)))
		wantLD, wantSign := lu.LogDet()
		if math.Abs(ld-wantLD) > 1e-10*math.Abs(wantLD) || sign != wantSign {
			t.Errorf("chol=%v: log det %v sign %v, gonum %v sign %v", chol, ld, sign, wantLD, wantSign)
		}
		if chol { // the inverse's upper triangle, as read row-major
			for i := 0; i < n; i++ {
				for j := 0; j < i; j++ {
					a[i*n+j] = a[j*n+i]
				}
			}
		}
		prod := make([]float64, n*n)
		blocked.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: n, Cols: n, Stride: n, Data: a0},
			blas64.General{Rows: n, Cols: n, Stride: n, Data: a}, 0, blas64.General{Rows: n, Cols: n, Stride: n, Data: prod})
		eye := make([]float64, n*n)
		for i := 0; i < n; i++ {
			eye[i*n+i] = 1
		}
		checkClose(t, "A·A⁻¹", prod, eye, 1e-12)
	}

	// Every case's set-up runs and its function runs once, at the small sizes.
	ran := 0
	for _, c := range Cases(Filter{Impls: []string{"openblas", "openblas-mt"}, Extra: true}) {
		if c.Flops > 2e8 {
			continue
		}
		if c.Label == "" || !strings.Contains(c.Label, lib.Kernels) {
			t.Errorf("%s: label %q does not name the kernels", c.Name(), c.Label)
		}
		c.Setup()()
		ran++
	}
	if ran == 0 {
		t.Error("no OpenBLAS case ran")
	}
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

func widen(s []float32) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = float64(v)
	}
	return out
}

// checkClose fails unless |got − want| ≤ tol·max(1, |want|) elementwise.
func checkClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= tol*max(1, math.Abs(want[i]))) {
			t.Errorf("%s: element %d is %v, want %v (tolerance %g)", what, i, got[i], want[i], tol)
			return
		}
	}
}
