package blocked

import (
	"fmt"
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
	// Split only when the work between two barriers (one kc-deep block) is large enough.
	if nthreads > 1 && 2*float64(m)*float64(n)*float64(min(k, j.bs.kc)) >= parallelMinFlops {
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

// job is one product in progress: the operands, the block being worked on, the
// packing buffers and the per-phase split across workers.
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

	// The current B panel: columns jc…jc+nb−1, depth pc…pc+kb−1, packed into bufB.
	jc, nb, pc, kb int
	betaK          T // β for the first depth block, 1 after
	mc             int
	icBlocks       int // ⌈m/mc⌉
	slices         int // column slices per A block when there are fewer blocks than workers
	packing        bool

	bufB *[]T
	bufA [maxThreads]*[]T
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

// run does the whole product: the BLIS loops over nc-column B panels and kc-deep blocks,
// each B panel packed once (split across the workers) and then shared while each
// worker packs its own mc×kc A blocks and runs the micro-kernel over them.
func (j *job[T]) run() {
	mr, nr, bs := j.mr, j.nr, j.bs
	ncEff := min(bs.nc, roundUp(j.n, nr))
	j.bufB = getBuf[T](bufB, bs.kc*ncEff)
	// Blocks of A: at most mc rows, and when there are several workers, small enough
	// that each gets at least one (rows stay whole MR panels).
	j.mc = min(bs.mc, roundUp(j.m, mr))
	if j.threads > 1 {
		j.mc = min(j.mc, roundUp((j.m+j.threads-1)/j.threads, mr))
	}
	j.icBlocks = (j.m + j.mc - 1) / j.mc
	j.slices = 1
	if j.icBlocks < j.threads {
		j.slices = (j.threads + j.icBlocks - 1) / j.icBlocks
	}
	for id := 0; id < j.threads; id++ {
		j.bufA[id] = getBuf[T](bufA, j.mc*bs.kc)
	}
	for jc := 0; jc < j.n; jc += bs.nc {
		j.jc, j.nb = jc, min(bs.nc, j.n-jc)
		for pc := 0; pc < j.k; pc += bs.kc {
			j.pc, j.kb = pc, min(bs.kc, j.k-pc)
			j.betaK = j.beta
			if pc > 0 {
				j.betaK = 1
			}
			j.packing = true
			par.Run(j, j.threads, &j.wg)
			j.packing = false
			par.Run(j, j.threads, &j.wg)
		}
	}
	putBuf(bufB, j.bufB)
	j.bufB = nil
	for id := 0; id < j.threads; id++ {
		putBuf(bufA, j.bufA[id])
		j.bufA[id] = nil
	}
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// RunPhase runs worker id's share of the current phase: packing its share of the B
// panels, or computing its units. A unit is one A block times one column slice of the
// B panel; worker id takes units id, id+threads, ….
func (j *job[T]) RunPhase(id int) {
	nPanels := (j.nb + j.nr - 1) / j.nr
	if j.packing {
		first, last := id*nPanels/j.threads, (id+1)*nPanels/j.threads
		packBWith(j.pack, *j.bufB, j.b, j.transB, j.pc, j.jc, j.kb, j.nb, j.nr, first, last)
		return
	}
	bufA := *j.bufA[id]
	bufB := *j.bufB
	packed := -1
	units := j.icBlocks * j.slices
	for u := id; u < units; u += j.threads {
		blk, s := u/j.slices, u%j.slices
		ic := blk * j.mc
		mb := min(j.mc, j.m-ic)
		mPanels := (mb + j.mr - 1) / j.mr
		if packed != blk {
			packAWith(j.pack, bufA, j.a, j.transA, ic, j.pc, mb, j.kb, j.mr, 0, mPanels)
			packed = blk
		}
		first, last := s*nPanels/j.slices, (s+1)*nPanels/j.slices
		j.macro(bufA, bufB, ic, mb, first, last)
	}
}

// macro runs the micro-kernel over the packed A block (rows ic…ic+mb−1) and B panels
// first…last−1: the jr loop outside, so each kc×nr B micro-panel stays in L1 while the
// ir loop streams the A block from L2.
func (j *job[T]) macro(bufA, bufB []T, ic, mb, first, last int) {
	mr, nr, kb := j.mr, j.nr, j.kb
	c := j.c
	ap := bufA[:roundUp(mb, mr)*kb]
	for q := first; q < last; q++ {
		jr := q * nr
		n := min(nr, j.nb-jr)
		bp := bufB[q*nr*kb : (q+1)*nr*kb]
		// One call runs the ir loop: the strip of ⌈mb/mr⌉ tiles down the A block.
		j.kern(kb, ap, bp, c.Data[ic*c.Stride+j.jc+jr:], c.Stride, j.alpha, j.betaK, mb, n)
	}
}
