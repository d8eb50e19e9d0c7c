package asm_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// BenchmarkSliced times one KronPlan-like step of the sliced multiply on one thread:
// nb rows of a tensor (p×r each: the leading axis is contracted with a p×q factor),
// C = AᵀF, at the SIMD levels; GFLOP/s by wall time and by the thread's CPU time.
func BenchmarkSliced(b *testing.B) {
	for _, s := range []struct{ nb, r, p, q int }{
		{8, 512, 8, 8}, {1, 512, 8, 8}, {1, 512, 32, 8}, {8, 256, 16, 16}, {1, 256, 16, 16}, {1, 256, 64, 16}, {8, 1024, 32, 32},
	} {
		for _, l := range dispatch.Available() {
			t := dispatch.TableFor(l)
			if l == dispatch.Generic {
				continue
			}
			b.Run(fmt.Sprintf("f64/%dx%d/nb=%d/r=%d/%v", s.p, s.q, s.nb, s.r, l), func(b *testing.B) { benchSliced[float64](b, slicedOf[float64](t), s.nb, s.r, s.p, s.q) })
			b.Run(fmt.Sprintf("f32/%dx%d/nb=%d/r=%d/%v", s.p, s.q, s.nb, s.r, l), func(b *testing.B) { benchSliced[float32](b, slicedOf[float32](t), s.nb, s.r, s.p, s.q) })
		}
	}
}

func benchSliced[T view.Float](b *testing.B, k slicedKernel[T], nb, r, p, q int) {
	ldf := k.ld(q)
	fs := make([]T, p*q)
	for i := range fs {
		fs[i] = T(i%7) - 3
	}
	f := make([]T, p*ldf)
	k.pack(f, ldf, fs, q, 1, p, q)
	a := make([]T, nb*r*p)
	for i := range a {
		a[i] = T(i%5) - 2
	}
	c := make([]T, nb*r*q)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	t0, _ := testutil.ThreadCPU()
	for i := 0; i < b.N; i++ {
		k.f(nb, r, p, q, a, r, r*p, f, ldf, c, q, r*q, 1, 0)
	}
	t1, _ := testutil.ThreadCPU()
	cpu := t1 - t0
	fl := 2 * float64(nb*r*p*q) * float64(b.N)
	b.ReportMetric(fl/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu > 0 {
		b.ReportMetric(fl/cpu.Seconds()/1e9, "cpuGFLOP/s")
	}
}
