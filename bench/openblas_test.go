//go:build openblas && cgo

package bench

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
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
		restore := openBLASThreads(th)()
		defer restore()
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
		func() {
			restore, err := c.use()
			if err != nil {
				t.Fatal(err)
			}
			defer restore()
			c.Setup()()
		}()
		ran++
	}
	if ran == 0 {
		t.Error("no OpenBLAS case ran")
	}
}

// TestOpenBLASKronMatMulAgrees checks the kronmatmul column's GEMM sequence against the
// Kronecker product written out as a plain loop, y[r, (j1…jk)] = Σ x[r, (i1…ik)]·Π F_l[i_l, j_l],
// in both precisions, for one to four factors, with 1 and 2 OpenBLAS threads.
func TestOpenBLASKronMatMulAgrees(t *testing.T) {
	for _, th := range []int{1, 2} {
		restore := openBLASThreads(th)()
		for _, s := range []struct{ m, p, k int }{{3, 4, 1}, {5, 3, 2}, {4, 3, 3}, {3, 2, 4}, {2, 5, 3}} {
			in := 1
			for range s.k {
				in *= s.p
			}
			fs := make([][]float64, s.k)
			for i := range fs {
				fs[i] = make([]float64, s.p*s.p)
				gemmFill(fs[i], 30+i)
			}
			x := make([]float64, s.m*in)
			gemmFill(x, 4)
			want := make([]float64, s.m*in)
			for r := 0; r < s.m; r++ {
				for a := 0; a < in; a++ {
					for b := 0; b < in; b++ {
						kv, ia, ib := 1.0, a, b // digits of a and b in base p, last factor lowest
						for l := s.k - 1; l >= 0; l-- {
							kv *= fs[l][(ia%s.p)*s.p+ib%s.p]
							ia, ib = ia/s.p, ib/s.p
						}
						want[r*in+b] += x[r*in+a] * kv
					}
				}
			}
			x0 := append([]float64(nil), x...)
			y, z := make([]float64, s.m*in), make([]float64, s.m*in)
			openBLASKronMatMul(y, x, z, fs, s.m, s.p)
			checkClose(t, "kronmatmul f64", y, want, 1e-13*float64(in))
			checkClose(t, "kronmatmul f64 input", x, x0, 0)

			fs32 := make([][]float32, s.k)
			for i := range fs32 {
				fs32[i] = make([]float32, s.p*s.p)
				gemmFill(fs32[i], 30+i)
			}
			x32 := make([]float32, s.m*in)
			gemmFill(x32, 4)
			y32, z32 := make([]float32, s.m*in), make([]float32, s.m*in)
			openBLASKronMatMul(y32, x32, z32, fs32, s.m, s.p)
			checkClose(t, "kronmatmul f32", widen(y32), want, 1e-5*float64(in))
		}
		restore()
	}
}

// TestOpenBLASMLPAgrees checks the mlp-step column (cblas GEMMs, plain Go loops) ends
// three steps with grad/nn's parameters, on one and on two OpenBLAS threads.
func TestOpenBLASMLPAgrees(t *testing.T) {
	for _, th := range []int{1, 2} {
		restore := openBLASThreads(th)()
		mlpAgrees(t, "openblas", openBLASMLP[float64], 1e-9)
		mlpAgrees(t, "openblas", openBLASMLP[float32], 2e-4)
		restore()
	}
}

// TestOpenBLASThreads checks every OpenBLAS case runs on the thread count it is
// labelled with: openblas_get_num_threads inside the case is its Threads, the label
// says as many, "-mt" marks exactly the cases on more than one, and the library's
// count is restored after each case. Where /proc/self/task is readable it also checks
// who does the work: over a second or so of n = 512 dgemm called from one locked OS
// thread, that thread has 90% or more of the CPU time in the one-thread case, and two threads each have a fifth or more of it in
// the two-thread case (OpenBLAS splits the product evenly).
func TestOpenBLASThreads(t *testing.T) {
	def := openBLASNumThreads()
	n := 0
	for _, c := range Cases(Filter{Impls: []string{"openblas", "openblas-mt"}, Extra: true}) {
		n++
		th := max(1, c.Threads)
		if c.Enter == nil {
			t.Errorf("%s: no Enter: its thread count is not set", c.Name())
			continue
		}
		if mt := strings.HasSuffix(c.Impl, "-mt"); mt != (th > 1) {
			t.Errorf("%s: on %d threads", c.Name(), th)
		}
		if want := fmt.Sprintf(", %d thread", th); !strings.Contains(c.Label, want) {
			t.Errorf("%s: label %q, want it to say %q", c.Name(), c.Label, want)
		}
		restore, err := c.use()
		if err != nil {
			t.Fatal(err)
		}
		got, procs := openBLASNumThreads(), runtime.GOMAXPROCS(0)
		restore()
		if got != th {
			t.Errorf("%s: openblas_get_num_threads is %d in the case, want %d", c.Name(), got, th)
		}
		if th == 1 && procs != 1 {
			t.Errorf("%s: GOMAXPROCS %d in a one-thread case", c.Name(), procs)
		}
		if after := openBLASNumThreads(); after != def {
			t.Errorf("%s: %d threads after the case, %d before", c.Name(), after, def)
		}
	}
	if n == 0 {
		t.Fatal("no OpenBLAS case")
	}

	if _, err := os.Stat("/proc/self/task"); err != nil || testing.Short() {
		t.Skip("per-thread CPU times not checked (-short, or no /proc/self/task)")
	}
	for _, c := range Cases(Filter{Ops: []string{"gemm-f64"}, Sizes: []string{"512"}, Impls: []string{"openblas", "openblas-mt"}}) {
		restore, err := c.use()
		if err != nil {
			t.Fatal(err)
		}
		run := c.Setup()
		run()
		runtime.LockOSThread() // the calls stay on one OS thread, whose ticks are the caller's
		before, total := taskTicks(t), 0
		var shares []int
		for i := 0; i < 2000 && total < 100; i++ { // 100 ticks: 1 s of CPU at the usual 100 Hz
			run()
			if i%8 == 7 {
				shares, total = tickShares(before, taskTicks(t))
			}
		}
		runtime.UnlockOSThread()
		restore()
		busy := 0
		for _, s := range shares {
			if 5*s >= total {
				busy++
			}
		}
		t.Logf("%s: CPU ticks per OS thread %v", c.Name(), shares)
		if th := max(1, c.Threads); th == 1 && (busy != 1 || len(shares) > 0 && 10*shares[0] < 9*total) {
			t.Errorf("%s: one-thread case, CPU ticks per OS thread %v", c.Name(), shares)
		} else if th > 1 && busy < 2 {
			t.Errorf("%s: %d-thread case, CPU ticks per OS thread %v", c.Name(), th, shares)
		}
	}
}

// taskTicks is the CPU time (user + system, clock ticks) of each OS thread of the
// process, by thread id, from /proc/self/task/*/stat.
func taskTicks(t *testing.T) map[string]int {
	out := map[string]int{}
	dirs, _ := filepath.Glob("/proc/self/task/*")
	for _, d := range dirs {
		b, err := os.ReadFile(d + "/stat")
		if err != nil {
			continue // the thread exited
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // f[0] is the state (field 3)
		if len(f) < 13 {
			t.Fatalf("%s/stat: %q", d, s)
		}
		u, err1 := strconv.Atoi(f[11]) // utime, field 14
		k, err2 := strconv.Atoi(f[12]) // stime, field 15
		if err1 != nil || err2 != nil {
			t.Fatalf("%s/stat: %q", d, s)
		}
		out[filepath.Base(d)] = u + k
	}
	return out
}

// tickShares is each thread's ticks from before to after, largest first, and their sum.
func tickShares(before, after map[string]int) (shares []int, total int) {
	for id, v := range after {
		if d := v - before[id]; d > 0 {
			shares = append(shares, d)
			total += d
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(shares)))
	return shares, total
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
