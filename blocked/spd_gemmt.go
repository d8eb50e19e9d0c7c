package blocked

import (
	"sync"

	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/view"
)

// gemmtBand: the lower triangle of a product on the packed engine, for SPDInverse's
// Schur complements and its Y11 update. gemmtLower (lu.go) halves the triangle into
// products down to 64×64 diagonal blocks computed whole into scratch: every half packs
// its operands again and each diagonal block costs twice its flops. Here the BLIS loops
// of job.rect run once over the triangle: each packed nc-column B panel meets only the
// A rows from its first column down, and each NR-column strip of the micro-kernel starts
// at the MR-row tile that holds its first diagonal element, so the flops above the
// diagonal are only those of the tiles the diagonal crosses (at most MR + NR − 1
// columns beyond it per row). Measured on one core (Emerald Rapids, AVX-512, float64, as
// used at the top of SPDInverse at n = 1024: 512×512, depth 512, thread CPU time; see
// spdRec's note): the figures beside spdRecursive.

// gemmtBand sets the lower triangle (with the diagonal) of the n×n c to
// α·op(A)·op(B)ᵀ + β·c, op(X) = x (n×k) or xᵀ (x k×n, trans), as gemmtLower does, but
// it also overwrites c's strict upper triangle within the band of the tiles that the
// diagonal crosses (columns j ≤ i + MR + NR − 2 of row i): the caller must not need it.
// Elements of that band are computed as the others, so a NaN there is harmless. The
// result does not depend on the thread count: each element is one worker's, summed in
// the same kc blocks in the same order. k ≥ 1.
func (l lin[T]) gemmtBand(trans bool, alpha T, a, b view.Matrix[T], beta T, c view.Matrix[T]) {
	n := c.Rows
	k := a.Cols
	if trans {
		k = a.Rows
	}
	if n == 0 {
		return
	}
	kern, mr, nr := kernelOf[T](l.t)
	if mr <= 0 || nr <= 0 || k == 0 {
		l.gemmtLower(trans, alpha, a, b, beta, c)
		return
	}
	j := getGemmtJob[T]()
	j.kern, j.mr, j.nr = kern, mr, nr
	j.pack = packersOf[T](l.t)
	j.bs = blockSizesFor(view.SizeOf[T](), mr, nr)
	j.trans, j.alpha, j.beta = trans, alpha, beta
	j.a, j.b, j.c, j.n, j.k = a, b, c, n, k
	// Flops of the triangle: n²·k (as gemm's threshold, float32 at half weight).
	threads := 1
	if l.nt > 1 && float64(n)*float64(n)*float64(k)*float64(view.SizeOf[T]())/8 >= gemmMinFlops {
		threads = min(l.nt, (n+nr-1)/nr)
	}
	j.split(threads)
	j.threads = threads
	kc := min(j.bs.kc, k)
	j.ncEff = min(max(j.bs.nc/threads/nr*nr, nr), roundUp(n, nr))
	j.mc = min(j.bs.mc, roundUp(n, mr))
	for id := 0; id < threads; id++ {
		j.bufA[id] = getBuf[T](bufA, j.mc*kc)
		j.bufB[id] = getBuf[T](bufB, kc*j.ncEff)
	}
	par.Run(j, threads, &j.wg)
	for id := 0; id < threads; id++ {
		putBuf(bufA, j.bufA[id])
		putBuf(bufB, j.bufB[id])
		j.bufA[id], j.bufB[id] = nil, nil
	}
	j.a, j.b, j.c = view.Matrix[T]{}, view.Matrix[T]{}, view.Matrix[T]{}
	putGemmtJob(j)
}

// gemmtJob is one gemmtBand in progress: worker id computes the columns
// cols[id]…cols[id+1]−1 of the triangle (whole NR strips, split so that the workers get
// about the same area of the triangle).
type gemmtJob[T view.Float] struct {
	kern      kernel[T]
	pack      packers[T]
	mr, nr    int
	bs        blockSizes
	trans     bool
	alpha     T
	beta      T
	a, b, c   view.Matrix[T]
	n, k      int
	threads   int
	mc, ncEff int
	cols      [maxThreads + 1]int
	bufA      [maxThreads]*[]T
	bufB      [maxThreads]*[]T
	wg        sync.WaitGroup
}

var gemmtPools [2]sync.Pool

func getGemmtJob[T view.Float]() *gemmtJob[T] {
	p := &gemmtPools[0]
	if view.Is32[T]() {
		p = &gemmtPools[1]
	}
	if j, ok := p.Get().(*gemmtJob[T]); ok {
		return j
	}
	return new(gemmtJob[T])
}

func putGemmtJob[T view.Float](j *gemmtJob[T]) {
	p := &gemmtPools[0]
	if view.Is32[T]() {
		p = &gemmtPools[1]
	}
	p.Put(j)
}

// split sets cols for t workers: boundaries on whole NR strips where the area left of
// them, Σ_{j<c} (n − j), reaches id/t of the triangle's.
func (j *gemmtJob[T]) split(t int) {
	n, nr := j.n, j.nr
	total := float64(n) * float64(n+1) / 2
	j.cols[0] = 0
	c := 0
	for id := 1; id < t; id++ {
		want := total * float64(id) / float64(t)
		for c < n && float64(c)*float64(2*n-c+1)/2 < want {
			c += nr
		}
		c = min(c, n)
		j.cols[id] = c
	}
	j.cols[t] = n
}

// RunPhase computes worker id's columns of the triangle.
func (j *gemmtJob[T]) RunPhase(id int) {
	if c0, c1 := j.cols[id], j.cols[id+1]; c0 < c1 {
		j.strips(*j.bufA[id], *j.bufB[id], c0, c1)
	}
}

// strips computes the columns c0…c1−1 of the triangle (rows from each strip's diagonal
// tile down) by the BLIS loops of job.rect.
func (j *gemmtJob[T]) strips(bufA, bufB []T, c0, c1 int) {
	mr, nr, kc, n := j.mr, j.nr, j.bs.kc, j.n
	c := j.c
	for jc := c0; jc < c1; jc += j.ncEff {
		nb := min(j.ncEff, c1-jc)
		nPanels := (nb + nr - 1) / nr
		rowStart := jc / mr * mr
		for pc := 0; pc < j.k; pc += kc {
			kb := min(kc, j.k-pc)
			beta := j.beta
			if pc > 0 {
				beta = 1
			}
			// B = op(B)ᵀ: the stored b with the opposite transposition.
			packBWith(j.pack, bufB, j.b, !j.trans, pc, jc, kb, nb, nr, 0, nPanels)
			for ic := rowStart; ic < n; ic += j.mc {
				mb := min(j.mc, n-ic)
				packAWith(j.pack, bufA, j.a, j.trans, ic, pc, mb, kb, mr, 0, (mb+mr-1)/mr)
				for jr := 0; jr < nb; jr += nr {
					col := jc + jr
					start := max(ic, col/mr*mr) // ic + a multiple of mr
					if start >= ic+mb {
						break // this and the later strips start below the block
					}
					ap := bufA[(start-ic)*kb : roundUp(mb, mr)*kb]
					j.kern(kb, ap, bufB[jr*kb:(jr+nr)*kb], c.Data[start*c.Stride+col:], c.Stride, j.alpha, beta, ic+mb-start, min(nr, nb-jr))
				}
			}
		}
	}
}
