package kernels

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"testing"
	"unsafe"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

type kronFuncs[T view.Float] struct {
	kron, left func(d, a, b view.Matrix[T])
	add        func(d view.Matrix[T], alpha T, a, b view.Matrix[T])
}

func kronFuncs64() kronFuncs[float64] {
	g := view.General64
	return kronFuncs[float64]{
		func(d, a, b view.Matrix[float64]) { Kron(g(d), g(a), g(b)) },
		func(d, a, b view.Matrix[float64]) { KronLeft(g(d), g(a), g(b)) },
		func(d view.Matrix[float64], al float64, a, b view.Matrix[float64]) { KronAdd(g(d), al, g(a), g(b)) },
	}
}

func kronFuncs32() kronFuncs[float32] {
	g := view.General32
	return kronFuncs[float32]{
		func(d, a, b view.Matrix[float32]) { Kron32(g(d), g(a), g(b)) },
		func(d, a, b view.Matrix[float32]) { KronLeft32(g(d), g(a), g(b)) },
		func(d view.Matrix[float32], al float32, a, b view.Matrix[float32]) { KronAdd32(g(d), al, g(a), g(b)) },
	}
}

// testKron checks Kron, KronLeft and KronAdd on random shapes (empty ones included),
// strides and offsets, with guard bands, against the references, bit for bit.
func testKron[T view.Float](t *testing.T, f kronFuncs[T], trials, maxQ int) {
	r := testutil.Rand(t)
	for trial := 0; trial < trials; trial++ {
		m, n, p, q := r.IntN(5), r.IntN(6), r.IntN(5), r.IntN(maxQ)
		if trial == 0 {
			m, n, p, q = 1, 1, 1, 1
		}
		off := r.IntN(8)
		name := fmt.Sprintf("(%d×%d)⊗(%d×%d)/off=%d", m, n, p, q, off)
		am, bm := testutil.Matrix[T](r, m, n), testutil.Matrix[T](r, p, q)
		specials(r, bm.Data)
		if len(am.Data) > 0 {
			am.Data[r.IntN(len(am.Data))] = 0 // zero blocks must still see NaN and Inf
		}
		a := testutil.GuardedMatrixCopy(am, max(n, 1)+r.IntN(3), off)
		b := testutil.GuardedMatrixCopy(bm, max(q, 1)+r.IntN(3), (off+1)%8)
		sa, sb := testutil.Snap(a.M.Data), testutil.Snap(b.M.Data)
		ds := max(n*q, 1) + r.IntN(3)*r.IntN(2)

		d := testutil.NewGuardedMatrix[T](m*p, n*q, ds, (off+2)%8)
		f.kron(d.M, a.M, b.M)
		sameVals(t, name+"/Kron", ref.Dense(d.M), ref.Dense(ref.Kron(am, bm)))
		d.Check(t, name+"/Kron")

		d = testutil.NewGuardedMatrix[T](p*m, q*n, max(q*n, 1), off)
		f.left(d.M, a.M, b.M)
		sameVals(t, name+"/KronLeft", ref.Dense(d.M), ref.Dense(ref.Kron(bm, am)))
		d.Check(t, name+"/KronLeft")

		dm := testutil.Matrix[T](r, m*p, n*q)
		alpha := T(2*r.Float64() - 1)
		d = testutil.GuardedMatrixCopy(dm, ds, (off+3)%8)
		f.add(d.M, alpha, a.M, b.M)
		sameVals(t, name+"/KronAdd", ref.Dense(d.M), ref.Dense(ref.KronAdd(dm, alpha, am, bm)))
		d.Check(t, name+"/KronAdd")
		sa.Check(t, name+" a", a.M.Data)
		sb.Check(t, name+" b", b.M.Data)
	}
}

func TestKron(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("f64", func(t *testing.T) { testKron(t, kronFuncs64(), 300, 40) })
		t.Run("f32", func(t *testing.T) { testKron(t, kronFuncs32(), 300, 40) })
	})
}

// TestKronNonTemporal runs the non-temporal path (staging buffer and streaming copy) on
// small outputs by lowering its threshold, with rows longer than the staging buffer
// and than one kernel call, so the segment splitting is covered too.
func TestKronNonTemporal(t *testing.T) {
	saved := tune.KronNTMinBytes
	tune.KronNTMinBytes = 0
	defer func() { tune.KronNTMinBytes = saved }()
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		testKron(t, kronFuncs64(), 100, 40)
		testKron(t, kronFuncs32(), 50, 40)
		r := testutil.Rand(t)
		for _, sh := range [][4]int{{1, 3, 2, 1000}, {2, 1, 1, 9000}, {1, 700, 1, 3}, {1, 2, 1, 2049}} {
			am, bm := testutil.Matrix[float64](r, sh[0], sh[1]), testutil.Matrix[float64](r, sh[2], sh[3])
			d := testutil.NewGuardedMatrix[float64](sh[0]*sh[2], sh[1]*sh[3], sh[1]*sh[3]+1, 3)
			Kron(view.General64(d.M), view.General64(am), view.General64(bm))
			name := fmt.Sprint(sh)
			sameVals(t, name, ref.Dense(d.M), ref.Dense(ref.Kron(am, bm)))
			d.Check(t, name)
		}
	})
}

func TestKronPanicsAndAliasing(t *testing.T) {
	g := func(r, c int) blas64.General {
		return blas64.General{Rows: r, Cols: c, Stride: max(c, 1), Data: make([]float64, r*max(c, 1))}
	}
	mustPanic(t, "shape", func() { Kron(g(4, 5), g(2, 3), g(2, 2)) }, "kernels.Kron", "4×5", "4×6", "2×3", "2×2")
	mustPanic(t, "shape left", func() { KronLeft(g(4, 6), g(2, 3), g(2, 3)) }, "kernels.KronLeft", "4×9")
	// Extents that overflow an int must not wrap around to an accepted 0×0 dst.
	const big = 1 << (bits.UintSize / 2) // big·big overflows an int
	e := func(r, c int) blas64.General { return blas64.General{Rows: r, Cols: c, Stride: max(c, 1)} }
	B := strconv.Itoa(big)
	mustPanic(t, "rows overflow", func() { Kron(e(0, 0), e(big, 0), e(big, 0)) },
		"kernels.Kron: the rows of dst for a "+B+"×0 and b "+B+"×0, "+B+"·"+B+", overflow an int")
	mustPanic(t, "columns overflow", func() { KronAdd(e(0, 0), 1, e(0, big), e(0, big)) },
		"kernels.KronAdd: the columns of dst for a 0×"+B+" and b 0×"+B)
	mustPanic(t, "rows overflow, float32", func() {
		Kron32(blas32.General{Stride: 1}, blas32.General{Rows: big, Stride: 1}, blas32.General{Rows: big, Stride: 1})
	}, "kernels.Kron32: the rows of dst")
	mustPanic(t, "rows overflow, left", func() { KronLeft(e(0, 0), e(big, 0), e(big*2, 0)) }, "kernels.KronLeft: the rows of dst")
	Kron(e(big, 0), e(big, 0), e(1, 0)) // large but representable: fine, nothing to do
	buf := make([]float64, 30)
	a := blas64.General{Rows: 2, Cols: 2, Stride: 2, Data: buf[:4]}
	d := blas64.General{Rows: 4, Cols: 4, Stride: 4, Data: buf[2:18]}
	mustPanic(t, "overlap", func() { Kron(d, a, g(2, 2)) }, "kernels.Kron", "overlap")
	mustPanic(t, "stride", func() {
		KronAdd(blas64.General{Rows: 2, Cols: 2, Stride: 1, Data: make([]float64, 4)}, 1, g(1, 1), g(2, 2))
	},
		"kernels.KronAdd", "stride")

	// Exact aliasing: B is 1×1, so dst (2×3) can be the very matrix A.
	x := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: []float64{1, 2, 3, 4, 5, 6}}
	b := blas64.General{Rows: 1, Cols: 1, Stride: 1, Data: []float64{-2}}
	Kron(x, x, b)
	sameVals(t, "dst = a", x.Data, []float64{-2, -4, -6, -8, -10, -12})
	KronAdd(x, 0.5, x, b)
	sameVals(t, "KronAdd dst = a", x.Data, []float64{0, 0, 0, 0, 0, 0})

	// 0·Inf = NaN inside a zero block.
	z := blas64.General{Rows: 1, Cols: 2, Stride: 2, Data: []float64{0, 1}}
	inf := blas64.General{Rows: 1, Cols: 1, Stride: 1, Data: []float64{math.Inf(1)}}
	out := g(1, 2)
	Kron(out, z, inf)
	if !math.IsNaN(out.Data[0]) || !math.IsInf(out.Data[1], 1) {
		t.Errorf("[0 1]⊗[Inf] = %v, want [NaN +Inf]", out.Data)
	}
}

// dense converts a view to a gonum matrix (copying).
func dense(m view.Matrix[float64]) *mat.Dense {
	return mat.NewDense(m.Rows, m.Cols, ref.Dense(m))
}

func kronOf(a, b view.Matrix[float64]) view.Matrix[float64] {
	d := ref.NewMatrix[float64](a.Rows*b.Rows, a.Cols*b.Cols)
	Kron(view.General64(d), view.General64(a), view.General64(b))
	return d
}

// withinNorm fails t unless got and want agree within tol relative to the largest
// magnitude in want (the bound a product's rounding errors respect).
func withinNorm(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	scale := 0.0
	for _, v := range want {
		scale = math.Max(scale, math.Abs(v))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol*math.Max(scale, 1e-300) {
			t.Errorf("%s: element %d is %v, want %v (bound %.3g relative to max |want| %.3g)", name, i, got[i], want[i], tol, scale)
			return
		}
	}
}

// TestKronIdentities checks the Kronecker identities of docs/conventions.md numerically.
func TestKronIdentities(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		eps := testutil.Eps[float64]()
		M := func(r0, c0 int) view.Matrix[float64] { return testutil.Matrix[float64](r, r0, c0) }
		A, B := M(3, 4), M(5, 2)
		AB := kronOf(A, B)

		// (αA)⊗(βB) = αβ(A⊗B): three roundings against two, bound 4ε relative.
		alpha, beta := 1.3, -0.7
		sA, sB := M(3, 4), M(5, 2)
		Scale(sA.Data, alpha, A.Data)
		Scale(sB.Data, beta, B.Data)
		lhs := kronOf(sA, sB)
		rhs := ref.NewMatrix[float64](AB.Rows, AB.Cols)
		Scale(rhs.Data, alpha*beta, AB.Data)
		testutil.WithinRel(t, "(αA)⊗(βB)", lhs.Data, rhs.Data, 4*eps, 1e-300)

		// (AB)⊗(CD) = (A⊗C)(B⊗D): products of k-term sums; bound 8kε relative to the
		// largest element (the inputs are in [−1, 1]).
		A2, B2, C2, D2 := M(3, 4), M(4, 2), M(2, 5), M(5, 3)
		left := kronOf(ref.MatProduct(A2, B2), ref.MatProduct(C2, D2))
		right := ref.MatProduct(kronOf(A2, C2), kronOf(B2, D2))
		withinNorm(t, "(AB)⊗(CD) = (A⊗C)(B⊗D)", left.Data, right.Data, 8*20*eps)

		// (A⊗B)⁻¹ = A⁻¹⊗B⁻¹ on well-conditioned A, B (diagonally dominant).
		Ai, Bi := M(3, 3), M(4, 4)
		for i := 0; i < 3; i++ {
			Ai.Data[i*3+i] += 4
		}
		for i := 0; i < 4; i++ {
			Bi.Data[i*4+i] += 4
		}
		var invA, invB, invK mat.Dense
		if err := invA.Inverse(dense(Ai)); err != nil {
			t.Fatal(err)
		}
		if err := invB.Inverse(dense(Bi)); err != nil {
			t.Fatal(err)
		}
		if err := invK.Inverse(dense(kronOf(Ai, Bi))); err != nil {
			t.Fatal(err)
		}
		kInv := kronOf(view.F64(invA.RawMatrix()), view.F64(invB.RawMatrix()))
		withinNorm(t, "(A⊗B)⁻¹ = A⁻¹⊗B⁻¹", kInv.Data, invK.RawMatrix().Data, 1e-12)

		// vec(AXB) = (Bᵀ⊗A) vec(X), vec stacking columns.
		Ax, X, Bx := M(3, 4), M(4, 5), M(5, 2)
		lhsV := ref.Vec(ref.MatProduct(ref.MatProduct(Ax, X), Bx))
		K := kronOf(ref.Transpose(Bx), Ax)
		vx := ref.Vec(X)
		rhsV := ref.MatProduct(K, view.Matrix[float64]{Rows: len(vx), Cols: 1, Stride: 1, Data: vx})
		withinNorm(t, "vec(AXB) = (Bᵀ⊗A)vec(X)", lhsV, rhsV.Data, 8*20*eps)

		// vec(abᵀ) = b⊗a for column vectors a, b (exact: one product each side).
		av, bv := M(4, 1), M(3, 1)
		outer := ref.MatProduct(av, ref.Transpose(bv))
		sameVals(t, "vec(abᵀ) = b⊗a", ref.Vec(outer), kronOf(bv, av).Data)

		// Left = swapped right, and A⊗B ≠ B⊗A in general.
		L := ref.NewMatrix[float64](AB.Rows, AB.Cols)
		KronLeft(view.General64(L), view.General64(B), view.General64(A))
		sameVals(t, "KronLeft(B, A) = A⊗B", L.Data, AB.Data)
		A3, B3 := M(2, 2), M(2, 2)
		if x, y := kronOf(A3, B3), kronOf(B3, A3); fmt.Sprint(x.Data) == fmt.Sprint(y.Data) {
			t.Errorf("A⊗B = B⊗A for random A, B: %v", x.Data)
		}

		// d(U⊗V) = dU⊗V + U⊗dV (bilinearity), built with KronAdd: (U+dU)⊗(V+dV) − U⊗V
		// − dU⊗dV equals dU⊗V + U⊗dV up to rounding.
		U, V, dU, dV := M(2, 3), M(3, 2), M(2, 3), M(3, 2)
		UdU, VdV := M(2, 3), M(3, 2)
		Add(UdU.Data, U.Data, dU.Data)
		Add(VdV.Data, V.Data, dV.Data)
		diff := kronOf(UdU, VdV)
		g := view.General64
		KronAdd(g(diff), -1, g(U), g(V))
		KronAdd(g(diff), -1, g(dU), g(dV))
		want := kronOf(dU, V)
		KronAdd(g(want), 1, g(U), g(dV))
		withinNorm(t, "d(U⊗V)", diff.Data, want.Data, 32*eps)
	})
}

// TestKronNonTemporalDirect runs the non-temporal path on outputs whose rows are
// 64-byte aligned with len(b) a multiple of 16, so the row kernels stream straight to
// dst (not through the staging buffer).
func TestKronNonTemporalDirect(t *testing.T) {
	saved := tune.KronNTMinBytes
	tune.KronNTMinBytes = 0
	defer func() { tune.KronNTMinBytes = saved }()
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, sh := range [][4]int{{2, 3, 2, 16}, {3, 2, 1, 64}, {2, 40, 3, 16}, {1, 1, 1, 4096}} {
			m, n, p, q := sh[0], sh[1], sh[2], sh[3]
			am, bm := testutil.Matrix[float64](r, m, n), testutil.Matrix[float64](r, p, q)
			buf := make([]float64, m*p*n*q+16)
			k := 0
			for uintptr(unsafe.Pointer(&buf[k]))%64 != 0 {
				k++
			}
			d := view.Matrix[float64]{Rows: m * p, Cols: n * q, Stride: n * q, Data: buf[k : k+m*p*n*q]}
			Kron(view.General64(d), view.General64(am), view.General64(bm))
			sameVals(t, fmt.Sprint(sh), ref.Dense(d), ref.Dense(ref.Kron(am, bm)))
			a32, b32 := testutil.Matrix[float32](r, m, n), testutil.Matrix[float32](r, p, q)
			buf32 := make([]float32, m*p*n*q+16)
			k = 0
			for uintptr(unsafe.Pointer(&buf32[k]))%64 != 0 {
				k++
			}
			d32 := view.Matrix[float32]{Rows: m * p, Cols: n * q, Stride: n * q, Data: buf32[k : k+m*p*n*q]}
			Kron32(view.General32(d32), view.General32(a32), view.General32(b32))
			sameVals(t, fmt.Sprint(sh)+"/f32", ref.Dense(d32), ref.Dense(ref.Kron(a32, b32)))
		}
	})
}
