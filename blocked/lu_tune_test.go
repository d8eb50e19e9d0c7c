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
	"gonum.org/v1/gonum/blas/blas64"
	lapackgonum "gonum.org/v1/gonum/lapack/gonum"

	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// TestFactorTune is the harness behind the factorization constants: with
// MATKERN_FACTOR_TUNE=n it times, on one thread and by the thread's CPU time (so that
// preemption on a shared machine does not count), an n×n×n GEMM, LU, LU + LUInverse,
// GJInverse, Cholesky, Cholesky + CholeskyInverse and SPDInverse, interleaved in every round
// (MATKERN_FACTOR_TUNE_ROUNDS, default 7), and prints the best and median GFLOP/s of
// each (flops 2n³, 2n³/3, 2n³, 2n³, n³/3, n³, n³) and the best as a fraction of the best GEMM,
// and gonum's LAPACK (Dgetrf + Dgetri, Dpotrf + Dpotri) on the BLAS in force (gonum's
// native one, or this package's with MATKERN_FACTOR_TUNE_GONUM_BLAS=matkern) for
// comparison.
// MATKERN_FACTOR_TUNE_VARIANTS="tri=16,panel=32 invb=128 …" also times those settings of
// the knobs (tri, panel, invb, chol, lub, gjb, gjbase, spdb), interleaved. MATKERN_FACTOR_TUNE_OPS
// (e.g. "gemm,lu+inv,gj") restricts the ops timed. It asserts nothing.
func TestFactorTune(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv("MATKERN_FACTOR_TUNE"))
	if err != nil || n <= 0 {
		t.Skip("set MATKERN_FACTOR_TUNE=n to tune")
	}
	rounds := 7
	if v, err := strconv.Atoi(os.Getenv("MATKERN_FACTOR_TUNE_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	prev := SetThreads(1)
	defer SetThreads(prev)
	r := testutil.Rand(t)
	src := testutil.Matrix[float64](r, n, n)
	spdSrc := spd[float64](r, n)
	b := testutil.Matrix[float64](r, n, n)
	a := view.Matrix[float64]{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	ipiv := make([]int, n)
	nn := float64(n) * float64(n) * float64(n)
	type op struct {
		name  string
		flops float64
		run   func()
	}
	ops := []op{
		{"gemm", 2 * nn, nil},
		{"lu", 2 * nn / 3, func() { copy(a.Data, src.Data); LU(view.General64(a), ipiv) }},
		{"lu+inv", 2 * nn, func() {
			copy(a.Data, src.Data)
			LU(view.General64(a), ipiv)
			LUInverse(view.General64(a), ipiv, nil)
		}},
		{"gj", 2 * nn, func() { copy(a.Data, src.Data); GJInverse(view.General64(a), ipiv) }},
		{"chol", nn / 3, func() { copy(a.Data, spdSrc.Data); Cholesky(view.General64(a)) }},
		{"chol+inv", nn, func() {
			copy(a.Data, spdSrc.Data)
			Cholesky(view.General64(a))
			CholeskyInverse(view.General64(a))
		}},
		{"spd", nn, func() { copy(a.Data, spdSrc.Data); SPDInverse(view.General64(a)) }},
	}
	var lp lapackgonum.Implementation
	if os.Getenv("MATKERN_FACTOR_TUNE_GONUM_BLAS") == "matkern" {
		prevBLAS := blas64.Implementation()
		blas64.Use(Implementation{})
		defer blas64.Use(prevBLAS)
	}
	work := make([]float64, 4*n*n)
	ops = append(ops,
		op{"gonum lu+inv", 2 * nn, func() {
			copy(a.Data, src.Data)
			lp.Dgetrf(n, n, a.Data, n, ipiv)
			lp.Dgetri(n, a.Data, n, ipiv, work, len(work))
		}},
		op{"gonum chol+inv", nn, func() {
			copy(a.Data, spdSrc.Data)
			lp.Dpotrf(blas.Lower, n, a.Data, n)
			lp.Dpotri(blas.Lower, n, a.Data, n)
		}})
	if v := os.Getenv("MATKERN_FACTOR_TUNE_OPS"); v != "" {
		keep := strings.Split(v, ",")
		ops = slices.DeleteFunc(ops, func(o op) bool { return o.name != "gemm" && !slices.Contains(keep, o.name) })
	}
	ops[0].run = func() {
		Gemm(blas.NoTrans, blas.NoTrans, 1, view.General64(src), view.General64(b), 0, view.General64(a))
	}
	// Variants: the defaults, then each MATKERN_FACTOR_TUNE_VARIANTS entry, a comma-
	// separated list of knob=value (tri, panel, invb).
	variants := append([]string{""}, strings.Fields(os.Getenv("MATKERN_FACTOR_TUNE_VARIANTS"))...)
	knobs := map[string]*int{"tri": &triBase, "panel": &luPanelW, "invb": &luInvBlock, "chol": &cholBase, "lub": &luBlock, "gjb": &gjBlock, "gjbase": &gjBase, "spdb": &spdBlock}
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
			if err != nil {
				t.Fatalf("MATKERN_FACTOR_TUNE_VARIANTS: %q: %v", kv, err)
			}
			p, ok := knobs[name]
			if !ok || (name == "tri" && (x < 1 || x > triMax)) {
				t.Fatalf("MATKERN_FACTOR_TUNE_VARIANTS: bad knob %q", kv)
			}
			*p = x
		}
	}
	type key struct {
		op      int
		variant int
	}
	rates := map[key][]float64{}
	for round := 0; round < rounds; round++ {
		for vi, v := range variants {
			apply(v)
			for i, o := range ops {
				if vi > 0 && i == 0 {
					continue
				}
				t0, _ := testutil.ThreadCPU()
				w0 := time.Now()
				o.run()
				t1, ok := testutil.ThreadCPU()
				d := t1 - t0
				if !ok {
					d = time.Since(w0)
				}
				rates[key{i, vi}] = append(rates[key{i, vi}], o.flops/d.Seconds()/1e9)
			}
		}
	}
	best := func(k key) (float64, float64) {
		s := slices.Clone(rates[k])
		slices.Sort(s)
		return s[len(s)-1], s[len(s)/2]
	}
	g, _ := best(key{0, 0})
	for vi, v := range variants {
		if v == "" {
			v = "default"
		}
		for i, o := range ops {
			if _, ok := rates[key{i, vi}]; !ok {
				continue
			}
			bst, med := best(key{i, vi})
			t.Logf("n=%d %-16s %-14s best %6.1f median %6.1f GFLOP/s, best/GEMM %.2f", n, v, o.name, bst, med, bst/g)
		}
	}
}
