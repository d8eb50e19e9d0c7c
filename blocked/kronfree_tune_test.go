package blocked

import (
	"fmt"
	"math"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// TestKronTune compares, with MATKERN_KRON_TUNE=1, the two ways a step can run — the
// sliced multiply and the GEMM micro-kernels (kronSlicedMax) — on KronMatMul's default
// shapes at every SIMD level, interleaving the two so a busy machine hurts both alike.
// It prints best and median GFLOP/s; it asserts nothing (timing is not a test).
func TestKronTune(t *testing.T) {
	if os.Getenv("MATKERN_KRON_TUNE") == "" {
		t.Skip("set MATKERN_KRON_TUNE=1 to measure")
	}
	m := 256
	if s := os.Getenv("MATKERN_KRON_TUNE_M"); s != "" {
		fmt.Sscan(s, &m)
	}
	for _, l := range dispatch.Available() {
		if l == dispatch.Generic {
			continue
		}
		restore, err := dispatch.Set(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct{ p, k int }{{8, 4}, {16, 3}, {32, 3}, {64, 2}, {128, 2}, {256, 2}, {512, 2}} {
			mm := min(m, max(4, (1<<22)>>(2*bitsLen(s.p)*s.k/2)))
			if s.p >= 128 {
				mm = max(4, (1<<21)/(s.p*s.p))
			}
			kronTune[float64](t, l, mm, s.p, s.k)
			kronTune[float32](t, l, mm, s.p, s.k)
		}
		restore()
	}
}

func kronTune[T view.Float](t *testing.T, l dispatch.Level, m, p, k int) {
	defer func(v int) { kronSlicedMax = v }(kronSlicedMax)
	pl, x, y, flops := kronProblem[T](t, m, p, k)
	reps := max(1, int(2e8/flops))
	paths := []int{1 << 30, 0}
	rates := make([][]float64, len(paths))
	for s := 0; s < 9; s++ {
		for i, v := range paths {
			kronSlicedMax = v
			pl.Apply("tune", 1, x, 0, y)
			t0 := time.Now()
			for r := 0; r < reps; r++ {
				pl.Apply("tune", 1, x, 0, y)
			}
			rates[i] = append(rates[i], flops*float64(reps)/time.Since(t0).Seconds()/1e9)
		}
	}
	var z T
	line := fmt.Sprintf("%v %T M=%d %dx%d^%d:", l, z, m, p, p, k)
	for i, name := range []string{"sliced", "gemm"} {
		slices.Sort(rates[i])
		line += fmt.Sprintf("  %s best %.1f median %.1f", name, rates[i][len(rates[i])-1], rates[i][len(rates[i])/2])
	}
	t.Log(line)
}

func bitsLen(p int) int {
	n := 0
	for p > 1 {
		p >>= 1
		n++
	}
	return n
}

// TestSlicedMaxFor checks the per-level limits and that kronSlicedMax ≥ 0 replaces them
// (in both directions, so that TestKronTune can time the sliced path past the limits).
func TestSlicedMaxFor(t *testing.T) {
	defer func(v int) { kronSlicedMax = v }(kronSlicedMax)
	kronSlicedMax = -1
	for _, c := range []struct {
		l    dispatch.Level
		f32  bool
		want int
	}{
		{dispatch.Generic, false, 1 << 30}, {dispatch.AVX2, false, kronSlicedMaxAVX2F64},
		{dispatch.AVX2, true, kronSlicedMaxAVX2F32}, {dispatch.AVX512, false, kronSlicedMaxAVX512F64},
		{dispatch.AVX512, true, kronSlicedMaxAVX512F32},
	} {
		if got := slicedMaxFor(c.l, c.f32); got != c.want {
			t.Errorf("slicedMaxFor(%v, f32 %v) = %d, want %d", c.l, c.f32, got, c.want)
		}
		for _, v := range []int{0, 5, 1 << 30} {
			kronSlicedMax = v
			if got := slicedMaxFor(c.l, c.f32); got != v {
				t.Errorf("slicedMaxFor(%v, f32 %v) with kronSlicedMax %d = %d", c.l, c.f32, v, got)
			}
		}
		kronSlicedMax = -1
	}
}

// kronProblem is the timing problem of the Kronecker tuning tests: X (M rows) times k
// p×p factors, with its plan, output and flop count.
func kronProblem[T view.Float](t testing.TB, m, p, k int) (pl *KronPlan[T], x, y view.Matrix[T], flops float64) {
	fs := make([]view.Matrix[T], k)
	for i := range fs {
		fs[i] = view.Matrix[T]{Rows: p, Cols: p, Stride: p, Data: make([]T, p*p)}
		for j := range fs[i].Data {
			fs[i].Data[j] = T(math.Sin(float64(i*p*p + j)))
		}
	}
	var err error
	if pl, err = NewKronPlan("tune", fs, false); err != nil {
		t.Fatal(err)
	}
	in, out := pl.Dims()
	x = view.Matrix[T]{Rows: m, Cols: in, Stride: in, Data: make([]T, m*in)}
	for i := range x.Data {
		x.Data[i] = T(math.Cos(float64(i)))
	}
	y = view.Matrix[T]{Rows: m, Cols: out, Stride: out, Data: make([]T, m*out)}
	flops = pl.Flops() * float64(m)
	return pl, x, y, flops
}
