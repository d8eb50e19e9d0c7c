//go:build openblas && cgo

package bench

// The OpenBLAS column (build tag openblas; cgo, linking the system's libopenblas, as
// installed by apt-get install libopenblas-dev): numpy's way of doing the same work.
//
//	gemm-f64/f32    cblas_dgemm / cblas_sgemm, C = A·B, on one core ("openblas") and on
//	                blocked.Threads() cores ("openblas-mt"); every gemm shape, and n = 2048
//	                (with matkern's top level) in the default suite
//	vecaxb-f64      y = vec(A·X·B) as the same two dgemm calls as "gemm2", on the cores
//	                that VecAXB uses ("openblas-mt" when that is more than one)
//	mulaxb-f64      D = A·X·B as two dgemm calls, A·X then ·B, on one thread
//	kronmatmul-f64/f32  Y = X·(F1⊗…⊗Fk) as numpy would write it: per factor, from the
//	                last, one tall GEMM (X viewed as M·p^(k−1) rows of p) by Fi, then a
//	                plain-Go transposition of each row's p^(k−1)×p block that brings the
//	                next index last (openBLASKronMatMul); on the cores the matkern cases use;
//	                in the default suite where X has at most 2^24 elements (M = 1024,
//	                32×32^3 took 0.5–2.4 s a run, about 9 s a case: -extra)
//	mlp-step-f64/f32  the training step as numpy would write it: its eight GEMMs by
//	                cblas_dgemm/sgemm and the elementwise work as the plain Go loops of the
//	                gonum case (loopMLP), on one thread and on blocked.Threads()
//	logdet-f64      log|det A| and A⁻¹ (the gradient's transpose): dgetrf then dgetri,
//	                counted 2n³ flops, n = 64, 256, 1024
//	logdet-spd-f64  log det Σ and Σ⁻¹ for SPD Σ: dpotrf then dpotri, counted n³ flops
//
// Every case sets OpenBLAS's thread count to its Threads with openblas_set_num_threads
// when the runner enters it (Case.Enter, openBLASThreads) and restores the previous count
// after it (then, after a case on several threads, waits for its idle workers to stop
// spinning: openBLASQuiet), so the count labelled is the count timed and the library's
// default survives the run (Libraries reports it after the run too); a one-thread case also runs with
// GOMAXPROCS 1, as every one-core comparison case does. Impl is "openblas" on one thread
// and "openblas-mt" on more; the label names the count and the kernel set OpenBLAS loaded
// (openblas_get_corename), which OPENBLAS_CORETYPE can force lower than the CPU.
// LAPACK is called through its Fortran symbols, which libopenblas exports (no LAPACKE
// needed); row-major data passed to column-major LAPACK is the transpose, which has the
// same determinant and the transposed inverse: the same work.

/*
#cgo LDFLAGS: -lopenblas
#if defined(__has_include)
#if !__has_include(<openblas_config.h>)
#error "matkern bench -tags openblas: OpenBLAS headers not found; install them with: apt-get install libopenblas-dev (or build without -tags openblas)"
#endif
#endif
#include <stddef.h>
#include <openblas_config.h>

// From OpenBLAS's cblas.h, with its enums as int (CblasRowMajor 101, CblasNoTrans 111,
// CblasTrans 112), declared here so that another vendor's cblas.h cannot get in the way.
void cblas_dgemm(int order, int ta, int tb, blasint m, blasint n, blasint k, double alpha,
	const double *a, blasint lda, const double *b, blasint ldb, double beta, double *c, blasint ldc);
void cblas_sgemm(int order, int ta, int tb, blasint m, blasint n, blasint k, float alpha,
	const float *a, blasint lda, const float *b, blasint ldb, float beta, float *c, blasint ldc);
void openblas_set_num_threads(int n);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
char *openblas_get_config(void);

// LAPACK's Fortran interface; the character arguments' hidden lengths are passed.
void dgetrf_(const blasint *m, const blasint *n, double *a, const blasint *lda, blasint *ipiv, blasint *info);
void dgetri_(const blasint *n, double *a, const blasint *lda, const blasint *ipiv, double *work, const blasint *lwork, blasint *info);
void dpotrf_(const char *uplo, const blasint *n, double *a, const blasint *lda, blasint *info, size_t uplo_len);
void dpotri_(const char *uplo, const blasint *n, double *a, const blasint *lda, blasint *info, size_t uplo_len);

static int mk_getrf(blasint n, double *a, blasint *ipiv) {
	blasint info = 0;
	dgetrf_(&n, &n, a, &n, ipiv, &info);
	return (int)info;
}
static int mk_getri(blasint n, double *a, const blasint *ipiv, double *work, blasint lwork) {
	blasint info = 0;
	dgetri_(&n, a, &n, ipiv, work, &lwork, &info);
	return (int)info;
}
static int mk_potrf(blasint n, double *a) {
	blasint info = 0;
	dpotrf_("L", &n, a, &n, &info, 1);
	return (int)info;
}
static int mk_potri(blasint n, double *a) {
	blasint info = 0;
	dpotri_("L", &n, a, &n, &info, 1);
	return (int)info;
}
*/
import "C"

import (
	"fmt"
	"math"
	"os"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

const (
	cblasRowMajor = 101
	cblasNoTrans  = 111
	cblasTrans    = 112
)

// openBLASSizes are the log-det cases' sizes.
var openBLASSizes = []int{64, 256, 1024}

var _ = func() bool {
	threads := []int{1}
	if th := blocked.Threads(); th > 1 {
		threads = append(threads, th)
	}
	for _, sh := range gemmShapes {
		for _, th := range threads {
			registerOpenBLASGemm[float64](sh, th)
			registerOpenBLASGemm[float32](sh, th)
		}
	}
	for _, n := range []int{16, 32, 64, 128, 256, 512, 1024} {
		registerOpenBLASVecAXB(n)
	}
	for _, n := range mulAXBSizes {
		registerOpenBLASMulAXB(n)
	}
	for _, s := range kronShapes {
		registerOpenBLASKronMatMul[float64](s)
		registerOpenBLASKronMatMul[float32](s)
	}
	for _, s := range mlpShapes {
		for _, th := range threads {
			registerOpenBLASMLP[float64](s.batch, s.sizes, th)
			registerOpenBLASMLP[float32](s.batch, s.sizes, th)
		}
	}
	for _, n := range openBLASSizes {
		for _, th := range threads {
			registerOpenBLASLogDet(n, th, false)
			registerOpenBLASLogDet(n, th, true)
		}
	}
	return true
}()

// init puts the n = 2048 GEMM of matkern's top level (one core and all) into the default
// suite next to OpenBLAS's, which is there with this build tag.
func init() {
	top := dispatch.Available()[len(dispatch.Available())-1].String()
	for i := range registry {
		c := &registry[i]
		if (c.Op == "gemm-f64" || c.Op == "gemm-f32") && c.Size == "2048" && (c.Impl == top || c.Impl == top+"-mt") {
			c.Extra = false
		}
	}
}

// openBLASImpl names the case on threads cores and labels its column.
func openBLASImpl(threads int, mt bool) (impl, label string) {
	impl = "openblas"
	if mt {
		impl += "-mt"
	}
	lib := openBLAS()
	label = fmt.Sprintf("%s, %s kernels, %d thread", lib.Version, lib.Kernels, threads)
	if threads != 1 {
		label += "s"
	}
	return impl, label
}

func registerOpenBLASGemm[T float32 | float64](sh gemmShape, threads int) {
	var z T
	_, f32 := any(z).(float32)
	op, peak, esz := "gemm-f64", PeakFMA64, 8.0
	if f32 {
		op, peak, esz = "gemm-f32", PeakFMA32, 4
	}
	m, k, n := sh.m, sh.k, sh.n
	impl, label := openBLASImpl(threads, threads > 1)
	c := Case{Op: op, Size: sh.label(), Impl: impl, Label: label, Flops: sh.flops(),
		Bytes: esz * float64(m*k+k*n+m*n), Peak: peak, Baseline: "gonum", Threads: threads,
		Extra: sh.extra && sh.m != 2048, Enter: openBLASThreads(threads)}
	c.Setup = func() func() {
		x := Arrays[T](3, max(m*k, k*n, m*n))
		a, b, cc := x[0][:m*k], x[1][:k*n], x[2][:m*n]
		gemmFill(a, 1)
		gemmFill(b, 2)
		return func() { openBLASGemm(false, false, m, n, k, a, k, b, n, cc, n) }
	}
	Register(c)
}

// openBLASGemm is C = op(A)·op(B) (m×n, inner dimension k, row-major, α = 1, β = 0) by
// cblas_dgemm or cblas_sgemm.
func openBLASGemm[T float32 | float64](tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	openBLASCalls.Add(1)
	ta, tb := C.int(cblasNoTrans), C.int(cblasNoTrans)
	if tA {
		ta = cblasTrans
	}
	if tB {
		tb = cblasTrans
	}
	switch a := any(a).(type) {
	case []float64:
		b, c := any(b).([]float64), any(c).([]float64)
		C.cblas_dgemm(cblasRowMajor, ta, tb, C.blasint(m), C.blasint(n), C.blasint(k), 1,
			(*C.double)(unsafe.Pointer(&a[0])), C.blasint(lda), (*C.double)(unsafe.Pointer(&b[0])), C.blasint(ldb),
			0, (*C.double)(unsafe.Pointer(&c[0])), C.blasint(ldc))
	case []float32:
		b, c := any(b).([]float32), any(c).([]float32)
		C.cblas_sgemm(cblasRowMajor, ta, tb, C.blasint(m), C.blasint(n), C.blasint(k), 1,
			(*C.float)(unsafe.Pointer(&a[0])), C.blasint(lda), (*C.float)(unsafe.Pointer(&b[0])), C.blasint(ldb),
			0, (*C.float)(unsafe.Pointer(&c[0])), C.blasint(ldc))
	}
}

// openBLASVecAXB is y = vec(A·X·B) for n×n row-major matrices, by the two products that
// the "gemm2" case calls: W = Xᵀ·Aᵀ, then y = Bᵀ·W (row-major (AXB)ᵀ, which is vec(AXB)).
func openBLASVecAXB(y, a, x, b, w []float64, n int) {
	openBLASGemm(true, true, n, n, n, x, n, a, n, w, n)
	openBLASGemm(true, false, n, n, n, b, n, w, n, y, n)
}

func registerOpenBLASVecAXB(n int) {
	th := blocked.Threads()
	impl, label := openBLASImpl(th, th > 1)
	c := Case{Op: "vecaxb-f64", Size: fmt.Sprintf("n=%d", n), Impl: impl, Label: label,
		Flops: 4 * float64(n) * float64(n) * float64(n), Peak: PeakFMA64, Baseline: "gemm2",
		Threads: th, Extra: n > 512, Enter: openBLASThreads(th)}
	c.Setup = func() func() {
		a, x, b := square(n, 1), square(n, 2), square(n, 3)
		y, w := make([]float64, n*n), make([]float64, n*n)
		return func() { openBLASVecAXB(y, a.Data, x.Data, b.Data, w, n) }
	}
	Register(c)
}

// registerOpenBLASMulAXB registers mulaxb-f64 as D = (A·X)·B by two cblas_dgemm calls
// on one thread, the gemm2 sequence.
func registerOpenBLASMulAXB(n int) {
	impl, label := openBLASImpl(1, false)
	c := Case{Op: "mulaxb-f64", Size: fmt.Sprintf("n=%d", n), Impl: impl, Label: label,
		Flops: 4 * float64(n) * float64(n) * float64(n), Peak: PeakFMA64, Baseline: "gemm2",
		Threads: 1, Enter: openBLASThreads(1)}
	c.Setup = func() func() {
		a, x, b := square(n, 1), square(n, 2), square(n, 3)
		d, w := make([]float64, n*n), make([]float64, n*n)
		return func() {
			openBLASGemm(false, false, n, n, n, a.Data, n, x.Data, n, w, n)
			openBLASGemm(false, false, n, n, n, w, n, b.Data, n, d, n)
		}
	}
	Register(c)
}

// openBLASKronMatMul is Y = X·(F1⊗…⊗Fk) for M×p^k row-major X and Y and k p×p factors,
// as a BLAS user writes it without forming the Kronecker matrix: with each row of X read
// as a tensor of indices (i1, …, ik), for each factor from the last, one GEMM
// Z = X'·Fi with X' the whole buffer viewed as M·p^(k−1) rows of p (contracting the
// last index), then each row's p^(k−1)×p block of Z transposed (a plain Go loop in
// strips, as numpy's reshape-transpose-copy) so that the next index comes last; after k rounds
// the indices are (j1, …, jk) again. z is scratch of M·p^k elements; y is overwritten
// (also used as scratch), x is not. 2·M·k·p^(k+1) flops.
func openBLASKronMatMul[T float32 | float64](y, x, z []T, fs [][]T, m, p int) {
	k := len(fs)
	q := len(x) / (m * p) // p^(k−1)
	src := x
	for i := k - 1; i >= 0; i-- {
		openBLASGemm(false, false, m*q, p, p, src, p, fs[i], p, z, p)
		for r := 0; r < m; r++ { // y_r (p×q) = z_rᵀ (z_r q×p)
			zr, yr := z[r*q*p:(r+1)*q*p], y[r*q*p:(r+1)*q*p]
			// In column strips of kronTile: a plain column-at-a-time loop writes p
			// streams q elements apart, which alias in L1 when q·size is a multiple of
			// 4 KiB (it took 17 ns an element at M=1024, 32×32^3, float32).
			for a0 := 0; a0 < q; a0 += kronTile {
				a1 := min(a0+kronTile, q)
				for j := 0; j < p; j++ {
					yj := yr[j*q : j*q+q]
					for a := a0; a < a1; a++ {
						yj[a] = zr[a*p+j]
					}
				}
			}
		}
		src = y
	}
}

// kronTile is the strip width of openBLASKronMatMul's transpositions: 16 elements, a
// 64-byte line of float32 written per row, the strip's p rows of reads (at most 16·64
// elements, 8 KiB) in L1.
const kronTile = 16

func registerOpenBLASKronMatMul[T float32 | float64](s kronShape) {
	var z T
	_, f32 := any(z).(float32)
	op, peak := "kronmatmul-f64", PeakFMA64
	if f32 {
		op, peak = "kronmatmul-f32", PeakFMA32
	}
	th := blocked.Threads()
	impl, label := openBLASImpl(th, th > 1)
	in := s.in()
	c := Case{Op: op, Size: s.label(), Impl: impl, Label: label, Flops: s.flops(), Peak: peak,
		Baseline: "gemm-sq", RateBaseline: true, Threads: th, Extra: s.extra(int(unsafe.Sizeof(z))) || s.m*in > 1<<24,
		Enter: openBLASThreads(th)}
	c.Setup = func() func() {
		fs := make([][]T, s.k)
		for i := range fs {
			fs[i] = make([]T, s.p*s.p)
			gemmFill(fs[i], 30+i)
		}
		x, y, w := make([]T, s.m*in), make([]T, s.m*in), make([]T, s.m*in)
		gemmFill(x, 4)
		return func() { openBLASKronMatMul(y, x, w, fs, s.m, s.p) }
	}
	Register(c)
}

// registerOpenBLASMLP registers the training step with its GEMMs on OpenBLAS (threads
// of them) and the rest as plain Go loops, the gonum case's (loopMLP).
func registerOpenBLASMLP[T float32 | float64](batch int, sizes []int, threads int) {
	op, peak := "mlp-step-f64", PeakFMA64
	var z T
	if _, f32 := any(z).(float32); f32 {
		op, peak = "mlp-step-f32", PeakFMA32
	}
	impl, label := openBLASImpl(threads, threads > 1)
	baseline := "gemm"
	if threads > 1 {
		baseline = "gemm-mt"
	}
	c := Case{Op: op, Size: mlpLabel(batch, sizes), Impl: impl, Label: label + "; elementwise work in plain Go loops",
		Flops: mlpFlops(batch, sizes), Peak: peak, Baseline: baseline, RateBaseline: true,
		Threads: threads, Enter: openBLASThreads(threads)}
	c.Setup = func() func() { return openBLASMLP[T](batch, sizes).step }
	Register(c)
}

// openBLASMLP is loopMLP with its products by cblas_dgemm/sgemm.
func openBLASMLP[T float32 | float64](batch int, sizes []int) mlpImpl[T] {
	return loopMLP(batch, sizes, func(tA, tB blas.Transpose, a, b, c view.Matrix[T]) {
		k := a.Cols
		if tA == blas.Trans {
			k = a.Rows
		}
		openBLASGemm(tA == blas.Trans, tB == blas.Trans, c.Rows, c.Cols, k, a.Data, a.Stride, b.Data, b.Stride, c.Data, c.Stride)
	})
}

// openBLASThreads is a Case.Enter that sets OpenBLAS's thread count to n and returns
// the function that restores the count it found and, if OpenBLAS was called on more
// than one thread in between, waits openBLASQuiet.
func openBLASThreads(n int) func() func() {
	return func() func() {
		prev := C.openblas_get_num_threads()
		C.openblas_set_num_threads(C.int(n))
		calls := openBLASCalls.Load()
		return func() {
			C.openblas_set_num_threads(prev)
			if n > 1 && openBLASCalls.Load() != calls {
				time.Sleep(openBLASQuiet)
			}
		}
	}
}

// openBLASQuiet is how long a case on several OpenBLAS threads is followed by nothing:
// OpenBLAS's idle workers spin (sched_yield) for THREAD_TIMEOUT, 2^28 TSC cycles, before
// they sleep, and took the other core from the next case. Measured (0.3.21 pthreads,
// Emerald Rapids, 2 vCPUs, loaded): after 20 two-thread n = 512 dgemm calls, 5, 4, 2
// and then 0 ticks of CPU (10 ms each) in consecutive 50 ms idle windows, so ~110–130
// ms; in the default suite 36 such cases, 5.4 s.
const openBLASQuiet = 150 * time.Millisecond

// openBLASCalls counts the calls into OpenBLAS (openBLASGemm, openBLASLogDet), so that
// openBLASThreads waits only after a case that ran.
var openBLASCalls atomic.Int64

// openBLASNumThreads is OpenBLAS's thread count now (openblas_get_num_threads).
func openBLASNumThreads() int { return int(C.openblas_get_num_threads()) }

// logDetMatrix returns a well-conditioned n×n test matrix: symmetric positive definite
// (B·Bᵀ/n + I) if spd, otherwise a random matrix with n added to its diagonal.
func logDetMatrix(n int, spd bool) []float64 {
	b := make([]float64, n*n)
	gemmFill(b, 7)
	if !spd {
		for i := 0; i < n; i++ {
			b[i*n+i] += float64(n)
		}
		return b
	}
	g := blas64.General{Rows: n, Cols: n, Stride: n, Data: b}
	s := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	blocked.Gemm(blas.NoTrans, blas.Trans, 1/float64(n), g, g, 0, s)
	for i := 0; i < n; i++ {
		s.Data[i*n+i]++
	}
	return s.Data
}

// openBLASLogDet overwrites a (n×n) with its inverse and returns log|det a| and the
// determinant's sign: dgetrf then dgetri, or for symmetric positive definite a dpotrf
// then dpotri (the inverse's lower triangle in column-major order, the upper one as
// read row-major). s is scratch from newLUScratch(n).
func openBLASLogDet(a []float64, n int, chol bool, s luScratch) (logDet, sign float64, err error) {
	openBLASCalls.Add(1)
	ipiv, work := s.ipiv, s.work
	pa := (*C.double)(unsafe.Pointer(&a[0]))
	sign = 1
	if chol {
		if info := C.mk_potrf(C.blasint(n), pa); info != 0 {
			return 0, 0, fmt.Errorf("dpotrf: info %d", info)
		}
		for i := 0; i < n; i++ {
			logDet += 2 * math.Log(a[i*n+i])
		}
		if info := C.mk_potri(C.blasint(n), pa); info != 0 {
			return 0, 0, fmt.Errorf("dpotri: info %d", info)
		}
		return logDet, sign, nil
	}
	if info := C.mk_getrf(C.blasint(n), pa, &ipiv[0]); info != 0 {
		return 0, 0, fmt.Errorf("dgetrf: info %d", info)
	}
	for i := 0; i < n; i++ {
		d := a[i*n+i]
		if d < 0 {
			sign = -sign
		}
		if int(ipiv[i]) != i+1 {
			sign = -sign
		}
		logDet += math.Log(math.Abs(d))
	}
	if info := C.mk_getri(C.blasint(n), pa, &ipiv[0], (*C.double)(unsafe.Pointer(&work[0])), C.blasint(len(work))); info != 0 {
		return 0, 0, fmt.Errorf("dgetri: info %d", info)
	}
	return logDet, sign, nil
}

// luScratch is the pivots and the dgetri work array (of the optimal length, asked of
// dgetri) for an n×n LU log-det.
type luScratch struct {
	ipiv []C.blasint
	work []float64
}

func newLUScratch(n int) luScratch {
	var opt C.double
	a := []float64{1}
	var ipiv C.blasint = 1
	C.mk_getri(C.blasint(n), (*C.double)(unsafe.Pointer(&a[0])), &ipiv, &opt, -1)
	return luScratch{ipiv: make([]C.blasint, n), work: make([]float64, max(n, int(opt)))}
}

func registerOpenBLASLogDet(n, threads int, chol bool) {
	op, flops := "logdet-f64", 2*float64(n)*float64(n)*float64(n)
	if chol {
		op, flops = "logdet-spd-f64", float64(n)*float64(n)*float64(n)
	}
	impl, label := openBLASImpl(threads, threads > 1)
	c := Case{Op: op, Size: fmt.Sprint(n), Impl: impl, Label: label, Flops: flops,
		Bytes: 16 * float64(n*n), Peak: PeakFMA64, Threads: threads, Enter: openBLASThreads(threads)}
	c.Setup = func() func() {
		a0 := logDetMatrix(n, chol)
		a := make([]float64, n*n)
		scratch := newLUScratch(n)
		return func() {
			copy(a, a0)
			if _, _, err := openBLASLogDet(a, n, chol, scratch); err != nil {
				panic(fmt.Sprintf("bench: %s n=%d: %v", op, n, err))
			}
		}
	}
	Register(c)
}

func openBLAS() Library {
	cfg := strings.TrimSpace(C.GoString(C.openblas_get_config()))
	version := "OpenBLAS"
	if f := strings.Fields(cfg); len(f) >= 2 && f[0] == "OpenBLAS" {
		version = f[0] + " " + f[1]
	}
	core := strings.TrimSpace(C.GoString(C.openblas_get_corename()))
	return Library{Name: "openblas", Available: true, Version: version, Kernels: core,
		Threads: int(C.openblas_get_num_threads()), Config: cfg,
		Warning: kernelWarning(core, os.Getenv("OPENBLAS_CORETYPE"), dispatch.Detected())}
}

// setOpenBLASThreads sets OpenBLAS's thread count.
func setOpenBLASThreads(n int) { C.openblas_set_num_threads(C.int(n)) }
