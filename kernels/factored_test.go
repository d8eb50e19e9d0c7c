package kernels_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
	"github.com/matkern/matkern/kernels"
)

// kronOf materializes op(F1) ⊗ … ⊗ op(Fk) with the reference code.
func kronOf[T view.Float](factors []view.Matrix[T], trans bool) view.Matrix[T] {
	k := view.Matrix[T]{Rows: 1, Cols: 1, Stride: 1, Data: []T{1}}
	for _, f := range factors {
		if trans {
			f = ref.Transpose(f)
		}
		k = ref.Kron(k, f)
	}
	return k
}

// applyPlan runs the plan of the right precision on views.
func applyPlan[T view.Float](t *testing.T, trans bool, factors []view.Matrix[T], alpha T, x view.Matrix[T], beta T, y view.Matrix[T]) []int {
	t.Helper()
	switch fs := any(factors).(type) {
	case []view.Matrix[float64]:
		g := make([]blas64.General, len(fs))
		for i, f := range fs {
			g[i] = view.General64(f)
		}
		p, err := kernels.NewKronPlan(trans, g...)
		if err != nil {
			t.Fatal(err)
		}
		p.Apply(float64(alpha), view.General64(any(x).(view.Matrix[float64])), float64(beta), view.General64(any(y).(view.Matrix[float64])))
		return p.Order()
	case []view.Matrix[float32]:
		g := make([]blas32.General, len(fs))
		for i, f := range fs {
			g[i] = view.General32(f)
		}
		p, err := kernels.NewKronPlan32(trans, g...)
		if err != nil {
			t.Fatal(err)
		}
		p.Apply(float32(alpha), view.General32(any(x).(view.Matrix[float32])), float32(beta), view.General32(any(y).(view.Matrix[float32])))
		return p.Order()
	}
	panic("unreachable")
}

// checkKron compares y (after the product) with the materialized product. The bound:
// every element is a sum over the factors' steps, each a dot product of length Pi whose
// rounding error is at most (Pi+1)·ε relative to the sum of absolute products; the
// absolute products compose to |α|·|X|·(|F1| ⊗ … ⊗ |Fk|), so the error is within
// (Σ(Pi+1) + 2)·ε times GemmBound of the materialized product.
func checkKron[T view.Float](t *testing.T, name string, trans bool, factors []view.Matrix[T], alpha T, x view.Matrix[T], beta T, y0, y view.Matrix[T]) {
	t.Helper()
	K := kronOf(factors, trans)
	want := ref.Gemm(false, false, float64(alpha), x, K, float64(beta), y0)
	bound := ref.GemmBound(false, false, float64(alpha), x, K, float64(beta), y0)
	steps := 2.0
	for _, f := range factors {
		p := f.Rows
		if trans {
			p = f.Cols
		}
		steps += float64(p + 1)
	}
	tol := steps * testutil.Eps[T]()
	for i := 0; i < y.Rows; i++ {
		for j := 0; j < y.Cols; j++ {
			got, w := float64(y.At(i, j)), float64(want.At(i, j))
			if d := math.Abs(got - w); !(d <= tol*bound.At(i, j)) {
				t.Fatalf("%s: y(%d, %d) = %v, want %v (error %.3g, bound %.3g)", name, i, j, got, w, d, tol*bound.At(i, j))
			}
		}
	}
}

var kronDims = []int{1, 2, 3, 5, 8, 13, 16, 17}

func randomFactors[T view.Float](r *rand.Rand, k int) []view.Matrix[T] {
	fs := make([]view.Matrix[T], k)
	budget := 600 // keep the materialized product small
	for i := range fs {
		p, q := kronDims[r.IntN(len(kronDims))], kronDims[r.IntN(len(kronDims))]
		for p*q > budget {
			p, q = max(1, p/2), max(1, q/2)
		}
		budget = max(1, budget/(p*q))
		// A stride wider than the columns, so factors are read through their stride.
		f := testutil.Matrix[T](r, p, q+r.IntN(3))
		f.Cols = q
		fs[i] = f
	}
	return fs
}

func testKronPlan[T view.Float](t *testing.T) {
	r := testutil.Rand(t)
	for trial := 0; trial < 60; trial++ {
		k := 1 + trial%4
		fs := randomFactors[T](r, k)
		trans := trial%3 == 1
		in, out := 1, 1
		for _, f := range fs {
			p, q := f.Rows, f.Cols
			if trans {
				p, q = q, p
			}
			in, out = in*p, out*q
		}
		m := []int{0, 1, 3, 7}[r.IntN(4)]
		x := testutil.Matrix[T](r, m, in+r.IntN(4))
		x.Cols = in
		alpha, beta := T(1), T(0)
		switch trial % 5 {
		case 1:
			alpha, beta = 0.5, 2
		case 2:
			alpha, beta = -1, 1
		case 3:
			alpha, beta = 0, 0.25
		}
		y0 := testutil.Matrix[T](r, m, out)
		if beta == 0 {
			for i := range y0.Data {
				y0.Data[i] = T(math.NaN()) // must not leak
			}
		}
		gy := testutil.GuardedMatrixCopy(y0, out+r.IntN(3), r.IntN(8))
		xs := testutil.Snap(x.Data)
		name := fmt.Sprintf("trial %d: m=%d k=%d trans=%v α=%v β=%v", trial, m, k, trans, alpha, beta)
		applyPlan(t, trans, fs, alpha, x, beta, gy.M)
		checkKron(t, name, trans, fs, alpha, x, beta, y0, gy.M)
		gy.Check(t, name)
		xs.Check(t, name+" x", x.Data)
	}
}

func TestKronPlan(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("f64", testKronPlan[float64])
		t.Run("f32", testKronPlan[float32])
	})
}

// TestKronPlanLarge runs shapes past the micro-kernel's tiles and the parallel threshold.
func TestKronPlanLarge(t *testing.T) {
	r := testutil.Rand(t)
	shapes := [][][2]int{{{16, 16}, {16, 16}}, {{9, 31}, {33, 7}}, {{300, 2}}, {{4, 4}, {4, 4}, {4, 4}, {4, 4}}}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		for _, sh := range shapes {
			fs := make([]view.Matrix[float64], len(sh))
			in, out := 1, 1
			for i, d := range sh {
				fs[i] = testutil.Matrix[float64](r, d[0], d[1])
				in, out = in*d[0], out*d[1]
			}
			m := 70
			x := testutil.Matrix[float64](r, m, in)
			y := testutil.Matrix[float64](r, m, out)
			y0 := view.Matrix[float64]{Rows: m, Cols: out, Stride: out, Data: append([]float64(nil), y.Data...)}
			applyPlan(t, false, fs, 1.5, x, -0.5, y)
			checkKron(t, fmt.Sprint(sh), false, fs, 1.5, x, -0.5, y0, y)
		}
	})
}

// TestKronPlanOrder checks that the plan picks an order with the fewest flops (against
// every permutation) and that a non-identity order still gives the right product.
func TestKronPlanOrder(t *testing.T) {
	r := testutil.Rand(t)
	cases := [][][2]int{
		{{1, 8}, {8, 1}},          // applying the second factor first is 8× cheaper
		{{2, 9}, {9, 2}, {3, 3}},  // mixed
		{{6, 1}, {1, 6}, {5, 2}},  // shrinking factors first
		{{4, 4}, {4, 4}},          // all orders equal: keep 0, 1
		{{7, 3}, {2, 11}, {5, 5}}, // arbitrary
	}
	for _, c := range cases {
		fs := make([]view.Matrix[float64], len(c))
		g := make([]blas64.General, len(c))
		p, q := make([]int, len(c)), make([]int, len(c))
		in, out := 1, 1
		for i, d := range c {
			fs[i] = testutil.Matrix[float64](r, d[0], d[1])
			g[i] = view.General64(fs[i])
			p[i], q[i] = d[0], d[1]
			in, out = in*d[0], out*d[1]
		}
		plan, err := kernels.NewKronPlan(false, g...)
		if err != nil {
			t.Fatal(err)
		}
		best := math.Inf(1)
		permutations(len(c), func(order []int) { best = min(best, flopsOf(p, q, order)) })
		if got := plan.Flops(); got != best || flopsOf(p, q, plan.Order()) != got {
			t.Errorf("%v: plan order %v costs %v flops per row, best order costs %v", c, plan.Order(), got, best)
		}
		if fmt.Sprint(c) == fmt.Sprint([][][2]int{{{4, 4}, {4, 4}}}) && fmt.Sprint(plan.Order()) != "[0 1]" {
			t.Errorf("equal costs: order %v, want [0 1]", plan.Order())
		}
		x := testutil.Matrix[float64](r, 5, in)
		y := testutil.Matrix[float64](r, 5, out)
		y0 := view.Matrix[float64]{Rows: 5, Cols: out, Stride: out, Data: append([]float64(nil), y.Data...)}
		plan.Apply(2, view.General64(x), 0.5, view.General64(y))
		checkKron(t, fmt.Sprint(c), false, fs, 2, x, 0.5, y0, y)
	}
}

// flopsOf counts 2·L·qi per step, L the tensor length before the step.
func flopsOf(p, q, order []int) float64 {
	l := 1.0
	for _, v := range p {
		l *= float64(v)
	}
	f := 0.0
	for _, i := range order {
		f += 2 * l * float64(q[i])
		l = l / float64(p[i]) * float64(q[i])
	}
	return f
}

func permutations(k int, f func([]int)) {
	a := make([]int, k)
	for i := range a {
		a[i] = i
	}
	var rec func(int)
	rec = func(i int) {
		if i == k {
			f(a)
			return
		}
		for j := i; j < k; j++ {
			a[i], a[j] = a[j], a[i]
			rec(i + 1)
			a[i], a[j] = a[j], a[i]
		}
	}
	rec(0)
}

// TestKronIdentitiesThroughOperator checks (A⊗B)(C⊗D) = (AC)⊗(BD), applied as operators
// from the right: X·(A⊗B)·(C⊗D) = X·((AC)⊗(BD)).
func TestKronIdentitiesThroughOperator(t *testing.T) {
	r := testutil.Rand(t)
	A, B := testutil.Matrix[float64](r, 3, 4), testutil.Matrix[float64](r, 5, 2)
	C, D := testutil.Matrix[float64](r, 4, 6), testutil.Matrix[float64](r, 2, 3)
	x := testutil.Matrix[float64](r, 4, 15)
	y1 := ref.NewMatrix[float64](4, 8)
	y2 := ref.NewMatrix[float64](4, 18)
	y3 := ref.NewMatrix[float64](4, 18)
	for _, step := range []struct {
		y, x view.Matrix[float64]
		fs   []view.Matrix[float64]
	}{{y1, x, []view.Matrix[float64]{A, B}}, {y2, y1, []view.Matrix[float64]{C, D}},
		{y3, x, []view.Matrix[float64]{ref.MatProduct(A, C), ref.MatProduct(B, D)}}} {
		applyPlan(t, false, step.fs, 1, step.x, 0, step.y)
	}
	// Both sides are sums of 4·2·… products of magnitude ≤ 1: 64ε absolute is generous.
	testutil.WithinRel(t, "(A⊗B)(C⊗D) vs (AC)⊗(BD)", y2.Data, y3.Data, 64*testutil.Eps[float64](), 1)
}

func TestKronPlanNoAllocs(t *testing.T) {
	r := testutil.Rand(t)
	f1, f2 := testutil.Matrix[float64](r, 16, 16), testutil.Matrix[float64](r, 16, 16)
	p, err := kernels.NewKronPlan(false, view.General64(f1), view.General64(f2))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []int{1, 64} {
		x, y := view.General64(testutil.Matrix[float64](r, m, 256)), view.General64(testutil.Matrix[float64](r, m, 256))
		p.Apply(1, x, 0, y)
		if n := testing.AllocsPerRun(20, func() { p.Apply(1, x, 1, y) }); n != 0 {
			t.Errorf("m=%d: %v allocations per Apply, want 0", m, n)
		}
	}
}

func TestKronPlanErrors(t *testing.T) {
	big := blas64.General{Rows: 1, Cols: 50000, Stride: 50000, Data: make([]float64, 50000)}
	if _, err := kernels.NewKronPlan(false, big, big); !errors.Is(err, blocked.ErrKronTooLarge) {
		t.Errorf("1×50000 ⊗ 1×50000: err = %v, want ErrKronTooLarge", err)
	}
	f := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}
	testutil.MustPanic(t, func() { kernels.NewKronPlan(false) }, "kernels.NewKronPlan: no factors")
	p, err := kernels.NewKronPlan(false, f, f)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]float64, 18)
	x := blas64.General{Rows: 2, Cols: 4, Stride: 4, Data: buf[:8]}
	y := blas64.General{Rows: 2, Cols: 9, Stride: 9, Data: make([]float64, 18)}
	testutil.MustPanic(t, func() {
		p.Apply(1, x, 0, blas64.General{Rows: 3, Cols: 9, Stride: 9, Data: make([]float64, 27)})
	}, "kernels.KronPlan.Apply: x is 2×4 and y is 3×9, want m×4 and m×9 for factors 2×3 ⊗ 2×3")
	testutil.MustPanic(t, func() {
		p.Apply(1, x, 0, blas64.General{Rows: 2, Cols: 9, Stride: 9, Data: buf})
	}, "kernels.KronPlan.Apply: y and x share memory")
	p.Apply(1, x, 0, y)
}
