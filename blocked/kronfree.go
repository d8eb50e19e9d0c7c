package blocked

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"unsafe"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/view"
)

// KronPlan computes Y = α·X·(F1 ⊗ F2 ⊗ … ⊗ Fk) + β·Y without forming the Kronecker
// matrix, for X with any number of rows. It is the engine behind kernels.KronMatMul;
// a plan decides once what repeated products with the same factors share: the order in
// which the factors are applied, the workspace, and the factors packed for the
// micro-kernel.
//
// # Algorithm
//
// A row x of X, of length P1·…·Pk, is a tensor with axes (P1, …, Pk) in row-major order.
// Applying factor i contracts axis i with Fi: for every setting a of the axes before it
// and b of the axes after it, out(a, b, :) = Σ_p x(a, p, b)·Fi(p, :). That is one GEMM per
// a, (B×Pi)·(Pi×Qi) with the first operand read transposed from x, and it writes axis i's
// new index last, so the result is already in the layout the next step reads: there is no
// separate transpose pass. After all k steps the axes stand in application order; if that
// is not 1…k a final pass puts them back.
//
// A step is a "sliced multiply" (dispatch.Factored): out_a = x_aᵀ·op(Fi) for every a,
// with x_a (Pi×B) read in place through its stride, every row tile in one assembly call
// (no packing of the tensor, register tiles matched to Qi, op(Fi) packed once per
// product). Rows go through all k steps in small groups, so their intermediates (at most
// the largest Π over the current axes) stay in cache; groups are shared among Threads()
// workers. A large Y (β = 0) is streamed with non-temporal stores: by the sliced
// multiply's last step itself where the level has such a kernel and Y's rows are whole
// cache lines (dispatch.Factored.SlicedNTF64), else by copies from the worker's buffer.
//
// A plan is not safe for concurrent use; make one per goroutine.
type KronPlan[T view.Float] struct {
	factors []view.Matrix[T] // the factors as given
	trans   bool             // apply Fiᵀ instead of Fi
	p, q    []int            // op(Fi) is p[i]×q[i]
	order   []int            // factor application order
	rank    []int            // rank[i]: the step at which factor i is applied
	inLen   int              // Π p
	outLen  int              // Π q
	maxLen  int              // the longest intermediate of one row
	flops   float64          // flops per row of X

	group int // rows of X a worker takes through the steps together

	// Set up for the dispatch table last used; rebuilt when the level changes.
	table   *dispatch.Table
	kern    kernel[T]
	mr, nr  int
	panels  [][]T // panels[i]: op(Fi) packed into ⌈qi/nr⌉ panels of pi·nr values
	sliced  slicedKernel[T]
	slicNT  slicedNTKernel[T] // the sliced multiply with non-temporal stores
	hasNT   bool              // … which the level has
	spack   slicedPacker[T]
	copyNT  func(dst, src []T) // non-temporal copy (Elem.CopyNT)
	viaBuf  bool               // the product in progress writes Y through the buffer (β = 0)
	ntY     bool               // … and streams it with copyNT
	ldf     []int              // ldf[i]: the row stride of fpad[i]
	fpad    [][]T              // fpad[i]: op(Fi) packed for the sliced multiply, pi rows of ldf[i]
	workers []kronWorker[T]

	// The product in progress (set by apply, cleared after it).
	x, y        view.Matrix[T]
	alpha, beta T
	nrun        int // workers sharing the rows
	wg          sync.WaitGroup
}

// planPhase runs a KronPlan's rows on internal/par's workers without giving the
// exported KronPlan a RunPhase method.
type planPhase[T view.Float] KronPlan[T]

func (p *planPhase[T]) RunPhase(id int) { (*KronPlan[T])(p).runPhase(id) }

// kronWorker holds one worker's workspace.
type kronWorker[T view.Float] struct {
	buf  [2][]T // ping-pong intermediates, group·maxLen each
	bufA []T    // one packed MR×kc block of the first operand
	axes []int  // scratch: current axis → factor
}

// slicedKernel is the dispatch table's sliced multiply for T (see dispatch.Factored).
type slicedKernel[T view.Float] func(nb, r, p, q int, a []T, lda, sa int, f []T, ldf int, c []T, ldc, sc int, alpha, beta T)

// slicedNTKernel is the dispatch table's non-temporal sliced multiply for T, which
// refuses (false) what it cannot store as whole lines.
type slicedNTKernel[T view.Float] func(nb, r, p, q int, a []T, lda, sa int, f []T, ldf int, c []T, ldc, sc int, alpha, beta T) bool

// slicedPacker packs a factor for the sliced multiply.
type slicedPacker[T view.Float] func(dst []T, ldf int, src []T, rs, cs, p, q int)

// slicedOf returns t's sliced multiply for T, its non-temporal form, its packer and its
// packed row length.
func slicedOf[T view.Float](t *dispatch.Table) (slicedKernel[T], slicedNTKernel[T], slicedPacker[T], func(int) int) {
	f := &t.Factored
	if view.Is32[T]() {
		return any(slicedKernel[float32](f.SlicedF32)).(slicedKernel[T]), any(slicedNTKernel[float32](f.SlicedNTF32)).(slicedNTKernel[T]),
			any(slicedPacker[float32](f.PackF32)).(slicedPacker[T]), f.LDF32
	}
	return any(slicedKernel[float64](f.SlicedF64)).(slicedKernel[T]), any(slicedNTKernel[float64](f.SlicedNTF64)).(slicedNTKernel[T]),
		any(slicedPacker[float64](f.PackF64)).(slicedPacker[T]), f.LDF64
}

// kronKC bounds the depth of one micro-kernel call, so a packed MR×kc block and the
// matching kc×NR slice of a factor stay in L1.
const kronKC = 256

// kronGroupLen is the most elements of intermediates per buffer that a group of rows
// shares: rows with short tensors go through the steps together, so each sliced call
// covers several of them (fewer calls) while both buffers stay in L2 (512 KiB of
// float64). Measured on the Ice Lake server, 2 threads, M = 1024, GFLOP/s (two runs) at
// 4096 / 8192 / 32768: 8×8^4 f64 44,43 / 48,38 / 49,56; 16×16^3 f64 59,56 / 66,68 /
// 67,69; 8×8^4 f32 70,63 / 90,88 / 81,92; 16×16^3 f32 87,102 / 118,116 / 120,147.
var kronGroupLen = 32768

// kronStripMin is the shortest row strip of a sliced call: the tallest register tile of
// the sliced kernels (96 rows: float32, q ≤ 4, four rows per broadcast).
const kronStripMin = 96

// kronCallFlops bounds the work of one sliced-multiply call (about 30 µs at the AVX-512
// rate), so a call into assembly stays short: longer steps are cut into row strips.
var kronCallFlops = 2e6

// kronSlicedMax, when ≥ 0, replaces the per-level limits below on the largest factor
// dimension (pi or qi) for which a step uses the sliced multiply; larger factors go
// through the GEMM micro-kernels (packing the first operand per tile, blocked by kc). A
// variable for tests and tuning: 0 forces the GEMM path, 1<<30 the sliced one, −1 (the
// default) keeps the measured limits.
var kronSlicedMax = -1

// The largest factor dimension for which the sliced multiply runs at each level and
// precision. Measured on the Ice Lake server (TestKronTune, 2 threads, best of 9
// interleaved runs on a busy machine, GFLOP/s sliced vs GEMM kernels; squares p×p^2 with
// M rows):
//
//	            64 (M=256)   128 (M=128)   256 (M=32)    512 (M=8)
//	AVX2   f64  44 vs 34     47 vs 45      38 vs 49      21 vs 53
//	AVX2   f32  89 vs 52     57 vs 39      90 vs 100     78 vs 123
//	AVX512 f64  53 vs 43     56 vs 57      48 vs 67      46 vs 76
//	AVX512 f32  116 vs 63    112 vs 94     210 vs 212    145 vs 206
//
// Below 64 the sliced multiply wins by 1.5–10× at both levels (8×8^4, 16×16^3,
// 32×32^3). The sliced kernels have no kc blocking: from 256 on, a tile's A rows and
// F's rows no longer stay in L1. Generic code keeps the sliced multiply throughout (its
// GEMM path is no faster: both are plain loops).
const (
	kronSlicedMaxAVX2F64   = 128
	kronSlicedMaxAVX2F32   = 128
	kronSlicedMaxAVX512F64 = 128
	kronSlicedMaxAVX512F32 = 256
)

// slicedMaxFor is the largest factor dimension for the sliced multiply at level l.
func slicedMaxFor(l dispatch.Level, f32 bool) int {
	lim := 1 << 30
	switch {
	case l == dispatch.AVX2 && f32:
		lim = kronSlicedMaxAVX2F32
	case l == dispatch.AVX2:
		lim = kronSlicedMaxAVX2F64
	case l == dispatch.AVX512 && f32:
		lim = kronSlicedMaxAVX512F32
	case l == dispatch.AVX512:
		lim = kronSlicedMaxAVX512F64
	}
	if kronSlicedMax >= 0 {
		return kronSlicedMax
	}
	return lim
}

// MaxKronWorkspace is the most memory, in bytes, that a plan's workspace may take; a
// product needing more is refused by NewKronPlan rather than exhausting memory.
var MaxKronWorkspace int64 = 8 << 30

// ErrKronTooLarge is returned (wrapped) for products whose sizes overflow or whose
// intermediates would not fit in MaxKronWorkspace.
var ErrKronTooLarge = errors.New("Kronecker product too large")

// NewKronPlan plans products with the given factors, or their transposes if trans is set
// (Y = α·X·(F1ᵀ ⊗ … ⊗ Fkᵀ) + β·Y). The factors are referenced, not copied: changing
// them between products is fine, as each Apply repacks them. fn names the public
// function for panic messages. It panics if there are no factors or a factor is not a
// valid view; it returns an error if the sizes overflow or the workspace would exceed
// MaxKronWorkspace.
func NewKronPlan[T view.Float](fn string, factors []view.Matrix[T], trans bool) (*KronPlan[T], error) {
	if len(factors) == 0 {
		panic(fn + ": no factors")
	}
	k := len(factors)
	pl := &KronPlan[T]{factors: append([]view.Matrix[T](nil), factors...), trans: trans,
		p: make([]int, k), q: make([]int, k)}
	for i, f := range factors {
		view.Check(fn, fmt.Sprintf("factor %d", i), f)
		pl.p[i], pl.q[i] = f.Rows, f.Cols
		if trans {
			pl.p[i], pl.q[i] = f.Cols, f.Rows
		}
	}
	var ok bool
	if pl.inLen, ok = product(pl.p); !ok {
		return nil, fmt.Errorf("%s: %w: the product of the factors' row counts overflows (factors %s)", fn, ErrKronTooLarge, pl.shapes())
	}
	if pl.outLen, ok = product(pl.q); !ok {
		return nil, fmt.Errorf("%s: %w: the product of the factors' column counts overflows (factors %s)", fn, ErrKronTooLarge, pl.shapes())
	}
	pl.order, pl.flops, pl.maxLen = kronOrder(pl.p, pl.q)
	if pl.inLen == 0 || pl.outLen == 0 {
		// Apply never runs a step (Y is empty, or α·X·K = 0): no intermediates, however
		// long the input rows, so no workspace to refuse.
		pl.flops, pl.maxLen = 0, 0
	}
	pl.rank = make([]int, k)
	for t, i := range pl.order {
		pl.rank[i] = t
	}
	pl.group = max(1, kronGroupLen/max(pl.maxLen, 1))
	perWorker := 2 * float64(pl.group) * float64(pl.maxLen) * float64(view.SizeOf[T]())
	if perWorker*float64(max(1, Threads())) > float64(MaxKronWorkspace) {
		return nil, fmt.Errorf("%s: %w: intermediates of %.3g bytes per row exceed MaxKronWorkspace (%d bytes) (factors %s)",
			fn, ErrKronTooLarge, perWorker, MaxKronWorkspace, pl.shapes())
	}
	return pl, nil
}

// With β = 0 the last step writes into the worker's buffer (L2) and the rows are then
// copied to Y: the sliced kernel's stores never wait on Y's cache misses. Measured on the
// Ice Lake server, 2 threads, 16×16^3 float64, M = 256 (Y 8 MiB): 51–59 GFLOP/s storing
// into Y directly, 59–66 through the buffer. kronNTBytes is the size of Y from which the
// copy uses non-temporal stores (no read of every line of Y before it is written; Y no
// longer stays in cache): one thread, M = 1024, Y 32 MiB: 16×16^3 float64 36 → 40
// GFLOP/s, 8×8^4 25 → 28. (A variable for tests.) Where the last step can store Y with
// non-temporal whole lines itself (kronDirectNT), the buffer and the copy are skipped.
var kronNTBytes = 16 << 20

// kronDirectNT lets the last step stream Y with the non-temporal sliced multiply (see
// ntLines) instead of copying it from the buffer. Measured on the Ice Lake server
// (TestKronCPUAB: one thread, CPU time, M = 1024, float32, 15 interleaved products,
// median of two runs, GFLOP/s buffer → direct): 16×16^3 61.7 → 72.2 and 80.0 → 91.8;
// 32×32^3 105.2 → 115.7 and 105.8 → 105.9; float64 16×16^3 40.1 → 42.4. Two threads,
// wall time (matbench, 10 interleaved runs of the builds before and after, medians):
// float32 16×16^3 122.5 → 123.5 GFLOP/s, 0.72 → 0.80 of gemm-sq, the spread smaller
// (the two cores then share the memory traffic of X and Y). A variable for tests.
var kronDirectNT = true

// product returns Π d, and false if it overflows an int.
func product(d []int) (int, bool) {
	n := 1
	for _, v := range d {
		var ok bool
		if n, ok = view.Mul(n, v); !ok {
			return 0, false
		}
	}
	return n, true
}

// kronOrder returns the application order with the fewest flops per row, the flops per
// row (applying factor i to a tensor of current length L costs 2·L·qi), and the longest
// intermediate. It searches all orders by dynamic programming over the set of factors
// applied so far (2ᵏ·k work), and keeps 1…k on ties; with more than 16 factors it uses
// 1…k.
func kronOrder(p, q []int) (order []int, flops float64, maxLen int) {
	k := len(p)
	identity := make([]int, k)
	for i := range identity {
		identity[i] = i
	}
	if k > 16 {
		return identity, kronFlops(p, q, identity), kronMaxLen(p, q, identity)
	}
	// size[S] = Π_{i∈S} q_i · Π_{i∉S} p_i, the length of the tensor after applying S.
	n := 1 << k
	size := make([]float64, n)
	best := make([]float64, n)
	from := make([]int, n)
	for s := 0; s < n; s++ {
		v := 1.0
		for i := 0; i < k; i++ {
			if s&(1<<i) != 0 {
				v *= float64(q[i])
			} else {
				v *= float64(p[i])
			}
		}
		size[s] = v
		best[s] = math.Inf(1)
	}
	best[0] = 0
	for s := 0; s < n; s++ {
		if math.IsInf(best[s], 1) {
			continue
		}
		for i := 0; i < k; i++ {
			if s&(1<<i) != 0 {
				continue
			}
			t := s | 1<<i
			// Flops of applying i after s: 2·(size[s]/p_i)·p_i·q_i = 2·size[s]·q_i.
			if c := best[s] + 2*size[s]*float64(q[i]); c < best[t] {
				best[t], from[t] = c, i
			}
		}
	}
	order = make([]int, k)
	for s, t := n-1, k-1; t >= 0; t-- {
		order[t] = from[s]
		s &^= 1 << from[s]
	}
	if f := kronFlops(p, q, identity); f <= best[n-1] {
		order = identity
	}
	return order, kronFlops(p, q, order), kronMaxLen(p, q, order)
}

// kronFlops is the flop count per row of applying the factors in order.
func kronFlops(p, q, order []int) float64 {
	cur := 1.0
	for _, v := range p {
		cur *= float64(v)
	}
	var f float64
	for _, i := range order {
		f += 2 * cur * float64(q[i])
		if p[i] == 0 {
			return f
		}
		cur = cur / float64(p[i]) * float64(q[i])
	}
	return f
}

// kronMaxLen is the longest intermediate (elements per row) when applying in order.
func kronMaxLen(p, q, order []int) int {
	cur := 1.0
	for _, v := range p {
		cur *= float64(v)
	}
	m := cur
	for _, i := range order {
		if p[i] == 0 {
			return 0
		}
		cur = cur / float64(p[i]) * float64(q[i])
		m = max(m, cur)
	}
	return int(m)
}

// Order returns the factor application order (indices into the factors).
func (pl *KronPlan[T]) Order() []int { return append([]int(nil), pl.order...) }

// Flops returns the floating-point operations one row of X costs: Σ over steps of
// 2·(length of the tensor before the step)·qi.
func (pl *KronPlan[T]) Flops() float64 { return pl.flops }

// Dims returns the row length of X (Π pi) and of Y (Π qi).
func (pl *KronPlan[T]) Dims() (in, out int) { return pl.inLen, pl.outLen }

// WorkspaceLen returns the elements of workspace one worker uses.
func (pl *KronPlan[T]) WorkspaceLen() int { return 2 * pl.group * pl.maxLen }

// Apply sets Y = α·X·K + β·Y, where K = F1 ⊗ … ⊗ Fk (or with every factor transposed).
// X is m×Πpi and Y m×Πqi; β = 0 means Y is not read. Y must not share memory with X or
// a factor. fn names the public function for panic messages.
func (pl *KronPlan[T]) Apply(fn string, alpha T, x view.Matrix[T], beta T, y view.Matrix[T]) {
	view.Check(fn, "x", x)
	view.Check(fn, "y", y)
	if x.Cols != pl.inLen || y.Cols != pl.outLen || x.Rows != y.Rows {
		panic(fmt.Sprintf("%s: x is %s and y is %s, want m×%d and m×%d for factors %s",
			fn, x.Shape(), y.Shape(), pl.inLen, pl.outLen, pl.shapes()))
	}
	if e, p := view.Overlap(y.Span(), x.Span()); e || p {
		panic(fn + ": y and x share memory")
	}
	for i, f := range pl.factors {
		if e, p := view.Overlap(y.Span(), f.Span()); e || p {
			panic(fmt.Sprintf("%s: y shares memory with factor %d", fn, i))
		}
	}
	m := y.Rows
	if m == 0 || pl.outLen == 0 {
		return
	}
	if alpha == 0 || pl.inLen == 0 {
		scaleC(y, beta)
		return
	}
	pl.prepare(dispatch.Current(), m)
	pl.x, pl.y, pl.alpha, pl.beta = x, y, alpha, beta
	pl.viaBuf = beta == 0
	pl.ntY = pl.viaBuf && float64(m)*float64(pl.outLen)*float64(view.SizeOf[T]()) >= float64(kronNTBytes)
	pl.nrun = min(len(pl.workers), m)
	if float64(m)*pl.flops < parallelMinFlops {
		pl.nrun = 1
	}
	par.Run((*planPhase[T])(pl), pl.nrun, &pl.wg)
	pl.x, pl.y = view.Matrix[T]{}, view.Matrix[T]{}
}

func (pl *KronPlan[T]) shapes() string {
	s := ""
	for i := range pl.p {
		if i > 0 {
			s += " ⊗ "
		}
		s += fmt.Sprintf("%d×%d", pl.p[i], pl.q[i])
	}
	return s
}

// prepare packs the factors for table t and sizes the workers' workspaces, if the level
// or the thread count changed since the last product. It repacks the factors every
// time, since the caller may have changed them: that costs Σ pi·qi, far less than a row.
func (pl *KronPlan[T]) prepare(t *dispatch.Table, m int) {
	if pl.table != t {
		pl.table = t
		pl.kern, pl.mr, pl.nr = kernelOf[T](t)
		pl.panels = make([][]T, len(pl.factors))
		var ld func(int) int
		pl.sliced, pl.slicNT, pl.spack, ld = slicedOf[T](t)
		pl.hasNT = pl.slicNT(0, 0, 0, 0, nil, 0, 0, nil, 0, nil, 0, 0, 0, 0) // the level has it
		if view.Is32[T]() {
			pl.copyNT = any(t.Elem.CopyNTF32).(func(dst, src []T))
		} else {
			pl.copyNT = any(t.Elem.CopyNTF64).(func(dst, src []T))
		}
		pl.ldf = make([]int, len(pl.factors))
		pl.fpad = make([][]T, len(pl.factors))
		for i := range pl.factors {
			pl.panels[i] = make([]T, (pl.q[i]+pl.nr-1)/pl.nr*pl.nr*pl.p[i])
			pl.ldf[i] = ld(pl.q[i])
			pl.fpad[i] = make([]T, pl.p[i]*pl.ldf[i])
		}
		pl.workers = nil
	}
	for i, f := range pl.factors {
		np := (pl.q[i] + pl.nr - 1) / pl.nr
		packB(pl.panels[i], f, pl.trans, 0, 0, pl.p[i], pl.q[i], pl.nr, 0, np)
		rs, cs := f.Stride, 1
		if pl.trans {
			rs, cs = 1, f.Stride
		}
		if pl.p[i] > 0 && pl.q[i] > 0 {
			pl.spack(pl.fpad[i], pl.ldf[i], f.Data, rs, cs, pl.p[i], pl.q[i])
		}
	}
	if n := Threads(); len(pl.workers) != n {
		pl.workers = make([]kronWorker[T], n)
		kc := kronKC
		for i := range pl.workers {
			w := &pl.workers[i]
			w.buf[0], w.buf[1] = make([]T, pl.group*pl.maxLen), make([]T, pl.group*pl.maxLen)
			w.bufA = make([]T, pl.mr*kc)
			w.axes = make([]int, len(pl.p))
		}
	}
}

// runPhase does worker id's rows: a contiguous share of them, in groups.
func (pl *KronPlan[T]) runPhase(id int) {
	m, n := pl.y.Rows, pl.nrun
	lo, hi := id*m/n, (id+1)*m/n
	w := &pl.workers[id]
	for r := lo; r < hi; r += pl.group {
		pl.rows(w, r, min(pl.group, hi-r))
	}
	if pl.ntY {
		pl.table.Elem.StoreFence()
	}
}

// rows computes y = α·x·K + β·y for the g rows of X and Y from r0.
func (pl *KronPlan[T]) rows(w *kronWorker[T], r0, g int) {
	k := len(pl.order)
	for i := range w.axes {
		w.axes[i] = i
	}
	x, y := pl.x, pl.y
	// The source of the current step: g rows of length cur, row stride ss.
	src, ss := x.Data[r0*x.Stride:], x.Stride
	cur := pl.inLen
	permute := !isIdentity(pl.order)
	smax := slicedMaxFor(pl.table.Level, view.Is32[T]())
	for t, f := range pl.order {
		// Position j of factor f's axis among the current axes, and the extents before
		// (a) and after (b) it.
		j := 0
		for w.axes[j] != f {
			j++
		}
		b := 1
		for _, h := range w.axes[j+1:] {
			if pl.rank[h] < t {
				b *= pl.q[h]
			} else {
				b *= pl.p[h]
			}
		}
		pi, qi := pl.p[f], pl.q[f]
		a := cur / (pi * b)
		next := a * b * qi
		dst, ds := w.buf[t%2], next
		alpha, beta := T(1), T(0)
		toY := t == k-1 && !permute
		sliced := b > 1 && pi <= smax && qi <= smax
		// A large Y that the sliced kernel can stream whole lines into (β = 0) is
		// written directly with its non-temporal stores: no pass through the buffer.
		direct := toY && pl.ntY && sliced && kronDirectNT && pl.ntLines(qi)
		if toY {
			alpha, beta = pl.alpha, pl.beta
			if !pl.viaBuf || direct {
				dst, ds = y.Data[r0*y.Stride:], y.Stride
			}
		}
		switch {
		case sliced:
			// out(a', :, :) = x(a', :, :)ᵀ·op(Fi) for every a': b×qi from pi×b.
			if a == 1 {
				pl.slicedCall(direct, g, b, pi, qi, src, b, ss, f, dst, qi, ds, alpha, beta)
			} else {
				for r := 0; r < g; r++ {
					pl.slicedCall(direct, a, b, pi, qi, src[r*ss:], b, pi*b, f, dst[r*ds:], qi, b*qi, alpha, beta)
				}
			}
		case b == 1:
			// The last axis: one product per row, x viewed as a×pi times op(Fi).
			for r := 0; r < g; r++ {
				pl.macro(w, view.Matrix[T]{Rows: a, Cols: pi, Stride: pi, Data: src[r*ss : r*ss+cur]}, false, a, f, dst[r*ds:r*ds+next], alpha, beta)
			}
		default:
			for r := 0; r < g; r++ {
				for h := 0; h < a; h++ {
					blk := src[r*ss+h*pi*b : r*ss+(h+1)*pi*b]
					pl.macro(w, view.Matrix[T]{Rows: pi, Cols: b, Stride: b, Data: blk}, true, b, f, dst[r*ds+h*b*qi:r*ds+(h+1)*b*qi], alpha, beta)
				}
			}
		}
		if toY && pl.viaBuf && !direct {
			for r := 0; r < g; r++ {
				if pl.ntY {
					pl.copyNT(y.Row(r0+r), dst[r*ds:r*ds+next])
				} else {
					copy(y.Row(r0+r), dst[r*ds:r*ds+next])
				}
			}
		}
		copy(w.axes[j:], w.axes[j+1:k])
		w.axes[k-1] = f
		src, ss, cur = dst, ds, next
	}
	if permute {
		for r := 0; r < g; r++ {
			pl.unpermute(y.Row(r0+r), src[r*ss:r*ss+cur], w.axes[:k])
		}
	}
}

// slicedCall runs the sliced multiply C_b = α·A_bᵀ·op(Ff) + β·C_b for nb batches (A_b
// pf×r with row stride lda at a[b*sa:], C_b r×qf with row stride ldc at c[b*sc:]),
// in calls of at most kronCallFlops: several batches per call, or row strips of one.
// With nt, each call runs the non-temporal kernel where it accepts the call.
func (pl *KronPlan[T]) slicedCall(nt bool, nb, r, pf, qf int, a []T, lda, sa, f int, c []T, ldc, sc int, alpha, beta T) {
	fp, ldf := pl.fpad[f], pl.ldf[f]
	kern := func(nb, r, pf, qf int, a []T, lda, sa int, fp []T, ldf int, c []T, ldc, sc int, alpha, beta T) {
		if !nt || !pl.slicNT(nb, r, pf, qf, a, lda, sa, fp, ldf, c, ldc, sc, alpha, beta) {
			pl.sliced(nb, r, pf, qf, a, lda, sa, fp, ldf, c, ldc, sc, alpha, beta)
		}
	}
	per := 2 * float64(r) * float64(pf) * float64(qf)
	if per <= kronCallFlops {
		step := max(1, int(kronCallFlops/per))
		for b := 0; b < nb; b += step {
			kern(min(step, nb-b), r, pf, qf, a[b*sa:], lda, sa, fp, ldf, c[b*sc:], ldc, sc, alpha, beta)
		}
		return
	}
	// Strips of rows, a multiple of 48; a last strip shorter than kronStripMin joins the
	// one before it, so every strip is at least as tall as the kernels' tiles (shorter
	// rows take the kernels' padded edge path).
	strip := max(kronStripMin, int(kronCallFlops/(2*float64(pf)*float64(qf)))/48*48)
	for b := 0; b < nb; b++ {
		for i := 0; i < r; {
			n := min(strip, r-i)
			if r-i-n < kronStripMin {
				n = r - i
			}
			kern(1, n, pf, qf, a[b*sa+i:], lda, 0, fp, ldf, c[b*sc+i*ldc:], ldc, 0, alpha, beta)
			i += n
		}
	}
}

// ntLines reports whether the non-temporal sliced multiply streams a final step with qf
// columns straight into Y (see dispatch.Factored.SlicedNTF64): the level has it, a row
// of the step is one or two 64-byte vectors, and Y's rows start on 64-byte boundaries.
func (pl *KronPlan[T]) ntLines(qf int) bool {
	es := view.SizeOf[T]()
	y := pl.y
	return pl.hasNT && (qf*es == 64 || qf*es == 128) && y.Stride*es%64 == 0 &&
		uintptr(unsafe.Pointer(unsafe.SliceData(y.Data)))%64 == 0
}

// macro computes dst = α·op(src)·op(Ff) + β·dst for one block: op(src) is rows×pf (src
// itself, or its transpose if trans), dst is rows×qf with row stride qf. It walks MR-row
// tiles of op(src), packs each kc-deep slice once, and runs the micro-kernel against
// every NR-column panel of the packed factor.
func (pl *KronPlan[T]) macro(w *kronWorker[T], src view.Matrix[T], trans bool, rows, f int, dst []T, alpha, beta T) {
	mr, nr := pl.mr, pl.nr
	pf, qf := pl.p[f], pl.q[f]
	panels := pl.panels[f]
	for i := 0; i < rows; i += mr {
		mb := min(mr, rows-i)
		for pc := 0; pc < pf; pc += kronKC {
			kb := min(kronKC, pf-pc)
			packA(w.bufA, src, trans, i, pc, mb, kb, mr, 0, 1)
			bt := beta
			if pc > 0 {
				bt = 1
			}
			for j := 0; j < qf; j += nr {
				panel := panels[j*pf+pc*nr : j*pf+(pc+kb)*nr]
				pl.kern(kb, w.bufA[:kb*mr], panel, dst[i*qf+j:], qf, alpha, bt, mb, min(nr, qf-j))
			}
		}
	}
}

// unpermute writes y = α·t + β·y where t holds the result with its axes in application
// order (axes[s] is the factor of t's s-th axis) and y wants them in factor order.
func (pl *KronPlan[T]) unpermute(y, t []T, axes []int) {
	k := len(axes)
	// stride[i]: the step in t of factor i's index.
	var strideBuf, idxBuf [16]int
	stride, idx := strideBuf[:], idxBuf[:]
	if k > len(stride) {
		stride, idx = make([]int, k), make([]int, k)
	}
	stride, idx = stride[:k], idx[:k]
	s := 1
	for pos := k - 1; pos >= 0; pos-- {
		stride[axes[pos]] = s
		s *= pl.q[axes[pos]]
	}
	clear(idx)
	off := 0
	for o := range y {
		v := pl.alpha * t[off]
		if pl.beta != 0 {
			v += pl.beta * y[o]
		}
		y[o] = v
		// Odometer over y's indices in factor order, last fastest.
		for i := k - 1; i >= 0; i-- {
			idx[i]++
			off += stride[i]
			if idx[i] < pl.q[i] {
				break
			}
			off -= idx[i] * stride[i]
			idx[i] = 0
		}
	}
}

func isIdentity(order []int) bool {
	for i, v := range order {
		if v != i {
			return false
		}
	}
	return true
}

// AXB computes D = op(A)·X·op(B), or Dᵀ when transposed, as two products with the
// intermediate W in work: (op(A)·X)·op(B) when rightFirst is false, op(A)·(X·op(B))
// when it is true (kernels.ChooseAXB picks). op(A) is m×p, X p×q, op(B) q×n; D is m×n
// (n×m when transposed); work holds at least m·q elements (p·n when rightFirst). It is
// the engine of kernels.MulAXB and VecAXB, which check the shapes and that D and work
// share no memory with anything else; AXB trusts them (a bad view here is a bug in the
// caller) and checks nothing, so that a small product pays for its two GEMMs and no more:
// one look-up of the table and the thread count, no per-GEMM validation. All dimensions
// are ≥ 1. NaN and Inf propagate as in Gemm; each GEMM is β = 0 (D and W are not read).
// Its matrices are internal views, so only matkern's own packages can call it.
// Cost: 2mq(p+n) or 2pn(q+m) flops.
func AXB[T view.Float](a view.Matrix[T], tA bool, x, b view.Matrix[T], tB bool, d view.Matrix[T], transposed, rightFirst bool, work []T) {
	t, th := dispatch.Current(), Threads()
	m, p := a.Rows, a.Cols
	if tA {
		m, p = p, m
	}
	q, n := b.Rows, b.Cols
	if tB {
		q, n = n, q
	}
	flat := func(r, c int) view.Matrix[T] { return view.Matrix[T]{Rows: r, Cols: c, Stride: c, Data: work[:r*c]} }
	switch {
	case !rightFirst && !transposed: // W = op(A)·X (m×q); D = W·op(B)
		w := flat(m, q)
		gemm(t, tA, false, 1, a, x, 0, w, th)
		gemm(t, false, tB, 1, w, b, 0, d, th)
	case rightFirst && !transposed: // W = X·op(B) (p×n); D = op(A)·W
		w := flat(p, n)
		gemm(t, false, tB, 1, x, b, 0, w, th)
		gemm(t, tA, false, 1, a, w, 0, d, th)
	case !rightFirst: // W = (op(A)·X)ᵀ = Xᵀ·op(A)ᵀ (q×m); D = op(B)ᵀ·W
		w := flat(q, m)
		gemm(t, true, !tA, 1, x, a, 0, w, th)
		gemm(t, !tB, false, 1, b, w, 0, d, th)
	default: // W = (X·op(B))ᵀ = op(B)ᵀ·Xᵀ (n×p); D = W·op(A)ᵀ
		w := flat(n, p)
		gemm(t, !tB, true, 1, b, x, 0, w, th)
		gemm(t, false, !tA, 1, w, a, 0, d, th)
	}
}
