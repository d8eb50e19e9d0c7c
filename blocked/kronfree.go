package blocked

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sync"

	"github.com/matkern/matkern/dispatch"
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
// Each row goes through all k steps on its own, so its intermediates (at most the largest
// Π over the current axes) stay in cache; rows are shared among Threads() workers.
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

	// Set up for the dispatch table last used; rebuilt when the level changes.
	table   *dispatch.Table
	kern    kernel[T]
	mr, nr  int
	panels  [][]T // panels[i]: op(Fi) packed into ⌈qi/nr⌉ panels of pi·nr values
	workers []kronWorker[T]

	// The product in progress (set by apply, cleared after it).
	x, y        view.Matrix[T]
	alpha, beta T
	nrun        int // workers sharing the rows
	hs          []chan task
	wg          sync.WaitGroup
}

// kronWorker holds one worker's workspace.
type kronWorker[T view.Float] struct {
	buf  [2][]T // ping-pong intermediates, maxLen each
	bufA []T    // one packed MR×kc block of the first operand
	axes []int  // scratch: current axis → factor
}

// kronKC bounds the depth of one micro-kernel call, so a packed MR×kc block and the
// matching kc×NR slice of a factor stay in L1.
const kronKC = 256

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
		return nil, fmt.Errorf("%s: %w: the product of the factors' row counts overflows", fn, ErrKronTooLarge)
	}
	if pl.outLen, ok = product(pl.q); !ok {
		return nil, fmt.Errorf("%s: %w: the product of the factors' column counts overflows", fn, ErrKronTooLarge)
	}
	pl.order, pl.flops, pl.maxLen = kronOrder(pl.p, pl.q)
	pl.rank = make([]int, k)
	for t, i := range pl.order {
		pl.rank[i] = t
	}
	var z T
	perWorker := 2 * float64(pl.maxLen) * float64(sizeOfT(z))
	if perWorker*float64(max(1, Threads())) > float64(MaxKronWorkspace) {
		return nil, fmt.Errorf("%s: %w: intermediates of %.3g bytes per row exceed MaxKronWorkspace (%d bytes)",
			fn, ErrKronTooLarge, perWorker, MaxKronWorkspace)
	}
	return pl, nil
}

func sizeOfT[T view.Float](T) uintptr { return sizeOf[T]() }

// product returns Π d, and false if it overflows an int.
func product(d []int) (int, bool) {
	n := 1
	for _, v := range d {
		hi, lo := bits.Mul64(uint64(n), uint64(v))
		if hi != 0 || lo > math.MaxInt {
			return 0, false
		}
		n = int(lo)
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
func (pl *KronPlan[T]) WorkspaceLen() int { return 2 * pl.maxLen }

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
	pl.nrun = min(len(pl.workers), m)
	if float64(m)*pl.flops < parallelMinFlops {
		pl.nrun = 1
	}
	runParallel(pl, pl.nrun, pl.hs, &pl.wg)
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
		for i := range pl.factors {
			pl.panels[i] = make([]T, (pl.q[i]+pl.nr-1)/pl.nr*pl.nr*pl.p[i])
		}
		pl.workers = nil
	}
	for i, f := range pl.factors {
		np := (pl.q[i] + pl.nr - 1) / pl.nr
		packB(pl.panels[i], f, pl.trans, 0, 0, pl.p[i], pl.q[i], pl.nr, 0, np)
	}
	if n := Threads(); len(pl.workers) != n {
		pl.workers = make([]kronWorker[T], n)
		kc := kronKC
		for i := range pl.workers {
			w := &pl.workers[i]
			w.buf[0], w.buf[1] = make([]T, pl.maxLen), make([]T, pl.maxLen)
			w.bufA = make([]T, pl.mr*kc)
			w.axes = make([]int, len(pl.p))
		}
		pl.hs = helperChans(n)
	}
}

// runPhase does worker id's rows: a contiguous share of them.
func (pl *KronPlan[T]) runPhase(id int) {
	m, n := pl.y.Rows, pl.nrun
	lo, hi := id*m/n, (id+1)*m/n
	w := &pl.workers[id]
	for r := lo; r < hi; r++ {
		pl.row(w, pl.x.Row(r), pl.y.Row(r))
	}
}

// row computes y = α·x·K + β·y for one row.
func (pl *KronPlan[T]) row(w *kronWorker[T], x, y []T) {
	k := len(pl.order)
	for i := range w.axes {
		w.axes[i] = i
	}
	src := x
	cur := pl.inLen
	permute := !isIdentity(pl.order)
	for t, f := range pl.order {
		// Position j of factor f's axis among the current axes, and the extents before
		// (a) and after (b) it.
		j := 0
		for w.axes[j] != f {
			j++
		}
		b := 1
		for _, g := range w.axes[j+1:] {
			if pl.rank[g] < t {
				b *= pl.q[g]
			} else {
				b *= pl.p[g]
			}
		}
		pi, qi := pl.p[f], pl.q[f]
		a := cur / (pi * b)
		last := t == k-1
		dst := w.buf[t%2][:a*b*qi]
		alpha, beta := T(1), T(0)
		if last && !permute {
			dst, alpha, beta = y, pl.alpha, pl.beta
		}
		if b == 1 {
			// The last axis: one product, x viewed as a×pi times op(Fi).
			pl.macro(w, view.Matrix[T]{Rows: a, Cols: pi, Stride: pi, Data: src}, false, a, f, dst, alpha, beta)
		} else {
			for g := 0; g < a; g++ {
				blk := src[g*pi*b : (g+1)*pi*b]
				pl.macro(w, view.Matrix[T]{Rows: pi, Cols: b, Stride: b, Data: blk}, true, b, f, dst[g*b*qi:(g+1)*b*qi], alpha, beta)
			}
		}
		copy(w.axes[j:], w.axes[j+1:k])
		w.axes[k-1] = f
		src, cur = dst, a*b*qi
	}
	if permute {
		pl.unpermute(y, src, w.axes[:k])
	}
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
	stride, idx := strideBuf[:0], idxBuf[:0]
	if k > len(strideBuf) {
		stride, idx = make([]int, k), make([]int, k)
	} else {
		stride, idx = strideBuf[:k], idxBuf[:k]
	}
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
