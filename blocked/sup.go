package blocked

import (
	"sync/atomic"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// The small-unpacked path ("sup", after BLIS): for a product whose operands all fit in
// the core's caches, packing them into panels, the job pool, the block sizes and the
// phase hand-offs are a large share of the time. Here the level's sup kernel reads A in
// place with its strides (either transposition) and B in place by rows (op(B) = B), one
// call per NR-wide column strip of C, each running down all of C's rows while the k×NR
// strip of B stays in L1. Packed, into a buffer kept between calls (not a sync.Pool),
// are only what the kernel cannot read in place: the last m mod MR rows of op(A) (the
// kernel computes whole tiles, so it reads MR rows; the panel is zero-padded), and all of
// op(B) when B is transposed. k ≤ min(supMaxK, the packed path's kc) keeps every sum one
// block deep on both paths, so each element is the same sum, in the same order, and the
// results are the same bits.
//
// The bounds are m·n·k ≤ the table's SupMax (measured per level, the figures beside the
// constants in package dispatch: 112³ for AVX-512, where sup took 0.28–0.93 of the packed
// time at n = 8…112 and 1.03–1.20 at 128…256; 0 for AVX2 and generic, which have no sup
// kernel of their own) and k ≤ supMaxK. At 112³ the three float64 operands (294 KiB)
// fit in L2 several times over; the packed path wins beyond it because its packed B
// panel stays in L1 while B read in place at large strides does not.

// supMaxK is the deepest product the sup path takes: a k×NR strip of B (256×24 float64 or
// 256×48 float32, 48 KiB) is the L1 data cache of the machines measured, and kc on the
// packed path is at least this, so the sums agree.
const supMaxK = 256

// supSlots keep the sup path's packing buffers between calls: taken with an atomic swap,
// given back with a compare-and-swap (a concurrent call that finds every slot empty
// allocates, and its buffer is dropped if every slot is full).
var (
	supSlots64 [4]atomic.Pointer[[]float64]
	supSlots32 [4]atomic.Pointer[[]float32]
)

func supSlotsOf[T view.Float]() *[4]atomic.Pointer[[]T] {
	if view.Is32[T]() {
		return any(&supSlots32).(*[4]atomic.Pointer[[]T])
	}
	return any(&supSlots64).(*[4]atomic.Pointer[[]T])
}

// supGet returns a buffer of n elements (contents undefined).
func supGet[T view.Float](n int) *[]T {
	slots := supSlotsOf[T]()
	for i := range slots {
		if p := slots[i].Swap(nil); p != nil {
			if cap(*p) >= n {
				*p = (*p)[:n]
				return p
			}
			// Too small: dropped.
		}
	}
	s := make([]T, n)
	return &s
}

func supPut[T view.Float](p *[]T) {
	slots := supSlotsOf[T]()
	for i := range slots {
		if slots[i].CompareAndSwap(nil, p) {
			return
		}
	}
}

// packedKC returns the depth of one block of the packed path for T at table t (its kc),
// and false if the table has no packed kernel.
func packedKC[T view.Float](t *dispatch.Table) (int, bool) {
	_, mr, nr := kernelOf[T](t)
	if mr <= 0 || nr <= 0 {
		return 0, false
	}
	return blockSizesFor(view.SizeOf[T](), mr, nr).kc, true
}

// downTo returns x rounded down to a multiple of m > 0, by a mask when m is a power of
// two (the tile sizes and vector lengths of every level).
func downTo(x, m int) int {
	if m&(m-1) == 0 {
		return x &^ (m - 1)
	}
	return x / m * m
}

// supKernel is a sup kernel (see dispatch.GEMM).
type supKernel[T view.Float] func(k int, a []T, rsa, csa int, b []T, ldb int, c []T, ldc int, alpha, beta T, m, n int)

// supOf returns t's sup kernel for T, its tile and its bound on m·n·k.
func supOf[T view.Float](t *dispatch.Table) (supKernel[T], int, int, float64) {
	g := &t.GEMM
	if view.Is32[T]() {
		return any(supKernel[float32](g.SupF32)).(supKernel[T]), g.SupMRF32, g.SupNRF32, g.SupMaxF32
	}
	return any(supKernel[float64](g.SupF64)).(supKernel[T]), g.SupMRF64, g.SupNRF64, g.SupMaxF64
}

// gemmSup computes C = α·op(A)·op(B) + β·C (m×n, depth k ≥ 1, α ≠ 0) by the sup path
// and reports true, or reports false without touching C when the product is too large
// for it at this level.
func gemmSup[T view.Float](t *dispatch.Table, transA, transB bool, alpha T, a, b view.Matrix[T], beta T, c view.Matrix[T], m, n, k int) bool {
	kern, mr, nr, maxMNK := supOf[T](t)
	if k > supMaxK || float64(m)*float64(n)*float64(k) > maxMNK {
		return false
	}
	// The same bits as the packed path need one block there too: k ≤ its kc (168 for a
	// 32 KiB L1d and the 8×24 float64 kernel, below supMaxK). kc is never below kcMin
	// unless a test overrides it, so shallow products skip computing it (three integer
	// divisions, 9% of the time of a 16×16×16 product in pprof).
	if k > kcMin || override.kc > 0 {
		if kc, ok := packedKC[T](t); ok && k > kc {
			return false
		}
	}
	// A(i, p) at a.Data[i*rsa + p*csa].
	rsa, csa := a.Stride, 1
	if transA {
		rsa, csa = 1, a.Stride
	}
	// B is packed when transposed, and when its rows are a multiple of 1 KiB apart and
	// deep: a k×NR strip then falls into a quarter of L1's sets and does not stay there.
	packB := transB || k > 64 && b.Stride*view.SizeOf[T]()%1024 == 0
	mFull := downTo(m, mr)
	edge := m - mFull
	// Strips of equal width in whole vectors (nr/3 lanes: the kernels' tiles are 1–3
	// vectors wide): n = 32 float64 runs as 16 + 16, two-vector tiles with 16 FMAs per
	// 10 loads, instead of 24 + 8, whose one-vector tiles load 9 values per 8 FMAs. One
	// strip (n ≤ nr) needs no division: the divisions by the tile's run-time sizes
	// (about 14 cycles each) were 5% of a 16×16×16 product.
	panels, w := 1, n
	if n > nr {
		panels = (n + nr - 1) / nr
		w = (n + panels - 1) / panels
	}
	lanes := max(nr/3, 1)
	w = downTo(w+lanes-1, lanes)
	need := 0
	if edge > 0 {
		need += mr * k
	}
	if packB {
		need += panels * w * k
	}
	var buf *[]T
	var aEdge, bPacked []T
	if need > 0 {
		buf = supGet[T](need)
		pk := packersOf[T](t)
		s := *buf
		if edge > 0 {
			aEdge, s = s[:mr*k], s[mr*k:]
			packAWith(pk, aEdge, a, transA, mFull, 0, edge, k, mr, 0, 1)
		}
		if packB {
			bPacked = s[:panels*w*k]
			packBWith(pk, bPacked, b, transB, 0, 0, k, n, w, 0, panels)
		}
	}
	ldc := c.Stride
	for q := 0; q < panels; q++ {
		j0 := q * w
		nb := min(w, n-j0)
		bq, ldb := b.Data[min(j0, len(b.Data)):], b.Stride
		if packB {
			bq, ldb = bPacked[q*w*k:(q+1)*w*k], w
		}
		if mFull > 0 {
			kern(k, a.Data, rsa, csa, bq, ldb, c.Data[j0:], ldc, alpha, beta, mFull, nb)
		}
		if edge > 0 {
			kern(k, aEdge, 1, mr, bq, ldb, c.Data[mFull*ldc+j0:], ldc, alpha, beta, edge, nb)
		}
	}
	if buf != nil {
		supPut(buf)
	}
	return true
}
