package blocked

import (
	"sync"

	"github.com/matkern/matkern/dispatch"
)

// blockSizes are the BLIS cache-blocking parameters of one GEMM: the packed B panel is
// kc×nc (sized for the last-level cache; on several workers each packs its own, and
// their panels share the nc columns), the packed A block mc×kc (for L2), and each kc×nr
// B micro-panel stays in L1 while the micro-kernel sweeps down the A block.
type blockSizes struct {
	mc, kc, nc int
}

// Fractions of each cache level the packed operands may fill, leaving room for C, the
// other operand's stream and the rest of the program, and the bounds on kc. Tuned on the
// Ice Lake server (48 KiB L1d, 1.25 MiB L2, 48 MiB shared L3) with TestGemmTune (one
// thread, GFLOP/s, best of 9–25 rounds interleaved with FMA probe runs of the same length;
// the machine shared with other builds, load average 2.5–3, so ±5% between runs):
//
//	First round (kc 192 from l1Share = 0.75), AVX-512 f64 (8×24), n = 1024:
//	    kc = 128…384 × mc = 64…192: 65–73, no clear winner; mc = 256, 512 5–10% slower.
//	AVX2 f64 (6×8), n = 1024: kc = 256…512, mc = 60…240: 40–43, no clear winner.
//	Second round, after the kernels' C and B prefetches were reworked (fraction of the
//	probe, two or three runs each; kc×mc):
//	    f64 n = 1024: 192×168 71–80%, 192×336 80%, 256×128 72–82%, 256×256 80–82%,
//	                  384×128 69–81%;  n = 256: 192×168 75%, 256×128 77%, 384×128 83%.
//	    f32 n = 1024: 192×336 72–79%, 256×128 75–80%, 256×256 73%, 384×128 77%;
//	                  n = 256: 192×336 77%, 256×128 79%, 256×256 77%.
//	Timed by the thread's CPU time (preemption excluded; the rest of the noise is other
//	programs sharing the core's caches), n = 1024, two runs of 11 rounds:
//	    f64: 192×168 78, 78%; 192×336 75, 78%; 256×128 81, 81%; 256×256 81, 81%;
//	         384×128 80, 83%.  f32: 192×168 78, 76%; 192×336 84, 79%; 256×128 84, 80%;
//	         256×256 83, 83%; 384×128 84, 80%.
//	256×128 was at or near the top in every run for both precisions: kc = 256 (the B
//	micro-panel kc×NR fills L1; the kernel streams it back from L2 with prefetches for the
//	later tiles of a strip), mc = 128 rows for both precisions (mc is computed with 8-byte
//	elements: float32 gained nothing from twice the rows). AVX2 f32 (6×16), n = 1024, at
//	kc = 384: mc = 84 79–82%, mc = 168 (the old size-scaled value) 75–81%.
//
// A larger kc means fewer passes over C (each pass reads and writes all of C), a smaller
// one keeps the kc×nr B micro-panel in L1.
// A small A block (about a fifth of L2) leaves L2 to the B panel stream and C.
const (
	l1Share = 1.0  // of L1d for one kc×nr B micro-panel
	l2Share = 0.2  // of L2 for the mc×kc A block (counted in 8-byte elements)
	l3Share = 0.25 // of L3 for the kc×nc B panel (all the workers' panels together)

	kcMin, kcMax = 64, 384 // kc bounds: short enough to block, long enough to amortize C updates
	mcMax        = 1 << 10 // rows of an A block
	ncMax        = 1 << 13 // columns of a B panel
)

// override, when non-zero, replaces the computed block sizes (tests and tuning runs).
var override blockSizes

var (
	cachesOnce sync.Once
	caches     dispatch.CacheSizes
)

// blockSizesFor derives mc, kc and nc for elements of size bytes and an mr×nr
// micro-kernel from the cache sizes cpuid reports (or dispatch's defaults):
//
//	kc = L1d·l1Share / (nr·size), rounded down to a multiple of 8, within [kcMin, kcMax]
//	mc = L2·l2Share / (kc·8), rounded down to a multiple of mr
//	nc = L3·l3Share / (kc·size), rounded down to a multiple of nr
//
// On the Ice Lake server this gives kc = 256, mc = 128, nc = 6144 for the AVX-512
// float64 8×24 and float32 8×48 kernels (nc = 8160 for float32), and kc = 384,
// mc = 84 for the AVX2 6×8 and 6×16 kernels.
func blockSizesFor(size, mr, nr int) blockSizes {
	cachesOnce.Do(func() { caches = dispatch.Caches() })
	kc := int(float64(caches.L1D)*l1Share) / (nr * size) &^ 7
	kc = min(max(kc, kcMin), kcMax)
	mc := int(float64(caches.L2)*l2Share) / (kc * 8)
	mc = max(min(mc, mcMax)/mr*mr, mr)
	nc := int(float64(caches.L3)*l3Share) / (kc * size)
	nc = max(min(nc, ncMax)/nr*nr, nr)
	bs := blockSizes{mc: mc, kc: kc, nc: nc}
	if override.mc > 0 {
		bs.mc = max(override.mc/mr*mr, mr)
	}
	if override.kc > 0 {
		bs.kc = override.kc
	}
	if override.nc > 0 {
		bs.nc = max(override.nc/nr*nr, nr)
	}
	return bs
}
