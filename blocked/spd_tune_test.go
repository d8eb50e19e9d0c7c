package blocked

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"

	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestSPDTune is the harness behind SPDInverse's constants: with MATKERN_SPD_TUNE=n
// (a comma-separated list of orders) it times, on one thread and by the thread's CPU
// time, interleaved in every round (MATKERN_SPD_TUNE_ROUNDS, default 9; the repeat count
// within a round grows so that each timing is at least 2 ms), an n×n×n GEMM (2n³ flops),
// SPDInverse (n³) and Cholesky + CholeskyInverse (n³), float64 and float32, with the
// default knobs and with each MATKERN_SPD_TUNE_VARIANTS entry ("spdb=96
// spdleaf=16,chol=16 …", knobs spdb, spdleaf, chol, tri), and prints the best and median
// GFLOP/s and the best as a fraction of the best GEMM of its type. It asserts nothing.
func TestSPDTune(t *testing.T) {
	env := os.Getenv("MATKERN_SPD_TUNE")
	if env == "" {
		t.Skip("set MATKERN_SPD_TUNE=n[,n…] to tune")
	}
	rounds := 9
	if v, err := strconv.Atoi(os.Getenv("MATKERN_SPD_TUNE_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	prev := SetThreads(1)
	defer SetThreads(prev)
	variants := append([]string{""}, strings.Fields(os.Getenv("MATKERN_SPD_TUNE_VARIANTS"))...)
	knobs := map[string]*int{"spdb": &spdBlock, "spdleaf": &spdLeaf, "chol": &cholBase, "tri": &triBase}
	saved := map[string]int{}
	for k, p := range knobs {
		saved[k] = *p
	}
	defer func() {
		for k, p := range knobs {
			*p = saved[k]
		}
	}()
	apply := func(v string) {
		for k, p := range knobs {
			*p = saved[k]
		}
		for _, kv := range strings.Split(v, ",") {
			if kv == "" {
				continue
			}
			name, val, _ := strings.Cut(kv, "=")
			x, err := strconv.Atoi(val)
			p, ok := knobs[name]
			if err != nil || !ok || (name == "tri" && (x < 1 || x > triMax)) {
				t.Fatalf("MATKERN_SPD_TUNE_VARIANTS: bad knob %q", kv)
			}
			*p = x
		}
	}
	for _, ns := range strings.Split(env, ",") {
		n, err := strconv.Atoi(ns)
		if err != nil || n <= 0 {
			t.Fatalf("MATKERN_SPD_TUNE: %q", ns)
		}
		r := testutil.Rand(t)
		s64 := spd[float64](r, n)
		s32 := spd[float32](r, n)
		g64 := testutil.Matrix[float64](r, n, n)
		g32 := testutil.Matrix[float32](r, n, n)
		a64 := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
		a32 := view.Matrix[float32]{Rows: n, Cols: n, Stride: n, Data: make([]float32, n*n)}
		nn := float64(n) * float64(n) * float64(n)
		type op struct {
			name  string
			flops float64
			gemm  bool
			run   func()
		}
		ops := []op{
			{"gemm-f64", 2 * nn, true, func() {
				Gemm(blas.NoTrans, blas.NoTrans, 1, view.General64(g64), view.General64(s64), 0, view.General64(a64))
			}},
			{"spd-f64", nn, false, func() { copy(a64.Data, s64.Data); SPDInverse(view.General64(a64)) }},
			{"chol+inv-f64", nn, false, func() {
				copy(a64.Data, s64.Data)
				Cholesky(view.General64(a64))
				CholeskyInverse(view.General64(a64))
			}},
			{"gemm-f32", 2 * nn, true, func() {
				Gemm32(blas.NoTrans, blas.NoTrans, 1, view.General32(g32), view.General32(s32), 0, view.General32(a32))
			}},
			{"spd-f32", nn, false, func() { copy(a32.Data, s32.Data); SPDInverse32(view.General32(a32)) }},
		}
		if v := os.Getenv("MATKERN_SPD_TUNE_OPS"); v != "" {
			keep := strings.Split(v, ",")
			ops = slices.DeleteFunc(ops, func(o op) bool { return !o.gemm && !slices.Contains(keep, o.name) })
		}
		reps := max(1, int(2e-3*20e9/nn)) // about 2 ms at 20 GFLOP/s
		type key struct{ op, variant int }
		rates := map[key][]float64{}
		for round := 0; round < rounds; round++ {
			for vi, v := range variants {
				apply(v)
				for i, o := range ops {
					if vi > 0 && o.gemm {
						continue
					}
					t0, _ := testutil.ThreadCPU()
					w0 := time.Now()
					for range reps {
						o.run()
					}
					t1, ok := testutil.ThreadCPU()
					d := t1 - t0
					if !ok {
						d = time.Since(w0)
					}
					rates[key{i, vi}] = append(rates[key{i, vi}], float64(reps)*o.flops/d.Seconds()/1e9)
				}
			}
		}
		apply("")
		best := func(k key) (float64, float64) {
			s := slices.Clone(rates[k])
			slices.Sort(s)
			return s[len(s)-1], s[len(s)/2]
		}
		var gemmBest [2]float64
		for i, o := range ops {
			if o.gemm {
				b, _ := best(key{i, 0})
				gemmBest[boolInt(strings.HasSuffix(o.name, "f32"))] = b
			}
		}
		for vi, v := range variants {
			if v == "" {
				v = "default"
			}
			for i, o := range ops {
				if _, ok := rates[key{i, vi}]; !ok {
					continue
				}
				bst, med := best(key{i, vi})
				g := gemmBest[boolInt(strings.HasSuffix(o.name, "f32"))]
				t.Logf("n=%d %-22s %-13s best %6.1f median %6.1f GFLOP/s (%7.1f µs), best/GEMM %.2f",
					n, v, o.name, bst, med, o.flops/med/1e3, bst/g)
			}
		}
	}
}
