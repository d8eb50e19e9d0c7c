package kernels_test

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
	"github.com/matkern/matkern/kernels"
)

// column views a vector as a len×1 matrix.
func column(v []float64) view.Matrix[float64] {
	return view.Matrix[float64]{Rows: len(v), Cols: 1, Stride: 1, Data: v}
}

// withinBound fails unless |got − want| ≤ tol·bound elementwise.
func withinBound(t *testing.T, name string, got, want, bound []float64, tol float64) {
	t.Helper()
	for i := range got {
		if d := math.Abs(got[i] - want[i]); !(d <= tol*bound[i]) {
			t.Fatalf("%s: element %d is %v, want %v (error %.3g, bound %.3g)", name, i, got[i], want[i], d, tol*bound[i])
		}
	}
}

// TestVecAXB checks vec(AXB) = (Bᵀ⊗A)vec(X) against the materialized Kronecker matrix,
// and MulAXB against the triple product, at every level, for shapes where either
// association is cheaper. Bound: two chained dot products of lengths p and q, each
// within (len+1)ε of its absolute sum; (p+q+4)ε times the absolute product bounds both.
func TestVecAXB(t *testing.T) {
	r := testutil.Rand(t)
	shapes := [][4]int{{0, 3, 2, 4}, {1, 1, 1, 1}, {3, 0, 2, 2}, {2, 5, 7, 3}, {9, 2, 2, 9}, {2, 9, 9, 2}, {17, 16, 15, 14}, {40, 3, 50, 2}}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		for _, s := range shapes {
			m, p, q, n := s[0], s[1], s[2], s[3]
			a, x, b := testutil.Matrix[float64](r, m, p), testutil.Matrix[float64](r, p, q), testutil.Matrix[float64](r, q, n)
			name := fmt.Sprintf("%d×%d·%d×%d·%d×%d", m, p, p, q, q, n)
			wantOrder, _, wl := kernels.ChooseAXB(m, p, q, n)
			tol := float64(p+q+4) * testutil.Eps[float64]()

			// vec(AXB) against (Bᵀ⊗A)·vec(X).
			K := ref.Kron(ref.Transpose(b), a)
			vx := column(ref.Vec(x))
			want := ref.Gemm(false, false, 1, K, vx, 0, ref.NewMatrix[float64](m*n, 1))
			bound := ref.GemmBound(false, false, 1, K, vx, 0, ref.NewMatrix[float64](m*n, 1))
			y := testutil.NewGuarded[float64](m*n, r.IntN(8))
			if got := kernels.VecAXB(y.S(), view.General64(a), view.General64(x), view.General64(b), nil); got != wantOrder {
				t.Errorf("%s: VecAXB used %v, ChooseAXB says %v", name, got, wantOrder)
			}
			withinBound(t, name+" VecAXB", y.S(), want.Data[:m*n], bound.Data, tol)
			y.Check(t, name+" VecAXB")

			// MulAXB into a strided, guarded destination, with a workspace.
			abx := ref.MatProduct(ref.MatProduct(a, x), b)
			dst := testutil.NewGuardedMatrix[float64](m, n, n+2, r.IntN(8))
			work := make([]float64, wl)
			kernels.MulAXB(view.General64(dst.M), view.General64(a), view.General64(x), view.General64(b), work)
			absB := ref.Dense(ref.MatProduct(ref.MatProduct(absOf(a), absOf(x)), absOf(b)))
			withinBound(t, name+" MulAXB", ref.Dense(dst.M), ref.Dense(abx), absB, tol)
			dst.Check(t, name+" MulAXB")
		}
	})
}

func absOf(m view.Matrix[float64]) view.Matrix[float64] {
	out := ref.NewMatrix[float64](m.Rows, m.Cols)
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			out.Set(i, j, math.Abs(m.At(i, j)))
		}
	}
	return out
}

// TestKronMatVec checks y = (A⊗B)x and y = (A⊗B)ᵀx against the materialized matrix.
func TestKronMatVec(t *testing.T) {
	r := testutil.Rand(t)
	shapes := [][4]int{{1, 1, 1, 1}, {2, 3, 4, 5}, {7, 2, 3, 9}, {16, 16, 8, 8}, {0, 2, 3, 1}}
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		for _, s := range shapes {
			m, p, n, q := s[0], s[1], s[2], s[3]
			a, b := testutil.Matrix[float64](r, m, p), testutil.Matrix[float64](r, n, q)
			K := ref.Kron(a, b)
			for _, trans := range []bool{false, true} {
				kk, in, out := K, p*q, m*n
				if trans {
					kk, in, out = ref.Transpose(K), m*n, p*q
				}
				x := testutil.Slice[float64](r, in)
				want := ref.Gemm(false, false, 1, kk, column(x), 0, ref.NewMatrix[float64](out, 1))
				bound := ref.GemmBound(false, false, 1, kk, column(x), 0, ref.NewMatrix[float64](out, 1))
				y := testutil.NewGuarded[float64](out, r.IntN(8))
				xs := testutil.Snap(x)
				kernels.KronMatVec(y.S(), x, view.General64(a), view.General64(b), trans, nil)
				name := fmt.Sprintf("(%d×%d ⊗ %d×%d) trans=%v", m, p, n, q, trans)
				withinBound(t, name, y.S(), want.Data[:out], bound.Data, float64(max(p, m)+max(q, n)+4)*testutil.Eps[float64]())
				y.Check(t, name)
				xs.Check(t, name+" x", x)
			}
		}
	})
}

func TestAXBChoiceAndErrors(t *testing.T) {
	if o, f, w := kernels.ChooseAXB(100, 2, 100, 2); o != kernels.RightFirst || f != 2*2*2*(100+100) || w != 4 {
		t.Errorf("ChooseAXB(100, 2, 100, 2) = %v, %v, %v; want A(XB), 1600, 4", o, f, w)
	}
	if o, _, w := kernels.ChooseAXB(2, 100, 2, 100); o != kernels.LeftFirst || w != 4 {
		t.Errorf("ChooseAXB(2, 100, 2, 100) = %v (work %d); want (AX)B with work 4", o, w)
	}
	g := func(r, c int) blas64.General {
		return blas64.General{Rows: r, Cols: c, Stride: max(c, 1), Data: make([]float64, r*c)}
	}
	testutil.MustPanic(t, func() { kernels.MulAXB(g(2, 2), g(2, 3), g(4, 2), g(2, 2), nil) },
		"kernels.MulAXB: shapes do not agree", "x 4×2")
	testutil.MustPanic(t, func() { kernels.VecAXB(make([]float64, 5), g(2, 3), g(3, 2), g(2, 2), nil) },
		"kernels.VecAXB: len(y) = 5, want 4, the 2·2 elements of the product")
	testutil.MustPanic(t, func() { kernels.KronMatVec(make([]float64, 6), make([]float64, 5), g(2, 2), g(3, 3), false, nil) },
		"kernels.KronMatVec", "want len(x) = 6 and len(y) = 6")
	x := g(3, 3)
	testutil.MustPanic(t, func() { kernels.MulAXB(x, g(3, 3), x, g(3, 3), nil) }, "dst shares memory with x")
	bb := g(3, 3)
	testutil.MustPanic(t, func() { kernels.MulAXB(g(3, 3), g(3, 3), g(3, 3), bb, bb.Data) }, "kernels.MulAXB: work and b share memory")
	d3 := g(3, 3)
	testutil.MustPanic(t, func() { kernels.MulAXB(d3, g(3, 3), g(3, 3), g(3, 3), d3.Data) }, "kernels.MulAXB: work and dst share memory")
	// With a workspace, repeated products allocate nothing.
	a, b, d := g(8, 8), g(8, 8), g(8, 8)
	work := make([]float64, 64)
	if n := testing.AllocsPerRun(10, func() { kernels.MulAXB(d, a, x8(), b, work) }); n > 0 {
		t.Errorf("MulAXB with a workspace allocates %v times", n)
	}
}

var x8Buf = blas64.General{Rows: 8, Cols: 8, Stride: 8, Data: make([]float64, 64)}

func x8() blas64.General { return x8Buf }
