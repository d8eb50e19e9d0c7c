package blocked

import (
	"sync"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// Kronecker products write an output mp×nq times larger than their inputs' rows, so
// they are pure store bandwidth: the driver below walks the output row by row (each row
// of A⊗B is row i of A times row k of B, a sequence of scaled copies of B's row), in
// segments short enough for one assembly call and, for outputs that do not fit in the
// last-level cache, with non-temporal stores (which skip the read-for-ownership of
// every output line): straight from the row kernel when every store is a whole aligned
// vector, else through a small L1-resident buffer copied out by the streaming copy.

// kronChunk is the most output elements one row-kernel call writes (64 KiB of float64:
// a few µs even to DRAM, so calls stay short).
// The non-temporal path streams up to kronChunk elements per call too (rows through
// the staging buffer go a buffer at a time); 2048 (the buffer's length) and 8192 ran
// alike (BenchmarkKron-style interleaved runs against the non-temporal fill: 0.88–0.94
// of its rate either way).
const kronChunk = 1 << 13

// kronBufLen is the length of the staging buffer for non-temporal writes: 16 KiB of
// float64, well inside the L1 data cache, so that producing a segment and streaming it
// out costs L1 bandwidth only.
const kronBufLen = 2048

// tune.KronNTMinBytes, the output size from which Kron writes with non-temporal stores
// (when the level has them) and splits across cores: half the last-level cache, or of
// the largest cache the machine's facts make believable where cpuid's L3 is missing or
// the whole socket's (internal/tune: 32 MiB on this 2-vCPU Emerald Rapids VM, whose
// cpuid reports 260 MiB; 24 MiB on the Ice Lake machine before); beyond that, plain
// stores would only evict the inputs. Measured on the Ice Lake test
// machine (BenchmarkKron, float64, AVX-512, busy machine): every shape of the issue
// (32–128 MB outputs) is faster with non-temporal stores, e.g. (8×8)⊗(256×256), 32 MB:
// plain 7.4 GB/s, non-temporal 13.2; (200×200)⊗(20×20), 128 MB: 8.4 vs 11.5 (before the
// one-fence change, which added 15–25 % to the non-temporal path). Smaller outputs,
// which stay in the caches, were not measured.

// Kron sets dst = A⊗B, or with acc, dst += alpha·(A⊗B), for A m×n, B p×q and dst
// (mp)×(nq): element (i·p+k, j·q+l) is a(i,j)·b(k,l) (accumulated as
// fma(alpha·a(i,j), b(k,l), dst(…))). The caller checks shapes and that dst does not
// overlap a or b. Zero blocks are computed like any other, so 0·Inf gives NaN.
// Outputs of at least tune.KronNTMinBytes are split by rows across up to Threads()
// goroutines (one core alone does not saturate the memory: in the bench suite's kron
// cases, avx512 against avx512-mt, two cores wrote 1.67–1.73× the bytes of one for
// (64×64)⊗(64×64), (200×200)⊗(20×20) and (512×512)⊗(8×8) on the Ice Lake server,
// medians of three runs); each element is computed the same way whatever the split.
// Cost: m·n·p·q multiplications; it writes the output once, in row order.
func Kron[T view.Float](dst, a, b view.Matrix[T], alpha T, acc bool) {
	if a.Rows == 0 || a.Cols == 0 || b.Rows == 0 || b.Cols == 0 {
		return
	}
	e := &dispatch.Current().Elem
	big := dst.Rows*dst.Cols*view.SizeOf[T]() >= tune.KronNTMinBytes
	workers := 1
	if big {
		workers = min(Threads(), dst.Rows)
	}
	if workers == 1 {
		kronRows(e, dst, a, b, alpha, acc, big && !acc, 0, dst.Rows)
		return
	}
	j := &kronJob[T]{e: e, dst: dst, a: a, b: b, alpha: alpha, acc: acc, workers: workers}
	par.Run(j, workers, &j.wg)
}

// kronJob is one Kronecker product split by output rows across workers.
type kronJob[T view.Float] struct {
	e         *dispatch.Elem
	dst, a, b view.Matrix[T]
	alpha     T
	acc       bool
	workers   int
	wg        sync.WaitGroup
}

// RunPhase writes worker id's share of the output rows (the job is large: non-temporal
// stores unless it accumulates).
func (j *kronJob[T]) RunPhase(id int) {
	rows := j.dst.Rows
	kronRows(j.e, j.dst, j.a, j.b, j.alpha, j.acc, !j.acc, id*rows/j.workers, (id+1)*rows/j.workers)
}

// kronRows writes output rows r0…r1−1 of A⊗B (or adds alpha·(A⊗B) to them) with the
// row kernels of e, with non-temporal stores if nt (fenced before it returns).
func kronRows[T view.Float](e *dispatch.Elem, dst, a, b view.Matrix[T], alpha T, acc, nt bool, r0, r1 int) {
	row, rowAdd, copyNT := kronFns[T](e)
	rowNT := kronNTFn[T](e)
	seg := func(d, ar, br []T) { row(d, ar, br) }
	chunk := kronChunk
	if acc {
		seg = func(d, ar, br []T) { rowAdd(d, alpha, ar, br) }
	} else if nt {
		buf := make([]T, kronBufLen) // 16 KiB at most, once per worker of an output of ≥ tune.KronNTMinBytes
		defer e.StoreFence()         // one fence for the whole share, not one per copy
		stage := func(d, ar, br []T) {
			s := buf[:len(d)]
			row(s, ar, br)
			copyNT(d, s)
		}
		seg = func(d, ar, br []T) {
			if rowNT(d, ar, br) {
				return // aligned whole vectors: streamed straight to dst
			}
			kronRow(stage, len(buf), d, ar, br) // through the buffer, a buffer at a time
		}
	}
	p := b.Rows
	for r := r0; r < r1; r++ {
		kronRow(seg, chunk, dst.Row(r), a.Row(r/p), b.Row(r%p))
	}
}

// kronRow writes one output row d = ar ⊗ br through seg, at most chunk elements at a time.
func kronRow[T view.Float](seg func(d, ar, br []T), chunk int, d, ar, br []T) {
	q := len(br)
	if q <= chunk {
		jc := chunk / q
		if jc >= 8 {
			jc = jc / 8 * 8 // every segment starts at a multiple of 8 elements: aligned if the row is
		}
		for j0 := 0; j0 < len(ar); j0 += jc {
			j1 := min(len(ar), j0+jc)
			seg(d[j0*q:j1*q], ar[j0:j1], br)
		}
		return
	}
	for j := range ar {
		for l0 := 0; l0 < q; l0 += chunk {
			l1 := min(q, l0+chunk)
			seg(d[j*q+l0:j*q+l1], ar[j:j+1], br[l0:l1])
		}
	}
}

func kronNTFn[T view.Float](e *dispatch.Elem) func(d, a, b []T) bool {
	if view.Is32[T]() {
		return any(e.KronRowNTF32).(func(d, a, b []T) bool)
	}
	return any(e.KronRowNTF64).(func(d, a, b []T) bool)
}

func kronFns[T view.Float](e *dispatch.Elem) (row func(d, a, b []T), rowAdd func(d []T, alpha T, a, b []T), copyNT func(d, s []T)) {
	if view.Is32[T]() {
		return any(e.KronRowF32).(func(d, a, b []T)), any(e.KronRowAddF32).(func(d []T, alpha T, a, b []T)),
			any(e.CopyNTF32).(func(d, s []T))
	}
	return any(e.KronRowF64).(func(d, a, b []T)), any(e.KronRowAddF64).(func(d []T, alpha T, a, b []T)),
		any(e.CopyNTF64).(func(d, s []T))
}
