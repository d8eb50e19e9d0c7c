package blocked

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// BenchmarkKronMatMul times KronPlan.Apply (Y = X·(F⊗…⊗F), β = 0) on KronMatMul's
// default shapes, M = 1024 rows, on one thread (SetThreads(1)), at every SIMD level:
// GFLOP/s by wall time and by the thread's CPU time (cpuGFLOP/s, which a busy machine
// disturbs less). For benchstat:
//
//	go test -run '^$' -bench 'KronMatMul|Sliced' -count 10 ./blocked ./asm
func BenchmarkKronMatMul(b *testing.B) {
	defer SetThreads(SetThreads(1))
	for _, l := range dispatch.Available() {
		if l == dispatch.Generic {
			continue
		}
		for _, s := range []struct{ p, k int }{{8, 4}, {16, 3}, {32, 3}} {
			name := fmt.Sprintf("prec=%%s/shape=M=1024:%dx%d^%d/level=%v", s.p, s.p, s.k, l)
			b.Run(fmt.Sprintf(name, "f64"), func(b *testing.B) { benchKronMatMul[float64](b, l, 1024, s.p, s.k) })
			b.Run(fmt.Sprintf(name, "f32"), func(b *testing.B) { benchKronMatMul[float32](b, l, 1024, s.p, s.k) })
		}
	}
}

func benchKronMatMul[T view.Float](b *testing.B, l dispatch.Level, m, p, k int) {
	restore, err := dispatch.Set(l)
	if err != nil {
		b.Skip(err)
	}
	defer restore()
	pl, x, y, flops := kronProblem[T](b, m, p, k)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	pl.Apply("bench", 1, x, 0, y)
	b.SetBytes(int64(x.Rows*(x.Cols+y.Cols)) * int64(view.SizeOf[T]()))
	b.ResetTimer()
	t0 := threadCPU()
	for i := 0; i < b.N; i++ {
		pl.Apply("bench", 1, x, 0, y)
	}
	cpu := threadCPU() - t0
	b.StopTimer()
	fl := flops * float64(b.N)
	b.ReportMetric(fl/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu > 0 {
		b.ReportMetric(fl/cpu.Seconds()/1e9, "cpuGFLOP/s")
	}
}
