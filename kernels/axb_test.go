package kernels_test

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
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

// TestAXBEmptyShapes checks that a zero dimension anywhere (issue #17: p = n = 0 used to
// allocate and zero-fill an m·q workspace) costs no workspace, no allocation and no
// GEMM, and that shapes whose extents overflow an int panic naming the function and the
// shapes. The huge cases run only once the moderate one has shown that no workspace is
// allocated, so that a regression fails the test instead of exhausting memory.
func TestAXBEmptyShapes(t *testing.T) {
	z := func(r, c int) blas64.General { return blas64.General{Rows: r, Cols: c, Stride: max(c, 1)} }
	const m = 4096
	for _, s := range [][4]int{{m, 0, m, 0}, {m, 0, 0, m}, {0, m, m, 0}, {m, m, 0, 0}, {0, 0, 0, 0}, {0, m, 0, m}} {
		if _, f, w := kernels.ChooseAXB(s[0], s[1], s[2], s[3]); w != 0 || f != 0 {
			t.Fatalf("ChooseAXB%v: %v flops, workspace %d; want 0 and 0", s, f, w)
		}
	}
	// Ties in flops go to the smaller workspace: 2×3·3×6·6×3 costs 144 either way.
	if o, _, w := kernels.ChooseAXB(2, 3, 6, 3); o != kernels.RightFirst || w != 9 {
		t.Errorf("ChooseAXB(2, 3, 6, 3) = %v with workspace %d, want A(XB) with 9", o, w)
	}
	if n := testing.AllocsPerRun(2, func() { kernels.MulAXB(z(m, 0), z(m, 0), z(0, m), z(m, 0), nil) }); n != 0 {
		t.Fatalf("MulAXB(%d×0 · 0×%d · %d×0): %v allocations, want 0", m, m, m, n)
	}
	// An inner dimension of 0 gives zeros, with nothing allocated.
	d := blas64.General{Rows: 3, Cols: 4, Stride: 5, Data: make([]float64, 15)}
	for i := range d.Data {
		d.Data[i] = math.NaN()
	}
	a := blas64.General{Rows: 3, Cols: 7, Stride: 7, Data: make([]float64, 21)}
	for i := range a.Data {
		a.Data[i] = math.Inf(1) // 0·Inf would be NaN: an empty sum is 0 whatever a holds
	}
	if n := testing.AllocsPerRun(2, func() {
		kernels.MulAXB(d, a, blas64.General{Rows: 7, Cols: 0, Stride: 1}, z(0, 4), nil)
	}); n != 0 {
		t.Errorf("MulAXB with q = 0: %v allocations, want 0", n)
	}
	for i := range 3 {
		for j := range 5 {
			if v := d.Data[i*5+j]; (j < 4 && v != 0) || (j == 4 && !math.IsNaN(v)) {
				t.Errorf("MulAXB with q = 0: dst[%d, %d] = %v, want 0 (and the padding untouched)", i, j, v)
			}
		}
	}
	y32 := []float32{1, 2}
	kernels.VecAXB32(y32, blas32.General{Rows: 2, Cols: 0, Stride: 1}, blas32.General{Stride: 1},
		blas32.General{Rows: 0, Cols: 1, Stride: 1}, nil)
	if y32[0] != 0 || y32[1] != 0 {
		t.Errorf("VecAXB32 with p = q = 0: y = %v, want zeros", y32)
	}

	// The case, m = q = 2²⁰, and m = q = 2³² (2¹⁶ for a 32-bit int), where m·q
	// overflows: nothing to do.
	const g = 1 << (bits.UintSize / 2) // g·g overflows an int
	for _, big := range []int{1 << 20, g} {
		if n := testing.AllocsPerRun(2, func() {
			kernels.MulAXB(z(big, 0), z(big, 0), z(0, big), z(big, 0), nil)
			kernels.MulAXB32(blas32.General{Rows: big, Cols: 0, Stride: 1}, blas32.General{Rows: big, Cols: 0, Stride: 1},
				blas32.General{Rows: 0, Cols: big, Stride: big}, blas32.General{Rows: big, Cols: 0, Stride: 1}, nil)
			kernels.VecAXB(nil, z(0, big), z(big, 0), z(0, big), nil)
			kernels.KronMatVec(nil, nil, z(big, 0), z(0, big), false, nil)
			kernels.KronMatVec(nil, nil, z(big, 0), z(0, big), true, nil)
		}); n != 0 {
			t.Errorf("m = q = %d: %v allocations, want 0", big, n)
		}
	}
	G := func(msg string) string { return strings.ReplaceAll(msg, "#", strconv.Itoa(g)) }
	testutil.MustPanic(t, func() { kernels.ChooseAXB(g, g, g, g) },
		G("kernels.ChooseAXB: the (AX)B workspace for #×#·#×#·#×#, #·#, overflow an int"))
	testutil.MustPanic(t, func() { kernels.ChooseAXB(1, -1, 1, 1) }, "kernels.ChooseAXB: negative dimension in 1×-1·-1×1·1×1")
	testutil.MustPanic(t, func() { kernels.VecAXB(nil, z(g, 0), z(0, 0), z(0, g), nil) },
		G("kernels.VecAXB: the elements of y (a has # rows, b # columns), #·#, overflow an int"))
	testutil.MustPanic(t, func() {
		kernels.VecAXB32(nil, blas32.General{Rows: g, Cols: 0, Stride: 1}, blas32.General{Stride: 1}, blas32.General{Cols: g, Stride: g}, nil)
	}, "kernels.VecAXB32: the elements of y")
	testutil.MustPanic(t, func() { kernels.KronMatVec(nil, nil, z(g, 0), z(g, 0), false, nil) },
		G("kernels.KronMatVec: the elements of y for a #×0 and b #×0, #·#, overflow an int"))
	testutil.MustPanic(t, func() { kernels.KronMatVec(nil, nil, z(0, g), z(0, g), false, nil) },
		G("kernels.KronMatVec: the elements of x for a 0×# and b 0×#"))
	testutil.MustPanic(t, func() { kernels.KronMatVec(nil, nil, z(g, 0), z(g, 0), true, nil) },
		G("kernels.KronMatVec: the elements of x for a #×0 and b #×0"))
	testutil.MustPanic(t, func() {
		kernels.KronMatVec32(nil, nil, blas32.General{Rows: g, Cols: 0, Stride: 1}, blas32.General{Rows: g, Cols: 0, Stride: 1}, false, nil)
	}, G("kernels.KronMatVec32: the elements of y for a #×0 and b #×0"))

	// KronMatMul and KronPlan: empty factors do nothing, overflowing ones are an error
	// naming the function and the factors.
	if err := kernels.KronMatMul(z(5, 0), z(5, 0), z(m, 0), z(0, m)); err != nil {
		t.Errorf("KronMatMul with %d×0 ⊗ 0×%d: %v", m, m, err)
	}
	// No intermediates for an empty product, however long the rows of X: no error.
	for _, trans := range []bool{false, true} {
		const fk = 1 << (bits.UintSize/2 - 12) // 2²⁰ (2⁴ for a 32-bit int)
		f := z(fk, 0)
		if trans {
			f = z(0, fk)
		}
		p, err := kernels.NewKronPlan(trans, f, f)
		if err != nil {
			t.Fatalf("NewKronPlan(trans=%v, %d×0 ⊗ %d×0): %v", trans, fk, fk, err)
		}
		in, out := p.Dims()
		if n := testing.AllocsPerRun(2, func() { p.Apply(1, z(0, in), 0, z(0, out)) }); n != 0 {
			t.Errorf("KronPlan.Apply, 0 rows of %d: %v allocations, want 0", in, n)
		}
	}
	err := kernels.KronMatMul(z(1, 0), z(1, 0), z(g, 0), z(g, 0))
	if !errors.Is(err, blocked.ErrKronTooLarge) || !strings.Contains(err.Error(), "kernels.KronMatMul: ") ||
		!strings.Contains(err.Error(), G("#×0 ⊗ #×0")) {
		t.Errorf("KronMatMul with g×0 ⊗ g×0: err = %v, want ErrKronTooLarge naming kernels.KronMatMul and the factors", err)
	}
	err = kernels.KronMatMul32(blas32.General{Rows: 1, Stride: 1}, blas32.General{Rows: 1, Stride: 1},
		blas32.General{Cols: g, Stride: g}, blas32.General{Cols: g, Stride: g})
	if !errors.Is(err, blocked.ErrKronTooLarge) || !strings.Contains(err.Error(), "kernels.KronMatMul32: ") {
		t.Errorf("KronMatMul32 with 0×g ⊗ 0×g: err = %v, want ErrKronTooLarge naming kernels.KronMatMul32", err)
	}
}
