package kernels

import (
	"math"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// The softmax family works row by row on N×K matrices (gonum layout, any stride ≥ K):
// each row x ∈ R^K is independent. With m = max x,
//
//	softmax(x) = exp(x − m) / Σ exp(x − m),   log softmax(x) = x − m − log Σ exp(x − m),
//
// stable for any finite logits (the largest term is exp(0) = 1, so the sum is in
// [1, K]). The Jacobian of softmax is J = diag(s) − s sᵀ (symmetric), so its JVP and VJP
// are one map, v ↦ s ⊙ (v − ⟨s, v⟩) (docs/conventions.md).
//
// Passes over a row: softmax 3 (max; exp and sum, stored in dst; scale by 1/sum),
// log-softmax 3 (max; sum of exps, not stored; subtract), JVP 2 (dot; product),
// log-softmax VJP 2 (Σv; v − exp(y)·Σv). At the AVX-512 level the passes of a softmax row, and those of a JVP
// row, run in one assembly call that prefetches the next row while it computes (rows up
// to 16384 elements), so only the first pass of a row waits on memory. Cost O(NK).
//
// Edge cases (decided here, tested): N = 0 or K = 0 does nothing; K = 1 gives 1 (log: 0)
// for finite x. A row containing NaN gives a NaN row. A row containing +Inf gives a
// NaN row (Inf − Inf), as does a row of all −Inf (no finite logit: 0/0); a −Inf
// among finite logits gives probability 0 (log: −Inf). Finite logits never give NaN,
// however large or small (1e308 and −1e308 in one row give 1 and 0); log-softmax of
// finite logits is −Inf only where the exact value is below −MaxFloat64.
// Accuracy: each probability within a few ULP (exp ≤ 1 ULP, the sum, the reciprocal
// and the product); a row sums to 1 within (K + 4)·ε.
// Shapes and aliasing: dst and x have the same shape, else the function panics naming
// itself and the shapes; dst may be exactly x (the same view), any other sharing of
// memory panics.

// Softmax sets each row of dst to softmax of the same row of x (N×K, rows
// independent): with m = max x, softmax(x) = exp(x − m) / Σ exp(x − m), stable for any
// finite logits. dst and x have the same shape, else it panics naming itself and the
// shapes; dst may be exactly x, any other sharing of memory panics. N = 0 or K = 0
// does nothing; K = 1 gives 1. NaN or +Inf in a row, or a row of all −Inf, gives a NaN
// row; a −Inf among finite logits gives 0; finite logits never give NaN. Each
// probability is within a few ULP and a row sums to 1 within (K + 4)·ε. Cost: three
// passes per row, O(NK); large outputs split across blocked.Threads() cores by rows.
func Softmax(dst, x blas64.General) {
	softmax("kernels.Softmax", actOps64(), view.F64(dst), view.F64(x))
}

// Softmax32 is Softmax for float32.
func Softmax32(dst, x blas32.General) {
	softmax("kernels.Softmax32", actOps32(), view.F32(dst), view.F32(x))
}

// LogSoftmax sets each row of dst to log softmax of the same row of x (N×K, rows
// independent): x − m − log Σ exp(x − m) with m = max x, stable for any finite logits.
// Shapes, aliasing, cost and non-finite rows as for Softmax (K = 1 gives 0; a −Inf
// logit among finite ones gives −Inf); finite logits give −Inf only where the exact
// value is below −MaxFloat64.
func LogSoftmax(dst, x blas64.General) {
	logSoftmax("kernels.LogSoftmax", actOps64(), view.F64(dst), view.F64(x))
}

// LogSoftmax32 is LogSoftmax for float32.
func LogSoftmax32(dst, x blas32.General) {
	logSoftmax("kernels.LogSoftmax32", actOps32(), view.F32(dst), view.F32(x))
}

// SoftmaxJVP sets each row of dst to J·v = s ⊙ (v − ⟨s, v⟩) for the same rows of the
// softmax output s and of v (J = diag(s) − s sᵀ, the Jacobian of softmax at s). dst, s
// and v have one shape, else it panics naming itself and the shapes; dst may be exactly
// s or v, any other sharing of memory panics. N = 0 or K = 0 does nothing. NaN or Inf
// in s or v reach every element of the row through ⟨s, v⟩ (each becomes NaN or ±Inf). Cost: two passes per
// row; large outputs split across cores by rows.
func SoftmaxJVP(dst, s, v blas64.General) {
	softmaxJVP("kernels.SoftmaxJVP", actOps64(), view.F64(dst), view.F64(s), view.F64(v))
}

// SoftmaxJVP32 is SoftmaxJVP for float32.
func SoftmaxJVP32(dst, s, v blas32.General) {
	softmaxJVP("kernels.SoftmaxJVP32", actOps32(), view.F32(dst), view.F32(s), view.F32(v))
}

// SoftmaxVJP sets each row of dst to Jᵀv = s ⊙ (v − ⟨s, v⟩): J is symmetric, so this is
// SoftmaxJVP under the name backpropagation uses (v is the upstream gradient ∂L/∂s),
// with the same shapes, aliasing, NaN/Inf behaviour and cost.
func SoftmaxVJP(dst, s, v blas64.General) {
	softmaxJVP("kernels.SoftmaxVJP", actOps64(), view.F64(dst), view.F64(s), view.F64(v))
}

// SoftmaxVJP32 is SoftmaxVJP for float32.
func SoftmaxVJP32(dst, s, v blas32.General) {
	softmaxJVP("kernels.SoftmaxVJP32", actOps32(), view.F32(dst), view.F32(s), view.F32(v))
}

// LogSoftmaxVJP sets each row of dst to the gradient with respect to x of ⟨v, y⟩ for
// y = log softmax(x), from the saved output y: dst = v − exp(y)·Σv (the Jacobian of log
// softmax is I − 1 sᵀ, s = exp(y)). dst, y and v have one shape, else it panics naming
// itself and the shapes; dst may be exactly y or v, any other sharing of memory panics.
// N = 0 or K = 0 does nothing; NaN or Inf in v reach every element of the row through
// Σv (NaN or ±Inf). Cost:
// two passes per row; large outputs split across cores by rows.
func LogSoftmaxVJP(dst, y, v blas64.General) {
	logSoftmaxVJP("kernels.LogSoftmaxVJP", actOps64(), view.F64(dst), view.F64(y), view.F64(v))
}

// LogSoftmaxVJP32 is LogSoftmaxVJP for float32.
func LogSoftmaxVJP32(dst, y, v blas32.General) {
	logSoftmaxVJP("kernels.LogSoftmaxVJP32", actOps32(), view.F32(dst), view.F32(y), view.F32(v))
}

// SoftmaxJacobian sets the K×K matrix dst to J = diag(s) − s sᵀ, the materialized
// Jacobian of softmax at the output s (K = len(s)), for tests and teaching (the
// products above never form it). It panics unless dst is K×K and shares no memory
// with s. Cost O(K²).
func SoftmaxJacobian(dst blas64.General, s []float64) {
	softmaxJacobian("kernels.SoftmaxJacobian", view.F64(dst), s)
}

// SoftmaxJacobian32 is SoftmaxJacobian for float32.
func SoftmaxJacobian32(dst blas32.General, s []float32) {
	softmaxJacobian("kernels.SoftmaxJacobian32", view.F32(dst), s)
}

func softmaxJacobian[T view.Float](fn string, d view.Matrix[T], s []T) {
	view.Dims(fn, "dst", d, len(s), len(s))
	view.NoOverlap(fn, "dst", d.Span(), "s", s)
	for i := range s {
		row := d.Row(i)
		for j := range s {
			row[j] = -s[i] * s[j]
		}
		row[i] += s[i]
	}
}

// actOps are the per-precision primitives of the level in force.
type actOps[T view.Float] struct {
	exp    func(dst, x []T)
	max    func(x []T) T
	expSum func(dst, x []T, m T) T
	scale  func(dst, x []T, a T)
	dot    func(a, b []T) T
	jvp    func(dst, s, v []T, d T)
	row    func(dst, x, next []T)
	jvpRow func(dst, s, v, ns, nv []T)
	lse    func(x, next []T) (m, sum T)
	shift  func(dst, x []T, m, c T)
	logVJP func(dst, y, v []T, sv T)
}

func actOps64() actOps[float64] {
	a := &dispatch.Current().Act
	return actOps[float64]{a.ExpF64, a.SoftmaxMaxF64, a.SoftmaxExpSumF64, a.SoftmaxScaleF64, a.SoftmaxDotF64, a.SoftmaxJVPF64, a.SoftmaxRowF64, a.SoftmaxJVPRowF64,
		a.SoftmaxLSEF64, a.SoftmaxShiftF64, a.SoftmaxLogVJPF64}
}

func actOps32() actOps[float32] {
	a := &dispatch.Current().Act
	return actOps[float32]{a.ExpF32, a.SoftmaxMaxF32, a.SoftmaxExpSumF32, a.SoftmaxScaleF32, a.SoftmaxDotF32, a.SoftmaxJVPF32, a.SoftmaxRowF32, a.SoftmaxJVPRowF32,
		a.SoftmaxLSEF32, a.SoftmaxShiftF32, a.SoftmaxLogVJPF32}
}

// sameView reports whether a and b are the same view of the same memory.
func sameView[T view.Float](a, b view.Matrix[T]) bool {
	sa, sb := a.Span(), b.Span()
	exact, _ := view.Overlap(sa, sb)
	return exact && a.Stride == b.Stride
}

// checkRowsIO validates dst against an input of the same shape: dst may be exactly in,
// and may not otherwise share memory with it.
func checkRowsIO[T view.Float](fn, dn string, d view.Matrix[T], in string, x view.Matrix[T]) {
	view.SameShape(fn, dn, d, in, x)
	if !sameView(d, x) {
		view.NoPartialOverlap(fn, dn, d.Span(), in, x.Span())
		if exact, _ := view.Overlap(d.Span(), x.Span()); exact {
			actPanicf(fn, "%s and %s share memory with different strides", dn, in)
		}
	}
}

func softmax[T view.Float](fn string, o actOps[T], d, x view.Matrix[T]) {
	checkRowsIO(fn, "dst", d, "x", x)
	if x.Cols == 0 {
		return
	}
	onRows(rowsSoftmax, o, d, x, view.Matrix[T]{})
}

func softmaxRows[T view.Float](o actOps[T], d, x view.Matrix[T], lo, hi int) {
	for i := lo; i < hi; i++ {
		var next []T
		if i+1 < x.Rows {
			next = x.Row(i + 1)
		}
		o.row(d.Row(i), x.Row(i), next)
	}
}

func logSoftmax[T view.Float](fn string, o actOps[T], d, x view.Matrix[T]) {
	checkRowsIO(fn, "dst", d, "x", x)
	if x.Cols == 0 {
		return
	}
	onRows(rowsLogSoftmax, o, d, x, view.Matrix[T]{})
}

func logSoftmaxRows[T view.Float](o actOps[T], d, x view.Matrix[T], lo, hi int) {
	for i := lo; i < hi; i++ {
		var next []T
		if i+1 < x.Rows {
			next = x.Row(i + 1)
		}
		xr := x.Row(i)
		m, sum := o.lse(xr, next)
		o.shift(d.Row(i), xr, m, T(math.Log(float64(sum))))
	}
}

func softmaxJVP[T view.Float](fn string, o actOps[T], d, s, v view.Matrix[T]) {
	checkRowsIO(fn, "dst", d, "s", s)
	checkRowsIO(fn, "dst", d, "v", v)
	if d.Cols == 0 { // N×0: nothing to do (Data may be shorter than one row)
		return
	}
	onRows(rowsJVP, o, d, s, v)
}

func softmaxJVPRows[T view.Float](o actOps[T], d, s, v view.Matrix[T], lo, hi int) {
	for i := lo; i < hi; i++ {
		var ns, nv []T
		if i+1 < s.Rows {
			ns, nv = s.Row(i+1), v.Row(i+1)
		}
		o.jvpRow(d.Row(i), s.Row(i), v.Row(i), ns, nv)
	}
}

func logSoftmaxVJP[T view.Float](fn string, o actOps[T], d, y, v view.Matrix[T]) {
	checkRowsIO(fn, "dst", d, "y", y)
	checkRowsIO(fn, "dst", d, "v", v)
	if d.Cols == 0 {
		return
	}
	onRows(rowsLogVJP, o, d, y, v)
}

func logSoftmaxVJPRows[T view.Float](o actOps[T], d, y, v view.Matrix[T], lo, hi int) {
	for i := lo; i < hi; i++ {
		vr := v.Row(i)
		o.logVJP(d.Row(i), y.Row(i), vr, rowSum(vr))
	}
}

// rowKind names a row-wise softmax operation, so that onRows picks its loop with a
// switch: a generic function value passed instead would be allocated on every call.
type rowKind int

const (
	rowsSoftmax rowKind = iota
	rowsLogSoftmax
	rowsJVP
	rowsLogVJP
)

// onRows runs operation k over all of dst's rows with the inputs x and y (y unused by
// the one-input operations): on the calling goroutine, or split by rows across cores
// when rowsParallel says so (the closure for par.For is built only then).
func onRows[T view.Float](k rowKind, o actOps[T], d, x, y view.Matrix[T]) {
	if !rowsParallel(d.Rows, d.Cols*view.SizeOf[T]()) {
		runRows(k, o, d, x, y, 0, d.Rows)
		return
	}
	par.For(blocked.Threads(), d.Rows, 1, func(lo, hi int) { runRows(k, o, d, x, y, lo, hi) })
}

// rowsParallel reports whether a row operation on rows rows of rowBytes bytes of output
// each is split across blocked.Threads() cores: from tune.RowParMinBytes of output
// when a row of input and output fits in tune.RowFitBytes (its later passes then hit
// the L2: from memory the operation is one stream in and one out, and one core keeps
// up with it until it is beyond the caches; softmax float32 1024×1000, 4 MB out, ran
// 0.84× as fast on two cores as on one on this Emerald Rapids VM, 8192×1000 1.46×: see
// internal/tune), else from tune.ParMinBytes like an elementwise operation.
func rowsParallel(rows, rowBytes int) bool {
	min := tune.RowParMinBytes
	if 2*rowBytes > tune.RowFitBytes {
		min = tune.ParMinBytes
	}
	return rows > 1 && rows*rowBytes >= min && blocked.Threads() > 1
}

// runRows runs operation k on rows lo…hi−1.
func runRows[T view.Float](k rowKind, o actOps[T], d, x, y view.Matrix[T], lo, hi int) {
	switch k {
	case rowsSoftmax:
		softmaxRows(o, d, x, lo, hi)
	case rowsLogSoftmax:
		logSoftmaxRows(o, d, x, lo, hi)
	case rowsJVP:
		softmaxJVPRows(o, d, x, y, lo, hi)
	case rowsLogVJP:
		logSoftmaxVJPRows(o, d, x, y, lo, hi)
	}
}

// rowSum returns Σ x in a fixed order (eight interleaved partial sums, then a pairwise
// combination): plain Go, so every level gets the same bits, without the latency of one
// long chain of additions (scalar locals, kept in registers, unlike an array).
func rowSum[T view.Float](x []T) T {
	var p0, p1, p2, p3, p4, p5, p6, p7 T
	for len(x) >= 8 {
		p0 += x[0]
		p1 += x[1]
		p2 += x[2]
		p3 += x[3]
		p4 += x[4]
		p5 += x[5]
		p6 += x[6]
		p7 += x[7]
		x = x[8:]
	}
	for _, e := range x {
		p0 += e
	}
	return ((p0 + p4) + (p1 + p5)) + ((p2 + p6) + (p3 + p7))
}
