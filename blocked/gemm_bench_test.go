package blocked

import (
	"fmt"
	"math"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// BenchmarkGemm times square products at every level on one thread and on the default
// thread count, reporting GFLOP/s (the comparison suite with ceilings is in package bench).
func BenchmarkGemm(b *testing.B) {
	for _, n := range []int{128, 256, 1024} {
		for _, l := range dispatch.Available() {
			for _, th := range []int{1, Threads()} {
				b.Run(fmt.Sprintf("f64/n=%d/level=%s/threads=%d", n, l, th), func(b *testing.B) {
					benchGemm[float64](b, l, n, th)
				})
				b.Run(fmt.Sprintf("f32/n=%d/level=%s/threads=%d", n, l, th), func(b *testing.B) {
					benchGemm[float32](b, l, n, th)
				})
			}
		}
	}
}

func benchGemm[T view.Float](b *testing.B, l dispatch.Level, n, threads int) {
	r := testutil.Rand(b)
	a, bb, c := testutil.Matrix[T](r, n, n), testutil.Matrix[T](r, n, n), testutil.Matrix[T](r, n, n)
	t := dispatch.TableFor(l)
	gemm(t, false, false, 1, a, bb, 0, c, threads)
	b.ResetTimer()
	for range b.N {
		gemm(t, false, false, 1, a, bb, 0, c, threads)
	}
	b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkKernel times the micro-kernel alone on L1-resident panels (k = kc), the upper
// bound of what the blocked loops can reach.
func BenchmarkKernel(b *testing.B) {
	for _, l := range dispatch.Available() {
		t := dispatch.TableFor(l)
		b.Run("f64/level="+l.String(), func(b *testing.B) {
			g := t.GEMM
			benchKernel(b, g.KernelF64, g.MRF64, g.NRF64)
		})
		b.Run("f32/level="+l.String(), func(b *testing.B) {
			g := t.GEMM
			benchKernel(b, g.KernelF32, g.MRF32, g.NRF32)
		})
	}
}

func benchKernel[T view.Float](b *testing.B, kern func(k int, a, b, c []T, ldc int, alpha, beta T, m, n int), mr, nr int) {
	const k = 256
	r := testutil.Rand(b)
	pa, pb, c := testutil.Slice[T](r, k*mr), testutil.Slice[T](r, k*nr), make([]T, mr*nr)
	for range b.N {
		kern(k, pa, pb, c, nr, 1, 1, mr, nr)
	}
	b.ReportMetric(2*float64(mr*nr*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkKernelStrip times one micro-kernel call as the blocked loops make it: a strip
// of mc/MR tiles down a packed A block (L2-resident) against one kc×NR B micro-panel
// (L1-resident), C a 1024-column matrix; what the blocked loops add on top is packing and
// the misses of a cold B panel and C.
func BenchmarkKernelStrip(b *testing.B) {
	for _, l := range dispatch.Available() {
		t := dispatch.TableFor(l)
		b.Run("f64/level="+l.String(), func(b *testing.B) {
			g := t.GEMM
			benchStrip(b, g.KernelF64, g.MRF64, g.NRF64)
		})
		b.Run("f32/level="+l.String(), func(b *testing.B) {
			g := t.GEMM
			benchStrip(b, g.KernelF32, g.MRF32, g.NRF32)
		})
	}
}

func benchStrip[T view.Float](b *testing.B, kern func(k int, a, b, c []T, ldc int, alpha, beta T, m, n int), mr, nr int) {
	const k, m, ldc = 192, 168, 1024
	r := testutil.Rand(b)
	pa, pb, c := testutil.Slice[T](r, k*m), testutil.Slice[T](r, k*nr), make([]T, m*ldc)
	for range b.N {
		kern(k, pa, pb, c, ldc, 1, 1, m, nr)
	}
	b.ReportMetric(2*float64(m*nr*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkGemmSmall times tiny square products (β = 1) by the plain loops and by the
// packed path at every level, for checking smallMNK.
func BenchmarkGemmSmall(b *testing.B) {
	defer func(v float64) { smallMNK = v }(smallMNK)
	for _, n := range []int{4, 6, 8} {
		r := testutil.Rand(b)
		a, bb, c := testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n), testutil.Matrix[float64](r, n, n)
		for _, l := range dispatch.Available() {
			t := dispatch.TableFor(l)
			for _, path := range []struct {
				name string
				mnk  float64
			}{{"loops", math.Inf(1)}, {"packed", 0}} {
				b.Run(fmt.Sprintf("n=%d/level=%s/%s", n, l, path.name), func(b *testing.B) {
					smallMNK = path.mnk
					for b.Loop() {
						gemm(t, false, false, 1, a, bb, 1, c, 1)
					}
				})
			}
		}
	}
}

// BenchmarkGemmSplit times small square products at the best level on one and two
// threads with the split forced, for checking gemmMinFlops.
func BenchmarkGemmSplit(b *testing.B) {
	defer func(v float64) { gemmMinFlops = v }(gemmMinFlops)
	gemmMinFlops = 0
	l := dispatch.Detected()
	for _, n := range []int{32, 48, 64, 96, 128, 192, 256} {
		for _, th := range []int{1, 2} {
			b.Run(fmt.Sprintf("f64/n=%d/threads=%d", n, th), func(b *testing.B) { benchGemm[float64](b, l, n, th) })
			b.Run(fmt.Sprintf("f32/n=%d/threads=%d", n, th), func(b *testing.B) { benchGemm[float32](b, l, n, th) })
		}
	}
}
