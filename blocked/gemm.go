package blocked

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/view"
)

// Gemm computes C = α·op(A)·op(B) + β·C, where op(X) is X for blas.NoTrans and Xᵀ for
// blas.Trans (or blas.ConjTrans, the same for real matrices). C is m×n, op(A) m×k and
// op(B) k×n; all three are row-major with their own strides (gonum's layout).
//
// BLAS semantics: β = 0 means C is not read, so NaN or Inf in C do not reach the result;
// α = 0 (or k = 0) means A and B are not read and C becomes β·C. Otherwise NaN and Inf in
// A and B propagate as in the plain triple loop: no zero entry is skipped. Each element
// is a sum of k products accumulated in index order (with fused multiply-adds on the
// assembly levels) within blocks of kc (a few hundred) terms, the blocks added in order;
// the error is within the usual γ_{k+2}·(|α|·|op(A)|·|op(B)| + |β|·|C|) bound. Results
// may differ in the last bits between levels; at one level they are the same bits on
// every run and for any thread count.
//
// Gemm panics, naming blocked.Gemm and the shapes, if a matrix is malformed, the shapes
// do not agree, or C shares memory with A or B. Cost: 2·m·n·k flops, on up to Threads()
// cores for large products; packing buffers come from a pool, so repeated calls allocate
// nothing.
func Gemm(tA, tB blas.Transpose, alpha float64, a blas64.General, b blas64.General, beta float64, c blas64.General) {
	const fn = "blocked.Gemm"
	transA, transB := transFlag(fn, "tA", tA), transFlag(fn, "tB", tB)
	A, B, C := view.F64(a), view.F64(b), view.F64(c)
	checkGemm(fn, transA, transB, A, B, C)
	gemm(dispatch.Current(), transA, transB, alpha, A, B, beta, C, Threads())
}

// Gemm32 is Gemm for float32 matrices: C = α·op(A)·op(B) + β·C, accumulated in float32.
// It panics naming blocked.Gemm32.
func Gemm32(tA, tB blas.Transpose, alpha float32, a blas32.General, b blas32.General, beta float32, c blas32.General) {
	const fn = "blocked.Gemm32"
	transA, transB := transFlag(fn, "tA", tA), transFlag(fn, "tB", tB)
	A, B, C := view.F32(a), view.F32(b), view.F32(c)
	checkGemm(fn, transA, transB, A, B, C)
	gemm(dispatch.Current(), transA, transB, alpha, A, B, beta, C, Threads())
}

func transFlag(fn, name string, t blas.Transpose) bool {
	switch t {
	case blas.NoTrans:
		return false
	case blas.Trans, blas.ConjTrans:
		return true
	}
	panic(fmt.Sprintf("%s: %s = %d is not blas.NoTrans, blas.Trans or blas.ConjTrans", fn, name, t))
}

// checkGemm panics unless A, B and C are valid views whose shapes agree for
// C = op(A)·op(B), and C shares no memory with A or B.
func checkGemm[T view.Float](fn string, transA, transB bool, a, b, c view.Matrix[T]) {
	view.Check(fn, "a", a)
	view.Check(fn, "b", b)
	view.Check(fn, "c", c)
	m, k := a.Rows, a.Cols
	if transA {
		m, k = k, m
	}
	kb, n := b.Rows, b.Cols
	if transB {
		kb, n = n, kb
	}
	if k != kb || c.Rows != m || c.Cols != n {
		opA, opB := a.Shape(), b.Shape()
		if transA {
			opA += "ᵀ"
		}
		if transB {
			opB += "ᵀ"
		}
		panic(fmt.Sprintf("%s: shapes do not agree: op(a) is %s (a %s), op(b) is %s (b %s), c is %s",
			fn, view.Matrix[T]{Rows: m, Cols: k}.Shape(), opA, view.Matrix[T]{Rows: kb, Cols: n}.Shape(), opB, c.Shape()))
	}
	if exact, partial := view.Overlap(c.Span(), a.Span()); exact || partial {
		panic(fmt.Sprintf("%s: c (%s) shares memory with a: the product cannot be computed in place", fn, c.Shape()))
	}
	if exact, partial := view.Overlap(c.Span(), b.Span()); exact || partial {
		panic(fmt.Sprintf("%s: c (%s) shares memory with b: the product cannot be computed in place", fn, c.Shape()))
	}
}

// kernel is a micro-kernel (see dispatch.GEMM).
type kernel[T view.Float] func(k int, a, b, c []T, ldc int, alpha, beta T, m, n int)

// kernelOf returns t's micro-kernel for T and its tile.
func kernelOf[T view.Float](t *dispatch.Table) (kernel[T], int, int) {
	var z T
	switch any(z).(type) {
	case float32:
		f := t.GEMM.KernelF32
		return any(kernel[float32](f)).(kernel[T]), t.GEMM.MRF32, t.GEMM.NRF32
	}
	f := t.GEMM.KernelF64
	return any(kernel[float64](f)).(kernel[T]), t.GEMM.MRF64, t.GEMM.NRF64
}

// gemm computes C = α·op(A)·op(B) + β·C on checked views with the kernels of table t,
// on up to nthreads workers.
func gemm[T view.Float](t *dispatch.Table, transA, transB bool, alpha T, a, b view.Matrix[T], beta T, c view.Matrix[T], nthreads int) {
	m, n := c.Rows, c.Cols
	k := a.Cols
	if transA {
		k = a.Rows
	}
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(c, beta)
		return
	}
	if float64(m)*float64(n)*float64(k) < smallMNK {
		gemmSmall(transA, transB, alpha, a, b, beta, c)
		return
	}
	if gemmSup(t, transA, transB, alpha, a, b, beta, c, m, n, k) {
		return
	}
	j := getJob[T]()
	j.kern, j.mr, j.nr = kernelOf[T](t)
	j.pack = packersOf[T](t)
	j.bs = blockSizesFor(view.SizeOf[T](), j.mr, j.nr)
	j.transA, j.transB, j.alpha, j.beta = transA, transB, alpha, beta
	j.a, j.b, j.c, j.m, j.n, j.k = a, b, c, m, n, k
	j.threads = 1
	// The threshold is a time: float32 runs twice the flops per second, so it splits from
	// twice the flops (see gemmMinFlops).
	if nthreads > 1 && 2*float64(m)*float64(n)*float64(k)*float64(view.SizeOf[T]())/8 >= gemmMinFlops {
		j.threads = nthreads
	}
	j.run()
	j.a, j.b, j.c = view.Matrix[T]{}, view.Matrix[T]{}, view.Matrix[T]{}
	putJob(j)
}

// smallMNK is the m·n·k below which the product is computed by plain loops without
// packing. Measured on the Ice Lake server (square n, β = 1, best of 7; loops vs packed):
// n = 4: 131 vs 274 ns (AVX2), 135 vs 278 ns (generic); n = 6: 358 vs 319 ns (AVX2),
// 773 vs 628 ns (AVX-512), 371 vs 621 ns (generic); n = 8: 892 vs 397 ns (AVX2),
// 834 vs 697 ns (generic). The crossover is at n ≈ 6 for the assembly levels, 7–8 for
// generic: 6³. BenchmarkGemmSmall times both paths. A variable only for that benchmark.
var smallMNK = 6.0 * 6 * 6

// gemmSmall is the unpacked product for tiny sizes: C = α·op(A)·op(B) + β·C by dot
// products, C not read when β = 0.
func gemmSmall[T view.Float](transA, transB bool, alpha T, a, b view.Matrix[T], beta T, c view.Matrix[T]) {
	k := a.Cols
	if transA {
		k = a.Rows
	}
	for i := 0; i < c.Rows; i++ {
		row := c.Row(i)
		for j := range row {
			var s T
			for p := 0; p < k; p++ {
				var x, y T
				if transA {
					x = a.Data[p*a.Stride+i]
				} else {
					x = a.Data[i*a.Stride+p]
				}
				if transB {
					y = b.Data[j*b.Stride+p]
				} else {
					y = b.Data[p*b.Stride+j]
				}
				s += x * y
			}
			if beta == 0 {
				row[j] = alpha * s
			} else {
				row[j] = alpha*s + beta*row[j]
			}
		}
	}
}

// scaleC sets C = β·C (C = 0 without reading it when β = 0).
func scaleC[T view.Float](c view.Matrix[T], beta T) {
	for i := 0; i < c.Rows; i++ {
		row := c.Row(i)
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

// job is one product in progress: the operands, the split of C across workers and
// their packing buffers.
//
// A product on several workers is cut into a grid of tm×tn rectangles of C (row
// boundaries on whole MR panels, column boundaries on whole NR panels, chosen by
// splitGrid), and worker id computes rectangle (id/tn, id%tn) on its own: it packs the
// rows of op(A) and the columns of op(B) it needs into its own buffers and runs the
// serial BLIS loops over them. The whole product is then one phase: one hand-off to the
// helpers and one wait, no barrier between packing and computing or between kc blocks.
// The price is packing: op(A) is packed tn times and op(B) tm times in all, which
// splitGrid weighs against the balance of the rectangles. Each element of C is computed
// by one worker, its sum in the same order as on one worker, so the thread count
// changes no bit of the result.
type job[T view.Float] struct {
	kern           kernel[T]
	pack           packers[T]
	mr, nr         int
	bs             blockSizes
	transA, transB bool
	alpha, beta    T
	a, b, c        view.Matrix[T]
	m, n, k        int
	threads        int

	tm, tn           int // the grid of rectangles: tm·tn = threads
	mPanels, nPanels int // ⌈m/mr⌉, ⌈n/nr⌉
	mc, ncEff        int // A block rows and B panel columns, for the largest rectangle

	bufA [maxThreads]*[]T // worker id's packed mc×kc A block
	bufB [maxThreads]*[]T // worker id's packed kc×nc B panel
	wg   sync.WaitGroup
}

var jobPools [2]sync.Pool

func getJob[T view.Float]() *job[T] {
	p := &jobPools[0]
	if view.Is32[T]() {
		p = &jobPools[1]
	}
	if j, ok := p.Get().(*job[T]); ok {
		return j
	}
	return new(job[T])
}

func putJob[T view.Float](j *job[T]) {
	p := &jobPools[0]
	if view.Is32[T]() {
		p = &jobPools[1]
	}
	p.Put(j)
}

// run does the whole product: plans the split, runs the one phase, and returns the
// buffers.
func (j *job[T]) run() {
	j.plan()
	par.Run(j, j.threads, &j.wg)
	j.release()
}

// plan chooses the grid of rectangles (and so the number of workers) and takes a pair
// of packing buffers per worker.
func (j *job[T]) plan() {
	mr, nr, bs := j.mr, j.nr, j.bs
	j.mPanels, j.nPanels = (j.m+mr-1)/mr, (j.n+nr-1)/nr
	j.tm, j.tn = 1, 1
	if j.threads > 1 {
		j.tm, j.tn = splitGrid(j.threads, j.mPanels, j.nPanels, mr, nr, j.k, bs.nc)
		j.threads = j.tm * j.tn
	}
	// Buffers for the largest rectangle: ⌈mPanels/tm⌉ row panels, ⌈nPanels/tn⌉ column panels.
	j.mc = min(bs.mc, (j.mPanels+j.tm-1)/j.tm*mr)
	// The workers' B panels together stay within the share of the last-level cache that
	// bs.nc was sized for.
	j.ncEff = min(max(bs.nc/j.threads/nr*nr, nr), (j.nPanels+j.tn-1)/j.tn*nr)
	kc := min(bs.kc, j.k)
	for id := 0; id < j.threads; id++ {
		j.bufA[id] = getBuf[T](bufA, j.mc*kc)
		j.bufB[id] = getBuf[T](bufB, kc*j.ncEff)
	}
}

// release returns the packing buffers.
func (j *job[T]) release() {
	for id := 0; id < j.threads; id++ {
		putBuf(bufA, j.bufA[id])
		putBuf(bufB, j.bufB[id])
		j.bufA[id], j.bufB[id] = nil, nil
	}
}

// packFlops is the cost of packing one element of op(A) or op(B), in flops of
// micro-kernel time: BenchmarkPack packs 0.22–0.33 ns per element and the AVX-512
// micro-kernels run at about 75 GFLOP/s (0.25 ns ≈ 19 flops) on Emerald Rapids.
const packFlops = 20

// splitGrid chooses the grid of tm×tn rectangles (tm ≤ mPanels, tn ≤ nPanels,
// tm·tn ≤ threads) for an m×n×k product of mPanels MR-row and nPanels NR-column
// panels that minimizes the time of the slowest worker, estimated as the padded flops
// of the largest rectangle plus packFlops per element it packs (its rows of op(A) once
// per nc-column B panel, its columns of op(B) once). Ties go to fewer workers.
func splitGrid(threads, mPanels, nPanels, mr, nr, k, nc int) (tm, tn int) {
	best := math.Inf(1)
	tm, tn = 1, 1
	for t := 1; t <= threads; t++ {
		for gm := 1; gm <= t; gm++ {
			if t%gm != 0 {
				continue
			}
			gn := t / gm
			if gm > mPanels || gn > nPanels {
				continue
			}
			rows := float64((mPanels + gm - 1) / gm * mr)
			cols := (nPanels + gn - 1) / gn * nr
			panels := float64((cols + nc - 1) / nc)
			cost := 2*rows*float64(cols)*float64(k) + packFlops*float64(k)*(rows*panels+float64(cols))
			if cost < best {
				best, tm, tn = cost, gm, gn
			}
		}
	}
	return tm, tn
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// RunPhase computes worker id's rectangle of C (see job).
func (j *job[T]) RunPhase(id int) {
	im, in := id/j.tn, id%j.tn
	r0, r1 := im*j.mPanels/j.tm*j.mr, min((im+1)*j.mPanels/j.tm*j.mr, j.m)
	c0, c1 := in*j.nPanels/j.tn*j.nr, min((in+1)*j.nPanels/j.tn*j.nr, j.n)
	if r0 < r1 && c0 < c1 {
		j.rect(*j.bufA[id], *j.bufB[id], r0, r1-r0, c0, c1-c0)
	}
}

// rect computes rows i0…i0+mw−1, columns j0…j0+nw−1 of C by the BLIS loops: for each
// nc-column B panel and kc-deep block, pack the B panel, then pack each mc-row A block
// and run the macro-kernel over it.
func (j *job[T]) rect(bufA, bufB []T, i0, mw, j0, nw int) {
	mr, nr, kc := j.mr, j.nr, j.bs.kc
	for jc := 0; jc < nw; jc += j.ncEff {
		nb := min(j.ncEff, nw-jc)
		nPanels := (nb + nr - 1) / nr
		for pc := 0; pc < j.k; pc += kc {
			kb := min(kc, j.k-pc)
			beta := j.beta
			if pc > 0 {
				beta = 1
			}
			packBWith(j.pack, bufB, j.b, j.transB, pc, j0+jc, kb, nb, nr, 0, nPanels)
			for ic := 0; ic < mw; ic += j.mc {
				mb := min(j.mc, mw-ic)
				packAWith(j.pack, bufA, j.a, j.transA, i0+ic, pc, mb, kb, mr, 0, (mb+mr-1)/mr)
				j.macro(bufA, bufB, i0+ic, mb, j0+jc, nb, kb, beta)
			}
		}
	}
}

// macro runs the micro-kernel over the packed A block (rows ic…ic+mb−1, depth kb) and
// the packed B panel (columns jc…jc+nb−1): the jr loop outside, so each kc×nr B
// micro-panel stays in L1 while the ir loop streams the A block from L2.
func (j *job[T]) macro(bufA, bufB []T, ic, mb, jc, nb, kb int, beta T) {
	mr, nr := j.mr, j.nr
	c := j.c
	ap := bufA[:roundUp(mb, mr)*kb]
	for jr := 0; jr < nb; jr += nr {
		bp := bufB[jr*kb : (jr+nr)*kb]
		// One call runs the ir loop: the strip of ⌈mb/mr⌉ tiles down the A block.
		j.kern(kb, ap, bp, c.Data[ic*c.Stride+jc+jr:], c.Stride, j.alpha, beta, mb, min(nr, nb-jr))
	}
}
