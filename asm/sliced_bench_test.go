package asm_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// BenchmarkSliced times one step of KronMatMul's default shapes (M = 1024; 8×8^4,
// 16×16^3 and 32×32^3 factors: the calls KronPlan makes, nb rows of the tensor, each
// p×r, contracted with a p×q factor) on one thread, at every SIMD level and store mode:
//
//	mode=one    α = 1, β = 0 (every intermediate step)
//	mode=alpha  α = 0.5, β = 0
//	mode=beta   α = 1, β = 0.5 (C read)
//	mode=nt     α = 1, β = 0, non-temporal stores (SlicedNT…; only where the level
//	            has them for the shape: rows of one or two 64-byte vectors)
//
// GFLOP/s by wall time and by the thread's CPU time (cpuGFLOP/s, which a busy machine
// disturbs less). Names are benchstat-friendly: benchstat -col /mode, or old against
// new builds.
func BenchmarkSliced(b *testing.B) {
	for _, l := range dispatch.Available() {
		if l == dispatch.Generic {
			continue
		}
		t := dispatch.TableFor(l)
		for _, s := range slicedEdgeShapes {
			name := fmt.Sprintf("prec=%%s/mode=one/shape=%dx%d,nb=%d,r=%d/level=%v", s.p, s.q, s.nb, s.r, l)
			b.Run(fmt.Sprintf(name, "f64"), func(b *testing.B) { benchSliced[float64](b, t, "one", s.nb, s.r, s.p, s.q) })
			b.Run(fmt.Sprintf(name, "f32"), func(b *testing.B) { benchSliced[float32](b, t, "one", s.nb, s.r, s.p, s.q) })
		}
		for _, s := range slicedBenchShapes {
			for _, mode := range []string{"one", "alpha", "beta", "nt"} {
				name := fmt.Sprintf("prec=%%s/mode=%s/shape=%dx%d,nb=%d,r=%d/level=%v", mode, s.p, s.q, s.nb, s.r, l)
				b.Run(fmt.Sprintf(name, "f64"), func(b *testing.B) { benchSliced[float64](b, t, mode, s.nb, s.r, s.p, s.q) })
				b.Run(fmt.Sprintf(name, "f32"), func(b *testing.B) { benchSliced[float32](b, t, mode, s.nb, s.r, s.p, s.q) })
			}
		}
	}
}

// slicedBenchShapes are KronPlan's calls at M = 1024: nb rows of X go through the steps
// together (kronGroupLen), r = the extent after the contracted axis; 32×32^3 runs in
// row strips of 960 (kronCallFlops), timed here whole.
var slicedBenchShapes = []struct{ nb, r, p, q int }{{8, 512, 8, 8}, {8, 256, 16, 16}, {1, 1024, 32, 32}}

// slicedEdgeShapes have fewer rows than a register tile (the padded edge path), as in
// the steps of small products such as 8×8 ⊗ 2×2 or 64×64 ⊗ 4×4.
var slicedEdgeShapes = []struct{ nb, r, p, q int }{{64, 2, 8, 8}, {16, 16, 16, 16}, {16, 4, 64, 64}}

func benchSliced[T view.Float](b *testing.B, t *dispatch.Table, mode string, nb, r, p, q int) {
	k := slicedOf[T](t)
	var nt func(nb, r, p, q int, a []T, lda, sa int, f []T, ldf int, c []T, ldc, sc int, alpha, beta T) bool
	if _, ok := any(T(0)).(float32); ok {
		nt = any(t.Factored.SlicedNTF32).(func(nb, r, p, q int, a []T, lda, sa int, f []T, ldf int, c []T, ldc, sc int, alpha, beta T) bool)
	} else {
		nt = any(t.Factored.SlicedNTF64).(func(nb, r, p, q int, a []T, lda, sa int, f []T, ldf int, c []T, ldc, sc int, alpha, beta T) bool)
	}
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
	c := testutil.NewAlignedGuardedMatrix[T](1, nb*r*q, nb*r*q, 64).M.Data
	alpha, beta := T(1), T(0)
	switch mode {
	case "alpha":
		alpha = 0.5
	case "beta":
		beta = 0.5
	case "nt":
		if !nt(nb, r, p, q, a, r, r*p, f, ldf, c, q, r*q, 1, 0) {
			b.Skip("no non-temporal kernel for this shape at this level")
		}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	t0, _ := testutil.ThreadCPU()
	for i := 0; i < b.N; i++ {
		if mode == "nt" {
			nt(nb, r, p, q, a, r, r*p, f, ldf, c, q, r*q, alpha, beta)
			continue
		}
		k.f(nb, r, p, q, a, r, r*p, f, ldf, c, q, r*q, alpha, beta)
	}
	t1, _ := testutil.ThreadCPU()
	b.StopTimer()
	if mode == "nt" {
		t.Elem.StoreFence()
	}
	cpu := t1 - t0
	fl := 2 * float64(nb*r*p*q) * float64(b.N)
	b.ReportMetric(fl/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu > 0 {
		b.ReportMetric(fl/cpu.Seconds()/1e9, "cpuGFLOP/s")
	}
}
