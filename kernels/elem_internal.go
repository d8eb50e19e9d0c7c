package kernels

import (
	"unsafe"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// Internals of the Hadamard family: one implementation over view.Float for both
// precisions, which picks the primitive of the table in force and feeds it in strips.

// elemChunk is the number of elements one assembly call handles at most, so that a call
// stays short (about 30 µs from DRAM) and the goroutine can be preempted between calls.
const elemChunk = 1 << 14

// elemAsmMin is the length below which the generic loop runs instead of the assembly:
// the indirect call and the vector set-up cost more than they save on a few elements.
// Measured on the Ice Lake test machine (float64 product, the primitive alone, thread
// CPU time, medians of 6, BenchmarkHadamardSmall): n = 4: generic 6.8 ns, AVX-512
// 8.5 ns; n = 6: 7.8 vs 8.9; n = 8: 10.3 vs 8.2; n = 16: 17.2 vs 9.2. The crossover is
// between 6 and 8 elements.
const elemAsmMin = 8

// tune.NTMinBytes is the output size from which the Hadamard product uses non-temporal
// stores, if the level has them: the output no longer stays in the caches, so keeping
// it there only evicts the inputs (see internal/tune for the rule). Measured on the Ice
// Lake test machine (float64, AVX-512, medians of 3, busy machine): n = 1e6 (8 MB out):
// plain 23.5 GB/s, non-temporal 30.9; n = 3e6: 12.4 vs 18.7; n = 1e7: 13.0 vs 16.5. At
// n = 1e5 (0.8 MB) the output stays in L2/L3 and plain stores are the right choice.

type binOp int

const ( // in the order of the primitives in binFn
	opMul binOp = iota
	opMulNT
	opMulAdd
	opAdd
	opSub
)

type scaOp int

const (
	opScale scaOp = iota
	opAxpy
)

// binFn returns the primitive for op from table t.
func binFn[T view.Float](t *dispatch.Table, op binOp) func(dst, a, b []T) {
	e := &t.Elem
	if view.Is32[T]() {
		fs := [...]func(dst, a, b []float32){e.MulF32, e.MulNTF32, e.MulAddF32, e.AddF32, e.SubF32}
		return any(fs[op]).(func(dst, a, b []T))
	}
	fs := [...]func(dst, a, b []float64){e.MulF64, e.MulNTF64, e.MulAddF64, e.AddF64, e.SubF64}
	return any(fs[op]).(func(dst, a, b []T))
}

// scaFn returns the primitive for op from table t.
func scaFn[T view.Float](t *dispatch.Table, op scaOp) func(dst []T, alpha T, x []T) {
	e := &t.Elem
	if view.Is32[T]() {
		f := e.ScaleF32
		if op == opAxpy {
			f = e.AxpyF32
		}
		return any(f).(func(dst []T, alpha T, x []T))
	}
	f := e.ScaleF64
	if op == opAxpy {
		f = e.AxpyF64
	}
	return any(f).(func(dst []T, alpha T, x []T))
}

// pickBin chooses the implementation for n elements per call out of total: the generic
// loop below elemAsmMin, non-temporal stores for a large Hadamard product.
func pickBin[T view.Float](op binOp, n, total int) func(dst, a, b []T) {
	if n < elemAsmMin {
		return binFn[T](dispatch.TableFor(dispatch.Generic), op)
	}
	if op == opMul && total*view.SizeOf[T]() >= tune.NTMinBytes {
		op = opMulNT
	}
	return binFn[T](dispatch.Current(), op)
}

func pickSca[T view.Float](op scaOp, n int) func(dst []T, alpha T, x []T) {
	if n < elemAsmMin {
		return scaFn[T](dispatch.TableFor(dispatch.Generic), op)
	}
	return scaFn[T](dispatch.Current(), op)
}

// parAlign is the alignment, in elements, of the parts' boundaries: whole 64-byte lines
// for both precisions when the slice starts on one.
const parAlign = 16

// runBin applies f to dst, a, b (equal lengths) in strips of elemChunk, on several cores
// from tune.ParMinBytes of output.
func runBin[T view.Float](f func(dst, a, b []T), dst, a, b []T) {
	if !parallel(len(dst) * view.SizeOf[T]()) {
		stripBin(f, dst, a, b)
		return
	}
	par.For(blocked.Threads(), len(dst), parAlign, func(lo, hi int) { stripBin(f, dst[lo:hi], a[lo:hi], b[lo:hi]) })
}

func stripBin[T view.Float](f func(dst, a, b []T), dst, a, b []T) {
	for len(dst) > elemChunk {
		f(dst[:elemChunk], a[:elemChunk], b[:elemChunk])
		dst, a, b = dst[elemChunk:], a[elemChunk:], b[elemChunk:]
	}
	f(dst, a, b)
}

// runSca is runBin for a scalar-times-vector operation.
func runSca[T view.Float](f func(dst []T, alpha T, x []T), dst []T, alpha T, x []T) {
	if !parallel(len(dst) * view.SizeOf[T]()) {
		stripSca(f, dst, alpha, x)
		return
	}
	par.For(blocked.Threads(), len(dst), parAlign, func(lo, hi int) { stripSca(f, dst[lo:hi], alpha, x[lo:hi]) })
}

func stripSca[T view.Float](f func(dst []T, alpha T, x []T), dst []T, alpha T, x []T) {
	for len(dst) > elemChunk {
		f(dst[:elemChunk], alpha, x[:elemChunk])
		dst, x = dst[elemChunk:], x[elemChunk:]
	}
	f(dst, alpha, x)
}

// parallel reports whether an operation writing bytes of output is split into
// contiguous parts across blocked.Threads() cores: from tune.ParMinBytes (see the rule
// in internal/tune), where one core no longer saturates the memory. Measured on
// the Ice Lake test machine (BenchmarkHadamardThreads: float64, AVX-512, the split forced
// at every size, medians of 5, GB/s on one core against two): n = 1e5 (0.8 MB out, in
// L2/L3): 32.2 against 28.3, a loss; n = 1e6 (8 MB): 27.9 against 43.0; n = 1e7: 16.2
// against 28.0. The callers build the closure for par.For only when it is true, so that
// the common small call allocates nothing.
func parallel(bytes int) bool { return bytes >= tune.ParMinBytes && blocked.Threads() > 1 }

// smallBin reports whether a flat three-slice call can go straight to the level's
// primitive: the lengths agree, dst shares no element with a or b unless it is exactly
// that slice, and the length is at least elemAsmMin, at most one strip (elemChunk) and
// below the split and non-temporal thresholds. The exported functions test it inline
// and otherwise take the general path (binary), which also panics where it must. It
// saves that path's generic calls (binary, pickBin, binFn's table of function values
// and type assertion). Measured on this Emerald Rapids VM (BenchmarkCallOverhead,
// float64, thread CPU time, medians of 5 interleaved runs, other processes compiling):
// kernel against primitive alone, before → after: n = 8: 14.7 → 11.9 ns (primitive
// 6.7–8.6); n = 16: 13.3 → 12.5 (6.6–7.2); n = 64: 27.9 → 23.4 (15.7–17.1); n = 1000:
// 96 → 95 (93). Below elemAsmMin the callers skip it on the length test; there n = 1
// measured 10.7 → 13.6 ns (the exported function's larger frame).
func smallBin[T view.Float](dst, a, b []T) bool {
	n := len(dst)
	bytes := n * view.SizeOf[T]()
	return n >= elemAsmMin && n <= elemChunk && len(a) == n && len(b) == n &&
		bytes < tune.ParMinBytes && bytes < tune.NTMinBytes && !partlyShared(dst, a) && !partlyShared(dst, b)
}

// smallSca is smallBin for a scalar-times-vector call.
func smallSca[T view.Float](dst, x []T) bool {
	n := len(dst)
	return n >= elemAsmMin && n <= elemChunk && len(x) == n && n*view.SizeOf[T]() < tune.ParMinBytes && !partlyShared(dst, x)
}

// binary checks and runs a flat three-slice operation. The checks are one comparison
// each in the valid case; the view helpers, which build the panic messages, run only
// when one fails (at n = 1000 they were a tenth of the call).
func binary[T view.Float](fn string, op binOp, dst, a, b []T) {
	n := len(dst)
	if len(a) != n || len(b) != n || partlyShared(dst, a) || partlyShared(dst, b) {
		binaryPanic(fn, dst, a, b)
	}
	f := pickBin[T](op, n, n)
	if n <= elemChunk && n*view.SizeOf[T]() < tune.ParMinBytes {
		f(dst, a, b)
		return
	}
	runBin(f, dst, a, b)
}

//go:noinline
func binaryPanic[T view.Float](fn string, dst, a, b []T) {
	view.SameLen(fn, "dst", dst, "a", a)
	view.SameLen(fn, "dst", dst, "b", b)
	view.NoPartialOverlap(fn, "dst", dst, "a", a)
	view.NoPartialOverlap(fn, "dst", dst, "b", b)
}

// scalar checks and runs a flat scalar-times-vector operation.
func scalar[T view.Float](fn string, op scaOp, dst []T, alpha T, x []T) {
	if len(x) != len(dst) || partlyShared(dst, x) {
		scalarPanic(fn, dst, x)
	}
	runSca(pickSca[T](op, len(dst)), dst, alpha, x)
}

//go:noinline
func scalarPanic[T view.Float](fn string, dst, x []T) {
	view.SameLen(fn, "dst", dst, "x", x)
	view.NoPartialOverlap(fn, "dst", dst, "x", x)
}

// partlyShared reports whether d and x, of one length, share an element without being
// the same slice: what view.NoPartialOverlap refuses, for equal lengths.
func partlyShared[T view.Float](d, x []T) bool {
	p := uintptr(unsafe.Pointer(unsafe.SliceData(d)))
	q := uintptr(unsafe.Pointer(unsafe.SliceData(x)))
	size := uintptr(len(d) * view.SizeOf[T]())
	return p != q && p < q+size && q < p+size
}

// binaryMat checks and runs a three-matrix operation: one flat pass when all three are
// contiguous, else row by row.
func binaryMat[T view.Float](fn string, op binOp, d, a, b view.Matrix[T]) {
	view.SameShape(fn, "dst", d, "a", a)
	view.SameShape(fn, "dst", d, "b", b)
	noPartialOverlapMat(fn, "dst", d, "a", a)
	noPartialOverlapMat(fn, "dst", d, "b", b)
	if d.Rows == 0 || d.Cols == 0 {
		return
	}
	if d.Contiguous() && a.Contiguous() && b.Contiguous() {
		n := d.Rows * d.Cols
		runBin(pickBin[T](op, n, n), d.Span(), a.Span(), b.Span())
		return
	}
	f := pickBin[T](op, d.Cols, d.Rows*d.Cols)
	if !parallel(d.Rows * d.Cols * view.SizeOf[T]()) {
		binRows(f, d, a, b, 0, d.Rows)
		return
	}
	par.For(blocked.Threads(), d.Rows, 1, func(lo, hi int) { binRows(f, d, a, b, lo, hi) })
}

// scalarMat checks and runs a two-matrix scalar-times-matrix operation.
func scalarMat[T view.Float](fn string, op scaOp, d view.Matrix[T], alpha T, x view.Matrix[T]) {
	view.SameShape(fn, "dst", d, "x", x)
	noPartialOverlapMat(fn, "dst", d, "x", x)
	if d.Rows == 0 || d.Cols == 0 {
		return
	}
	if d.Contiguous() && x.Contiguous() {
		runSca(pickSca[T](op, d.Rows*d.Cols), d.Span(), alpha, x.Span())
		return
	}
	f := pickSca[T](op, d.Cols)
	if !parallel(d.Rows * d.Cols * view.SizeOf[T]()) {
		scaRows(f, d, alpha, x, 0, d.Rows)
		return
	}
	par.For(blocked.Threads(), d.Rows, 1, func(lo, hi int) { scaRows(f, d, alpha, x, lo, hi) })
}

func binRows[T view.Float](f func(dst, a, b []T), d, a, b view.Matrix[T], lo, hi int) {
	for i := lo; i < hi; i++ {
		stripBin(f, d.Row(i), a.Row(i), b.Row(i))
	}
}

func scaRows[T view.Float](f func(dst []T, alpha T, x []T), d view.Matrix[T], alpha T, x view.Matrix[T], lo, hi int) {
	for i := lo; i < hi; i++ {
		stripSca(f, d.Row(i), alpha, x.Row(i))
	}
}

// noPartialOverlapMat panics (through view.NoPartialOverlap) if the matrices d and x
// share an element without being the same view. Views of one buffer whose elements
// interleave without meeting (say, two column blocks of one matrix) are allowed.
func noPartialOverlapMat[T view.Float](fn, dn string, d view.Matrix[T], xn string, x view.Matrix[T]) {
	ds, xs := d.Span(), x.Span()
	exact, partial := view.Overlap(ds, xs)
	if exact || !partial || !intersect(d, x) {
		return // exact: same start and span, and (shapes being equal) the same stride
	}
	view.NoPartialOverlap(fn, dn, ds, xn, xs)
}

// intersect reports whether two equally shaped views whose spans overlap share an
// element. With different strides it answers true (conservatively).
func intersect[T view.Float](d, x view.Matrix[T]) bool {
	if d.Stride != x.Stride {
		return true
	}
	size := uintptr(view.SizeOf[T]())
	p0, p1 := uintptr(unsafe.Pointer(&d.Data[0])), uintptr(unsafe.Pointer(&x.Data[0]))
	delta := int((p1 - p0) / size) // element (i, j) of x is element delta + i·s + j of d
	if p1 < p0 {
		delta = -int((p0 - p1) / size)
	}
	s := d.Stride
	r, c := delta/s, delta%s
	if c < 0 {
		r, c = r-1, c+s
	}
	// delta = Δi·s + Δj needs |Δi| < rows and |Δj| < cols: (r, c) or (r+1, c−s).
	in := func(di, dj int) bool { return abs(di) < d.Rows && abs(dj) < d.Cols }
	return in(r, c) || in(r+1, c-s)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
