package blocked

import (
	"sync"

	"github.com/matkern/matkern/dispatch"
)

// blockSizes are the BLIS cache-blocking parameters of one GEMM: the packed B panel is
// kc×nc (sized for the last-level cache), the packed A block mc×kc (for L2), and each
// kc×nr B micro-panel stays in L1 while the micro-kernel sweeps down the A block.
type blockSizes struct {
	mc, kc, nc int
}

// Fractions of each cache level the packed operands may fill, leaving room for C, the
// other operand's stream and the rest of the program, and the bounds on kc. Tuned on the
// Ice Lake server (48 KiB L1d, 1.25 MiB L2, 48 MiB shared L3) with TestGemmTune (best of
// 9 interleaved rounds, one thread, GFLOP/s; the machine shared with other builds):
//
//	AVX-512 f64 (8×24), n = 1024: kc = 128…384 × mc = 64…192: 65–73, no clear winner;
//	                    mc = 256 and 512 were 5–10% slower than 64…192 in most runs.
//	AVX-512 f64, n = 256: kc = 128…384 with mc = 128: 72–77.
//	AVX-512 f32 (8×48), n = 1024: 132–146 over the same grid; n = 256: 100–131, the
//	                    smaller kc (128, 192) ahead.
//	AVX2 f64 (6×8), n = 1024: kc = 256…512, mc = 60…240: 40–43, no clear winner.
//
// A larger kc means fewer passes over C (each pass reads and writes all of C), a smaller
// one keeps the kc×nr B micro-panel in L1; kc = 192 for the AVX-512 kernels is between.
// A small A block (about a fifth of L2) leaves L2 to the B panel stream and C.
const (
	l1Share = 0.75 // of L1d for one kc×nr B micro-panel
	l2Share = 0.2  // of L2 for the mc×kc A block
	l3Share = 0.25 // of L3 for the kc×nc B panel (shared by the cores)

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
//	mc = L2·l2Share / (kc·size), rounded down to a multiple of mr
//	nc = L3·l3Share / (kc·size), rounded down to a multiple of nr
//
// On the Ice Lake server this gives kc = 192, mc = 168, nc = 8184 for the AVX-512
// float64 8×24 kernel (mc = 336 for float32 8×48), and kc = 384, mc = 84 for AVX2 6×8.
func blockSizesFor(size, mr, nr int) blockSizes {
	cachesOnce.Do(func() { caches = dispatch.Caches() })
	kc := int(float64(caches.L1D)*l1Share) / (nr * size) &^ 7
	kc = min(max(kc, kcMin), kcMax)
	mc := int(float64(caches.L2)*l2Share) / (kc * size)
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
